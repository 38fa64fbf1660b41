package pcap

import (
	"os"
	"testing"
)

// TestOnHandshakeDone reads the capture tlsdump ships (six complete
// handshakes, each connection closed later by FINs): each flow's snapshot
// comes once, before the flow itself, with its handshake and no end.
func TestOnHandshakeDone(t *testing.T) {
	f, err := os.Open("../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var snaps []*Flow
	r, err := NewReader(f, Options{OnHandshakeDone: func(s *Flow) { snaps = append(snaps, s) }})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for fl, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if len(snaps) < n {
			t.Fatalf("flow %d yielded before its snapshot", n)
		}
		s := snaps[n-1]
		if s == fl || s.Client != fl.Client || s.Server != fl.Server || !s.First.Equal(fl.First) {
			t.Errorf("flow %d: snapshot %v is not of %v", n, s, fl)
		}
		if s.End != "" || fl.End == "" {
			t.Errorf("flow %d: snapshot end %q, flow end %q", n, s.End, fl.End)
		}
		if s.Encrypted[0].Records == 0 || s.Encrypted[1].Records == 0 || s.Encrypted[0].Records > fl.Encrypted[0].Records {
			t.Errorf("flow %d: snapshot counts %v, flow %v", n, s.Encrypted, fl.Encrypted)
		}
		if len(s.Messages) == 0 || len(s.Messages) > len(fl.Messages) {
			t.Errorf("flow %d: %d messages in the snapshot, %d in the flow", n, len(s.Messages), len(fl.Messages))
		}
		for i := range s.Messages {
			if s.Messages[i].Dir != fl.Messages[i].Dir || s.Messages[i].Type != fl.Messages[i].Type {
				t.Errorf("flow %d message %d differs", n, i)
			}
		}
	}
	if n != 6 || len(snaps) != 6 {
		t.Errorf("%d flows, %d snapshots; want 6 each", n, len(snaps))
	}
}
