package parquet

import "encoding/binary"

// appendLevels appends the definition levels of a data page (each 0 or 1)
// in the RLE/bit-packed hybrid encoding with bit width 1, prefixed by its
// length as 4 bytes little-endian, as data pages v1 carry them
// (github.com/apache/parquet-format, Encodings.md, "Run Length Encoding /
// Bit-Packing Hybrid").
//
// The levels are taken eight at a time. Whole groups of eight equal levels
// extend an RLE run (one varint header and one byte); the other groups go
// into bit-packed runs (one byte per group, LSB first). A partial last group
// joins the RLE run before it when it continues that run; otherwise it is
// bit-packed, padded with zeros, which readers ignore since the page header
// gives the number of values.
func appendLevels(b []byte, levels []byte) []byte {
	at := len(b)
	b = append(b, 0, 0, 0, 0)

	var (
		rleValue byte
		rleCount int    // levels in the pending RLE run; 0 when none
		packed   []byte // the groups of the pending bit-packed run
	)
	flushRLE := func() {
		if rleCount > 0 {
			b = binary.AppendUvarint(b, uint64(rleCount)<<1)
			b = append(b, rleValue)
			rleCount = 0
		}
	}
	flushPacked := func() {
		if len(packed) > 0 {
			b = binary.AppendUvarint(b, uint64(len(packed))<<1|1)
			b = append(b, packed...)
			packed = packed[:0]
		}
	}
	for i := 0; i < len(levels); i += 8 {
		g := levels[i:min(i+8, len(levels))]
		same := true
		for _, l := range g[1:] {
			same = same && l == g[0]
		}
		switch {
		case same && rleCount > 0 && rleValue == g[0]:
			rleCount += len(g)
		case same && len(g) == 8:
			flushPacked()
			flushRLE()
			rleValue, rleCount = g[0], 8
		default:
			flushRLE()
			var bits byte
			for j, l := range g {
				bits |= (l & 1) << j
			}
			packed = append(packed, bits)
		}
	}
	flushPacked()
	flushRLE()
	binary.LittleEndian.PutUint32(b[at:], uint32(len(b)-at-4))
	return b
}
