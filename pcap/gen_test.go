package pcap

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/wire"
)

// Capture synthesis for the tests: real crypto/tls conversations
// (internal/tlsgen, one TCP segment per Write) carried in Ethernet, VLAN,
// SLL2, loopback or raw IP frames, written as pcap or pcapng.

var (
	convOnce sync.Once
	convs    []*tlsgen.Conversation
	convErr  error
)

// conversations runs every tlsgen scenario once per test binary.
func conversations(t testing.TB) []*tlsgen.Conversation {
	convOnce.Do(func() {
		ss, err := tlsgen.Scenarios()
		if err != nil {
			convErr = err
			return
		}
		for _, s := range ss {
			c, err := tlsgen.Run(s)
			if err != nil {
				convErr = err
				return
			}
			convs = append(convs, c)
		}
	})
	if convErr != nil {
		t.Fatal(convErr)
	}
	return convs
}

func conversation(t testing.TB, name string) *tlsgen.Conversation {
	for _, c := range conversations(t) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no scenario %q", name)
	return nil
}

// expected is what a reader must find in one direction of a conversation.
type expected struct {
	msgs      [][]byte
	encrypted Counts
}

// expect extracts, independently of the code under test, the plaintext
// handshake messages of one direction and its protected record counts:
// records are plaintext up to the first application_data record, or up to
// ChangeCipherSpec below TLS 1.3, where the ChangeCipherSpec is only for
// compatibility (RFC 8446 §D.4). A TLS 1.3 server's records after its
// ServerHello are application_data on the wire anyway.
func expect(t testing.TB, stream []byte, tls13 bool) expected {
	var e expected
	var hs []byte
	protected := false
	rs := wire.Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		switch {
		case protected || r.ContentType == wire.ContentApplicationData:
			protected = true
			e.encrypted.Records++
			e.encrypted.Bytes += uint64(len(r.Payload))
		case r.ContentType == wire.ContentChangeCipherSpec:
			protected = !tls13
		case r.ContentType == wire.ContentHandshake:
			hs = append(hs, r.Payload...)
			for len(hs) >= 4 {
				n := 4 + (int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3]))
				if len(hs) < n {
					break
				}
				e.msgs = append(e.msgs, hs[:n:n])
				hs = hs[n:]
			}
		}
	}
	if rs.Err() != nil || len(rs.Rest()) != 0 {
		t.Fatalf("recorded stream does not parse: %v", rs.Err())
	}
	return e
}

func expectConv(t testing.TB, c *tlsgen.Conversation) [2]expected {
	c2s, s2c := c.Streams()
	v13 := c.State.Version == 0x0304
	return [2]expected{expect(t, c2s, v13), expect(t, s2c, v13)}
}

// checkFlow asserts that f holds exactly the expected messages and counts.
func checkFlow(t testing.TB, f *Flow, want [2]expected, checkCounts bool) {
	t.Helper()
	for d := ClientToServer; d <= ServerToClient; d++ {
		var got [][]byte
		for _, m := range f.Messages {
			if m.Dir == d {
				got = append(got, m.Raw)
				if m.Type != wire.HandshakeType(m.Raw[0]) {
					t.Errorf("%v: message type %v, raw type %d", d, m.Type, m.Raw[0])
				}
			}
		}
		if len(got) != len(want[d].msgs) {
			t.Errorf("%v: %d messages, want %d (%v)", d, len(got), len(want[d].msgs), f)
			continue
		}
		for i := range got {
			if !bytes.Equal(got[i], want[d].msgs[i]) {
				t.Errorf("%v: message %d (%v) differs", d, i, wire.HandshakeType(want[d].msgs[i][0]))
			}
		}
		if checkCounts && f.Encrypted[d] != want[d].encrypted {
			t.Errorf("%v: encrypted %+v, want %+v", d, f.Encrypted[d], want[d].encrypted)
		}
	}
}

// frame describes how packets are encapsulated.
type frame struct {
	link layers.LinkType
	vlan []uint16 // 802.1Q tags (two for QinQ)
	v6   bool
}

var (
	ethernet = frame{link: layers.LinkTypeEthernet}
	macA     = net.HardwareAddr{2, 0, 0, 0, 0, 1}
	macB     = net.HardwareAddr{2, 0, 0, 0, 0, 2}
)

// ipPacket serializes an IP packet carrying transport l (TCP or UDP).
func ipPacket(t testing.TB, v6 bool, src, dst netip.Addr, l gopacket.SerializableLayer, payload []byte) []byte {
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	var ip gopacket.SerializableLayer
	var nl gopacket.NetworkLayer
	proto := layers.IPProtocolTCP
	if _, ok := l.(*layers.UDP); ok {
		proto = layers.IPProtocolUDP
	}
	if v6 {
		ip6 := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: proto, SrcIP: src.AsSlice(), DstIP: dst.AsSlice()}
		ip, nl = ip6, ip6
	} else {
		ip4 := &layers.IPv4{Version: 4, TTL: 64, Protocol: proto, SrcIP: src.AsSlice(), DstIP: dst.AsSlice(), Flags: layers.IPv4DontFragment}
		ip, nl = ip4, ip4
	}
	switch tl := l.(type) {
	case *layers.TCP:
		tl.SetNetworkLayerForChecksum(nl)
	case *layers.UDP:
		tl.SetNetworkLayerForChecksum(nl)
	}
	if err := gopacket.SerializeLayers(buf, opts, ip, l, gopacket.Payload(payload)); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), buf.Bytes()...)
}

// wrap adds the link-layer header of fr to an IP packet.
func wrap(t testing.TB, fr frame, ip []byte) []byte {
	v6 := ip[0]>>4 == 6
	etype := layers.EthernetTypeIPv4
	if v6 {
		etype = layers.EthernetTypeIPv6
	}
	switch fr.link {
	case layers.LinkTypeEthernet:
		var ls []gopacket.SerializableLayer
		eth := &layers.Ethernet{SrcMAC: macA, DstMAC: macB, EthernetType: etype}
		ls = append(ls, eth)
		if len(fr.vlan) > 0 {
			eth.EthernetType = layers.EthernetTypeQinQ
			if len(fr.vlan) == 1 {
				eth.EthernetType = layers.EthernetTypeDot1Q
			}
			for i, id := range fr.vlan {
				next := layers.EthernetTypeDot1Q
				if i == len(fr.vlan)-1 {
					next = etype
				}
				ls = append(ls, &layers.Dot1Q{VLANIdentifier: id, Type: next})
			}
		}
		ls = append(ls, gopacket.Payload(ip))
		buf := gopacket.NewSerializeBuffer()
		if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, ls...); err != nil {
			t.Fatal(err)
		}
		return append([]byte(nil), buf.Bytes()...)
	case layers.LinkTypeLinuxSLL2:
		// protocol, reserved, ifindex, ARPHRD_ETHER, packet type, addr len, addr[8]
		h := make([]byte, 20)
		binary.BigEndian.PutUint16(h[0:], uint16(etype))
		binary.BigEndian.PutUint32(h[4:], 3)
		binary.BigEndian.PutUint16(h[8:], 1)
		h[10], h[11] = 0, 6
		copy(h[12:], macA)
		return append(h, ip...)
	case layers.LinkTypeLinuxSLL:
		h := make([]byte, 16)
		binary.BigEndian.PutUint16(h[2:], 1)
		binary.BigEndian.PutUint16(h[4:], 6)
		copy(h[6:], macA)
		binary.BigEndian.PutUint16(h[14:], uint16(etype))
		return append(h, ip...)
	case layers.LinkTypeNull, layers.LinkTypeLoop:
		fam := uint32(2)
		if v6 {
			fam = 30
		}
		h := make([]byte, 4)
		if fr.link == layers.LinkTypeNull {
			binary.LittleEndian.PutUint32(h, fam) // host byte order
		} else {
			binary.BigEndian.PutUint32(h, fam) // OpenBSD loop: network order
		}
		return append(h, ip...)
	case layers.LinkTypePPP:
		proto := []byte{0xff, 0x03, 0x00, 0x21}
		if v6 {
			proto[3] = 0x57
		}
		return append(proto, ip...)
	case layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6, 12, 14:
		return ip
	}
	t.Fatalf("link %v not synthesised", fr.link)
	return nil
}

// pkt is one captured packet.
type pkt struct {
	ts    time.Time
	data  []byte
	iface int
}

// tcpFlow synthesises the packets of one TCP connection.
type tcpFlow struct {
	t          testing.TB
	fr         frame
	cli, srv   netip.AddrPort
	cseq, sseq uint32 // next sequence number per side
	ts         time.Time
	pkts       []pkt
}

func newTCPFlow(t testing.TB, fr frame, cli, srv netip.AddrPort, isn uint32, ts time.Time) *tcpFlow {
	return &tcpFlow{t: t, fr: fr, cli: cli, srv: srv, cseq: isn, sseq: isn ^ 0x5a5a5a5a, ts: ts}
}

func (f *tcpFlow) seg(fromClient bool, syn, ack, fin, rst bool, seq uint32, payload []byte) []byte {
	src, dst := f.cli, f.srv
	ackn := f.sseq
	if !fromClient {
		src, dst = f.srv, f.cli
		ackn = f.cseq
	}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(src.Port()), DstPort: layers.TCPPort(dst.Port()), Seq: seq, Window: 65535,
		SYN: syn, ACK: ack, FIN: fin, RST: rst, PSH: len(payload) > 0}
	if ack {
		tcp.Ack = ackn
	}
	f.ts = f.ts.Add(time.Millisecond)
	return wrap(f.t, f.fr, ipPacket(f.t, f.fr.v6, src.Addr(), dst.Addr(), tcp, payload))
}

func (f *tcpFlow) add(data []byte) { f.pkts = append(f.pkts, pkt{ts: f.ts, data: data}) }

// handshake adds SYN, SYN-ACK, ACK.
func (f *tcpFlow) handshake() {
	f.add(f.seg(true, true, false, false, false, f.cseq, nil))
	f.cseq++
	f.add(f.seg(false, true, true, false, false, f.sseq, nil))
	f.sseq++
	f.add(f.seg(true, false, true, false, false, f.cseq, nil))
}

// data adds one segment from a side and advances its sequence number.
func (f *tcpFlow) data(fromClient bool, b []byte) {
	seq := &f.sseq
	if fromClient {
		seq = &f.cseq
	}
	f.add(f.seg(fromClient, false, true, false, false, *seq, b))
	*seq += uint32(len(b))
}

// close adds FIN from both sides.
func (f *tcpFlow) close() {
	f.add(f.seg(true, false, true, true, false, f.cseq, nil))
	f.cseq++
	f.add(f.seg(false, false, true, true, false, f.sseq, nil))
	f.sseq++
	f.add(f.seg(true, false, true, false, false, f.cseq, nil))
}

// conv adds a whole recorded conversation, one segment per Write.
func (f *tcpFlow) conv(c *tlsgen.Conversation) {
	for _, w := range c.Writes {
		f.data(w.ClientToServer, w.Data)
	}
}

var (
	cliAddr  = netip.MustParseAddrPort("192.0.2.1:40000")
	srvAddr  = netip.MustParseAddrPort("198.51.100.7:443")
	cliAddr6 = netip.MustParseAddrPort("[2001:db8::1]:40000")
	srvAddr6 = netip.MustParseAddrPort("[2001:db8::7]:443")
	t0       = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
)

// Capture file formats.
const (
	fmtPcap     = "pcap"       // pcapgo.Writer, microseconds, little endian
	fmtPcapNs   = "pcap-ns"    // pcapgo.Writer, nanoseconds
	fmtPcapBE   = "pcap-be"    // big endian, microseconds (written here)
	fmtPcapBENs = "pcap-be-ns" // big endian, nanoseconds (written here)
	fmtPcapng   = "pcapng"     // pcapgo.NgWriter
)

// convFlow is conversation c over a whole TCP connection (SYN, the
// conversation, FIN), between cliAddr and srvAddr or, with fr.v6, their
// IPv6 counterparts.
func convFlow(t testing.TB, fr frame, c *tlsgen.Conversation) *tcpFlow {
	cli, srv := cliAddr, srvAddr
	if fr.v6 {
		cli, srv = cliAddr6, srvAddr6
	}
	tf := newTCPFlow(t, fr, cli, srv, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	return tf
}

// writeCapture writes packets in the given format; links lists one link
// type per pcapng interface (pkt.iface indexes it).
func writeCapture(t testing.TB, format string, compress bool, links []layers.LinkType, pkts []pkt) []byte {
	var out bytes.Buffer
	var w interface {
		Write([]byte) (int, error)
	} = &out
	var zw *gzip.Writer
	if compress {
		zw = gzip.NewWriter(&out)
		w = zw
	}
	switch format {
	case fmtPcap, fmtPcapNs:
		pw := pcapgo.NewWriter(w)
		if format == fmtPcapNs {
			pw = pcapgo.NewWriterNanos(w)
		}
		writePcapgo(t, pw, 65535, links[0], pkts)
	case fmtPcapBE, fmtPcapBENs:
		h := make([]byte, 24)
		binary.BigEndian.PutUint32(h[0:], 0xa1b2c3d4)
		frac := func(ts time.Time) uint32 { return uint32(ts.Nanosecond() / 1000) }
		if format == fmtPcapBENs {
			binary.BigEndian.PutUint32(h[0:], 0xa1b23c4d)
			frac = func(ts time.Time) uint32 { return uint32(ts.Nanosecond()) }
		}
		binary.BigEndian.PutUint16(h[4:], 2)
		binary.BigEndian.PutUint16(h[6:], 4)
		binary.BigEndian.PutUint32(h[16:], 65535)
		binary.BigEndian.PutUint32(h[20:], uint32(links[0]))
		w.Write(h)
		for _, p := range pkts {
			r := make([]byte, 16)
			binary.BigEndian.PutUint32(r[0:], uint32(p.ts.Unix()))
			binary.BigEndian.PutUint32(r[4:], frac(p.ts))
			binary.BigEndian.PutUint32(r[8:], uint32(len(p.data)))
			binary.BigEndian.PutUint32(r[12:], uint32(len(p.data)))
			w.Write(r)
			w.Write(p.data)
		}
	case fmtPcapng:
		nw, err := pcapgo.NewNgWriterInterface(w, pcapgo.NgInterface{LinkType: links[0], SnapLength: 65535}, pcapgo.NgWriterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range links[1:] {
			if _, err := nw.AddInterface(pcapgo.NgInterface{LinkType: l, SnapLength: 65535}); err != nil {
				t.Fatal(err)
			}
		}
		for _, p := range pkts {
			ci := gopacket.CaptureInfo{Timestamp: p.ts, CaptureLength: len(p.data), Length: len(p.data), InterfaceIndex: p.iface}
			if err := nw.WritePacket(ci, p.data); err != nil {
				t.Fatal(err)
			}
		}
		if err := nw.Flush(); err != nil {
			t.Fatal(err)
		}
	default:
		t.Fatalf("format %q", format)
	}
	if zw != nil {
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// readAll reads a capture and returns its flows and the final error.
func readAll(t testing.TB, capture []byte, opts Options) ([]*Flow, *Reader, error) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(capture), opts)
	if err != nil {
		t.Fatalf("NewReader: %v", err)
	}
	var flows []*Flow
	var last error
	for f, err := range r.Flows() {
		if err != nil {
			if last != nil {
				t.Errorf("second error %v after %v", err, last)
			}
			last = err
			continue
		}
		if last != nil {
			t.Errorf("flow after the error")
		}
		flows = append(flows, f)
	}
	return flows, r, last
}

// oneFlow reads a capture that must hold exactly one flow and no error.
func oneFlow(t testing.TB, capture []byte, opts Options) *Flow {
	t.Helper()
	flows, _, err := readAll(t, capture, opts)
	if err != nil {
		t.Fatalf("read error: %v", err)
	}
	if len(flows) != 1 {
		t.Fatalf("%d flows, want 1", len(flows))
	}
	return flows[0]
}

func gzipBytes(t testing.TB, b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// writePcapgo writes a classic pcap file header with snap length snaplen
// and link type link, then pkts, with pw.
func writePcapgo(t testing.TB, pw *pcapgo.Writer, snaplen uint32, link layers.LinkType, pkts []pkt) {
	t.Helper()
	if err := pw.WriteFileHeader(snaplen, link); err != nil {
		t.Fatal(err)
	}
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: p.ts, CaptureLength: len(p.data), Length: len(p.data)}
		if err := pw.WritePacket(ci, p.data); err != nil {
			t.Fatal(err)
		}
	}
}

// interleave alternates the packets of a and b, b's on interface 1 (the
// second interface of a pcapng capture).
func interleave(a, b []pkt) []pkt {
	var pkts []pkt
	for i := range max(len(a), len(b)) {
		if i < len(a) {
			pkts = append(pkts, a[i])
		}
		if i < len(b) {
			p := b[i]
			p.iface = 1
			pkts = append(pkts, p)
		}
	}
	return pkts
}
