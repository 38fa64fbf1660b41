package pcap

import (
	"bytes"
	"encoding/binary"
	"net/netip"
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
