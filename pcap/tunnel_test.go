package pcap

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// ethFrame puts a payload of the given EtherType in an Ethernet frame.
func ethFrame(t testing.TB, etype layers.EthernetType, payload []byte) []byte {
	buf := gopacket.NewSerializeBuffer()
	eth := &layers.Ethernet{SrcMAC: macA, DstMAC: macB, EthernetType: etype}
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{}, eth, gopacket.Payload(payload)); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), buf.Bytes()...)
}

// outerIPv4 wraps payload in an IPv4 header of the given protocol.
func outerIPv4(t testing.TB, proto layers.IPProtocol, payload []byte) []byte {
	buf := gopacket.NewSerializeBuffer()
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: proto, SrcIP: []byte{203, 0, 113, 1}, DstIP: []byte{203, 0, 113, 2}}
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ip, gopacket.Payload(payload)); err != nil {
		t.Fatal(err)
	}
	return append([]byte(nil), buf.Bytes()...)
}

// tunnels encapsulate an inner IPv4 packet, each ending in an Ethernet frame.
var tunnels = map[string]func(t testing.TB, inner []byte) []byte{
	"mpls": func(t testing.TB, inner []byte) []byte {
		labels := []byte{0, 0x10, 0x00, 64, 0, 0x20, 0x01, 64} // two labels, bottom of stack on the second
		return ethFrame(t, layers.EthernetTypeMPLSUnicast, append(labels, inner...))
	},
	"pppoe": func(t testing.TB, inner []byte) []byte {
		h := []byte{0x11, 0x00, 0x12, 0x34, 0, 0, 0x00, 0x21} // session header, PPP protocol IPv4
		binary.BigEndian.PutUint16(h[4:], uint16(len(inner)+2))
		return ethFrame(t, layers.EthernetTypePPPoESession, append(h, inner...))
	},
	"gre": func(t testing.TB, inner []byte) []byte {
		return ethFrame(t, layers.EthernetTypeIPv4, outerIPv4(t, layers.IPProtocolGRE, append([]byte{0, 0, 0x08, 0x00}, inner...)))
	},
	"vxlan": func(t testing.TB, inner []byte) []byte {
		udp := &layers.UDP{SrcPort: 50000, DstPort: 4789}
		vx := append([]byte{0x08, 0, 0, 0, 0, 0x01, 0x02, 0}, ethFrame(t, layers.EthernetTypeIPv4, inner)...)
		return ethFrame(t, layers.EthernetTypeIPv4, ipPacket(t, false, netip.MustParseAddr("203.0.113.1"), netip.MustParseAddr("203.0.113.2"), udp, vx))
	},
	"geneve": func(t testing.TB, inner []byte) []byte {
		udp := &layers.UDP{SrcPort: 50000, DstPort: 6081}
		gn := append([]byte{0x00, 0x00, 0x65, 0x58, 0, 0x01, 0x02, 0}, ethFrame(t, layers.EthernetTypeIPv4, inner)...)
		return ethFrame(t, layers.EthernetTypeIPv4, ipPacket(t, false, netip.MustParseAddr("203.0.113.1"), netip.MustParseAddr("203.0.113.2"), udp, gn))
	},
	"gtp-u": func(t testing.TB, inner []byte) []byte {
		udp := &layers.UDP{SrcPort: 2152, DstPort: 2152}
		h := []byte{0x30, 0xff, 0, 0, 0, 0, 0, 1} // version 1, PT, G-PDU, length, TEID
		binary.BigEndian.PutUint16(h[2:], uint16(len(inner)))
		return ethFrame(t, layers.EthernetTypeIPv4, ipPacket(t, false, netip.MustParseAddr("203.0.113.1"), netip.MustParseAddr("203.0.113.2"), udp, append(h, inner...)))
	},
}

// TestTunnels: a conversation carried in MPLS, PPPoE, GRE, VXLAN, Geneve
// and GTP-U is found with the inner endpoints.
func TestTunnels(t *testing.T) {
	c := conversation(t, "tls13-alpn-rsa")
	want := expectConv(t, c)
	tf := newTCPFlow(t, frame{link: layers.LinkTypeRaw}, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	for name, wrapInner := range tunnels {
		var pkts []pkt
		for _, p := range tf.pkts {
			pkts = append(pkts, pkt{ts: p.ts, data: wrapInner(t, p.data)})
		}
		flows, r, err := readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
		if err != nil || len(flows) != 1 {
			t.Fatalf("%s: %d flows, %v, %+v", name, len(flows), err, r.Stats())
		}
		f := flows[0]
		if f.Client != cliAddr || f.Server != srvAddr || f.End != EndFIN {
			t.Errorf("%s: flow %v", name, f)
		}
		checkFlow(t, f, want, true)
	}
}
