// Package communityid computes the Community ID of a flow: version 1 of
// the flow hash that Zeek, Suricata, Arkime, Wireshark and Elastic use to
// join records of the same connection across tools
// (https://github.com/corelight/community-id-spec).
//
// A Community ID does not depend on the direction of the packets it is
// computed from: both directions of a connection give the same string.
package communityid

import (
	"crypto/sha1"
	"encoding/base64"
	"net/netip"
)

// IP protocol numbers (IANA "Assigned Internet Protocol Numbers") that carry
// ports in the Community ID hash.
const (
	ProtocolTCP  uint8 = 6
	ProtocolUDP  uint8 = 17
	ProtocolSCTP uint8 = 132
)

// Prefix starts every version 1 Community ID.
const Prefix = "1:"

// Len is the length of a version 1 Community ID: the prefix and the
// base64 form of a SHA-1 digest.
const Len = len(Prefix) + 28

// Append appends the version 1 Community ID of the flow between a and b
// over the IP protocol proto (TCP, UDP or SCTP: protocols with ports) to
// dst, with the given seed (0 unless the deployment chose another). The
// order of a and b does not matter. Addresses of different families, or
// IPv4-mapped IPv6 addresses, are hashed as they are given: callers pass
// both endpoints as the packet carried them. It allocates nothing when dst
// has room for Len more bytes.
func Append(dst []byte, seed uint16, proto uint8, a, b netip.AddrPort) []byte {
	// Order the endpoints so that both directions hash the same: the
	// smaller address first, and the smaller port first between equal
	// addresses (community-id-spec, "Community ID v1").
	if c := a.Addr().Compare(b.Addr()); c > 0 || c == 0 && a.Port() > b.Port() {
		a, b = b, a
	}
	h := sha1.New()
	var buf [2 + 16 + 16 + 1 + 1 + 2 + 2]byte
	buf[0], buf[1] = byte(seed>>8), byte(seed)
	n := 2
	n += copyAddr(buf[n:], a.Addr())
	n += copyAddr(buf[n:], b.Addr())
	buf[n] = proto
	buf[n+1] = 0 // padding
	n += 2
	buf[n], buf[n+1] = byte(a.Port()>>8), byte(a.Port())
	buf[n+2], buf[n+3] = byte(b.Port()>>8), byte(b.Port())
	n += 4
	h.Write(buf[:n])
	var sum [sha1.Size]byte
	h.Sum(sum[:0])
	dst = append(dst, Prefix...)
	return base64.StdEncoding.AppendEncode(dst, sum[:])
}

// String returns the version 1 Community ID as a string (see Append).
func String(seed uint16, proto uint8, a, b netip.AddrPort) string {
	var buf [Len]byte
	return string(Append(buf[:0], seed, proto, a, b))
}

// copyAddr writes the network-order bytes of an address: 4 for IPv4, 16
// for IPv6.
func copyAddr(dst []byte, a netip.Addr) int {
	if a.Is4() {
		v := a.As4()
		return copy(dst, v[:])
	}
	v := a.As16()
	return copy(dst, v[:])
}
