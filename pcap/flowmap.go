package pcap

import (
	"math/bits"
	"math/rand/v2"
)

// flowMap is the table of IPv4 flows by key: open addressing with linear
// probing, at most half full. It is not a Go map because the Reader looks
// a few packets ahead and prefetches the slot each packet will need, then
// that slot's flow (see readAhead): that needs the hash of a key before
// the lookup, which a Go map does not give.
//
// The hash is seeded per table from a random source, so that a capture
// crafted to collide cannot make lookups linear in the number of flows.
// Deletion shifts the following entries back (no tombstones), so probe
// sequences stay as short as the load allows however many flows come and
// go.
type flowMap struct {
	slots []flowSlot // a power of two of them; f == nil: empty
	mask  uint64     // len(slots)-1
	n     int        // entries in use
	seed0 uint64
	seed1 uint64
}

// flowSlot is one entry: 32 bytes, two per cache line.
type flowSlot struct {
	k flowKey4
	h uint64 // hash of k
	f *flow
}

// minFlowMapSlots is the initial size of a flowMap.
const minFlowMapSlots = 1024

func (m *flowMap) init() {
	m.seed0, m.seed1 = rand.Uint64(), rand.Uint64()
	m.slots = make([]flowSlot, minFlowMapSlots)
	m.mask = minFlowMapSlots - 1
	m.n = 0
}

// hash mixes the key with the table's seeds (a 64x64->128-bit multiply,
// folded, as in wyhash's mixing step).
func (m *flowMap) hash(k flowKey4) uint64 {
	hi, lo := bits.Mul64(k.ab^m.seed0, k.pp^m.seed1)
	return hi ^ lo
}

// len returns the number of flows in the table.
func (m *flowMap) len() int { return m.n }

// slot returns the slot where the probe for hash h starts.
func (m *flowMap) slot(h uint64) *flowSlot { return &m.slots[h&m.mask] }

// get returns the flow for k, whose hash is h, or nil.
func (m *flowMap) get(k flowKey4, h uint64) *flow {
	for i := h & m.mask; ; i = (i + 1) & m.mask {
		s := &m.slots[i]
		if s.f == nil {
			return nil
		}
		if s.h == h && s.k == k {
			return s.f
		}
	}
}

// put adds f under k, which must not be in the table.
func (m *flowMap) put(k flowKey4, f *flow) {
	if 2*(m.n+1) > len(m.slots) {
		m.grow()
	}
	m.place(flowSlot{k: k, h: m.hash(k), f: f})
	m.n++
}

// place stores e in the first empty slot of its probe sequence.
func (m *flowMap) place(e flowSlot) {
	i := e.h & m.mask
	for m.slots[i].f != nil {
		i = (i + 1) & m.mask
	}
	m.slots[i] = e
}

// grow doubles the table.
func (m *flowMap) grow() {
	old := m.slots
	m.slots = make([]flowSlot, 2*len(old))
	m.mask = uint64(len(m.slots) - 1)
	for _, e := range old {
		if e.f != nil {
			m.place(e)
		}
	}
}

// delete removes the entry of k if it holds f; it reports whether it did.
func (m *flowMap) delete(k flowKey4, f *flow) bool {
	h := m.hash(k)
	i := h & m.mask
	for {
		s := &m.slots[i]
		if s.f == nil {
			return false
		}
		if s.f == f && s.k == k {
			break
		}
		i = (i + 1) & m.mask
	}
	// Shift back the entries after i whose probe sequence passes i, so
	// that no lookup meets a hole before its key.
	for j := (i + 1) & m.mask; m.slots[j].f != nil; j = (j + 1) & m.mask {
		home := m.slots[j].h & m.mask
		// The entry at j may move to i unless its home lies cyclically
		// in (i, j].
		if (j-home)&m.mask >= (j-i)&m.mask {
			m.slots[i] = m.slots[j]
			i = j
		}
	}
	m.slots[i] = flowSlot{}
	m.n--
	return true
}
