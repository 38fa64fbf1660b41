package pcap

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

// TestMakeKey4 checks the fast path's key against makeKey: the same key
// and side for both directions, equal addresses and equal ports included.
func TestMakeKey4(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	addrs := [][4]byte{{10, 0, 0, 1}, {10, 0, 0, 2}, {192, 168, 1, 1}, {1, 2, 3, 4}, {255, 255, 255, 255}, {0, 0, 0, 0}}
	ports := []uint16{0, 1, 443, 443, 50000, 65535}
	for i := 0; i < 5000; i++ {
		s, d := addrs[rng.IntN(len(addrs))], addrs[rng.IntN(len(addrs))]
		sp, dp := ports[rng.IntN(len(ports))], ports[rng.IntN(len(ports))]
		if i%7 == 0 {
			s = [4]byte{byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32())}
			d = [4]byte{byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32()), byte(rng.Uint32())}
		}
		want, wside := makeKey(netip.AddrPortFrom(netip.AddrFrom4(s), sp), netip.AddrPortFrom(netip.AddrFrom4(d), dp), 6)
		got, gside := makeKey4(s[:], d[:], sp, dp, 6)
		if got != want || gside != wside {
			t.Fatalf("%v:%d > %v:%d: makeKey4 = %+v side %d, makeKey = %+v side %d", s, sp, d, dp, got, gside, want, wside)
		}
	}
}

// TestMakeKey16 checks the fast path's IPv6 key against makeKey.
func TestMakeKey16(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	addrs := []netip.Addr{netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2"),
		netip.MustParseAddr("::ffff:10.0.0.1"), netip.MustParseAddr("fe80::1"), netip.IPv6Unspecified()}
	ports := []uint16{0, 1, 443, 443, 50000, 65535}
	for i := 0; i < 5000; i++ {
		s, d := addrs[rng.IntN(len(addrs))], addrs[rng.IntN(len(addrs))]
		sp, dp := ports[rng.IntN(len(ports))], ports[rng.IntN(len(ports))]
		want, wside := makeKey(netip.AddrPortFrom(s, sp), netip.AddrPortFrom(d, dp), 6)
		s16, d16 := s.As16(), d.As16()
		got, gside := makeKey16(s16[:], d16[:], sp, dp, 6)
		if got != want || gside != wside {
			t.Fatalf("%v:%d > %v:%d: makeKey16 = %+v side %d, makeKey = %+v side %d", s, sp, d, dp, got, gside, want, wside)
		}
	}
}
