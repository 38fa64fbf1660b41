package fuzz

import (
	"bytes"
	"compress/gzip"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"io"
	"net"
	"reflect"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// pcapLimits are small limits, so that inputs of a few kilobytes reach
// every one of them.
var pcapLimits = pcap.Limits{
	MaxFlows:           3,
	MaxBufferedPerFlow: 2048,
	MaxMessageSize:     2048,
	MaxMessagesPerFlow: 8,
	MaxPreamble:        256,
	MaxIPFragments:     2,
}

// FuzzPcap reads a capture file (pcap or pcapng, possibly gzip-compressed)
// with pcap.NewReader under small Limits. Properties:
//
//   - no input panics the reader; it either rejects the header or yields
//     flows (and possibly a final error);
//   - the flow decoder never exceeds its limits: at most MaxMessagesPerFlow
//     messages per flow, no message body over MaxMessageSize, at most 64
//     problems kept per flow;
//   - every message is framed as its header says (TLS and QUIC: 4-byte
//     header; DTLS: 12-byte header of an unfragmented message), its Type is
//     its first byte, and a message that wire decodes re-encodes to the
//     same bytes;
//   - every message OnMessage reports is one the flow ends up with;
//   - reading is deterministic: a second Reader over the same bytes
//     yields equal flows.
func FuzzPcap(f *testing.F) {
	addSeeds(f, seedroute.TargetPcap)
	f.Fuzz(func(t *testing.T, in []byte) {
		first := readCapture(t, in)
		second := readCapture(t, in)
		if !reflect.DeepEqual(first, second) {
			t.Fatalf("two reads of the same capture differ")
		}
	})
}

// readCapture reads every flow of capture and checks the per-flow
// properties of FuzzPcap. It returns the flows.
func readCapture(t *testing.T, capture []byte) []*pcap.Flow {
	t.Helper()
	reported := map[*pcap.Flow]int{}
	r, err := pcap.NewReader(bytes.NewReader(capture), pcap.Options{Limits: pcapLimits,
		OnMessage: func(f *pcap.Flow, m *pcap.Message) { reported[f]++ }})
	if err != nil {
		return nil
	}
	var flows []*pcap.Flow
	var d wire.Decoder
	for fl, err := range r.Flows() {
		if err != nil {
			break
		}
		flows = append(flows, fl)
		if len(fl.Messages) > pcapLimits.MaxMessagesPerFlow || len(fl.Problems) > 64 {
			t.Fatalf("flow %v: %d messages, %d problems", fl, len(fl.Messages), len(fl.Problems))
		}
		if reported[fl] > len(fl.Messages) {
			t.Fatalf("flow %v: OnMessage reported %d messages, the flow has %d", fl, reported[fl], len(fl.Messages))
		}
		d.Reset()
		for _, m := range fl.Messages {
			checkPcapMessage(t, fl, &m, &d)
		}
	}
	return flows
}

func checkPcapMessage(t *testing.T, fl *pcap.Flow, m *pcap.Message, d *wire.Decoder) {
	t.Helper()
	raw := m.Raw
	if m.SSLv2 {
		if len(raw) == 0 {
			t.Fatalf("flow %v: empty SSL 2.0 message", fl)
		}
		return
	}
	if len(raw) == 0 || wire.HandshakeType(raw[0]) != m.Type {
		t.Fatalf("flow %v: message of type %v starts %x", fl, m.Type, raw[:min(len(raw), 4)])
	}
	var body []byte
	if fl.Protocol == pcap.ProtocolDTLS {
		var h wire.DTLSHandshakeHeader
		if len(raw) < wire.DTLSHandshakeHeaderLen || h.Unmarshal(raw[:wire.DTLSHandshakeHeaderLen]) != nil ||
			h.FragmentOffset != 0 || h.FragmentLength != h.Length || int(h.Length) != len(raw)-wire.DTLSHandshakeHeaderLen {
			t.Fatalf("flow %v: DTLS message framed wrongly: %x", fl, raw[:min(len(raw), 12)])
		}
		body = raw[wire.DTLSHandshakeHeaderLen:]
	} else {
		if len(raw) < 4 || len(raw) != 4+(int(raw[1])<<16|int(raw[2])<<8|int(raw[3])) {
			t.Fatalf("flow %v: message framed wrongly: %x (%d bytes)", fl, raw[:min(len(raw), 4)], len(raw))
		}
		body = raw[4:]
	}
	if len(body) > pcapLimits.MaxMessageSize {
		t.Fatalf("flow %v: %d-byte message over the %d-byte limit", fl, len(body), pcapLimits.MaxMessageSize)
	}
	v, err := d.DecodeBody(m.Type, body)
	if err != nil {
		checkWireError(t, err, len(body), false)
		return
	}
	out, err := v.AppendBody(nil)
	if err != nil || !bytes.Equal(out, body) {
		t.Fatalf("flow %v: %v re-encodes differently (%v)", fl, m.Type, err)
	}
}

// Capture synthesis for the FuzzPcap seeds: fixed addresses, ports and
// timestamps, so the seeds are deterministic.
var (
	captureStart = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	clientIP     = net.IPv4(192, 0, 2, 1).To4()
	serverIP     = net.IPv4(198, 51, 100, 7).To4()
	clientMAC    = net.HardwareAddr{2, 0, 0, 0, 0, 1}
	serverMAC    = net.HardwareAddr{2, 0, 0, 0, 0, 2}
)

// capturePacket is one Ethernet frame and its capture time.
type capturePacket struct {
	ts   time.Time
	data []byte
}

// ethernetFrame serialises Ethernet/IPv4/transport/payload.
func ethernetFrame(fromClient bool, transport gopacket.SerializableLayer, payload []byte) []byte {
	src, dst, smac, dmac := clientIP, serverIP, clientMAC, serverMAC
	if !fromClient {
		src, dst, smac, dmac = serverIP, clientIP, serverMAC, clientMAC
	}
	ip := &layers.IPv4{Version: 4, TTL: 64, SrcIP: src, DstIP: dst}
	switch l := transport.(type) {
	case *layers.TCP:
		ip.Protocol = layers.IPProtocolTCP
		l.SetNetworkLayerForChecksum(ip)
	case *layers.UDP:
		ip.Protocol = layers.IPProtocolUDP
		l.SetNetworkLayerForChecksum(ip)
	}
	buf := gopacket.NewSerializeBuffer()
	eth := &layers.Ethernet{SrcMAC: smac, DstMAC: dmac, EthernetType: layers.EthernetTypeIPv4}
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, transport, gopacket.Payload(payload)); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// tcpPackets carries the writes of a conversation over one TCP connection
// (handshake, one segment per write of at most 1400 bytes, FIN).
func tcpPackets(writes [][]byte, fromClient []bool) []capturePacket {
	var out []capturePacket
	ts := captureStart
	seq := [2]uint32{1000, 5000}
	add := func(client bool, syn, ack, fin bool, payload []byte) {
		dir := 1
		sport, dport := layers.TCPPort(443), layers.TCPPort(50000)
		if client {
			dir = 0
			sport, dport = 50000, 443
		}
		tcp := &layers.TCP{SrcPort: sport, DstPort: dport, Seq: seq[dir], Ack: seq[1-dir], SYN: syn, ACK: ack, FIN: fin, Window: 65535}
		out = append(out, capturePacket{ts, ethernetFrame(client, tcp, payload)})
		seq[dir] += uint32(len(payload))
		if syn || fin {
			seq[dir]++
		}
		ts = ts.Add(time.Millisecond)
	}
	add(true, true, false, false, nil)
	add(false, true, true, false, nil)
	add(true, false, true, false, nil)
	for i, w := range writes {
		for len(w) > 0 {
			n := min(len(w), 1400)
			add(fromClient[i], false, true, false, w[:n])
			w = w[n:]
		}
	}
	add(true, false, true, true, nil)
	add(false, false, true, true, nil)
	return out
}

// udpPackets carries datagrams between fixed ports.
func udpPackets(port layers.UDPPort, datagrams [][]byte, fromClient []bool) []capturePacket {
	var out []capturePacket
	ts := captureStart
	for i, dg := range datagrams {
		sport, dport := layers.UDPPort(50001), port
		if !fromClient[i] {
			sport, dport = port, 50001
		}
		out = append(out, capturePacket{ts, ethernetFrame(fromClient[i], &layers.UDP{SrcPort: sport, DstPort: dport}, dg)})
		ts = ts.Add(time.Millisecond)
	}
	return out
}

// writeCapture writes packets as a pcap (or pcapng) file of Ethernet frames.
func writeCapture(packets []capturePacket, ng bool) []byte {
	var b bytes.Buffer
	var write func(gopacket.CaptureInfo, []byte) error
	var flush func() error
	if ng {
		intf := pcapgo.NgInterface{Name: "seed", LinkType: layers.LinkTypeEthernet, TimestampResolution: 9}
		w, err := pcapgo.NewNgWriterInterface(&b, intf, pcapgo.NgWriterOptions{SectionInfo: pcapgo.NgSectionInfo{Application: "tlswire fuzz seeds"}})
		if err != nil {
			panic(err)
		}
		write, flush = w.WritePacket, w.Flush
	} else {
		w := pcapgo.NewWriter(&b)
		if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
			panic(err)
		}
		write, flush = w.WritePacket, func() error { return nil }
	}
	for _, p := range packets {
		ci := gopacket.CaptureInfo{Timestamp: p.ts, CaptureLength: len(p.data), Length: len(p.data)}
		if err := write(ci, p.data); err != nil {
			panic(err)
		}
	}
	if err := flush(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// gzipped compresses b deterministically (no name, no time).
func gzipped(b []byte) []byte {
	var out bytes.Buffer
	w, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// pcapSeeds are the FuzzPcap seeds: tlsgen conversations over TCP as
// pcap, pcapng and gzip-compressed pcap, the RFC 9001 QUIC Initials and
// the captured DTLS 1.0 datagrams over UDP.
func pcapSeeds(t *testing.T, convs map[string][]tlsgenWrite) []seed {
	var out []seed
	tcp := func(name string) []capturePacket {
		var writes [][]byte
		var dirs []bool
		for _, w := range convs[name] {
			writes, dirs = append(writes, w.data), append(dirs, w.fromClient)
		}
		if len(writes) == 0 {
			t.Fatalf("no tlsgen conversation %q", name)
		}
		return tcpPackets(writes, dirs)
	}
	out = append(out,
		seed{seedroute.TargetPcap, writeCapture(tcp("tls12-ecdhe-rsa-alpn"), false), "tlsgen:tls12-ecdhe-rsa-alpn over TCP, pcap"},
		seed{seedroute.TargetPcap, writeCapture(tcp("tls13-hrr"), true), "tlsgen:tls13-hrr over TCP, pcapng"},
		seed{seedroute.TargetPcap, gzipped(writeCapture(tcp("tls13-default"), false)), "tlsgen:tls13-default over TCP, gzip-compressed pcap"},
		seed{seedroute.TargetPcap, writeCapture(udpPackets(443, [][]byte{hexBytes(t, rfc9001Client), hexBytes(t, rfc9001Server)}, []bool{true, false}), false),
			"vector: RFC 9001 A.2 and A.3 Initials over UDP, pcap"},
		seed{seedroute.TargetPcap, writeCapture(udpPackets(4433, [][]byte{hexBytes(t, dtls10ClientHello), hexBytes(t, dtls10ServerFlight)}, []bool{true, false}), true),
			"vector: dtls10ClientHello and dtls10ServerFlight over UDP, pcapng"},
	)
	return out
}

// tlsgenWrite is one write of a recorded conversation.
type tlsgenWrite struct {
	fromClient bool
	data       []byte
}

// TestPcapSeedsYieldFlows checks that every FuzzPcap seed is a capture the
// reader decodes into at least one flow with handshake messages, so that
// fuzzing starts past the file and packet headers.
func TestPcapSeedsYieldFlows(t *testing.T) {
	for i, s := range readSeedFolder(t, seedroute.TargetPcap) {
		flows := readCapture(t, s)
		msgs := 0
		for _, fl := range flows {
			msgs += len(fl.Messages)
		}
		if len(flows) == 0 || msgs == 0 {
			t.Errorf("seed %d: %d flows, %d messages", i, len(flows), msgs)
		}
	}
}

// Allocation bound of the capture reader: the fixed cost of a Reader (its
// batches read ahead, 4 of 320 KiB, input buffers, tables) plus
// readerAllocPerByte per byte of capture. A packet costs its flow (about
// 1.3 KB for a 60-byte SYN), QUIC Initial keys (about 6 KB of allocation
// for a 1200-byte datagram), or a fragment's copy and bookkeeping, never
// what a length field claims.
const (
	readerAllocPerByte = 64
	readerAllocFixed   = 4 << 20
)

// FuzzPcapAlloc reads a capture with the default Limits and checks that
// the reader allocates in proportion to the bytes of the capture (after
// gzip), never to a length field: a snap length, a block length, a record
// or message length, a CRYPTO frame offset, a fragment offset
// (checkAllocPerByte, for sampled inputs, and every seed).
func FuzzPcapAlloc(f *testing.F) {
	addSeeds(f, seedroute.TargetPcapAlloc)
	f.Fuzz(func(t *testing.T, in []byte) {
		n, ok := captureBytes(in)
		if !ok {
			return
		}
		checkAllocPerByte(t, "pcap.Reader", in, n, readerAllocPerByte, readerAllocFixed, func() {
			r, err := pcap.NewReader(bytes.NewReader(in), pcap.Options{})
			if err != nil {
				return
			}
			for range r.Flows() {
			}
		})
	})
}

// captureBytes returns the size of a capture: its length, or for a gzip
// stream the length of its content; false for gzip content over 16 MiB,
// left out of the bound (a small input may decompress to anything).
func captureBytes(in []byte) (int, bool) {
	if len(in) < 2 || in[0] != 0x1f || in[1] != 0x8b {
		return len(in), true
	}
	zr, err := gzip.NewReader(bytes.NewReader(in))
	if err != nil {
		return len(in), true
	}
	n, _ := io.Copy(io.Discard, io.LimitReader(zr, 16<<20+1))
	return max(int(n), len(in)), n <= 16<<20
}
