package pcap

import (
	"math/rand/v2"
	"testing"
)

// TestLRUExact drives the lazy heap with random touches, additions,
// removals and expiries, and checks after each step that front and idle
// name the flow a list moved to its back on every touch would have at its
// head: the one with the smallest lastSeq.
func TestLRUExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var l lru
	var live []*flow
	var clock uint64
	touch := func(f *flow) {
		clock++
		f.lastSeq, f.lastNS = clock, int64(clock)*1000
	}
	oldest := func() *flow {
		var m *flow
		for _, f := range live {
			if m == nil || f.lastSeq < m.lastSeq {
				m = f
			}
		}
		return m
	}
	drop := func(f *flow) {
		l.remove(f)
		for i, g := range live {
			if g == f {
				live = append(live[:i], live[i+1:]...)
				break
			}
		}
	}
	for step := 0; step < 20000; step++ {
		switch op := rng.IntN(10); {
		case op < 2 || len(live) == 0:
			f := &flow{}
			touch(f)
			l.push(f)
			live = append(live, f)
		case op < 7:
			touch(live[rng.IntN(len(live))])
		case op < 8:
			drop(live[rng.IntN(len(live))])
		case op < 9:
			if f := l.front(); f != nil {
				drop(f)
			}
		default:
			// Expire what has been idle for more than 50 ticks.
			now := int64(clock) * 1000
			for f := l.idle(now, 50*1000); f != nil; f = l.idle(now, 50*1000) {
				if now-f.lastNS <= 50*1000 || f != oldest() {
					t.Fatalf("step %d: idle returned a flow that is not the oldest idle one", step)
				}
				drop(f)
			}
			if o := oldest(); o != nil && now-o.lastNS > 50*1000 {
				t.Fatalf("step %d: an idle flow was left", step)
			}
		}
		if got, want := l.front(), oldest(); got != want {
			t.Fatalf("step %d: front %p, want %p", step, got, want)
		}
		if l.len() != len(live) {
			t.Fatalf("step %d: %d in the heap, %d live", step, l.len(), len(live))
		}
	}
	for _, f := range live {
		if f.hpos == 0 || l.h[f.hpos-1].f != f {
			t.Fatal("heap position out of date")
		}
	}
}
