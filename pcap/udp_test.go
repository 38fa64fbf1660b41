package pcap

import (
	"bytes"
	"encoding/binary"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/wire"
)

func udpFrame(t testing.TB, src, dst netip.AddrPort, payload []byte) []byte {
	udp := &layers.UDP{SrcPort: layers.UDPPort(src.Port()), DstPort: layers.UDPPort(dst.Port())}
	return wrap(t, ethernet, ipPacket(t, src.Addr().Is6(), src.Addr(), dst.Addr(), udp, payload))
}

// dtlsRec builds a DTLS 1.2 record (RFC 6347 §4.1).
func dtlsRec(typ byte, epoch uint16, seq uint64, body []byte) []byte {
	b := []byte{typ, 0xfe, 0xfd, byte(epoch >> 8), byte(epoch)}
	b = append(b, byte(seq>>40), byte(seq>>32), byte(seq>>24), byte(seq>>16), byte(seq>>8), byte(seq))
	b = append(b, byte(len(body)>>8), byte(len(body)))
	return append(b, body...)
}

// mkDTLSFrag builds a handshake fragment (RFC 6347 §4.2.2).
func mkDTLSFrag(typ byte, mseq uint16, length, off int, frag []byte) []byte {
	return append([]byte{typ, byte(length >> 16), byte(length >> 8), byte(length), byte(mseq >> 8), byte(mseq),
		byte(off >> 16), byte(off >> 8), byte(off), byte(len(frag) >> 16), byte(len(frag) >> 8), byte(len(frag))}, frag...)
}

// dtlsWhole is the unfragmented form a reader reports.
func dtlsWhole(typ byte, mseq uint16, body []byte) []byte {
	return mkDTLSFrag(typ, mseq, len(body), 0, body)
}

func filled(n int, v byte) []byte { return bytes.Repeat([]byte{v}, n) }

// TestDTLS: cookie exchange, fragmented and reordered messages,
// retransmitted flights, alerts and epoch-1 records.
func TestDTLS(t *testing.T) {
	cli := netip.MustParseAddrPort("192.0.2.1:5000")
	srv := netip.MustParseAddrPort("198.51.100.7:4433")
	ch1, hvr, ch2 := filled(60, 1), filled(23, 3), filled(92, 2)
	sh, cert, shd, cke := filled(70, 4), filled(3000, 5), []byte{}, filled(33, 6)
	var pkts []pkt
	ts := t0
	send := func(fromClient bool, recs ...[]byte) {
		src, dst := cli, srv
		if !fromClient {
			src, dst = srv, cli
		}
		ts = ts.Add(time.Millisecond)
		pkts = append(pkts, pkt{ts: ts, data: udpFrame(t, src, dst, bytes.Join(recs, nil))})
	}
	send(true, dtlsRec(22, 0, 0, dtlsWhole(1, 0, ch1)))
	send(false, dtlsRec(22, 0, 0, dtlsWhole(3, 0, hvr)))
	// CH2 in two fragments, second first, in one datagram.
	send(true, dtlsRec(22, 0, 2, mkDTLSFrag(1, 1, len(ch2), 50, ch2[50:])), dtlsRec(22, 0, 1, mkDTLSFrag(1, 1, len(ch2), 0, ch2[:50])))
	send(true, dtlsRec(22, 0, 3, dtlsWhole(1, 1, ch2))) // retransmission
	// Server flight: SH, Certificate in three fragments (last two swapped), SHD.
	send(false, dtlsRec(22, 0, 1, dtlsWhole(2, 1, sh)), dtlsRec(22, 0, 2, mkDTLSFrag(11, 2, len(cert), 0, cert[:1000])))
	send(false, dtlsRec(22, 0, 4, mkDTLSFrag(11, 2, len(cert), 2000, cert[2000:])), dtlsRec(22, 0, 5, dtlsWhole(14, 3, shd)))
	send(false, dtlsRec(22, 0, 3, mkDTLSFrag(11, 2, len(cert), 1000, cert[1000:2000])))
	send(false, dtlsRec(22, 0, 1, dtlsWhole(2, 1, sh))) // retransmission of part of the flight
	send(true, dtlsRec(22, 0, 4, dtlsWhole(16, 2, cke)), dtlsRec(20, 0, 5, []byte{1}), dtlsRec(22, 1, 0, filled(40, 0xee)))
	send(false, dtlsRec(20, 0, 6, []byte{1}), dtlsRec(22, 1, 0, filled(40, 0xdd)))
	send(true, dtlsRec(23, 1, 1, filled(100, 0xcc)))
	send(false, dtlsRec(23, 1, 1, filled(100, 0xbb)), dtlsRec(21, 0, 7, []byte{1, 0})) // a plaintext warning alert
	send(true, []byte{0x2c, 0, 1, 0, 0x10, 0xaa, 0xaa})                                // a DTLS 1.3 unified header record: protected
	// STUN and RTP on the same 5-tuple (RFC 7983) are not DTLS and not a problem.
	send(true, append([]byte{0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42}, filled(12, 7)...))
	send(false, append([]byte{0x80, 0x60, 0x00, 0x01}, filled(160, 0)...))
	for _, format := range []string{fmtPcap, fmtPcapng} {
		f := oneFlow(t, writeCapture(t, format, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
		if f.Protocol != ProtocolDTLS || f.Transport != TransportUDP || f.Client != cli || f.End != EndEOF {
			t.Fatalf("flow %v", f)
		}
		want := [2]expected{
			{msgs: [][]byte{dtlsWhole(1, 0, ch1), dtlsWhole(1, 1, ch2), dtlsWhole(16, 2, cke)},
				encrypted: Counts{Records: 3, Bytes: 40 + 100 + 7}},
			{msgs: [][]byte{dtlsWhole(3, 0, hvr), dtlsWhole(2, 1, sh), dtlsWhole(11, 2, cert), dtlsWhole(14, 3, shd)},
				encrypted: Counts{Records: 2, Bytes: 40 + 100}},
		}
		checkFlow(t, f, want, true)
		if len(f.Alerts) != 1 || f.Alerts[0].Dir != ServerToClient || f.Alerts[0].Level != wire.AlertLevelWarning {
			t.Errorf("alerts %+v", f.Alerts)
		}
		if len(f.Problems) != 0 {
			t.Errorf("problems %v", f.Problems)
		}
	}
}

// TestDTLSMissingMessage: a lost message is reported as a gap and the
// next complete one is kept.
func TestDTLSMissingMessage(t *testing.T) {
	cli := netip.MustParseAddrPort("192.0.2.1:5000")
	srv := netip.MustParseAddrPort("198.51.100.7:4433")
	pkts := []pkt{
		{ts: t0, data: udpFrame(t, cli, srv, dtlsRec(22, 0, 0, dtlsWhole(1, 0, filled(50, 1))))},
		{ts: t0, data: udpFrame(t, srv, cli, dtlsRec(22, 0, 0, dtlsWhole(2, 0, filled(50, 2))))},
		// message 1 (Certificate) lost; message 2 arrives whole.
		{ts: t0, data: udpFrame(t, srv, cli, dtlsRec(22, 0, 2, dtlsWhole(14, 2, nil)))},
	}
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	if len(f.Messages) != 3 || len(f.Problems) != 1 || f.Problems[0].Kind != ProblemGap || f.Problems[0].Dir != ServerToClient {
		t.Fatalf("messages %d problems %v", len(f.Messages), f.Problems)
	}
}

// TestQUICFlow: the RFC 9001 Appendix A client and server Initial
// packets, on a port that says nothing, make a QUIC flow whose messages
// are the ClientHello and ServerHello from the CRYPTO frames; a short
// header datagram and an undecryptable Initial do not disturb it.
func TestQUICFlow(t *testing.T) {
	cli := netip.MustParseAddrPort("[2001:db8::1]:5000")
	srv := netip.MustParseAddrPort("[2001:db8::7]:8443")
	ch := quicHex(t, quicRFCClientCrypto)[4:]  // CRYPTO frame: type, offset 0, 2-byte length
	sh := quicHex(t, quicRFCServerPayload)[9:] // after the ACK frame and the CRYPTO frame header
	bad := quicHex(t, quicRFC9001Server)
	bad[len(bad)-1] ^= 1 // breaks the AEAD tag
	pkts := []pkt{
		{ts: t0, data: udpFrame(t, cli, srv, quicHex(t, quicRFC9001Client))},
		{ts: t0, data: udpFrame(t, srv, cli, bad)},
		{ts: t0, data: udpFrame(t, srv, cli, quicHex(t, quicRFC9001Server))},
		{ts: t0, data: udpFrame(t, cli, srv, []byte{0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9})}, // short header
	}
	f := oneFlow(t, writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	if f.Protocol != ProtocolQUIC || f.Transport != TransportUDP || f.Client != cli || f.Server != srv {
		t.Fatalf("flow %v", f)
	}
	checkFlow(t, f, [2]expected{{msgs: [][]byte{ch}}, {msgs: [][]byte{sh}}}, false)
	if len(f.Problems) != 1 || f.Problems[0].Kind != ProblemMalformed || f.Problems[0].Dir != ServerToClient {
		t.Fatalf("problems %v", f.Problems)
	}
}

// TestQUICNotStartedByServer: a UDP flow is QUIC only from a client
// Initial; other long-header datagrams alone do not make a flow.
func TestQUICNotStartedByServer(t *testing.T) {
	cli := netip.MustParseAddrPort("192.0.2.1:5000")
	srv := netip.MustParseAddrPort("198.51.100.7:443")
	pkts := []pkt{{ts: t0, data: udpFrame(t, srv, cli, quicHex(t, quicRFC9001Server))}}
	flows, r, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	if err != nil || len(flows) != 0 || r.Stats().PacketsIgnored != 1 {
		t.Fatalf("%d flows, %v, %+v", len(flows), err, r.Stats())
	}
}

// fragmentIPv4 splits an IPv4 packet into fragments of at most size
// payload bytes (a multiple of 8), RFC 791.
func fragmentIPv4(ip []byte, size int) [][]byte {
	ihl := int(ip[0]&15) * 4
	hdr, payload := ip[:ihl], ip[ihl:]
	var out [][]byte
	for off := 0; off < len(payload); off += size {
		end := min(off+size, len(payload))
		h := append([]byte(nil), hdr...)
		binary.BigEndian.PutUint16(h[2:], uint16(ihl+end-off))
		fo := uint16(off / 8)
		if end < len(payload) {
			fo |= 0x2000 // more fragments
		}
		binary.BigEndian.PutUint16(h[6:], fo)
		h[10], h[11] = 0, 0
		var sum uint32
		for i := 0; i < ihl; i += 2 {
			sum += uint32(binary.BigEndian.Uint16(h[i:]))
		}
		for sum > 0xffff {
			sum = sum>>16 + sum&0xffff
		}
		binary.BigEndian.PutUint16(h[10:], ^uint16(sum))
		out = append(out, append(h, payload[off:end]...))
	}
	return out
}

// fragmentIPv6 splits an IPv6 packet without extension headers into
// fragments of at most size payload bytes (a multiple of 8), each with a
// Fragment header (RFC 8200 §4.5).
func fragmentIPv6(ip []byte, size int, id uint32) [][]byte {
	hdr, payload := ip[:40], ip[40:]
	next := hdr[6]
	var out [][]byte
	for off := 0; off < len(payload); off += size {
		end := min(off+size, len(payload))
		h := append([]byte(nil), hdr...)
		h[6] = 44 // Fragment
		binary.BigEndian.PutUint16(h[4:], uint16(8+end-off))
		fo := uint16(off/8) << 3
		if end < len(payload) {
			fo |= 1 // M
		}
		fh := []byte{next, 0, byte(fo >> 8), byte(fo), byte(id >> 24), byte(id >> 16), byte(id >> 8), byte(id)}
		out = append(out, append(append(h, fh...), payload[off:end]...))
	}
	return out
}

// TestIPFragments: a ClientHello segment split into IPv4 or IPv6
// fragments sent out of order (one duplicated) is reassembled.
func TestIPFragments(t *testing.T) {
	c := conversation(t, "tls13-default")
	want := expectConv(t, c)
	for _, v6 := range []bool{false, true} {
		tf := convFlow(t, frame{link: layers.LinkTypeRaw, v6: v6}, c)
		var pkts []pkt
		for i, p := range tf.pkts {
			if i != 3 { // the ClientHello
				pkts = append(pkts, p)
				continue
			}
			var fr [][]byte
			if v6 {
				fr = fragmentIPv6(p.data, 256, 0x01020304)
			} else {
				fr = fragmentIPv4(p.data, 256)
			}
			if len(fr) < 3 {
				t.Fatalf("%d fragments", len(fr))
			}
			order := append([][]byte{fr[len(fr)-1], fr[1]}, fr...)
			for _, d := range order {
				pkts = append(pkts, pkt{ts: p.ts, data: d})
			}
		}
		flows, r, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeRaw}, pkts), Options{})
		if err != nil || len(flows) != 1 {
			t.Fatalf("v6 %v: %d flows %v", v6, len(flows), err)
		}
		checkFlow(t, flows[0], want, true)
		st := r.Stats()
		if got := [2]uint64{st.IPv4Reassembled, st.IPv6Reassembled}; (v6 && got != [2]uint64{0, 1}) || (!v6 && got != [2]uint64{1, 0}) ||
			st.IPv4Fragments+st.IPv6Fragments == 0 {
			t.Errorf("v6 %v: stats %+v", v6, st)
		}
	}
}
