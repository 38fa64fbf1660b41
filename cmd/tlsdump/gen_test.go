package main

import (
	"bytes"
	"flag"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
	"testing/cryptotest"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tlswire/tlswire/internal/tlsgen"
)

// The shipped capture, testdata/handshakes.pcapng, is made from
// internal/tlsgen conversations run with a fixed random source and clock,
// so it is reproducible byte for byte: TestShippedCapture regenerates it
// and compares; -update rewrites it.

var update = flag.Bool("update", false, "rewrite testdata/handshakes.pcapng and the golden files")

const shippedCapture = "testdata/handshakes.pcapng"

// shippedScenarios are the tlsgen scenarios in the shipped capture, in order.
var shippedScenarios = []string{
	"tls13-alpn-rsa",       // TLS 1.3, ALPN h2
	"tls13-hrr",            // HelloRetryRequest
	"tls13-resume",         // TLS 1.3 PSK resumption
	"tls12-ecdhe-rsa-alpn", // TLS 1.2 with the certificate chain, ALPN http/1.1
	"tls12-resume",         // TLS 1.2 abbreviated handshake
	"tls12-client-auth",    // client certificate in the clear
}

// runScenarios runs the named tlsgen scenarios.
func runScenarios(t testing.TB, names []string) []*tlsgen.Conversation {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var out []*tlsgen.Conversation
	for _, n := range names {
		found := false
		for _, s := range ss {
			if s.Name == n {
				c, err := tlsgen.Run(s)
				if err != nil {
					t.Fatalf("%s: %v", n, err)
				}
				out = append(out, c)
				found = true
			}
		}
		if !found {
			t.Fatalf("no tlsgen scenario %q", n)
		}
	}
	return out
}

// buildShipped makes the shipped capture's bytes.
func buildShipped(t *testing.T) []byte {
	cryptotest.SetGlobalRandom(t, 1)
	tlsgen.ResetPKI()
	defer tlsgen.ResetPKI()
	convs := runScenarios(t, shippedScenarios)
	w := newCaptureWriter(t)
	ts := tlsgen.Clock
	for i, c := range convs {
		cli := netip.AddrPortFrom(netip.MustParseAddr("192.0.2.10"), uint16(50000+i))
		srv := netip.MustParseAddrPort("198.51.100.20:443")
		if i%2 == 1 {
			cli = netip.AddrPortFrom(netip.MustParseAddr("2001:db8::10"), uint16(50000+i))
			srv = netip.MustParseAddrPort("[2001:db8::20]:443")
		}
		ts = w.conn(cli, srv, uint32(1000*(i+1)), ts, c)
	}
	return w.bytes()
}

// captureWriter synthesises TCP connections (Ethernet, IPv4 or IPv6) as pcapng.
type captureWriter struct {
	t   testing.TB
	buf bytes.Buffer
	w   *pcapgo.NgWriter
}

func newCaptureWriter(t testing.TB) *captureWriter {
	cw := &captureWriter{t: t}
	w, err := pcapgo.NewNgWriterInterface(&cw.buf, pcapgo.NgInterface{LinkType: layers.LinkTypeEthernet, SnapLength: 65535},
		pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "tlswire cmd/tlsdump tests"}})
	if err != nil {
		t.Fatal(err)
	}
	cw.w = w
	return cw
}

func (cw *captureWriter) bytes() []byte {
	if err := cw.w.Flush(); err != nil {
		cw.t.Fatal(err)
	}
	return cw.buf.Bytes()
}

// conn writes a whole TCP connection carrying conversation c: handshake,
// one segment per recorded Write, FINs. It returns the time after it.
func (cw *captureWriter) conn(cli, srv netip.AddrPort, isn uint32, ts time.Time, c *tlsgen.Conversation) time.Time {
	s := cw.stream(cli, srv, isn)
	s.open(&ts)
	for _, w := range c.Writes {
		s.seg(&ts, w.ClientToServer, false, true, false, w.Data)
	}
	s.close(&ts)
	return ts.Add(time.Second)
}

// tcpStream is one TCP connection being written, so that several can
// interleave.
type tcpStream struct {
	cw       *captureWriter
	cli, srv netip.AddrPort
	seq      [2]uint32
}

func (cw *captureWriter) stream(cli, srv netip.AddrPort, isn uint32) *tcpStream {
	return &tcpStream{cw: cw, cli: cli, srv: srv, seq: [2]uint32{isn, isn ^ 0x5a5a5a5a}}
}

// open writes the three-way handshake, close the FINs and the last ACK.
func (s *tcpStream) open(ts *time.Time) {
	s.seg(ts, true, true, false, false, nil)
	s.seg(ts, false, true, true, false, nil)
	s.seg(ts, true, false, true, false, nil)
}

func (s *tcpStream) close(ts *time.Time) {
	s.seg(ts, true, false, true, true, nil)
	s.seg(ts, false, false, true, true, nil)
	s.seg(ts, true, false, true, false, nil)
}

// seg writes one segment a millisecond after *ts, and advances *ts.
func (s *tcpStream) seg(ts *time.Time, fromClient bool, syn, ack, fin bool, payload []byte) {
	cw, cli, srv := s.cw, s.cli, s.srv
	src, dst, sq, o := cli, srv, &s.seq[0], s.seq[1]
	if !fromClient {
		src, dst, sq, o = srv, cli, &s.seq[1], s.seq[0]
	}
	tcp := &layers.TCP{SrcPort: layers.TCPPort(src.Port()), DstPort: layers.TCPPort(dst.Port()), Seq: *sq, Ack: o,
		Window: 65535, SYN: syn, ACK: ack, FIN: fin, PSH: len(payload) > 0}
	var ip gopacket.SerializableLayer
	etype := layers.EthernetTypeIPv4
	if src.Addr().Is6() {
		ip6 := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolTCP, SrcIP: src.Addr().AsSlice(), DstIP: dst.Addr().AsSlice()}
		tcp.SetNetworkLayerForChecksum(ip6)
		ip, etype = ip6, layers.EthernetTypeIPv6
	} else {
		ip4 := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: src.Addr().AsSlice(), DstIP: dst.Addr().AsSlice(), Flags: layers.IPv4DontFragment}
		tcp.SetNetworkLayerForChecksum(ip4)
		ip = ip4
	}
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: etype}
	if !fromClient {
		eth.SrcMAC, eth.DstMAC = eth.DstMAC, eth.SrcMAC
	}
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, tcp, gopacket.Payload(payload)); err != nil {
		cw.t.Fatal(err)
	}
	*ts = ts.Add(time.Millisecond)
	data := buf.Bytes()
	if err := cw.w.WritePacket(gopacket.CaptureInfo{Timestamp: *ts, CaptureLength: len(data), Length: len(data)}, data); err != nil {
		cw.t.Fatal(err)
	}
	*sq += uint32(len(payload))
	if syn || fin {
		*sq++
	}
}

// TestShippedCapture checks that testdata/handshakes.pcapng is what the
// generator makes (rewriting it with -update). Generation is reproducible:
// the seeded random source, tlsgen's fixed clock, and tlsgen's pipe, which
// lets only one side of a handshake run at a time.
func TestShippedCapture(t *testing.T) {
	if *update {
		if err := os.MkdirAll(filepath.Dir(shippedCapture), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(shippedCapture, buildShipped(t), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(shippedCapture)
	if err != nil {
		t.Fatal(err)
	}
	if got := buildShipped(t); !bytes.Equal(got, want) {
		t.Fatalf("%s is stale (%d bytes generated, %d on disk): run go test ./cmd/tlsdump -run TestShippedCapture -update", shippedCapture, len(got), len(want))
	}
}
