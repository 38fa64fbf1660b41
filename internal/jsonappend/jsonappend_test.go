package jsonappend

import (
	"encoding/json"
	"testing"
)

// TestObject builds an object from its first member, a later member and
// each value form, and checks the exact bytes and that they are JSON.
func TestObject(t *testing.T) {
	b := Text(Open(nil, "name"), "a\"b\xff")
	b = Hex(Key(b, "data"), []byte{0x00, 0xab})
	b = Text(Key(b, "raw"), []byte("é"))
	b = append(b, '}')
	want := `{"name":"a\"b\\xff","data":"00ab","raw":"é"}`
	if string(b) != want {
		t.Errorf("got %s, want %s", b, want)
	}
	if !json.Valid(b) {
		t.Errorf("%s is not valid JSON", b)
	}
}

// TestNoAllocs checks that appending into a buffer with room allocates
// nothing.
func TestNoAllocs(t *testing.T) {
	buf := make([]byte, 0, 256)
	data := []byte{1, 2, 3}
	if n := testing.AllocsPerRun(100, func() {
		b := Text(Open(buf[:0], "k"), "v\x01\xc3")
		_ = Hex(Key(b, "h"), data)
	}); n != 0 {
		t.Errorf("%v allocs, want 0", n)
	}
}
