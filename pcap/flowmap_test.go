package pcap

import (
	"math/rand/v2"
	"testing"
)

// TestFlowMapAgainstMap runs random puts, gets and deletes against a Go
// map, with keys drawn from a small set so that probe sequences collide,
// grow and shift back on deletion.
func TestFlowMapAgainstMap(t *testing.T) {
	var m flowMap
	m.init()
	ref := make(map[flowKey4]*flow)
	rng := rand.New(rand.NewPCG(1, 2))
	keys := make([]flowKey4, 5000)
	for i := range keys {
		keys[i] = flowKey4{ab: rng.Uint64(), pp: uint64(rng.IntN(1 << 16))}
	}
	for step := 0; step < 200000; step++ {
		k := keys[rng.IntN(len(keys))]
		switch got, want := m.get(k, m.hash(k)), ref[k]; {
		case got != want:
			t.Fatalf("step %d: get = %p, want %p", step, got, want)
		case want == nil:
			f := &flow{}
			m.put(k, f)
			ref[k] = f
		case rng.IntN(2) == 0:
			if m.delete(k, &flow{}) {
				t.Fatalf("step %d: deleted a flow that is not the key's", step)
			}
			if !m.delete(k, want) {
				t.Fatalf("step %d: delete failed", step)
			}
			delete(ref, k)
		}
		if m.len() != len(ref) {
			t.Fatalf("step %d: len %d, want %d", step, m.len(), len(ref))
		}
	}
	for k, f := range ref {
		if got := m.get(k, m.hash(k)); got != f {
			t.Fatalf("final get = %p, want %p", got, f)
		}
	}
	if 2*m.len() > len(m.slots) {
		t.Fatalf("table more than half full: %d of %d", m.len(), len(m.slots))
	}
}

// TestFlowMapSeeded checks that two tables hash the same key differently
// (the seed defeats precomputed collisions).
func TestFlowMapSeeded(t *testing.T) {
	var a, b flowMap
	a.init()
	b.init()
	k := flowKey4{ab: 0x0a0000010a000002, pp: 443<<32 | 50000<<16 | 6}
	if a.hash(k) == b.hash(k) {
		t.Fatal("two tables share a hash function")
	}
}
