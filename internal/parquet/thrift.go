package parquet

import "encoding/binary"

// A Thrift Compact Protocol encoder, only what the page headers and the
// footer need: structs, i16/i32/i64, bool, binary and lists.
// Specification: github.com/apache/thrift, doc/specs/thrift-compact-protocol.md.

// Compact protocol type ids.
const (
	ctBoolTrue  = 1
	ctBoolFalse = 2
	ctI16       = 4
	ctI32       = 5
	ctI64       = 6
	ctBinary    = 8
	ctList      = 9
	ctStruct    = 12
)

// compact appends a Thrift compact encoding to b. Fields of a struct must be
// written in ascending id order (the short form of the field header carries
// the delta from the previous id; a larger step or a descent falls back to
// the long form, so any order still encodes correctly).
type compact struct {
	b     []byte
	last  int16   // the previous field id of the struct being written
	stack []int16 // the enclosing structs' previous field ids
}

func (c *compact) varint(v uint64) { c.b = binary.AppendUvarint(c.b, v) }

func (c *compact) zigzag(v int64) { c.varint(uint64(v<<1) ^ uint64(v>>63)) }

func (c *compact) fieldHeader(id int16, typ byte) {
	if d := id - c.last; d > 0 && d <= 15 {
		c.b = append(c.b, byte(d)<<4|typ)
	} else {
		c.b = append(c.b, typ)
		c.zigzag(int64(id))
	}
	c.last = id
}

func (c *compact) i16(id int16, v int16) { c.fieldHeader(id, ctI16); c.zigzag(int64(v)) }
func (c *compact) i32(id int16, v int32) { c.fieldHeader(id, ctI32); c.zigzag(int64(v)) }
func (c *compact) i64(id int16, v int64) { c.fieldHeader(id, ctI64); c.zigzag(v) }

func (c *compact) bool(id int16, v bool) {
	if v {
		c.fieldHeader(id, ctBoolTrue)
	} else {
		c.fieldHeader(id, ctBoolFalse)
	}
}

func (c *compact) binary(id int16, s string) {
	c.fieldHeader(id, ctBinary)
	c.rawBinary(s)
}

func (c *compact) rawBinary(s string) {
	c.varint(uint64(len(s)))
	c.b = append(c.b, s...)
}

// structField starts a struct-valued field; end closes it.
func (c *compact) structField(id int16) {
	c.fieldHeader(id, ctStruct)
	c.begin()
}

// begin starts a struct that is not a field: the top-level struct or a list
// element.
func (c *compact) begin() {
	c.stack = append(c.stack, c.last)
	c.last = 0
}

// end writes a struct's stop byte and returns to the enclosing struct.
func (c *compact) end() {
	c.b = append(c.b, 0)
	c.last = c.stack[len(c.stack)-1]
	c.stack = c.stack[:len(c.stack)-1]
}

// list starts a list field of n elements of type elem; the elements follow,
// written with rawBinary, zigzag (integers) or begin/end (structs).
func (c *compact) list(id int16, elem byte, n int) {
	c.fieldHeader(id, ctList)
	if n < 15 {
		c.b = append(c.b, byte(n)<<4|elem)
	} else {
		c.b = append(c.b, 0xf0|elem)
		c.varint(uint64(n))
	}
}
