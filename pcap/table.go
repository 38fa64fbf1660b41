package pcap

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/wire"
)

// flowKey is a 5-tuple with its endpoints in canonical order, so that both
// directions map to the same flow. Addresses are stored as 16 bytes (an
// IPv4 address in its first 4) with the family in v6: the key holds no
// pointer, so hashing and comparing it is a plain memory operation.
type flowKey struct {
	a, b   [16]byte
	pa, pb uint16
	proto  uint8
	v6     bool
}

// flowKey4 is an IPv4 flowKey packed in 16 bytes without padding: the
// flow map hashes and compares it as two words, not as 38 bytes.
type flowKey4 struct {
	ab uint64 // a's address, then b's
	pp uint64 // pa, pb, proto
}

func (k *flowKey) k4() flowKey4 {
	return flowKey4{
		ab: uint64(binary.BigEndian.Uint32(k.a[:4]))<<32 | uint64(binary.BigEndian.Uint32(k.b[:4])),
		pp: uint64(k.pa)<<32 | uint64(k.pb)<<16 | uint64(k.proto),
	}
}

// keyAddr is one endpoint in flowKey form.
type keyAddr struct {
	ip   [16]byte
	port uint16
}

func toKeyAddr(ap netip.AddrPort) keyAddr {
	k := keyAddr{port: ap.Port()}
	if a := ap.Addr(); a.Is4() {
		a4 := a.As4()
		copy(k.ip[:4], a4[:])
	} else {
		k.ip = a.As16()
	}
	return k
}

func (k keyAddr) less(o keyAddr) bool {
	if c := bytes.Compare(k.ip[:], o.ip[:]); c != 0 {
		return c < 0
	}
	return k.port <= o.port
}

func makeKey(src, dst netip.AddrPort, proto uint8) (flowKey, uint8) {
	s, d := toKeyAddr(src), toKeyAddr(dst)
	v6 := !src.Addr().Is4()
	if s.less(d) {
		return flowKey{a: s.ip, b: d.ip, pa: s.port, pb: d.port, proto: proto, v6: v6}, 0
	}
	return flowKey{a: d.ip, b: s.ip, pa: d.port, pb: s.port, proto: proto, v6: v6}, 1
}

// makeKey4 is makeKey for IPv4 addresses given as their 4 bytes in
// network order (the fast path's packets): the same key and side.
func makeKey4(src, dst []byte, sport, dport uint16, proto uint8) (k flowKey, side uint8) {
	s, d := binary.BigEndian.Uint32(src), binary.BigEndian.Uint32(dst)
	if s > d || (s == d && sport > dport) {
		src, dst, sport, dport, side = dst, src, dport, sport, 1
	}
	copy(k.a[:4], src)
	copy(k.b[:4], dst)
	k.pa, k.pb, k.proto = sport, dport, proto
	return k, side
}

// makeKey16 is makeKey for IPv6 addresses given as their 16 bytes (the
// fast path's packets): the same key and side.
func makeKey16(src, dst []byte, sport, dport uint16, proto uint8) (k flowKey, side uint8) {
	if c := bytes.Compare(src, dst); c > 0 || (c == 0 && sport > dport) {
		src, dst, sport, dport, side = dst, src, dport, sport, 1
	}
	copy(k.a[:], src)
	copy(k.b[:], dst)
	k.pa, k.pb, k.proto, k.v6 = sport, dport, proto, true
	return k, side
}

// addr returns side's endpoint.
func (k *flowKey) addr(side uint8) netip.AddrPort {
	ip, port := k.a, k.pa
	if side == 1 {
		ip, port = k.b, k.pb
	}
	if !k.v6 {
		return netip.AddrPortFrom(netip.AddrFrom4([4]byte(ip[:4])), port)
	}
	return netip.AddrPortFrom(netip.AddrFrom16(ip), port)
}

// flow is the Reader's state for one connection. Sides 0 and 1 are the
// canonical key's a and b; client says which side is the client.
//
// The fields used for every packet come first, so that a packet touches
// few cache lines of its flow (with thousands of flows open, loading a
// flow's state is most of the per-packet cost); the public view pub is
// filled in when the flow ends, and before each OnMessage call.
type flow struct {
	// Every packet.
	lastSeq   uint64 // flowTable.clock at the latest packet (see lru)
	lastNS    int64  // last in Unix nanoseconds (see unixNano)
	firstNS   int64  // first in Unix nanoseconds
	timed     bool   // a packet was seen: the times are set
	client    uint8  // side of the client (a guess until roleFixed)
	roleFixed bool
	tls13     bool // a ServerHello or HelloRetryRequest selected TLS 1.3
	fin       [2]bool
	reported  bool      // handed to Reader.finish: out of the table
	finSeq    [2]uint32 // sequence number of each side's FIN
	r         *Reader
	last      time.Time // capture time of the latest packet (pub.Last)
	first     time.Time // capture time of the earliest packet (pub.First)

	// TCP
	half [2]halfConn
	tls  [2]tlsStream

	msgLimitHit bool
	hpos        int // 1 + the flow's index in the lru heap; 0 when not in it
	key         flowKey
	preamble    preambleState

	// UDP
	dtls [2]dtlsStream
	quic *QUICInitialDecoder // Protocol "quic": the Initial decoder

	pub Flow
}

func (f *flow) addrOf(side uint8) netip.AddrPort { return f.key.addr(side) }

// dir maps a side to a Direction with the current role assignment.
func (f *flow) dir(side uint8) Direction {
	if side == f.client {
		return ClientToServer
	}
	return ServerToClient
}

// setClient fixes (fixed) or guesses the client side.
func (f *flow) setClient(side uint8, fixed bool) {
	if f.roleFixed {
		return
	}
	f.client = side
	f.roleFixed = fixed
}

func (f *flow) setProtocol(p string) {
	if f.pub.Protocol == "" {
		f.pub.Protocol = p
	}
}

// message records a complete handshake message; raw is copied.
func (f *flow) message(side uint8, ts time.Time, typ wire.HandshakeType, raw []byte, sslv2 bool) {
	if !f.roleFixed {
		switch typ {
		case wire.TypeClientHello:
			f.setClient(side, true)
		case wire.TypeClientKeyExchange, wire.TypeCertificateVerify, wire.TypeEndOfEarlyData:
			// Sent only by clients in the clear (a TLS 1.3
			// CertificateVerify is protected).
			f.setClient(side, true)
		case wire.TypeServerHello, wire.TypeHelloVerifyRequest, wire.TypeServerKeyExchange,
			wire.TypeCertificateRequest, wire.TypeServerHelloDone, wire.TypeNewSessionTicket,
			wire.TypeCertificateStatus, wire.TypeHelloRequest:
			f.setClient(1-side, true)
		}
	}
	if f.r.opts.DiscardMessages {
		// Handed to OnMessage only: Raw aliases the reassembly buffer.
		f.r.msg = Message{Dir: f.dir(side), Time: ts, Type: typ, SSLv2: sslv2, Raw: raw, side: side}
		f.pubNow()
		f.r.opts.OnMessage(&f.pub, &f.r.msg)
		f.r.msg = Message{}
		return
	}
	if len(f.pub.Messages) >= f.r.lim.MaxMessagesPerFlow {
		if !f.msgLimitHit {
			f.msgLimitHit = true
			f.problem(side, ts, ProblemLimit, "MaxMessagesPerFlow reached: further messages are not kept")
		}
		return
	}
	if f.pub.Messages == nil {
		f.pub.Messages = make([]Message, 0, 4) // a handshake's usual count: one allocation
	}
	f.pub.Messages = append(f.pub.Messages, Message{
		Dir: f.dir(side), Time: ts, Type: typ, SSLv2: sslv2, Raw: append([]byte(nil), raw...), side: side,
	})
	if cb := f.r.opts.OnMessage; cb != nil {
		f.pubNow()
		cb(&f.pub, &f.pub.Messages[len(f.pub.Messages)-1])
	}
}

// pubNow brings the public view's endpoints and times up to date.
func (f *flow) pubNow() {
	f.pub.Client, f.pub.Server = f.addrOf(f.client), f.addrOf(1-f.client)
	f.pub.First, f.pub.Last = f.first, f.last
}

func (f *flow) alert(side uint8, ts time.Time, level, desc byte) {
	if len(f.pub.Alerts) >= maxProblems {
		return
	}
	f.pub.Alerts = append(f.pub.Alerts, Alert{Time: ts, Level: wire.AlertLevel(level), Description: wire.AlertDescription(desc), side: side})
}

func (f *flow) problem(side uint8, ts time.Time, kind ProblemKind, detail string) {
	if len(f.pub.Problems) >= maxProblems {
		f.pub.ProblemsDropped++
		return
	}
	f.pub.Problems = append(f.pub.Problems, Problem{Kind: kind, Time: ts, Detail: detail, side: side})
}

// finalize fixes the public view: endpoints and directions by role.
func (f *flow) finalize(why EndReason) {
	for s := uint8(0); s < 2; s++ {
		f.tls[s].end(f, s)
		f.dtlsDeliver(s, f.last, true)
		f.dtls[s].release()
	}
	f.pub.End = why
	f.pubNow()
	// Roles may have been fixed after the first messages were recorded
	// (a capture started mid-handshake): directions follow the final roles.
	for i := range f.pub.Messages {
		f.pub.Messages[i].Dir = f.dir(f.pub.Messages[i].side)
	}
	for i := range f.pub.Alerts {
		f.pub.Alerts[i].Dir = f.dir(f.pub.Alerts[i].side)
	}
	for i := range f.pub.Problems {
		f.pub.Problems[i].Dir = f.dir(f.pub.Problems[i].side)
	}
	for s := uint8(0); s < 2; s++ {
		d := f.dir(s)
		f.pub.Encrypted[d] = Counts{Records: f.tls[s].encRecords + f.dtls[s].encRecords, Bytes: f.tls[s].encBytes + f.dtls[s].encBytes}
		f.pub.MissingBytes[d] = f.half[s].missing
		f.pub.Retransmitted[d] = f.half[s].retrans
	}
	f.release()
}

// release drops buffers once the flow is reported.
func (f *flow) release() {
	for s := range f.half {
		f.half[s].pending = nil
		f.tls[s].release(f.r)
	}
	f.preamble = preambleState{}
	f.quic = nil
}

// flowTable holds the flows in progress, in a map and in least recently
// active order (lru).
type flowTable struct {
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
}

func (t *flowTable) init() {
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
func (t *flowTable) end(r *Reader, f *flow, why EndReason) {
	t.remove(f)
	r.finish(f, why)
}

// expire ends the flows idle for longer than IdleTimeout at capture time
// now (nowNS in Unix nanoseconds). It runs for every packet, so the test
// compares integers: time.Time.Sub costs more than the rest of it.
func (t *flowTable) expire(r *Reader, now time.Time, nowNS int64) {
	idle := int64(r.lim.IdleTimeout)
	for f := t.lru.idle(nowNS, idle); f != nil; f = t.lru.idle(nowNS, idle) {
		if !f.reported {
			r.stats.FlowsExpired++
		}
		t.end(r, f, EndIdle)
	}
	if t.closedHead < len(t.closedQ) && nowNS-t.closedQ[t.closedHead].atNS > idle {
		t.expireClosed(now, r.lim.IdleTimeout, false)
	}
}

// endAll ends every flow, least recently active first.
func (t *flowTable) endAll(r *Reader, why EndReason) {
	for f := t.lru.front(); f != nil; f = t.lru.front() {
		t.end(r, f, why)
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
func (t *flowTable) get(r *Reader, key flowKey, create bool) *flow {
	if f := t.lookup(&key); f != nil {
		return f
	}
	if !create {
		return nil
	}
	for t.len() >= r.lim.MaxFlows && t.lru.len() > 0 {
		old := t.lru.front()
		if !old.reported {
			r.stats.FlowsEvicted++
			old.problem(0, r.now, ProblemEvicted, "MaxFlows reached: flow evicted before its end")
		}
		t.end(r, old, EndEvicted)
	}
	f := &flow{r: r, key: key}
	f.pub.Transport = "tcp"
	if key.proto == uint8(layers.IPProtocolUDP) {
		f.pub.Transport = "udp"
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
	f.lastSeq, f.lastNS = t.clock, r.tsNS
	t.lru.push(f)
	return f
}

// tcp handles one TCP segment.
func (t *flowTable) tcp(r *Reader, src, dst netip.Addr, h *layers.TCP, payload []byte, missing int, ts time.Time) {
	key, side := makeKey(netip.AddrPortFrom(src, uint16(h.SrcPort)), netip.AddrPortFrom(dst, uint16(h.DstPort)), uint8(layers.IPProtocolTCP))
	t.tcpKeyed(r, key, side, h, payload, missing, ts)
}

// tcpKeyed handles one TCP segment whose key and side are known.
func (t *flowTable) tcpKeyed(r *Reader, key flowKey, side uint8, h *layers.TCP, payload []byte, missing int, ts time.Time) {
	f := r.hinted(&key)
	if f == nil {
		f = t.get(r, key, false)
	}
	if f == nil && len(t.closed) > 0 {
		if _, ok := t.closed[key]; ok {
			if !h.SYN || h.ACK {
				t.closed[key] = ts // a late packet of a connection that ended
				return
			}
			delete(t.closed, key) // a new SYN after FIN/RST: a new connection
		}
	}
	if h.SYN && !h.ACK {
		// A new SYN with another initial sequence number starts a new
		// connection on the same 5-tuple.
		if f != nil && f.half[side].synSeen && f.half[side].isn != h.Seq {
			t.end(r, f, EndReused)
			f = nil
		}
	}
	if f == nil {
		if h.RST {
			return
		}
		f = t.get(r, key, true)
		f.client = side // first guess: the sender of the first packet
		if h.SYN && h.ACK {
			f.client = 1 - side
		}
	}
	t.touch(f, ts, r.tsNS)
	if h.SYN && !h.ACK {
		f.setClient(side, false)
	}
	f.segment(side, h, payload, missing, ts)
	if h.RST {
		t.close(r, f, EndRST, ts)
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
		t.close(r, f, EndFIN, ts)
	}
}

// close reports a TCP flow that ended by FIN or RST and leaves a
// tombstone of its key, so that its late packets (the last ACK, a
// retransmitted FIN) do not start a new flow.
func (t *flowTable) close(r *Reader, f *flow, why EndReason, ts time.Time) {
	f.flushAll(ts)
	t.end(r, f, why)
	if len(t.closed) >= r.lim.MaxFlows {
		t.expireClosed(time.Time{}, 0, true)
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

// finDone reports whether side's stream has been read up to its FIN.
func (f *flow) finDone(side uint8) bool {
	hc := &f.half[side]
	return !hc.started || f.tls[side].state == stIgnore || seqDiff(hc.next, f.finSeq[side]) >= 0
}

// udp handles one UDP datagram.
func (t *flowTable) udp(r *Reader, src, dst netip.AddrPort, payload []byte, ts time.Time) {
	key, side := makeKey(src, dst, uint8(layers.IPProtocolUDP))
	f := t.get(r, key, false)
	if f == nil {
		kind := udpKind(payload)
		if kind == "" {
			r.stats.PacketsIgnored++
			return
		}
		f = t.get(r, key, true)
		f.client = side
	}
	t.touch(f, ts, r.tsNS)
	f.datagram(side, payload, ts)
}
