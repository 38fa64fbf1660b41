package resumption

import "encoding/binary"

// evictedFilter remembers the issued keys the table forgot, so that a
// resumption whose issuer was forgotten counts as a link lost to the bound
// rather than an issuer never seen. It is a Bloom filter of
// evictedBitsPerKey bits per table entry and evictedProbes probes (about
// 0.8% false positives when full), in two generations: when the current one
// has taken as many keys as the table holds, it becomes the previous one
// and a new one starts, so memory stays at 2 × evictedBitsPerKey / 8 bytes
// per table entry and the last max to 2×max evictions are remembered.
type evictedFilter struct {
	cur, prev []uint64
	n         int // keys added to cur
}

const (
	evictedBitsPerKey = 10
	evictedProbes     = 6
)

// add records k; max is the table's capacity.
func (f *evictedFilter) add(k Hash, max int) {
	if f.cur == nil || f.n >= max {
		f.prev = f.cur
		f.cur = make([]uint64, (max*evictedBitsPerKey+63)/64)
		f.n = 0
	}
	f.n++
	for i := range evictedProbes {
		b := probe(k, i, len(f.cur))
		f.cur[b/64] |= 1 << (b % 64)
	}
}

// has reports whether k was probably added.
func (f *evictedFilter) has(k Hash) bool {
	return filterHas(f.cur, k) || filterHas(f.prev, k)
}

func filterHas(bits []uint64, k Hash) bool {
	if bits == nil {
		return false
	}
	for i := range evictedProbes {
		b := probe(k, i, len(bits))
		if bits[b/64]&(1<<(b%64)) == 0 {
			return false
		}
	}
	return true
}

// probe is the i-th bit of k in a filter of words 64-bit words: 40 bits of
// the (uniformly distributed) SHA-256 per probe.
func probe(k Hash, i, words int) uint64 {
	v := uint64(binary.LittleEndian.Uint32(k[5*i:])) | uint64(k[5*i+4])<<32
	return v % (uint64(words) * 64)
}
