package resumption_test

import (
	"bytes"
	"crypto/tls"
	"net/netip"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/resumption/pcaplink"
)

// tcpConn is one recorded connection to lay out in a capture: its
// endpoints, when it opens, and when it closes (FIN from both sides).
type tcpConn struct {
	client, server netip.AddrPort
	conv           *tlsgen.Conversation
	open, close    time.Time
}

// packet is one captured TCP segment.
type packet struct {
	at   time.Time
	data []byte
}

// segments lays a connection out as raw IPv4 TCP segments: the three-way
// handshake at open, one segment per recorded write a millisecond apart,
// and the FINs at close.
func segments(t *testing.T, c tcpConn) []packet {
	seq := [2]uint32{1000, 5000}
	var out []packet
	emit := func(at time.Time, c2s bool, syn, ack, fin bool, payload []byte) {
		src, dst, i := c.client, c.server, 0
		if !c2s {
			src, dst, i = c.server, c.client, 1
		}
		tcp := &layers.TCP{SrcPort: layers.TCPPort(src.Port()), DstPort: layers.TCPPort(dst.Port()), Seq: seq[i], Ack: seq[1-i],
			SYN: syn, ACK: ack, FIN: fin, PSH: len(payload) > 0, Window: 65535}
		ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src.Addr().AsSlice(), DstIP: dst.Addr().AsSlice()}
		tcp.SetNetworkLayerForChecksum(ip)
		buf := gopacket.NewSerializeBuffer()
		if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ip, tcp, gopacket.Payload(payload)); err != nil {
			t.Fatal(err)
		}
		seq[i] += uint32(len(payload))
		if syn || fin {
			seq[i]++
		}
		out = append(out, packet{at, bytes.Clone(buf.Bytes())})
	}
	emit(c.open, true, true, false, false, nil)
	emit(c.open, false, true, true, false, nil)
	emit(c.open, true, false, true, false, nil)
	for i, w := range c.conv.Writes {
		emit(c.open.Add(time.Duration(i+1)*time.Millisecond), w.ClientToServer, false, true, false, w.Data)
	}
	emit(c.close, true, false, true, true, nil)
	emit(c.close, false, false, true, true, nil)
	return out
}

// writeCapture writes the connections' segments, in time order, as a
// classic pcap of raw IPv4.
func writeCapture(t *testing.T, conns ...tcpConn) []byte {
	var pkts []packet
	for _, c := range conns {
		pkts = append(pkts, segments(t, c)...)
	}
	// A stable insertion sort: segments of one instant keep their order.
	for i := 1; i < len(pkts); i++ {
		for j := i; j > 0 && pkts[j].at.Before(pkts[j-1].at); j-- {
			pkts[j], pkts[j-1] = pkts[j-1], pkts[j]
		}
	}
	var out bytes.Buffer
	w := pcapgo.NewWriter(&out)
	if err := w.WriteFileHeader(65535, layers.LinkTypeRaw); err != nil {
		t.Fatal(err)
	}
	for _, p := range pkts {
		ci := gopacket.CaptureInfo{Timestamp: p.at, CaptureLength: len(p.data), Length: len(p.data)}
		if err := w.WritePacket(ci, p.data); err != nil {
			t.Fatal(err)
		}
	}
	return out.Bytes()
}

// readCapture reads a capture through a pcaplink.Linker (messages fed as
// they complete, what open flows issue to the Index at once) and returns
// the flows in the order the reader yielded them, with each one's link at
// that moment.
func readCapture(t *testing.T, l *pcaplink.Linker, capture []byte) (flows []*resumption.Flow, atEnd []resumption.Link) {
	r, err := pcap.NewReader(bytes.NewReader(capture), pcap.Options{OnMessage: l.OnMessage})
	if err != nil {
		t.Fatal(err)
	}
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		rf := l.Ended(f)
		flows = append(flows, rf)
		atEnd = append(atEnd, rf.Link())
	}
	return flows, atEnd
}

// tls12Conns records a TLS 1.2 connection that issues a ticket and one
// that resumes it: the issuer stays open from t0 to t0+3s, the resumer
// runs from t0+1s to t0+2s and so ends first.
func tls12Conns(t *testing.T) (issuer, resumer tcpConn) {
	client := &tls.Config{MaxVersion: tls.VersionTLS12, ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	server := &tls.Config{}
	server.SetSessionTicketKeys([][32]byte{{4, 5, 6}})
	var convs []*tlsgen.Conversation
	for range 2 {
		c, err := tlsgen.Run(tlsgen.Scenario{Name: "tls12-resume", Client: client, Server: server, AppData: []byte("ping")})
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, c)
	}
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := netip.MustParseAddrPort("192.0.2.1:443")
	issuer = tcpConn{netip.MustParseAddrPort("198.51.100.7:40001"), srv, convs[0], t0, t0.Add(3 * time.Second)}
	resumer = tcpConn{netip.MustParseAddrPort("198.51.100.7:40002"), srv, convs[1], t0.Add(time.Second), t0.Add(2 * time.Second)}
	return issuer, resumer
}

// TestPcapIssuerStillOpen: with messages fed as they complete, the
// resumed flow is linked when the reader yields it, before its issuer
// ends.
func TestPcapIssuerStillOpen(t *testing.T) {
	issuer, resumer := tls12Conns(t)
	l := pcaplink.New(resumption.NewIndex(resumption.Options{}), "one.pcap")
	flows, atEnd := readCapture(t, l, writeCapture(t, issuer, resumer))
	if len(flows) != 2 || flows[0].Ref.Client != resumer.client || flows[1].Ref.Client != issuer.client {
		t.Fatalf("flows ended in another order than laid out: %d flows", len(flows))
	}
	if atEnd[0].By != resumption.ByTicket || atEnd[0].From != flows[1].Ref {
		t.Errorf("resumed flow, when yielded: %+v", atEnd[0])
	}
	if got := atEnd[0].Elapsed; got <= 0 || got > time.Second {
		t.Errorf("elapsed %v, want within the second between the flows", got)
	}
}

// TestPcapTwoFiles: the issuer in one file, the resumed flow in another,
// read one after the other into one Index; the resumed flow names the
// issuer's file.
func TestPcapTwoFiles(t *testing.T) {
	issuer, resumer := tls12Conns(t)
	x := resumption.NewIndex(resumption.Options{})
	a := pcaplink.New(x, "a.pcap")
	b := pcaplink.New(x, "b.pcap")
	// The second file first: its flow ends unlinked, then links when the
	// first file's issuer is read.
	flowsB, atEndB := readCapture(t, b, writeCapture(t, resumer))
	if len(flowsB) != 1 || atEndB[0].By != resumption.ByTicket || atEndB[0].From != nil || atEndB[0].Missing != resumption.IssuerNotSeen {
		t.Fatalf("b.pcap alone: %+v", atEndB)
	}
	flowsA, _ := readCapture(t, a, writeCapture(t, issuer))
	l := flowsB[0].Link()
	if len(flowsA) != 1 || l.From != flowsA[0].Ref || l.From.File != "a.pcap" || l.From.Client != issuer.client {
		t.Errorf("after a.pcap: %+v", l)
	}
}
