package pcap

import (
	"net/netip"
	"time"

	"github.com/gopacket/gopacket/layers"
)

// flowTable holds the flows in progress, in a map and in least recently
// active order (lru). What it needs of the Reader is in env; the flows
// that end go to env.finish.
type flowTable struct {
	env   *flowEnv
	m4    flowMap           // IPv4 flows
	m6    map[flowKey]*flow // IPv6 flows
	lru   lru
	clock uint64 // one tick per touch
	// closed holds the keys of TCP flows ended by FIN or RST, with the
	// capture time of their last packet, for IdleTimeout (at most
	// MaxFlows of them): a tombstone of about 100 bytes instead of the
	// flow. closedQ[closedHead:] is their expiry queue, oldest first.
	closed     map[flowKey]time.Time
	closedQ    []tombstone
	closedHead int

	// The flow the current packet's key was looked up to ahead of time
	// (cacheprefetch.go), a hint for tcpKeyed.
	hintK flowKey4
	hintF *flow
}

func (t *flowTable) init(env *flowEnv) {
	t.env = env
	t.m4.init()
	t.m6 = make(map[flowKey]*flow)
	t.closed = make(map[flowKey]time.Time)
}

func (t *flowTable) touch(f *flow, ts time.Time, tsNS int64) {
	// Integer comparisons: this runs for every packet. A reported flow
	// leaves the table (closed ones leave a tombstone that absorbs their
	// late packets), so a Flow handed to the caller is never touched
	// again (TestYieldedFlowIsFrozen).
	switch {
	case !f.timed:
		f.timed = true
		f.first, f.last = ts, ts
		f.firstNS, f.lastNS = tsNS, tsNS
	case tsNS > f.lastNS:
		f.last, f.lastNS = ts, tsNS
	case tsNS < f.firstNS:
		f.first, f.firstNS = ts, tsNS
	}
	t.clock++
	f.lastSeq = t.clock
}

func (t *flowTable) remove(f *flow) {
	t.env.mem -= f.mem
	f.mem = 0
	t.lru.remove(f)
	if f.key.v6 {
		if t.m6[f.key] == f {
			delete(t.m6, f.key)
		}
	} else {
		t.m4.delete(f.key.k4(), f)
	}
}

// end reports f (unless it is only a closed leftover) and removes it.
func (t *flowTable) end(f *flow, why EndReason) {
	t.remove(f)
	t.env.finish(f, why)
}

// expire ends the flows idle for longer than IdleTimeout at capture time
// now (nowNS in Unix nanoseconds). It runs for every packet, so the test
// compares integers: time.Time.Sub costs more than the rest of it.
func (t *flowTable) expire(now time.Time, nowNS int64) {
	idle := int64(t.env.lim.IdleTimeout)
	for f := t.lru.idle(nowNS, idle); f != nil; f = t.lru.idle(nowNS, idle) {
		if !f.reported {
			t.env.stats.FlowsExpired++
		}
		t.end(f, EndIdle)
	}
	if t.closedHead < len(t.closedQ) && nowNS-t.closedQ[t.closedHead].atNS > idle {
		t.expireClosed(now, t.env.lim.IdleTimeout, false)
	}
}

// endAll ends every flow, least recently active first.
func (t *flowTable) endAll(why EndReason) {
	for f := t.lru.front(); f != nil; f = t.lru.front() {
		t.end(f, why)
	}
}

// lookup returns the flow for key, or nil.
func (t *flowTable) lookup(key *flowKey) *flow {
	if key.v6 {
		return t.m6[*key]
	}
	k := key.k4()
	return t.m4.get(k, t.m4.hash(k))
}

// len is the number of flows tracked.
func (t *flowTable) len() int { return t.m4.len() + len(t.m6) }

// get returns the flow for key, creating it (and evicting the least
// recently active flow when MaxFlows is reached) when create is set.
func (t *flowTable) get(key flowKey, create bool) *flow {
	if f := t.lookup(&key); f != nil {
		return f
	}
	if !create {
		return nil
	}
	for t.len() >= t.env.lim.MaxFlows && t.lru.len() > 0 {
		old := t.lru.front()
		if !old.reported {
			t.env.stats.FlowsEvicted++
			old.problem(0, t.env.now, ProblemEvicted, "MaxFlows reached: flow evicted before its end")
		}
		t.end(old, EndEvicted)
	}
	t.makeRoom(nil, flowCost)
	f := &flow{env: t.env, key: key, mem: flowCost}
	t.env.mem += flowCost
	f.pub.Transport = TransportTCP
	if key.proto == uint8(layers.IPProtocolUDP) {
		f.pub.Transport = TransportUDP
	}
	for s := range f.tls {
		f.tls[s].init()
	}
	if key.v6 {
		t.m6[key] = f
	} else {
		t.m4.put(key.k4(), f)
	}
	t.clock++
	f.lastSeq, f.lastNS = t.clock, t.env.tsNS
	t.lru.push(f)
	return f
}

// tcp handles one TCP segment.
func (t *flowTable) tcp(src, dst netip.Addr, h *layers.TCP, payload []byte, missing int, ts time.Time) {
	key, side := makeKey(netip.AddrPortFrom(src, uint16(h.SrcPort)), netip.AddrPortFrom(dst, uint16(h.DstPort)), uint8(layers.IPProtocolTCP))
	t.tcpKeyed(key, side, h, payload, missing, ts)
}

// tcpKeyed handles one TCP segment whose key and side are known.
func (t *flowTable) tcpKeyed(key flowKey, side uint8, h *layers.TCP, payload []byte, missing int, ts time.Time) {
	f := t.hinted(&key)
	if f == nil {
		f = t.get(key, false)
	}
	if f == nil && len(t.closed) > 0 {
		if _, ok := t.closed[key]; ok {
			if !h.SYN || h.ACK {
				t.closed[key] = ts // a late packet of a connection that ended
				return
			}
			delete(t.closed, key) // a new SYN after FIN/RST: a new connection
			t.env.mem -= tombstoneCost
		}
	}
	if h.SYN && !h.ACK {
		// A new SYN with another initial sequence number starts a new
		// connection on the same 5-tuple.
		if f != nil && f.half[side].synSeen && f.half[side].isn != h.Seq {
			t.end(f, EndReused)
			f = nil
		}
	}
	if f == nil {
		if h.RST {
			return
		}
		f = t.get(key, true)
		f.client = side // first guess: the sender of the first packet
		if h.SYN && h.ACK {
			f.client = 1 - side
		}
	}
	t.touch(f, ts, t.env.tsNS)
	if h.SYN && !h.ACK {
		f.setClient(side, false)
	}
	f.segment(side, h, payload, missing, ts)
	if t.env.onDone != nil {
		f.checkHandshakeDone()
	}
	if f.dirty {
		t.account(f)
	}
	if h.RST {
		t.close(f, EndRST, ts)
		return
	}
	if h.FIN && !f.fin[side] {
		f.fin[side] = true
		f.finSeq[side] = h.Seq + uint32(len(payload)+missing)
		if h.SYN {
			f.finSeq[side]++
		}
	}
	// The flow ends when both sides sent FIN and the data before each FIN
	// arrived (a FIN overtaking data in the capture waits for it; if the
	// data never comes, idle expiry or the end of the capture ends it).
	if f.fin[0] && f.fin[1] && f.finDone(0) && f.finDone(1) {
		t.close(f, EndFIN, ts)
	}
}

// close reports a TCP flow that ended by FIN or RST and leaves a
// tombstone of its key, so that its late packets (the last ACK, a
// retransmitted FIN) do not start a new flow.
func (t *flowTable) close(f *flow, why EndReason, ts time.Time) {
	f.flushAll(ts)
	t.end(f, why)
	if len(t.closed) >= t.env.lim.MaxFlows {
		t.expireClosed(time.Time{}, 0, true)
	}
	if _, ok := t.closed[f.key]; !ok {
		t.env.mem += tombstoneCost
	}
	t.closed[f.key] = ts
	t.closedQ = append(t.closedQ, tombstone{f.key, ts, unixNano(ts)})
}

// unixNano is t.UnixNano clamped to ±2^62 ns (about 1824 to 2116), so
// that the difference of two of them never overflows: a hostile pcapng
// timestamp can lie centuries away. Classic pcap's unsigned 32-bit
// seconds end in 2106, inside the range.
func unixNano(t time.Time) int64 {
	const lim = 1 << 62
	switch sec := t.Unix(); {
	case sec >= lim/int64(time.Second):
		return lim
	case sec <= -lim/int64(time.Second):
		return -lim
	}
	return t.UnixNano()
}

// tombstone is a closed flow's key in the expiry queue.
type tombstone struct {
	key  flowKey
	at   time.Time
	atNS int64 // at in Unix nanoseconds
}

// expireClosed drops the tombstones idle for longer than idle at capture
// time now, or, with one set, the oldest tombstone.
func (t *flowTable) expireClosed(now time.Time, idle time.Duration, one bool) {
	for t.closedHead < len(t.closedQ) {
		e := t.closedQ[t.closedHead]
		last, ok := t.closed[e.key]
		if ok && !last.Equal(e.at) && !one {
			// Touched by a late packet since queued: requeue with its
			// latest time.
			t.closedQ[t.closedHead] = tombstone{}
			t.closedHead++
			t.closedQ = append(t.closedQ, tombstone{e.key, last, unixNano(last)})
			continue
		}
		if ok && !one && now.Sub(last) <= idle {
			break
		}
		t.closedQ[t.closedHead] = tombstone{}
		t.closedHead++
		if ok && last.Equal(e.at) {
			delete(t.closed, e.key)
			t.env.mem -= tombstoneCost
			if one {
				break
			}
		}
	}
	if t.closedHead > 1024 && t.closedHead*2 > len(t.closedQ) {
		n := copy(t.closedQ, t.closedQ[t.closedHead:])
		clear(t.closedQ[n:])
		t.closedQ, t.closedHead = t.closedQ[:n], 0
	}
}

// udp handles one UDP datagram.
func (t *flowTable) udp(src, dst netip.AddrPort, payload []byte, ts time.Time) {
	key, side := makeKey(src, dst, uint8(layers.IPProtocolUDP))
	f := t.get(key, false)
	if f == nil {
		kind := udpKind(payload)
		if kind == "" {
			t.env.stats.PacketsIgnored++
			return
		}
		f = t.get(key, true)
		f.client = side
	}
	t.touch(f, ts, t.env.tsNS)
	f.datagram(side, payload, ts)
	if t.env.onDone != nil {
		f.checkHandshakeDone()
	}
	if f.dirty {
		t.account(f)
	}
}
