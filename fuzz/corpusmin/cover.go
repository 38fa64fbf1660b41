package corpusmin

import (
	"container/heap"
	"math/bits"
	"slices"
)

// Features is the coverage of one execution as a sorted list of feature
// numbers: bit b of counter i of the engine's coverage snapshot is feature
// 8*i+b. The engine rounds each 8-bit counter down to a power of two
// before comparing, so a feature is "this block ran about 2^b times".
type Features []uint32

// featuresOf lists the bits set in a coverage snapshot.
func featuresOf(snapshot []byte) Features {
	var out Features
	for i, c := range snapshot {
		for c != 0 {
			b := bits.TrailingZeros8(c)
			out = append(out, uint32(8*i+b))
			c &^= 1 << b
		}
	}
	return out
}

// countCovered returns the number of distinct features in sets.
func countCovered(sets []Features) int {
	n := 0
	for _, c := range coverOf(sets) {
		if c {
			n++
		}
	}
	return n
}

// selectCover returns the indices (ascending) of a small subset of cands
// whose features, together with base, cover every feature of cands.
// cands is in order of preference (smaller inputs first), which decides
// every tie, so the result depends only on the sets and their order.
//
// It is the greedy set cover (repeatedly the candidate adding the most
// uncovered features; lazily re-evaluated, since what a candidate adds
// only shrinks), followed by a pass that drops any chosen candidate whose
// features the other chosen ones and base already cover, least preferred
// first. Exact minimum set cover is NP-hard; greedy is within a
// logarithmic factor of it and is what corpus minimizers use.
func selectCover(cands []Features, base []bool) []int {
	covered := make([]bool, featureSpace(cands, base))
	copy(covered, base)
	gain := func(i int) int {
		n := 0
		for _, f := range cands[i] {
			if !covered[f] {
				n++
			}
		}
		return n
	}
	h := &gainHeap{}
	for i := range cands {
		if g := gain(i); g > 0 {
			h.items = append(h.items, gainItem{i, g})
		}
	}
	heap.Init(h)
	var chosen []int
	for h.Len() > 0 {
		top := h.items[0]
		g := gain(top.index)
		if g != top.gain { // stale: re-evaluate and put back
			if g == 0 {
				heap.Pop(h)
			} else {
				h.items[0].gain = g
				heap.Fix(h, 0)
			}
			continue
		}
		heap.Pop(h)
		chosen = append(chosen, top.index)
		for _, f := range cands[top.index] {
			covered[f] = true
		}
	}
	return prune(cands, chosen, base)
}

// prune drops chosen candidates that the others (and base) make redundant,
// trying the least preferred first, and returns the rest in ascending order.
func prune(cands []Features, chosen []int, base []bool) []int {
	count := make([]int32, featureSpace(cands, base))
	for _, i := range chosen {
		for _, f := range cands[i] {
			count[f]++
		}
	}
	keep := map[int]bool{}
	for _, i := range chosen {
		keep[i] = true
	}
	order := slices.Clone(chosen)
	slices.Sort(order)
	slices.Reverse(order)
	for _, i := range order {
		redundant := true
		for _, f := range cands[i] {
			if count[f] < 2 && !(int(f) < len(base) && base[f]) {
				redundant = false
				break
			}
		}
		if redundant {
			delete(keep, i)
			for _, f := range cands[i] {
				count[f]--
			}
		}
	}
	var out []int
	for i := range cands {
		if keep[i] {
			out = append(out, i)
		}
	}
	return out
}

// featureSpace is one more than the largest feature of cands, at least
// len(base).
func featureSpace(cands []Features, base []bool) int {
	n := len(base)
	for _, c := range cands {
		if len(c) > 0 && int(c[len(c)-1]) >= n {
			n = int(c[len(c)-1]) + 1
		}
	}
	return n
}

// coverOf marks the features of sets.
func coverOf(sets []Features) []bool {
	out := make([]bool, featureSpace(sets, nil))
	for _, s := range sets {
		for _, f := range s {
			out[f] = true
		}
	}
	return out
}

// gainItem is a candidate and what it added when last evaluated.
type gainItem struct{ index, gain int }

// gainHeap orders candidates by gain, then by preference (lower index).
type gainHeap struct{ items []gainItem }

func (h *gainHeap) Len() int { return len(h.items) }
func (h *gainHeap) Less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if a.gain != b.gain {
		return a.gain > b.gain
	}
	return a.index < b.index
}
func (h *gainHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *gainHeap) Push(x any)    { h.items = append(h.items, x.(gainItem)) }
func (h *gainHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
