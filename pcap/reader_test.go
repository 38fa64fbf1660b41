package pcap

import (
	"bytes"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/wire"
)

// TestScenariosAllFormats: every tlsgen handshake, in every file format,
// plain and gzip, over IPv4 and IPv6, yields exactly the recorded
// messages, the protected record counts, endpoints and timestamps.
func TestScenariosAllFormats(t *testing.T) {
	for _, c := range conversations(t) {
		want := expectConv(t, c)
		for _, format := range []string{fmtPcap, fmtPcapNs, fmtPcapBE, fmtPcapBENs, fmtPcapng} {
			for _, gz := range []bool{false, true} {
				for _, v6 := range []bool{false, true} {
					cli, srv := cliAddr, srvAddr
					if v6 {
						cli, srv = cliAddr6, srvAddr6
					}
					tf := newTCPFlow(t, frame{link: layers.LinkTypeEthernet, v6: v6}, cli, srv, 1000, t0)
					tf.handshake()
					tf.conv(c)
					tf.close()
					capture := writeCapture(t, format, gz, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts)
					f := oneFlow(t, capture, Options{})
					checkFlow(t, f, want, true)
					if f.Client != cli || f.Server != srv || f.Transport != TransportTCP || f.Protocol != ProtocolTLS || f.End != EndFIN {
						t.Errorf("%s %s: flow %v", c.Name, format, f)
					}
					if len(f.Problems) != 0 || f.Preamble != "" {
						t.Errorf("%s %s: problems %v preamble %q", c.Name, format, f.Problems, f.Preamble)
					}
					// The flow ends at the second FIN: the last ACK after
					// it is absorbed by the closed flow's tombstone.
					if !f.First.Equal(tf.pkts[0].ts) || !f.Last.Equal(tf.pkts[len(tf.pkts)-2].ts) {
						t.Errorf("%s %s: times %v..%v", c.Name, format, f.First, f.Last)
					}
					if f.ClientHellos() < 1 {
						t.Errorf("%s: no ClientHello", c.Name)
					}
				}
			}
		}
	}
}

// TestLinkTypes: the same conversation in every supported encapsulation.
func TestLinkTypes(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	want := expectConv(t, c)
	for _, fr := range []frame{
		{link: layers.LinkTypeEthernet, vlan: []uint16{100}},
		{link: layers.LinkTypeEthernet, vlan: []uint16{100, 200}, v6: true},
		{link: layers.LinkTypeLinuxSLL},
		{link: layers.LinkTypeLinuxSLL2},
		{link: layers.LinkTypeLinuxSLL2, v6: true},
		{link: layers.LinkTypeNull},
		{link: layers.LinkTypeNull, v6: true},
		{link: layers.LinkTypeLoop},
		{link: layers.LinkTypePPP},
		{link: layers.LinkTypeRaw},
		{link: layers.LinkTypeRaw, v6: true},
		{link: 12},
		{link: 14, v6: true},
		{link: layers.LinkTypeIPv4},
		{link: layers.LinkTypeIPv6, v6: true},
	} {
		tf := convFlow(t, fr, c)
		cli := tf.cli
		for _, format := range []string{fmtPcap, fmtPcapng} {
			f := oneFlow(t, writeCapture(t, format, false, []layers.LinkType{fr.link}, tf.pkts), Options{})
			checkFlow(t, f, want, true)
			if f.Client != cli {
				t.Errorf("link %v %s: client %v", fr.link, format, f.Client)
			}
		}
	}
}

// TestPcapngInterfaces: two interfaces with different link types in one
// pcapng file, each carrying its own flow, packets interleaved.
func TestPcapngInterfaces(t *testing.T) {
	c1 := conversation(t, "tls13-default")
	c2 := conversation(t, "tls12-ecdhe-ecdsa")
	a := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.conv(c1)
	a.close()
	b := newTCPFlow(t, frame{link: layers.LinkTypeLinuxSLL2, v6: true}, cliAddr6, srvAddr6, 2, t0)
	b.handshake()
	b.conv(c2)
	b.close()
	pkts := interleave(a.pkts, b.pkts)
	flows, _, err := readAll(t, writeCapture(t, fmtPcapng, true, []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL2}, pkts), Options{})
	if err != nil || len(flows) != 2 {
		t.Fatalf("%d flows, %v", len(flows), err)
	}
	for _, f := range flows {
		if f.Client == cliAddr {
			checkFlow(t, f, expectConv(t, c1), true)
		} else {
			checkFlow(t, f, expectConv(t, c2), true)
		}
	}
}

// TestPcapngSections: two pcapng sections concatenated, the second with
// another link type, read as one stream.
func TestPcapngSections(t *testing.T) {
	c := conversation(t, "tls12-rsa-kx")
	a := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.conv(c)
	a.close()
	b := newTCPFlow(t, frame{link: layers.LinkTypeRaw}, cliAddr, netip.MustParseAddrPort("198.51.100.8:8443"), 1, t0.Add(time.Second))
	b.handshake()
	b.conv(c)
	b.close()
	capture := append(writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, a.pkts),
		writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeRaw}, b.pkts)...)
	flows, _, err := readAll(t, capture, Options{})
	if err != nil || len(flows) != 2 {
		t.Fatalf("%d flows, %v", len(flows), err)
	}
	for _, f := range flows {
		checkFlow(t, f, expectConv(t, c), true)
	}
}

// segmentation variants: each returns the segments to send for one
// direction's writes, in capture order, as (seq offset, bytes).
type piece struct {
	off  int
	data []byte
}

// sendPieces emits pieces of one direction's stream starting at base.
func (f *tcpFlow) sendPieces(fromClient bool, base uint32, ps []piece) {
	for _, p := range ps {
		f.add(f.seg(fromClient, false, true, false, false, base+uint32(p.off), p.data))
	}
}

// streamed builds a flow whose two directions are sent as given piece
// lists, one direction after the other per Write so that the
// conversation's causality is kept: cut splits each Write.
func streamed(t *testing.T, c *tlsgen.Conversation, isn uint32, cut func(off int, w []byte) []piece) *tcpFlow {
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, isn, t0)
	tf.handshake()
	base := [2]uint32{tf.cseq, tf.sseq}
	var off [2]int
	for _, w := range c.Writes {
		s := 1
		if w.ClientToServer {
			s = 0
		}
		tf.sendPieces(w.ClientToServer, base[s], cut(off[s], w.Data))
		off[s] += len(w.Data)
	}
	tf.cseq, tf.sseq = base[0]+uint32(off[0]), base[1]+uint32(off[1])
	tf.close()
	return tf
}

// TestSegmentation: 1-byte segments, reordering, duplicates, overlaps
// with identical bytes, and sequence wraparound all reassemble exactly.
func TestSegmentation(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	variants := map[string]func(off int, w []byte) []piece{
		"one-byte": func(off int, w []byte) []piece {
			var ps []piece
			for i := range w {
				ps = append(ps, piece{off + i, w[i : i+1]})
			}
			return ps
		},
		"reversed": func(off int, w []byte) []piece {
			var ps []piece
			for i := len(w); i > 0; i -= 100 {
				lo := max(i-100, 0)
				ps = append(ps, piece{off + lo, w[lo:i]})
			}
			return ps
		},
		"shuffled-duplicated": func(off int, w []byte) []piece {
			var ps []piece
			for i := 0; i < len(w); i += 37 {
				hi := min(i+37, len(w))
				ps = append(ps, piece{off + i, w[i:hi]}, piece{off + i, w[i:hi]})
			}
			rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
			return ps
		},
		"overlapping": func(off int, w []byte) []piece {
			// Retransmissions re-cut at other boundaries, first copies out of order.
			var ps []piece
			for i := 0; i < len(w); i += 50 {
				ps = append(ps, piece{off + i, w[i:min(i+80, len(w))]})
			}
			for i, j := 0, len(ps)-1; i < j; i, j = i+1, j-1 {
				ps[i], ps[j] = ps[j], ps[i]
			}
			return append(ps, piece{off, w})
		},
	}
	for _, c := range conversations(t) {
		want := expectConv(t, c)
		for name, cut := range variants {
			for _, isn := range []uint32{1, 0xffffff00} { // the second wraps in the handshake
				tf := streamed(t, c, isn, cut)
				f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
				checkFlow(t, f, want, true)
				for _, p := range f.Problems {
					t.Errorf("%s %s isn %x: problem %v", c.Name, name, isn, p)
				}
			}
		}
	}
}

// TestConflictingOverlap: a buffered out-of-order segment overlapped by a
// different copy keeps the first copy and says so.
func TestConflictingOverlap(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	want := expectConv(t, c)
	first := true
	tf := streamed(t, c, 5, func(off int, w []byte) []piece {
		if !first || len(w) < 200 {
			return []piece{{off, w}}
		}
		first = false
		bad := bytes.Repeat([]byte{0xee}, 50)
		// Tail first, then a conflicting copy of part of it, then the head.
		return []piece{{off + 100, w[100:]}, {off + 120, bad}, {off, w[:100]}}
	})
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	checkFlow(t, f, want, true)
	if len(f.Problems) != 1 || f.Problems[0].Kind != ProblemOverlap {
		t.Fatalf("problems %v", f.Problems)
	}
}

// TestGapInHandshake: a lost segment inside the server's first flight is
// reported, the record layer resynchronises, and the client's messages and
// later records are still found.
func TestGapInHandshake(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	want := expectConv(t, c)
	server := 0
	tf := streamed(t, c, 9, func(off int, w []byte) []piece {
		if off > 0 || len(w) < 1000 {
			return []piece{{off, w}}
		}
		server++
		// Drop bytes 200..700 of the server's first flight (inside the
		// Certificate message).
		return []piece{{off, w[:200]}, {off + 700, w[700:]}}
	})
	if server != 1 {
		t.Fatalf("server flight not found")
	}
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	gaps := 0
	for _, p := range f.Problems {
		if p.Kind == ProblemGap && p.Dir == ServerToClient {
			gaps++
		}
	}
	if gaps != 1 || f.MissingBytes[ServerToClient] != 500 {
		t.Fatalf("problems %v missing %v", f.Problems, f.MissingBytes)
	}
	// The client direction is complete; the server's ServerHello (before
	// the gap) and its messages after the resynchronisation are there.
	checkFlow(t, &Flow{Messages: filterDir(f.Messages, ClientToServer)}, [2]expected{want[0], {}}, false)
	got := filterDir(f.Messages, ServerToClient)
	if len(got) == 0 || !bytes.Equal(got[0].Raw, want[1].msgs[0]) {
		t.Fatalf("server messages %d", len(got))
	}
	last := got[len(got)-1]
	if last.Type != wire.TypeServerHelloDone {
		t.Errorf("last server message %v, want server_hello_done after resync", last.Type)
	}
	if f.Encrypted != [2]Counts{want[0].encrypted, want[1].encrypted} {
		t.Errorf("encrypted %+v", f.Encrypted)
	}
}

func filterDir(ms []Message, d Direction) []Message {
	var out []Message
	for _, m := range ms {
		if m.Dir == d {
			out = append(out, m)
		}
	}
	return out
}

// TestGapInApplicationData: bytes lost inside a protected record do not
// disturb the framing and cause no problem, only MissingBytes.
func TestGapInApplicationData(t *testing.T) {
	c := conversation(t, "tls13-alpn-rsa")
	want := expectConv(t, c)
	last := len(c.Writes) - 1
	for last >= 0 && (!c.Writes[last].ClientToServer || len(c.Writes[last].Data) < 40) {
		last--
	}
	i := 0
	tf := streamed(t, c, 3, func(off int, w []byte) []piece {
		defer func() { i++ }()
		if i != last {
			return []piece{{off, w}}
		}
		return []piece{{off, w[:10]}, {off + 30, w[30:]}} // header intact, 20 payload bytes lost
	})
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	checkFlow(t, f, want, true)
	if len(f.Problems) != 0 || f.MissingBytes[ClientToServer] != 20 {
		t.Fatalf("problems %v missing %v", f.Problems, f.MissingBytes)
	}
}

// TestMidFlow: a capture that starts after the handshake began (no SYN,
// no ClientHello) picks the stream up at the first record header.
func TestMidFlow(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 77, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	// Drop the TCP handshake and the ClientHello segment.
	pkts := tf.pkts[4:]
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	want := expectConv(t, c)
	// The server's messages come first now, and fix the roles.
	if f.Client != cliAddr {
		t.Fatalf("client %v", f.Client)
	}
	checkFlow(t, f, [2]expected{{msgs: want[0].msgs[1:], encrypted: want[0].encrypted}, want[1]}, true)
	mid := 0
	for _, p := range f.Problems {
		if p.Kind == ProblemMidFlow {
			mid++
		} else {
			t.Errorf("problem %v", p)
		}
	}
	if mid != 2 {
		t.Errorf("%d mid-flow problems, want 2", mid)
	}
}

// TestPortReuse: two connections on the same 5-tuple, one after the other.
func TestPortReuse(t *testing.T) {
	c1 := conversation(t, "tls13-default")
	c2 := conversation(t, "tls12-resume")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 100, t0)
	tf.handshake()
	tf.conv(c1)
	tf.close()
	tf.cseq += 1 << 20
	tf.handshake()
	tf.conv(c2)
	tf.close()
	flows, _, err := readAll(t, writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if err != nil || len(flows) != 2 {
		t.Fatalf("%d flows, %v", len(flows), err)
	}
	checkFlow(t, flows[0], expectConv(t, c1), true)
	checkFlow(t, flows[1], expectConv(t, c2), true)
}

// TestReuseWithoutFIN: a new SYN with another ISN on a live 5-tuple also
// starts a new flow; the old one is reported as reused.
func TestReuseWithoutFIN(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 100, t0)
	tf.handshake()
	tf.conv(c)
	tf.cseq += 12345
	tf.handshake()
	tf.conv(c)
	tf.close()
	flows, _, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if err != nil || len(flows) != 2 || flows[0].End != EndReused || flows[1].End != EndFIN {
		t.Fatalf("%d flows, %v", len(flows), err)
	}
	for _, f := range flows {
		checkFlow(t, f, expectConv(t, c), true)
	}
}

// TestInterleavedFlows: many connections with their packets interleaved,
// and one ending with RST, one idle.
func TestInterleavedFlows(t *testing.T) {
	cs := conversations(t)
	var tfs []*tcpFlow
	for i, c := range cs {
		cli := netip.AddrPortFrom(cliAddr.Addr(), uint16(41000+i))
		tf := newTCPFlow(t, ethernet, cli, srvAddr, uint32(i)*1000, t0)
		tf.handshake()
		tf.conv(c)
		if i == 0 {
			tf.add(tf.seg(false, false, true, false, true, tf.sseq, nil))
		} else if i != 1 {
			tf.close()
		}
		tfs = append(tfs, tf)
	}
	var pkts []pkt
	for j := 0; ; j++ {
		n := 0
		for _, tf := range tfs {
			if j < len(tf.pkts) {
				pkts = append(pkts, tf.pkts[j])
				n++
			}
		}
		if n == 0 {
			break
		}
	}
	// OnMessage sees each message once, as it completes, with the flow's
	// endpoints set; the Raw slices it got stay valid and equal the ones
	// in the reported flow.
	got := map[*Flow][][]byte{}
	flows, _, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts),
		Options{OnMessage: func(f *Flow, m *Message) {
			if f.Server != srvAddr || f.Protocol != ProtocolTLS || &f.Messages[len(f.Messages)-1] != m {
				t.Errorf("OnMessage: flow %v", f)
			}
			got[f] = append(got[f], m.Raw)
		}})
	if err != nil || len(flows) != len(cs) {
		t.Fatalf("%d flows, %v", len(flows), err)
	}
	for _, f := range flows {
		i := int(f.Client.Port()) - 41000
		checkFlow(t, f, expectConv(t, cs[i]), true)
		want := EndFIN
		switch i {
		case 0:
			want = EndRST
		case 1:
			want = EndEOF
		}
		if f.End != want {
			t.Errorf("flow %d ended %v, want %v", i, f.End, want)
		}
	}
	if len(got) != len(cs) {
		t.Errorf("OnMessage saw %d flows", len(got))
	}
	for _, f := range flows {
		if len(got[f]) != len(f.Messages) {
			t.Fatalf("OnMessage saw %d messages of %d", len(got[f]), len(f.Messages))
		}
		for i, raw := range got[f] {
			if !bytes.Equal(raw, f.Messages[i].Raw) {
				t.Errorf("message %d changed after the callback", i)
			}
		}
	}

	// DiscardMessages: the same messages reach OnMessage (copied there,
	// as Raw is valid during the call only), none is kept in the flow.
	kept := map[netip.AddrPort][][]byte{}
	var types []wire.HandshakeType
	flows2, _, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts),
		Options{DiscardMessages: true, OnMessage: func(f *Flow, m *Message) {
			if f.Server != srvAddr || len(f.Messages) != 0 {
				t.Errorf("OnMessage with DiscardMessages: flow %v", f)
			}
			kept[f.Client] = append(kept[f.Client], bytes.Clone(m.Raw))
			types = append(types, m.Type)
		}})
	if err != nil || len(flows2) != len(cs) {
		t.Fatalf("DiscardMessages: %d flows, %v", len(flows2), err)
	}
	n := 0
	for _, f := range flows {
		want := got[f]
		n += len(want)
		if len(kept[f.Client]) != len(want) {
			t.Fatalf("DiscardMessages: %v: %d messages, want %d", f.Client, len(kept[f.Client]), len(want))
		}
		for i := range want {
			if !bytes.Equal(kept[f.Client][i], want[i]) {
				t.Errorf("DiscardMessages: %v message %d differs", f.Client, i)
			}
		}
	}
	if len(types) != n {
		t.Errorf("DiscardMessages: %d calls, want %d", len(types), n)
	}
	for _, f := range flows2 {
		if len(f.Messages) != 0 {
			t.Errorf("DiscardMessages: flow %v kept %d messages", f.Client, len(f.Messages))
		}
	}
}

// TestIdleTimeout: a flow without packets for IdleTimeout of capture time
// is reported before the capture ends, in capture order.
func TestIdleTimeout(t *testing.T) {
	c := conversation(t, "tls13-default")
	a := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.conv(c)
	b := newTCPFlow(t, ethernet, netip.MustParseAddrPort("192.0.2.2:5000"), srvAddr, 1, t0.Add(time.Hour))
	b.handshake()
	b.conv(c)
	pkts := append(append([]pkt(nil), a.pkts...), b.pkts...)
	r, err := NewReader(bytes.NewReader(writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)), Options{Limits: Limits{IdleTimeout: time.Minute}})
	if err != nil {
		t.Fatal(err)
	}
	var ends []EndReason
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		ends = append(ends, f.End)
	}
	if len(ends) != 2 || ends[0] != EndIdle || ends[1] != EndEOF || r.Stats().FlowsExpired != 1 {
		t.Fatalf("ends %v stats %+v", ends, r.Stats())
	}
}

// TestStartTLSPreambles: TLS after SMTP, PostgreSQL, IMAP, POP3, FTP,
// XMPP, LDAP, MySQL, HTTP CONNECT and SOCKS preambles, on ports that say
// nothing about TLS.
func TestStartTLSPreambles(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	want := expectConv(t, c)
	mysqlGreeting := append([]byte{0x4a, 0, 0, 0, 0x0a}, []byte("8.0.36\x00")...)
	mysqlGreeting = append(mysqlGreeting, bytes.Repeat([]byte{1}, 0x4a-8)...)
	mysqlSSL := append([]byte{0x20, 0, 0, 1, 0x05, 0xae, 0xff, 0x01}, make([]byte, 28)...)
	ldapReq := append([]byte{0x30, 0x1d, 0x02, 0x01, 0x01, 0x77, 0x18, 0x80, 0x16}, []byte("1.3.6.1.4.1.1466.20037")...)
	ldapResp := []byte{0x30, 0x0c, 0x02, 0x01, 0x01, 0x78, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00}
	cases := []struct {
		name string
		port uint16
		pre  [][2]string // (client, server) exchanges before TLS
	}{
		{"smtp", 25, [][2]string{{"", "220 mx.example.test ESMTP\r\n"}, {"EHLO c.example\r\n", "250-mx.example.test\r\n250 STARTTLS\r\n"}, {"STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n"}}},
		{"postgresql", 5432, [][2]string{{string(pgSSLRequest), "S"}}},
		{"imap", 143, [][2]string{{"", "* OK IMAP4rev1 ready\r\n"}, {"a1 STARTTLS\r\n", "a1 OK Begin TLS\r\n"}}},
		{"pop3", 110, [][2]string{{"", "+OK POP3 ready\r\n"}, {"STLS\r\n", "+OK Begin TLS\r\n"}}},
		{"ftp", 21, [][2]string{{"", "220 FTP ready\r\n"}, {"AUTH TLS\r\n", "234 AUTH TLS ok\r\n"}}},
		{"xmpp", 5222, [][2]string{{"<?xml version='1.0'?><stream:stream to='example.test' xmlns='jabber:client'>", "<?xml version='1.0'?><stream:stream from='example.test'><stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:features>"}, {"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"}}},
		{"ldap", 389, [][2]string{{string(ldapReq), string(ldapResp)}}},
		{"mysql", 3306, [][2]string{{"", string(mysqlGreeting)}, {string(mysqlSSL), ""}}},
		{"http-connect", 8080, [][2]string{{"CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n", "HTTP/1.1 200 Connection established\r\n\r\n"}}},
		{"socks5", 1080, [][2]string{{"\x05\x01\x00", "\x05\x00"}, {"\x05\x01\x00\x03\x0cexample.test\x01\xbb", "\x05\x00\x00\x01\xc0\x00\x02\x07\x01\xbb"}}},
		{"socks4", 1080, [][2]string{{"\x04\x01\x01\xbb\xc0\x00\x02\x07user\x00", "\x00\x5a\x01\xbb\xc0\x00\x02\x07"}}},
		{"irc", 6667, [][2]string{{"CAP LS 302\r\nNICK tlswire\r\nUSER tlswire 0 * :tlswire test\r\n", ":irc.example.test CAP * LS :tls multi-prefix sasl\r\n:irc.example.test 001 tlswire :Welcome to the example IRC network, tlswire, a line long enough to pass 64 bytes\r\n"}, {"STARTTLS\r\n", ":irc.example.test 670 tlswire :STARTTLS successful, go ahead with TLS handshake\r\n"}}},
		// A capture that starts after IRC registration (Zeek's irc-starttls.pcap): the reply names it.
		{"irc", 6667, [][2]string{{"STARTTLS\r\n", ":irc.example.test 670  :STARTTLS successful, go ahead with TLS handshake\r\n"}}},
		// A bare STARTTLS with a 220 reply.
		{"smtp", 2525, [][2]string{{"STARTTLS\r\n", "220 2.0.0 Ready to start TLS\r\n"}}},
	}
	for _, tc := range cases {
		srv := netip.AddrPortFrom(srvAddr.Addr(), tc.port)
		tf := newTCPFlow(t, ethernet, cliAddr, srv, 42, t0)
		tf.handshake()
		for _, ex := range tc.pre {
			if ex[0] != "" {
				tf.data(true, []byte(ex[0]))
			}
			if ex[1] != "" {
				tf.data(false, []byte(ex[1]))
			}
		}
		tf.conv(c)
		tf.close()
		f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
		if f.Preamble != tc.name {
			t.Errorf("%s: preamble %q", tc.name, f.Preamble)
		}
		checkFlow(t, f, want, true)
		if len(f.Problems) != 0 {
			t.Errorf("%s: problems %v", tc.name, f.Problems)
		}
	}
}

// TestNotTLS: plain HTTP is not reported, and costs no buffering.
func TestNotTLS(t *testing.T) {
	tf := newTCPFlow(t, ethernet, cliAddr, netip.AddrPortFrom(srvAddr.Addr(), 80), 1, t0)
	tf.handshake()
	tf.data(true, []byte("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n"))
	tf.data(false, []byte("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n"))
	for i := 0; i < 50; i++ {
		tf.data(false, bytes.Repeat([]byte{'x'}, 2000))
	}
	tf.close()
	flows, r, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if err != nil || len(flows) != 0 || r.Stats().FlowsNotTLS != 1 {
		t.Fatalf("%d flows, %v, %+v", len(flows), err, r.Stats())
	}
}

// TestSSLv2Hello: an SSL 2.0 CLIENT-HELLO answered in TLS.
func TestSSLv2Hello(t *testing.T) {
	c := conversation(t, "tls10-ecdhe-rsa")
	want := expectConv(t, c)
	body := []byte{1, 3, 1, 0, 6, 0, 0, 0, 16, 0xc0, 0x13, 0, 0, 0x2f, 0}
	body = append(body, bytes.Repeat([]byte{0xab}, 16)...)
	v2 := append([]byte{0x80 | byte(len(body)>>8), byte(len(body))}, body...)
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.data(true, v2)
	for _, w := range c.Writes[1:] { // the server answers the hello in TLS
		tf.data(w.ClientToServer, w.Data)
	}
	tf.close()
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if len(f.Messages) == 0 || !f.Messages[0].SSLv2 || f.Messages[0].Type != wire.TypeClientHello || !bytes.Equal(f.Messages[0].Raw, body) {
		t.Fatalf("first message %+v", f.Messages)
	}
	want[0].msgs = append([][]byte{body}, want[0].msgs[1:]...)
	checkFlow(t, f, want, true)
}

// TestTruncatedFile: a capture cut in the middle of a packet record yields
// the flows so far and then a clear error.
func TestTruncatedFile(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	for _, format := range []string{fmtPcap, fmtPcapng} {
		for _, gz := range []bool{false, true} {
			full := writeCapture(t, format, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts)
			cut := full[:len(full)*2/3]
			if gz {
				cut = gzipBytes(t, cut)
			}
			flows, _, err := readAll(t, cut, Options{})
			if err == nil || !strings.Contains(err.Error(), "EOF") {
				t.Errorf("%s gz=%v: error %v", format, gz, err)
			}
			if len(flows) != 1 || flows[0].End != EndEOF || len(flows[0].Messages) == 0 {
				t.Fatalf("%s gz=%v: %d flows", format, gz, len(flows))
			}
			if gz {
				// A gzip stream cut short is an error of its own.
				_, _, err := readAll(t, gzipBytes(t, full)[:len(gzipBytes(t, full))-10], Options{})
				if err == nil {
					t.Errorf("%s: cut gzip stream read without error", format)
				}
			}
		}
	}
}

// TestNotACapture: input that is no capture is refused up front.
func TestNotACapture(t *testing.T) {
	for _, in := range [][]byte{nil, []byte("hello world, not a capture"), gzipBytes(t, []byte("plain text"))} {
		if _, err := NewReader(bytes.NewReader(in), Options{}); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// TestFINBeforeData: a FIN that overtakes the last data segments in the
// capture does not end the flow before that data is read.
func TestFINBeforeData(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	n := len(tf.pkts)
	// Move both FINs (the last three packets are FIN, FIN, ACK) before the
	// last four data segments.
	fins := append([]pkt(nil), tf.pkts[n-3:n-1]...)
	pkts := append(append(append([]pkt(nil), tf.pkts[:n-7]...), fins...), tf.pkts[n-7:n-3]...)
	pkts = append(pkts, tf.pkts[n-1])
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	checkFlow(t, f, expectConv(t, c), true)
	if f.End != EndFIN || len(f.Problems) != 0 {
		t.Fatalf("end %v problems %v", f.End, f.Problems)
	}
}

// TestSSLv2Session: an SSL 2.0 CLIENT-HELLO answered by an SSL 2.0
// SERVER-HELLO; the later SSL 2.0 records (2- and 3-byte headers) are
// counted as protected.
func TestSSLv2Session(t *testing.T) {
	v2 := func(body []byte) []byte { return append([]byte{0x80 | byte(len(body)>>8), byte(len(body))}, body...) }
	ch := append([]byte{1, 0, 2, 0, 3, 0, 0, 0, 16, 1, 0, 0x80}, bytes.Repeat([]byte{0xab}, 16)...)
	sh := append([]byte{4, 0, 1, 0, 2, 0, 4, 0, 3, 0, 16, 1, 0, 0x80}, bytes.Repeat([]byte{0xcd}, 23)...)
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.data(true, v2(ch))
	tf.data(false, v2(sh))
	tf.data(true, append(v2(bytes.Repeat([]byte{2}, 40)), append([]byte{0x00, 0x20, 0x05}, bytes.Repeat([]byte{7}, 0x20)...)...))
	tf.data(false, v2(bytes.Repeat([]byte{9}, 100)))
	tf.close()
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if len(f.Messages) != 2 || !f.Messages[0].SSLv2 || f.Messages[1].Type != wire.TypeServerHello || !bytes.Equal(f.Messages[1].Raw, sh) {
		t.Fatalf("messages %+v", f.Messages)
	}
	want := [2]Counts{{Records: 2, Bytes: 40 + 0x20}, {Records: 1, Bytes: 100}}
	if f.Encrypted != want || len(f.Problems) != 0 {
		t.Fatalf("encrypted %+v problems %v", f.Encrypted, f.Problems)
	}
}

// TestSSLv2ClientMasterKey: the client's first SSL 2.0 record after the
// hellos, a CLIENT-MASTER-KEY whose lengths agree, is reported as a
// ClientKeyExchange marked SSLv2; the records after it are counted.
func TestSSLv2ClientMasterKey(t *testing.T) {
	v2 := func(body []byte) []byte { return append([]byte{0x80 | byte(len(body)>>8), byte(len(body))}, body...) }
	ch := append([]byte{1, 0, 2, 0, 3, 0, 0, 0, 16, 1, 0, 0x80}, bytes.Repeat([]byte{0xab}, 16)...)
	sh := append([]byte{4, 0, 1, 0, 2, 0, 4, 0, 3, 0, 16, 1, 0, 0x80}, bytes.Repeat([]byte{0xcd}, 23)...)
	cmk := append([]byte{2, 1, 0, 0x80, 0, 0, 0, 16, 0, 0}, bytes.Repeat([]byte{0xee}, 16)...)
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.data(true, v2(ch))
	tf.data(false, v2(sh))
	tf.data(true, append(v2(cmk), v2(bytes.Repeat([]byte{2}, 40))...))
	tf.data(false, v2(bytes.Repeat([]byte{9}, 100)))
	tf.close()
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	if len(f.Messages) != 3 || f.Messages[2].Type != wire.TypeClientKeyExchange || !f.Messages[2].SSLv2 || f.Messages[2].Dir != ClientToServer || !bytes.Equal(f.Messages[2].Raw, cmk) {
		t.Fatalf("messages %+v", f.Messages)
	}
	want := [2]Counts{{Records: 1, Bytes: 40}, {Records: 1, Bytes: 100}}
	if f.Encrypted != want || len(f.Problems) != 0 {
		t.Fatalf("encrypted %+v problems %v", f.Encrypted, f.Problems)
	}
}

// TestForwardOnlyStream: a stream that yields one byte per Read (like a
// slow pipe on standard input) reads the same, in every format.
func TestForwardOnlyStream(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	want := expectConv(t, c)
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	for _, format := range []string{fmtPcap, fmtPcapng} {
		for _, gz := range []bool{false, true} {
			capture := writeCapture(t, format, gz, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts)
			r, err := NewReader(iotest.OneByteReader(bytes.NewReader(capture)), Options{})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for f, err := range r.Flows() {
				if err != nil {
					t.Fatalf("%s gz=%v: %v", format, gz, err)
				}
				checkFlow(t, f, want, true)
				n++
			}
			if n != 1 {
				t.Fatalf("%s gz=%v: %d flows", format, gz, n)
			}
		}
	}
}

// TestStopEarly: a consumer that stops after the first flow ends the
// read-ahead goroutine (none is left behind), and so does reading to the
// end; the batches handed over keep packet order across batch boundaries
// (a capture of more packets than one batch holds).
func TestStopEarly(t *testing.T) {
	c := conversation(t, "tls13-default")
	var pkts []pkt
	var tfs []*tcpFlow
	for i := 0; i < 40; i++ {
		tf := newTCPFlow(t, ethernet, netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 1, byte(i >> 8), byte(i)}), 40000), srvAddr, uint32(i)*7919, t0)
		tf.handshake()
		tf.conv(c)
		tf.close()
		tfs = append(tfs, tf)
	}
	for _, tf := range tfs {
		pkts = append(pkts, tf.pkts...)
	}
	// Repeat the set of flows until the capture spans several batches.
	for len(pkts) < 3*batchPackets {
		pkts = append(pkts, pkts...)
	}
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	base := runtime.NumGoroutine()
	r, err := NewReader(bytes.NewReader(capture), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for range r.Flows() {
		break
	}
	waitGoroutines(t, base)

	r, err = NewReader(bytes.NewReader(capture), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := expectConv(t, c)
	n := 0
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		checkFlow(t, f, want, true)
		n++
	}
	if st := r.Stats(); st.Packets != uint64(len(pkts)) || n == 0 {
		t.Fatalf("%d flows, %d packets of %d", n, st.Packets, len(pkts))
	}
	waitGoroutines(t, base)
}

// waitGoroutines waits up to 5 s for the goroutine count to fall to base.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > base; {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before the Reader", runtime.NumGoroutine(), base)
		}
		time.Sleep(time.Millisecond)
	}
}
