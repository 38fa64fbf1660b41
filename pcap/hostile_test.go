package pcap

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"strings"
	"testing"

	"github.com/gopacket/gopacket/layers"
	"github.com/tlswire/tlswire/wire"
)

// allocated runs fn and returns the bytes it allocated.
func allocated(fn func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	fn()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

// goodCapture is a small valid pcap with one TLS flow without FIN.
func goodCapture(t *testing.T, format string) []byte {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	return writeCapture(t, format, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts)
}

// TestHostileRecordLength: a pcap record claiming 2^32-1 bytes ends the
// read with an error, after the flow read so far, without allocating
// anything like the claimed length.
func TestHostileRecordLength(t *testing.T) {
	capture := goodCapture(t, fmtPcap)
	rec := make([]byte, 16)
	binary.LittleEndian.PutUint32(rec[8:], 0xffffffff)
	binary.LittleEndian.PutUint32(rec[12:], 0xffffffff)
	capture = append(append(capture, rec...), "only a few bytes"...)
	var flows []*Flow
	var err error
	n := allocated(func() { flows, _, err = readAll(t, capture, Options{}) })
	if err == nil || len(flows) != 1 || len(flows[0].Messages) == 0 {
		t.Fatalf("%d flows, err %v", len(flows), err)
	}
	if n > 16<<20 {
		t.Errorf("allocated %d bytes", n)
	}
	t.Logf("error: %v (allocated %d KiB)", err, n>>10)
}

// TestHostileBlockLength: a pcapng block whose length points past the end
// of the file, or is 2^32-1, is an error, not an allocation.
func TestHostileBlockLength(t *testing.T) {
	for _, length := range []uint32{0x7ffffff0, 0xffffffff, 0xfffffff0} {
		capture := goodCapture(t, fmtPcapng)
		blk := make([]byte, 28)
		binary.LittleEndian.PutUint32(blk[0:], 6) // enhanced packet block
		binary.LittleEndian.PutUint32(blk[4:], length)
		binary.LittleEndian.PutUint32(blk[20:], 0x7fffffff) // captured length
		binary.LittleEndian.PutUint32(blk[24:], 0x7fffffff)
		capture = append(append(capture, blk...), bytes.Repeat([]byte{0xab}, 100)...)
		var flows []*Flow
		var err error
		n := allocated(func() { flows, _, err = readAll(t, capture, Options{}) })
		if err == nil || len(flows) != 1 {
			t.Fatalf("length %#x: %d flows, err %v", length, len(flows), err)
		}
		if n > 16<<20 {
			t.Errorf("length %#x: allocated %d bytes", length, n)
		}
	}
}

// TestEndlessGap: the first data segment is never captured and the sender
// goes on (no ACKs); buffering stops at MaxBufferedPerFlow, the gap is
// declared, and the flow is still reported with its problems.
func TestEndlessGap(t *testing.T) {
	c := conversation(t, "tls13-default")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c) // the ClientHello segment is dropped below
	// Then 4 MiB of application data records from the client, never acked.
	rec := append([]byte{23, 3, 3, 0x3f, 0xfb}, bytes.Repeat([]byte{0x5c}, 0x3ffb)...)
	for i := 0; i < 256; i++ {
		tf.add(tf.seg(true, false, false, false, false, tf.cseq, rec))
		tf.cseq += uint32(len(rec))
	}
	// Keep the TCP handshake and the client's segments after the
	// ClientHello; no server segment (so nothing acknowledges the data).
	pkts := append([]pkt(nil), tf.pkts[:3]...)
	for i, w := range c.Writes {
		if i > 0 && w.ClientToServer {
			pkts = append(pkts, tf.pkts[3+i])
		}
	}
	pkts = append(pkts, tf.pkts[3+len(c.Writes):]...)
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	lim := Limits{MaxBufferedPerFlow: 64 << 10}
	var f *Flow
	n := allocated(func() {
		r, err := NewReader(bytes.NewReader(capture), Options{Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		for fl, err := range r.Flows() {
			if err != nil {
				t.Fatal(err)
			}
			f = fl
		}
	})
	if f == nil {
		t.Fatal("flow not reported")
	}
	// 4 MiB went through; what was allocated is the buffers, bounded.
	if n > 2<<20 {
		t.Errorf("allocated %d bytes", n)
	}
	if f.MissingBytes[ClientToServer] != uint64(len(c.Writes[0].Data)) {
		t.Errorf("missing %v", f.MissingBytes)
	}
	kinds := map[ProblemKind]int{}
	for _, p := range f.Problems {
		kinds[p.Kind]++
	}
	if kinds[ProblemLimit] == 0 || kinds[ProblemGap] == 0 {
		t.Fatalf("problems %v", f.Problems)
	}
	// After the resynchronisation the client's records are counted.
	if f.Encrypted[ClientToServer].Records < 200 {
		t.Errorf("client records %d", f.Encrypted[ClientToServer].Records)
	}
}

// TestManyFlows: thousands of one-packet TLS flows with MaxFlows 100: all
// are reported, the evicted ones say so, and the table stays bounded.
func TestManyFlows(t *testing.T) {
	c := conversation(t, "tls13-default")
	ch := c.Writes[0].Data
	var pkts []pkt
	const n = 3000
	for i := 0; i < n; i++ {
		cli := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), uint16(1024+i%50000))
		tf := newTCPFlow(t, ethernet, cli, srvAddr, uint32(i), t0)
		tf.data(true, ch)
		pkts = append(pkts, tf.pkts...)
	}
	r, err := NewReader(bytes.NewReader(writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)), Options{Limits: Limits{MaxFlows: 100}})
	if err != nil {
		t.Fatal(err)
	}
	evicted, total := 0, 0
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		if r.table.len() > 100 {
			t.Fatalf("%d flows tracked", r.table.len())
		}
		total++
		if f.End == EndEvicted {
			evicted++
			if len(f.Problems) < 2 || f.Problems[len(f.Problems)-1].Kind != ProblemEvicted {
				t.Fatalf("evicted flow problems %v", f.Problems)
			}
		}
		if len(f.Messages) != 1 || f.Messages[0].Type != 1 || !bytes.Equal(f.Messages[0].Raw, ch[5:]) {
			t.Fatalf("flow %v", f)
		}
	}
	if total != n || evicted != n-100 || r.Stats().FlowsEvicted != n-100 {
		t.Fatalf("total %d evicted %d stats %+v", total, evicted, r.Stats())
	}
}

// TestGarbagePackets: random frames, truncated headers and random TCP
// payloads are counted, never fatal, and do not hide the real flow.
func TestGarbagePackets(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	rng := rand.New(rand.NewPCG(3, 4))
	var pkts []pkt
	for i, p := range tf.pkts {
		pkts = append(pkts, p)
		junk := make([]byte, rng.IntN(200))
		for j := range junk {
			junk[j] = byte(rng.Uint32())
		}
		pkts = append(pkts, pkt{ts: p.ts, data: junk})
		if i < len(p.data) {
			pkts = append(pkts, pkt{ts: p.ts, data: p.data[:i]}) // truncated copy of a real frame
		}
		// A random-payload segment on another port pair.
		o := newTCPFlow(t, ethernet, netip.AddrPortFrom(cliAddr.Addr(), uint16(2000+i)), srvAddr, rng.Uint32(), p.ts)
		o.data(i%2 == 0, junk)
		pkts = append(pkts, o.pkts...)
	}
	flows, r, err := readAll(t, writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var real *Flow
	for _, f := range flows {
		if f.Client == cliAddr {
			real = f
		}
	}
	if real == nil {
		t.Fatal("real flow missing")
	}
	checkFlow(t, real, expectConv(t, c), true)
	if st := r.Stats(); st.Malformed+st.NotIP == 0 {
		t.Errorf("stats %+v", st)
	}
}

// TestHugeHandshakeLength: a handshake header claiming 16 MiB is skipped
// with a limit problem, without allocating it, and the stream goes on.
func TestHugeHandshakeLength(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	want := expectConv(t, c)
	// A ClientHello-type message of 0xffffff bytes spread over records,
	// of which only 3 records are sent; then the real conversation would
	// be misframed, so it runs on another flow in the same capture.
	bogus := []byte{22, 3, 1, 0, 8, 1, 0xff, 0xff, 0xff, 3, 3, 0, 0}
	for i := 0; i < 3; i++ {
		bogus = append(bogus, 22, 3, 1, 0x40, 0)
		bogus = append(bogus, make([]byte, 0x4000)...)
	}
	a := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.data(true, bogus)
	a.close()
	b := newTCPFlow(t, ethernet, netip.MustParseAddrPort("192.0.2.9:1234"), srvAddr, 1, t0)
	b.handshake()
	b.conv(c)
	b.close()
	var flows []*Flow
	var err error
	n := allocated(func() {
		flows, _, err = readAll(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, append(a.pkts, b.pkts...)), Options{})
	})
	if err != nil || len(flows) != 2 {
		t.Fatalf("%d flows %v", len(flows), err)
	}
	if p := flows[0].Problems; len(p) != 1 || p[0].Kind != ProblemLimit || !strings.Contains(p[0].Detail, "MaxMessageSize") {
		t.Errorf("problems %v", p)
	}
	if len(flows[0].Messages) != 0 {
		t.Errorf("messages %d", len(flows[0].Messages))
	}
	checkFlow(t, flows[1], want, true)
	if n > 8<<20 {
		t.Errorf("allocated %d bytes", n)
	}
}

// TestMalformedRecordResync: garbage in the middle of a stream is
// reported and reading resumes at the next record header.
func TestMalformedRecordResync(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	want := expectConv(t, c)
	// Seven bytes of garbage right after the ClientHello segment.
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	for i, w := range c.Writes {
		tf.data(w.ClientToServer, w.Data)
		if i == 0 {
			tf.data(true, []byte{0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33})
		}
	}
	tf.close()
	f := oneFlow(t, writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts), Options{})
	checkFlow(t, f, want, true)
	if len(f.Problems) != 1 || f.Problems[0].Kind != ProblemMalformed || f.Problems[0].Dir != ClientToServer {
		t.Fatalf("problems %v", f.Problems)
	}
}

// TestMessageLimits: MaxMessagesPerFlow and MaxMessageSize cut what is
// kept, with a problem, and the rest of the flow is still read.
func TestMessageLimits(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	want := expectConv(t, c)
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, tf.pkts)

	f := oneFlow(t, capture, Options{Limits: Limits{MaxMessagesPerFlow: 3}})
	if len(f.Messages) != 3 || len(f.Problems) != 1 || f.Problems[0].Kind != ProblemLimit {
		t.Errorf("MaxMessagesPerFlow: %d messages, problems %v", len(f.Messages), f.Problems)
	}
	if f.Encrypted[ClientToServer] != want[0].encrypted || f.Encrypted[ServerToClient] != want[1].encrypted {
		t.Errorf("encrypted %+v", f.Encrypted)
	}

	f = oneFlow(t, capture, Options{Limits: Limits{MaxMessageSize: 600}})
	for _, m := range f.Messages {
		if m.Type == wire.TypeCertificate {
			t.Errorf("certificate of %d bytes kept", len(m.Raw))
		}
	}
	if n := len(want[0].msgs) + len(want[1].msgs) - 1; len(f.Messages) != n || len(f.Problems) != 1 || f.Problems[0].Kind != ProblemLimit {
		t.Errorf("MaxMessageSize: %d messages (want %d), problems %v", len(f.Messages), n, f.Problems)
	}
}
