package pcap

import (
	"encoding/binary"
	"unsafe"

	"github.com/gopacket/gopacket/layers"
)

// Reading ahead within a batch. With thousands of flows open, a packet's
// cost is mostly waiting for memory: its flow's table slot, then the
// flow's state, are rarely in the CPU caches. While the Reader handles
// packet i it prepares the packets after it, in stages, so that the
// memory each will need is on its way before it is needed:
//
//   - i+aheadData: prefetch the packet's first bytes;
//   - i+aheadSlot: read its IPv4/TCP key (the common Ethernet framing
//     only), hash it and prefetch its slot of the IPv4 flow table;
//   - i+aheadFlow: look its flow up and prefetch the flow's first cache
//     lines (see the field order of flow).
//
// The flow found ahead is only a hint: handling packets i..i+aheadFlow-1
// may end that flow or start the one the packet belongs to, so tcpKeyed
// uses it only when it is still in the table (not yet reported) and has
// the packet's key, and looks the key up again otherwise. The results are
// therefore those of handling the packets one by one; only the order of
// memory accesses changes.
const (
	aheadData = 12
	aheadSlot = 8
	aheadFlow = 4
	aheadRing = 16 // a power of two above aheadData
)

// aheadEntry is the preparation of one packet of the current batch.
type aheadEntry struct {
	idx    int // the packet's index in the batch; -1: none
	keyed  bool
	looked bool
	k      flowKey4
	h      uint64 // the table's hash of k
	f      *flow  // the flow of k when it was looked up, or nil
}

// startBatch forgets the preparations made for the previous batch.
func (r *Reader) startBatch() {
	for i := range r.ahead {
		r.ahead[i] = aheadEntry{idx: -1}
	}
}

// readAhead runs the preparation stages due when packet i of b is about
// to be handled.
func (r *Reader) readAhead(b *packetBatch, i int) {
	n := len(b.pkts)
	if j := i + aheadData; j < n {
		if pj := &b.pkts[j]; pj.end > pj.start {
			prefetchLine(unsafe.Pointer(&b.data[pj.start]))
		}
	}
	if j := i + aheadSlot; j < n {
		e := &r.ahead[j&(aheadRing-1)]
		*e = aheadEntry{idx: j}
		if layers.LinkType(b.pkts[j].link) == layers.LinkTypeEthernet {
			if k, ok := fastKey4(b.pkts[j].bytes(b)); ok {
				e.k, e.h, e.keyed = k, r.table.m4.hash(k), true
				prefetchLine(unsafe.Pointer(r.table.m4.slot(e.h)))
			}
		}
	}
	if j := i + aheadFlow; j < n {
		if e := &r.ahead[j&(aheadRing-1)]; e.idx == j && e.keyed {
			e.f, e.looked = r.table.m4.get(e.k, e.h), true
			if e.f != nil {
				prefetchFlow(unsafe.Pointer(e.f))
			}
		}
	}
}

// hintFor sets the hint for packet i of the batch from its preparation.
func (r *Reader) hintFor(i int) {
	r.table.hintF = nil
	if e := &r.ahead[i&(aheadRing-1)]; e.idx == i && e.looked && e.f != nil {
		r.table.hintK, r.table.hintF = e.k, e.f
	}
}

// hinted returns the flow of key as looked up ahead, when that is still
// the flow of key in the table, or nil; it consumes the hint.
func (t *flowTable) hinted(key *flowKey) *flow {
	f := t.hintF
	t.hintF = nil
	if f == nil || f.reported || key.v6 || t.hintK != key.k4() {
		return nil
	}
	return f
}

// fastKey4 returns the flow key, in flowKey4 form, of an IPv4 frame the
// fast path takes (fastFrame): the key decoder.fastTCP computes for it.
func fastKey4(data []byte) (flowKey4, bool) {
	seg, src, dst, ok := fastFrame(data)
	if !ok || len(src) != 4 {
		return flowKey4{}, false
	}
	k, _ := makeKey4(src, dst, binary.BigEndian.Uint16(seg[0:2]), binary.BigEndian.Uint16(seg[2:4]), uint8(layers.IPProtocolTCP))
	return k.k4(), true
}
