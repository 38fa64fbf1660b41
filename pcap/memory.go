package pcap

import (
	"unsafe"

	"github.com/tlswire/tlswire/wire"
)

// The memory budget (Limits.MaxMemory). The Reader counts what it holds:
// a fixed part (the reading goroutine's batches, the input buffers, the
// decoder), every flow's state and buffers, the tombstones of closed
// flows and the IPv4 fragments being reassembled. A flow's count is taken
// again after each packet that may have changed its buffers (flow.dirty);
// established flows whose protected records are skipped change nothing
// and cost nothing here. When the count passes the budget, the least
// recently active flows are ended early (ProblemEvicted,
// Stats.FlowsEvictedMemory) until it is back under it, and reading goes
// on.
//
// The count is of live bytes. The Go collector lets the heap grow to twice
// the live bytes between collections (GOGC=100), and past that while it
// marks: with flows coming and going, the heap peaks at about 2.5 times
// the live bytes (TestHostileBudget). So the Reader keeps its count under
// a third of MaxMemory, and the heap, with it the process's resident
// memory, stays under MaxMemory without a Go memory limit.

// Estimated costs of the parts the Reader does not size itself.
const (
	// flowCost is a flow in the table: the flow, its table slot (IPv4
	// flows are in a table at most half full: two slots of 16-byte keys
	// and pointers), its lru entry and the allocator's rounding.
	flowCost = int(unsafe.Sizeof(flow{})) + 128
	// tombstoneCost is a closed flow's key in the closed map and queue.
	tombstoneCost = 2*int(unsafe.Sizeof(tombstone{})) + 32
	// reassemblerCost is a handshake reassembler in use.
	reassemblerCost = int(unsafe.Sizeof(wire.Reassembler{}))
	// dtlsMapCost is a DTLS direction's map of messages being
	// reassembled (its header and first bucket), and dtlsMsgCost a
	// message in it beyond its bytes.
	dtlsMapCost = 208
	dtlsMsgCost = int(unsafe.Sizeof(dtlsMsg{})) + 32
	// quicKeysCost is the Initial keys of one direction (AES-GCM and the
	// header protection cipher), measured.
	quicKeysCost = 1536
	// fixedCost is the reading goroutine's batches, the input's buffers
	// and the decoder.
	fixedCost = readBatches*(batchBytes+batchSlack+batchPackets*int(unsafe.Sizeof(batchPacket{}))) + 3<<16
)

// memory returns the bytes the flow holds.
func (f *flow) memory() int {
	n := flowCost + f.msgBytes +
		(cap(f.pub.Messages)+cap(f.pub.InnerHellos))*int(unsafe.Sizeof(Message{})) +
		cap(f.pub.Problems)*int(unsafe.Sizeof(Problem{})) +
		cap(f.pub.Alerts)*int(unsafe.Sizeof(Alert{}))
	for s := range f.half {
		hc := &f.half[s]
		n += hc.buffered + cap(hc.pending)*int(unsafe.Sizeof(segment{}))
		st := &f.tls[s]
		n += cap(st.pre) + cap(st.rec) + cap(st.tail)
		if st.ra != nil {
			n += reassemblerCost + st.ra.Buffered()
		}
		if d := &f.dtls[s]; d.msgs != nil {
			n += dtlsMapCost + d.buffered + len(d.msgs)*dtlsMsgCost
		}
	}
	if f.quic != nil {
		n += f.quic.memory()
		if f.quic.hs != nil {
			n += f.quic.hs.memory()
		}
	}
	if f.dec != nil {
		n += decryptCost
		if r := f.dec.rsa; r != nil {
			n += int(unsafe.Sizeof(*r)) + cap(r.hello) + cap(r.cert) + cap(r.encrypted) + cap(r.sessionHash) + 512 // the transcript hash's state
		}
	}
	return n
}

// memory returns the bytes the decoder holds.
func (d *QUICInitialDecoder) memory() int {
	n := int(unsafe.Sizeof(*d)) + cap(d.pkt)
	for i := range d.dir {
		c := &d.dir[i]
		n += c.crypto.memory() + cap(c.close.Reason)
		if c.keys.aead != nil {
			n += quicKeysCost
		}
	}
	return n
}

// budget returns the bytes the Reader keeps its count under.
func (e *flowEnv) budget() int { return e.lim.MaxMemory / 3 }

// account counts f's memory again and, past the budget, ends the least
// recently active flows other than f.
func (t *flowTable) account(f *flow) {
	f.dirty = false
	m := f.memory()
	t.env.mem += m - f.mem
	f.mem = m
	t.makeRoom(f, 0)
}

// makeRoom ends the least recently active flows, never keep, until the
// count plus need is within the budget; closed flows' tombstones go first.
func (t *flowTable) makeRoom(keep *flow, need int) {
	budget := t.env.budget()
	for n := len(t.closed); t.env.mem+need > budget && n > 0; n = len(t.closed) {
		if t.expireClosed(t.env.now, 0, true); len(t.closed) == n {
			break
		}
	}
	for t.env.mem+need > budget && t.lru.len() > 0 {
		old := t.lru.front()
		if old == keep {
			return // alone: its own limits bound it
		}
		if !old.reported {
			t.env.stats.FlowsEvictedMemory++
			old.problem(0, t.env.now, ProblemEvicted, "memory budget (Limits.MaxMemory) reached: flow evicted before its end")
		}
		t.end(old, EndEvicted)
	}
}
