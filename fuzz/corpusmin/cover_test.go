package corpusmin

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestSelectCoverKnown(t *testing.T) {
	cases := []struct {
		name  string
		cands []Features
		base  []bool
		want  []int
	}{
		{"greedy", []Features{{1, 2, 3}, {1}, {2}, {3, 4}, {4}}, nil, []int{0, 3}},
		// Ties go to the earlier (smaller) candidate.
		{"tie", []Features{{5, 6}, {5, 6}, {7}}, nil, []int{0, 2}},
		// Greedy takes the big set first; the two others then cover it,
		// and the pruning pass drops it.
		{"prune", []Features{{1, 2, 5}, {3, 4, 6}, {1, 2, 3, 4}}, nil, []int{0, 1}},
		{"prune after greedy", []Features{{1, 2, 3, 4, 9}, {1, 2, 5, 9}, {3, 4, 6}}, nil, []int{1, 2}},
		// With a base (merge): only what the base lacks counts.
		{"base", []Features{{1, 2}, {4}, {3, 4}}, []bool{false, true, true, true}, []int{1}},
		{"nothing new", []Features{{1, 2}, {3}}, []bool{false, true, true, true}, nil},
		{"empty sets", []Features{{}, nil, {2}}, nil, []int{2}},
	}
	for _, c := range cases {
		if got := selectCover(c.cands, c.base); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// TestSelectCoverProperties checks on random families that the selection
// covers everything, has no redundant member, and is the same every time.
func TestSelectCoverProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + r.IntN(40)
		cands := make([]Features, n)
		for i := range cands {
			seen := map[uint32]bool{}
			for k := r.IntN(12); k > 0; k-- {
				seen[uint32(r.IntN(60))] = true
			}
			for f := uint32(0); f < 60; f++ {
				if seen[f] {
					cands[i] = append(cands[i], f)
				}
			}
		}
		var base []bool
		if trial%2 == 1 {
			base = make([]bool, 60)
			for i := range base {
				base[i] = r.IntN(4) == 0
			}
		}
		got := selectCover(cands, base)
		if again := selectCover(cands, base); !reflect.DeepEqual(got, again) {
			t.Fatalf("trial %d: %v then %v", trial, got, again)
		}
		all := coverOf(append(cands, baseFeatures(base)))
		var sel []Features
		for _, i := range got {
			sel = append(sel, cands[i])
		}
		if c := coverOf(append(sel, baseFeatures(base))); countTrue(c) != countTrue(all) {
			t.Fatalf("trial %d: selection covers %d of %d features", trial, countTrue(c), countTrue(all))
		}
		for k := range sel {
			rest := append(append([]Features(nil), sel[:k]...), sel[k+1:]...)
			if countTrue(coverOf(append(rest, baseFeatures(base)))) == countTrue(all) {
				t.Fatalf("trial %d: candidate %d is redundant in %v", trial, got[k], got)
			}
		}
	}
}

func baseFeatures(base []bool) Features {
	var out Features
	for i, b := range base {
		if b {
			out = append(out, uint32(i))
		}
	}
	return out
}

func countTrue(b []bool) int {
	n := 0
	for _, x := range b {
		if x {
			n++
		}
	}
	return n
}

func TestFeaturesOf(t *testing.T) {
	got := featuresOf([]byte{0, 0x81, 0, 0x02})
	if want := (Features{8, 15, 25}); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
