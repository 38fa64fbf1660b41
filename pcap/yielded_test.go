package pcap

import (
	"bytes"
	"os"
	"testing"
)

// TestYieldedFlowIsFrozen: a Flow handed out by Flows belongs to the
// caller; packets of the connection that arrive after it was reported
// (the final ACK after both FINs) must not change it. The shipped tlsdump
// capture ends its flows that way.
func TestYieldedFlowIsFrozen(t *testing.T) {
	data, err := os.ReadFile("../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		t.Skip(err)
	}
	r, err := NewReader(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	type snap struct {
		f           *Flow
		first, last int64
		msgs        int
	}
	var seen []snap
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, snap{f, f.First.UnixNano(), f.Last.UnixNano(), len(f.Messages)})
	}
	if len(seen) == 0 {
		t.Fatal("no flows")
	}
	for i, s := range seen {
		if s.f.First.UnixNano() != s.first || s.f.Last.UnixNano() != s.last || len(s.f.Messages) != s.msgs {
			t.Errorf("flow %d changed after it was yielded", i)
		}
	}
}
