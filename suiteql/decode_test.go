package suiteql

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// referencePage decodes a page as Query did before decodePage: with
// encoding/json into generic maps.
func referencePage(b []byte) (*Page, error) {
	var raw struct {
		Items        []map[string]any `json:"items"`
		Count        int              `json:"count"`
		HasMore      bool             `json:"hasMore"`
		Offset       int              `json:"offset"`
		TotalResults int              `json:"totalResults"`
	}
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&raw); err != nil {
		return nil, err
	}
	p := &Page{Count: raw.Count, HasMore: raw.HasMore, Offset: raw.Offset, TotalResults: raw.TotalResults, Items: make([]Row, len(raw.Items))}
	for i, it := range raw.Items {
		row := make(Row, len(it))
		for k, v := range it {
			if k == "links" {
				continue
			}
			switch x := v.(type) {
			case string:
				row[k] = x
			case nil:
			default:
				t, _ := json.Marshal(x)
				row[k] = string(t)
			}
		}
		p.Items[i] = row
	}
	return p, nil
}

func TestDecodePage(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want *Page // nil: an error
	}{
		{"envelope", `{"links":[{"rel":"self","href":"https://x/?limit=2&offset=0"}],"count":2,"hasMore":true,"items":[{"links":[],"id":"1","name":"a"},{"links":[],"id":"2","name":"b"}],"offset":0,"totalResults":7}`,
			&Page{Count: 2, HasMore: true, TotalResults: 7, Items: []Row{{"id": "1", "name": "a"}, {"id": "2", "name": "b"}}}},
		{"white space", " \n{ \"count\" : 1 ,\t\"items\" : [ { \"a\" : \"x\" } ] , \"hasMore\" : false }\r\n",
			&Page{Count: 1, Items: []Row{{"a": "x"}}}},
		{"quotes and backslashes", `{"items":[{"s":"it's \\ \"q\" \/ end"}]}`,
			&Page{Items: []Row{{"s": `it's \ "q" / end`}}}},
		{"control escapes", `{"items":[{"s":"a\nb\tc\rd\be\ff"}]}`,
			&Page{Items: []Row{{"s": "a\nb\tc\rd\be\ff"}}}},
		{"unicode escapes", `{"items":[{"s":"\u00fc\u20AC\u0000x"}]}`,
			&Page{Items: []Row{{"s": "ü€\x00x"}}}},
		{"surrogate pair", `{"items":[{"s":"\ud83d\ude00!"}]}`,
			&Page{Items: []Row{{"s": "😀!"}}}},
		{"lone high surrogate", `{"items":[{"s":"\ud83dx"}]}`,
			&Page{Items: []Row{{"s": "\uFFFDx"}}}},
		{"lone low surrogate", `{"items":[{"s":"\ude00"}]}`,
			&Page{Items: []Row{{"s": "\uFFFD"}}}},
		{"high surrogate then non-surrogate escape", `{"items":[{"s":"\ud83d\u0041"}]}`,
			&Page{Items: []Row{{"s": "\uFFFDA"}}}},
		{"two high surrogates", `{"items":[{"s":"\ud83d\ud83d\ude00"}]}`,
			&Page{Items: []Row{{"s": "\uFFFD😀"}}}},
		{"raw UTF-8", `{"items":[{"s":"Grüße, 日本"}]}`,
			&Page{Items: []Row{{"s": "Grüße, 日本"}}}},
		{"invalid UTF-8", "{\"items\":[{\"s\":\"a\xffb\xc3\"}]}",
			&Page{Items: []Row{{"s": "a\uFFFDb\uFFFD"}}}},
		{"escaped key", `{"items":[{"n\u0061me":"x","\"q\"":"y"}]}`,
			&Page{Items: []Row{{"name": "x", `"q"`: "y"}}}},
		{"empty objects", `{"items":[{},{"links":[]},{}]}`,
			&Page{Items: []Row{{}, {}, {}}}},
		{"null values are absent", `{"items":[{"a":null,"b":"","c":"x"}]}`,
			&Page{Items: []Row{{"b": "", "c": "x"}}}},
		{"a later null removes a column", `{"items":[{"a":"x","a":null}]}`,
			&Page{Items: []Row{{}}}},
		{"null item", `{"items":[null,{"a":"1"}]}`,
			&Page{Items: []Row{{}, {"a": "1"}}}},
		{"missing fields", `{}`, &Page{Items: []Row{}}},
		{"null envelope", `null`, &Page{Items: []Row{}}},
		{"null fields", `{"items":null,"count":null,"hasMore":null,"offset":null,"totalResults":null}`, &Page{Items: []Row{}}},
		{"empty items", `{"items":[],"totalResults":0}`, &Page{Items: []Row{}}},
		{"case-insensitive envelope", `{"ITEMS":[{"a":"1"}],"Count":1,"HASMORE":true,"TotalResults":5}`,
			&Page{Count: 1, HasMore: true, TotalResults: 5, Items: []Row{{"a": "1"}}}},
		{"last duplicate wins", `{"count":1,"count":2,"items":[{"a":"1"}],"hasMore":true,"hasMore":false}`,
			&Page{Count: 2, Items: []Row{{"a": "1"}}}},
		{"unknown fields skipped", `{"x":{"y":[1,2.5e3,-0,true,false,null,"\u1234"]},"items":[{"a":"1"}]}`,
			&Page{Items: []Row{{"a": "1"}}}},
		{"non-string values keep their JSON text", `{"items":[{"n":12,"f":1.50,"b":true,"o":{"z":1,"a":[1,"<"]}}]}`,
			&Page{Items: []Row{{"n": "12", "f": "1.5", "b": "true", "o": `{"a":[1,"\u003c"],"z":1}`}}}},
		{"trailing data is not read", `{"count":3} garbage`, &Page{Count: 3, Items: []Row{}}},
		{"empty input", ``, nil},
		{"truncated", `{"items":[{"a":"1"`, nil},
		{"unterminated string", `{"items":[{"a":"1}]}`, nil},
		{"control character in string", "{\"items\":[{\"a\":\"x\ny\"}]}", nil},
		{"bad escape", `{"items":[{"a":"\x"}]}`, nil},
		{"bad unicode escape", `{"items":[{"a":"\u12g4"}]}`, nil},
		{"missing colon", `{"items" [] }`, nil},
		{"trailing comma", `{"items":[{"a":"1"},]}`, nil},
		{"bad number", `{"count":01}`, nil},
		{"fractional count", `{"count":1.5}`, nil},
		{"string count", `{"count":"1"}`, nil},
		{"items not an array", `{"items":{"a":"1"}}`, nil},
		{"item not an object", `{"items":["a"]}`, nil},
		{"hasMore not a bool", `{"hasMore":1}`, nil},
		{"envelope not an object", `[1]`, nil},
		{"bad literal", `{"items":[{"a":nul}]}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodePage([]byte(tc.in))
			ref, rerr := referencePage([]byte(tc.in))
			if (err == nil) != (rerr == nil) {
				t.Fatalf("error %v, encoding/json's %v", err, rerr)
			}
			if tc.want == nil {
				if err == nil {
					t.Fatalf("no error: %+v", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkColumns(t, got)
			got.Columns = nil // encoding/json's maps have no order
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
			if !reflect.DeepEqual(got, ref) {
				t.Errorf("got       %#v\nencoding/json %#v", got, ref)
			}
		})
	}
}

func TestDecodePageDeepNesting(t *testing.T) {
	for _, n := range []int{9996, 9997, 10000, 10001} {
		in := `{"x":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `,"items":[{"a":` + strings.Repeat("[", n-3) + strings.Repeat("]", n-3) + `}]}`
		_, err := decodePage([]byte(in))
		_, rerr := referencePage([]byte(in))
		if (err == nil) != (rerr == nil) {
			t.Errorf("depth %d: error %v, encoding/json's %v", n, err, rerr)
		}
	}
}

// TestDecodePageRowsAreIndependent checks that rows do not alias the
// response buffer, which is reused for the next page.
func TestDecodePageRowsAreIndependent(t *testing.T) {
	b := []byte(`{"items":[{"a":"xyz","b":"\u0041"}]}`)
	p, err := decodePage(b)
	if err != nil {
		t.Fatal(err)
	}
	for i := range b {
		b[i] = 'z'
	}
	if r := p.Items[0]; r["a"] != "xyz" || r["b"] != "A" {
		t.Fatalf("row changed with the buffer: %v", r)
	}
}

func FuzzDecodePage(f *testing.F) {
	for _, s := range []string{
		`{"links":[],"count":2,"hasMore":true,"items":[{"links":[],"id":"1","name":"a\"b"},{"id":null}],"offset":0,"totalResults":7}`,
		`{"items":[{"s":"\ud83d\ude00\ud83d\u0041\ude00\\\/\b"}]}`,
		"{\"items\":[{\"s\":\"a\xffb\xc3\"}]}",
		`{"items":[{"n":12,"f":1.50e2,"o":{"z":[true,false,null]}}],"x":-0.5E-3}`,
		`{"ITEMS":[null,{}],"Count":1,"count":2}`,
		`null`, `[]`, `{"count":1.5}`, `{"hasMore":"x"}`, `{"items":[{"a":"1"},]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decodePage(b)
		ref, rerr := referencePage(b)
		if err == nil && itemsKeys(b) > 1 {
			// encoding/json decodes a second items array into the maps of
			// the first (merging rows); decodePage keeps the last array.
			return
		}
		if (err == nil) != (rerr == nil) {
			t.Fatalf("%q: error %v, encoding/json's %v", b, err, rerr)
		}
		if err == nil {
			checkColumns(t, got)
			got.Columns = nil
		}
		if err == nil && !reflect.DeepEqual(got, ref) {
			t.Fatalf("%q:\ngot           %#v\nencoding/json %#v", b, got, ref)
		}
	})
}

// itemsKeys counts the envelope's keys that encoding/json matches to items.
func itemsKeys(b []byte) int {
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0
	}
	n := 0
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return n
		}
		if k, _ := t.(string); bytes.EqualFold([]byte(k), []byte("items")) {
			n++
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return n
		}
	}
	return n
}

// pageJSON is a page in the emulator's shape with n rows.
func pageJSON(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"links":[{"rel":"next","href":"https://x/services/rest/query/v1/suiteql?limit=1000&offset=1000"}],"count":1000,"hasMore":true,"items":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"links":[],"uniquekey":"%d","tran":"%d","item":"%d","quantity":"%d","netamount":"%d.25","memo":"Grüße \"%d\""}`, i+1, i/8+1, i%500+1, i%7+1, i*3, i)
	}
	b.WriteString(`],"offset":0,"totalResults":200000}`)
	return b.Bytes()
}

func BenchmarkDecodePage(b *testing.B) {
	in := pageJSON(1000)
	b.Run("decodePage", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := decodePage(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := referencePage(in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// checkColumns checks that Page.Columns names every key of every row once.
func checkColumns(t *testing.T, p *Page) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range p.Columns {
		if seen[c] || c == "links" {
			t.Fatalf("Columns %q: %q twice or links", p.Columns, c)
		}
		seen[c] = true
	}
	for _, r := range p.Items {
		for k := range r {
			if !seen[k] && len(p.Columns) < 1024 {
				t.Fatalf("row key %q missing from Columns %q", k, p.Columns)
			}
		}
	}
}

func TestPageColumnsInOrder(t *testing.T) {
	p, err := decodePage([]byte(`{"items":[{"links":[],"uniquekey":"1","transaction":"5","netamount":"2"},{"links":[],"uniquekey":"2","transaction":"5","item":"9","netamount":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"uniquekey", "transaction", "netamount", "item"}; !reflect.DeepEqual(p.Columns, want) {
		t.Fatalf("Columns %q, want %q", p.Columns, want)
	}
}
