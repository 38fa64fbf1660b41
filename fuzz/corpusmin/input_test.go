package corpusmin

import (
	"reflect"
	"testing"
)

func TestParseInputFormats(t *testing.T) {
	raw := []byte("\x16\x03\x01\x00\"quoted\"\n")
	a, err := ParseInput("raw", raw)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseInput("v1", a.Encoded())
	if err != nil {
		t.Fatal(err)
	}
	if a.Sum() != b.Sum() || a.Size != len(raw) || b.Size != len(raw) || a.Signature() != "[]uint8" {
		t.Fatalf("raw %+v, v1 %+v", a, b)
	}
	if got, ok := b.Raw(); !ok || !reflect.DeepEqual(got, raw) {
		t.Fatalf("v1 value %q", got)
	}
	m, err := ParseInput("multi", []byte("go test fuzz v1\nuint16(3)\nbyte('\\x01')\n[]byte(\"ab\")\nstring(\"xyz\")\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m.Signature() != "uint16,uint8,[]uint8,string" || m.Size != 2+1+2+3 {
		t.Fatalf("multi: %s, size %d", m.Signature(), m.Size)
	}
	if _, ok := m.Raw(); ok {
		t.Fatal("multi-value input reported as raw")
	}
	if _, err := ParseInput("bad", []byte("go test fuzz v1\nnope(\n")); err == nil {
		t.Fatal("malformed v1 file accepted")
	}
}

func TestPrepareOrderAndDuplicates(t *testing.T) {
	ins := []Input{NewInput("c", []byte("zz")), NewInput("b", []byte("y")), NewInput("a", []byte("zz")), NewInput("d", []byte("x"))}
	got := prepare(ins)
	var names []string
	for _, in := range got {
		names = append(names, in.Name)
	}
	if want := []string{"b", "d", "a"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("order %v, want %v", names, want)
	}
}
