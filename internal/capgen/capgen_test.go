package capgen

import (
	"bytes"
	"io"
	"testing"
)

// TestLayoutDeterministic: within a process (the same recorded
// handshakes) one Config gives the same capture; another seed gives
// another one.
func TestLayoutDeterministic(t *testing.T) {
	cfg := Config{Size: 2 << 20, Flows: 30, Open: 10}
	var x, y bytes.Buffer
	a, err := Write(&x, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Write(&y, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Errorf("same config, different captures: %+v and %+v", a, b)
	}
	cfg.Seed = 1
	c, err := Write(io.Discard, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.AppBytes == a.AppBytes {
		t.Errorf("seeds 0 and 1 give the same application data")
	}
}

func TestConfigErrors(t *testing.T) {
	for _, cfg := range []Config{{Size: 1 << 20}, {Flows: 3}, {Size: 1 << 20, Flows: 3, Format: "erf"}} {
		if _, err := Write(io.Discard, cfg); err == nil {
			t.Errorf("%+v: no error", cfg)
		}
	}
}

// TestPcapngFraming: every Enhanced Packet Block's two length fields agree
// and the blocks tile the file.
func TestPcapngFraming(t *testing.T) {
	var buf bytes.Buffer
	st, err := Write(&buf, Config{Size: 1 << 20, Flows: 5, Format: "pcapng"})
	if err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	blocks := 0
	for len(b) > 0 {
		if len(b) < 12 {
			t.Fatalf("%d trailing bytes", len(b))
		}
		n := int(le32(b[4:]))
		if n < 12 || n%4 != 0 || n > len(b) || int(le32(b[n-4:])) != n {
			t.Fatalf("block %d: bad length %d", blocks, n)
		}
		b = b[n:]
		blocks++
	}
	if int64(blocks) != st.Packets+2 {
		t.Errorf("%d blocks for %d packets", blocks, st.Packets)
	}
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}
