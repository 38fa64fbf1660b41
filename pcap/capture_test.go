package pcap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/rand/v2"
	"net/netip"
	"os"
	"reflect"
	"runtime"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tlswire/tlswire/internal/capgen"
)

// readFlows reads a capture, optionally with every frame decoded by
// gopacket (the fast Ethernet/IPv4/TCP path off).
func readFlows(t *testing.T, capture []byte, m readMode) ([]*Flow, Stats) {
	t.Helper()
	var in io.Reader = bytes.NewReader(capture)
	if m.live {
		in = struct{ io.Reader }{in} // not known to be in memory: read as live input
	}
	r, err := NewReader(in, Options{Limits: m.limits})
	if err != nil {
		t.Fatal(err)
	}
	r.dec.noFast, r.noAhead = m.noFast, m.noAhead
	var flows []*Flow
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		flows = append(flows, f)
	}
	return flows, r.Stats()
}

// readMode selects the Reader's paths for readFlows.
type readMode struct {
	noFast  bool // decode every frame with gopacket (decoder.noFast)
	noAhead bool // no read-ahead: every flow is looked up when its packet comes
	live    bool // read the capture as input that may block (readLoop.run)
	limits  Limits
}

// TestGeneratedCapture reads small captures from internal/capgen: every
// flow is reported, ended by FIN, without problems, with its handshake and
// every synthetic application data record counted; the fast decoding path
// and gopacket's, reading ahead or not, from a file or from live input,
// agree on everything.
func TestGeneratedCapture(t *testing.T) {
	for _, format := range []string{"pcap", "pcapng"} {
		for seed := range uint64(3) {
			var buf bytes.Buffer
			cfg := capgen.Config{Size: 4 << 20, Flows: 60, Open: 20, Format: format, Seed: seed}
			st, err := capgen.Write(&buf, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if st.Bytes != int64(buf.Len()) || st.Flows != cfg.Flows {
				t.Fatalf("stats %+v, wrote %d bytes", st, buf.Len())
			}
			if d := float64(st.Bytes-cfg.Size) / float64(cfg.Size); d < -0.05 || d > 0.05 {
				t.Errorf("%s: %d bytes for a %d-byte target", format, st.Bytes, cfg.Size)
			}
			flows, stats := readFlows(t, buf.Bytes(), readMode{})
			if len(flows) != cfg.Flows || stats.Packets != uint64(st.Packets) || stats.FlowsNotTLS != 0 {
				t.Fatalf("%s seed %d: %d flows, stats %+v", format, seed, len(flows), stats)
			}
			var records, recBytes uint64
			for _, f := range flows {
				if f.End != EndFIN || len(f.Problems) != 0 || len(f.Messages) < 2 || f.ClientHellos() != 1 || f.Server.Port() != 443 {
					t.Fatalf("%s seed %d: flow %v problems %v", format, seed, f, f.Problems)
				}
				for d := range f.Encrypted {
					records += f.Encrypted[d].Records
					recBytes += f.Encrypted[d].Bytes
				}
			}
			// The recorded conversations hold a few protected records of
			// their own besides the synthetic ones.
			if records < uint64(st.AppRecords) || recBytes < uint64(st.AppBytes) || records > uint64(st.AppRecords)+uint64(12*cfg.Flows) {
				t.Errorf("%s seed %d: %d records (%d bytes), generated %d (%d bytes)", format, seed, records, recBytes, st.AppRecords, st.AppBytes)
			}
			for _, m := range []readMode{{noFast: true}, {noAhead: true}, {live: true}, {noFast: true, noAhead: true, live: true}} {
				other, otherStats := readFlows(t, buf.Bytes(), m)
				if !reflect.DeepEqual(flows, other) || stats != otherStats {
					t.Errorf("%s seed %d: reading with %+v differs", format, seed, m)
				}
			}
		}
	}
}

// TestFastPathMutations: frames mutated in the fields the fast path reads
// (lengths, IP options, fragments, TCP data offset, EtherType, padding,
// truncation) give the same flows and counters as gopacket's decoding.
func TestFastPathMutations(t *testing.T) {
	var buf bytes.Buffer
	if _, err := capgen.Write(&buf, capgen.Config{Size: 1 << 20, Flows: 20, Open: 10}); err != nil {
		t.Fatal(err)
	}
	pr, err := pcapgo.NewReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var out bytes.Buffer
	pw := pcapgo.NewWriter(&out)
	if err := pw.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		t.Fatal(err)
	}
	mutations := []func(b []byte) []byte{
		func(b []byte) []byte { return append(b, make([]byte, 1+rng.IntN(20))...) },                         // Ethernet padding
		func(b []byte) []byte { binary.BigEndian.PutUint16(b[16:], uint16(rng.IntN(len(b)+10))); return b }, // IP total length
		func(b []byte) []byte { b[14] = 0x40 | byte(rng.IntN(16)); return b },                               // IHL
		func(b []byte) []byte { b[20] |= 0x20; return b },                                                   // more fragments
		func(b []byte) []byte { b[21] = byte(1 + rng.IntN(255)); return b },                                 // fragment offset
		func(b []byte) []byte { b[46] = byte(rng.IntN(16))<<4 | b[46]&0x0f; return b },                      // TCP data offset
		func(b []byte) []byte { b[12] = 0x86; b[13] = 0xdd; return b },                                      // EtherType IPv6
		func(b []byte) []byte { return b[:rng.IntN(len(b))] },                                               // cut short
		func(b []byte) []byte { b[23] = 17; return b },                                                      // UDP
		func(b []byte) []byte { b[14] = 0x65; return b },                                                    // IP version 6 in an IPv4 frame
	}
	n := 0
	for {
		data, ci, err := pr.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n%7 == 3 {
			data = mutations[rng.IntN(len(mutations))](data)
		}
		n++
		ci.CaptureLength, ci.Length = len(data), len(data)
		if err := pw.WritePacket(ci, data); err != nil {
			t.Fatal(err)
		}
	}
	fast, fastStats := readFlows(t, out.Bytes(), readMode{})
	slow, slowStats := readFlows(t, out.Bytes(), readMode{noFast: true, noAhead: true})
	if len(fast) == 0 || fastStats.Malformed == 0 {
		t.Fatalf("mutations had no effect: %d flows, stats %+v", len(fast), fastStats)
	}
	if fastStats != slowStats {
		t.Errorf("stats: fast %+v, gopacket %+v", fastStats, slowStats)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("flows differ between the fast path and gopacket")
	}
}

// TestClosedFlowTombstone: the packets after a connection's FINs do not
// start a new flow; a new SYN on the same 5-tuple does; the tombstone
// expires after IdleTimeout.
func TestClosedFlowTombstone(t *testing.T) {
	c := conversation(t, "tls13-default")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	tf.add(tf.seg(false, false, true, true, false, tf.sseq-1, nil)) // a retransmitted FIN
	again := newTCPFlow(t, ethernet, cliAddr, srvAddr, 7000, tf.ts.Add(time.Second))
	again.handshake()
	again.conv(c)
	pkts := append(tf.pkts, again.pkts...)
	r, err := NewReader(bytes.NewReader(writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var flows []*Flow
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		flows = append(flows, f)
		if len(flows) == 1 && len(r.table.closed) != 1 {
			t.Errorf("%d tombstones after the first flow", len(r.table.closed))
		}
	}
	if len(flows) != 2 || flows[0].End != EndFIN || flows[1].End != EndEOF || r.Stats().FlowsNotTLS != 0 {
		t.Fatalf("flows %v, stats %+v", flows, r.Stats())
	}
	if !flows[0].Last.Equal(tf.pkts[len(tf.pkts)-3].ts) {
		t.Errorf("first flow Last %v: touched after its end", flows[0].Last)
	}
	want := expectConv(t, c)
	checkFlow(t, flows[0], want, true)
	checkFlow(t, flows[1], want, false)

	// Expiry: a tombstone goes once IdleTimeout of capture time passed.
	var ft flowTable
	env := newFlowEnv(Options{})
	ft.init(env)
	key, _ := makeKey(cliAddr, srvAddr, 6)
	f := &flow{key: key, env: env}
	ft.m4.put(f.key.k4(), f)
	ft.lru.push(f)
	ft.close(f, EndFIN, t0)
	ft.expire(t0.Add(env.lim.IdleTimeout), unixNano(t0.Add(env.lim.IdleTimeout)))
	if len(ft.closed) != 1 {
		t.Fatal("tombstone expired early")
	}
	ft.expire(t0.Add(env.lim.IdleTimeout+time.Second), unixNano(t0.Add(env.lim.IdleTimeout+time.Second)))
	if len(ft.closed) != 0 || ft.closedHead != len(ft.closedQ) {
		t.Fatalf("tombstone not expired: %d left", len(ft.closed))
	}
}

// TestMillionFlows: a stream of one-packet flows (a ClientHello from a new
// address each time) with a few real connections inside it. Generated and
// read through a pipe, never held whole. The flow table stays within
// MaxFlows, the heap within MaxFlows times a flow's cost, every one-packet
// flow is reported (evicted), and every real connection is reported whole,
// ended by its FINs. One million flows with TLSWIRE_BIG=1, 100,000
// otherwise.
func TestMillionFlows(t *testing.T) {
	n := 100_000
	if os.Getenv(bigEnv) != "" {
		n = 1_000_000
	}
	const maxFlows = 10_000
	hello := conversation(t, "tls12-ecdhe-ecdsa").Writes[0].Data
	good := conversations(t)
	// Each real connection's packets are spread among the one-packet
	// flows, spaced closely enough that it is never the least recently
	// active of maxFlows flows.
	const spacing = 50
	var goodPkts [][]pkt
	for i, c := range good {
		tf := newTCPFlow(t, ethernet, netip.AddrPortFrom(netip.AddrFrom4([4]byte{172, 16, 0, byte(i)}), 50000), srvAddr, uint32(i), t0)
		tf.handshake()
		tf.conv(c)
		tf.close()
		goodPkts = append(goodPkts, tf.pkts)
	}
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(writeManyFlows(pw, n, hello, goodPkts, spacing))
	}()
	r, err := NewReader(pr, Options{Limits: Limits{MaxFlows: maxFlows}})
	if err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	maxHeap, total, evicted := uint64(0), 0, 0
	var real []*Flow
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		total++
		if r.table.len() > maxFlows || len(r.table.closed) > maxFlows {
			t.Fatalf("%d flows and %d tombstones tracked", r.table.len(), len(r.table.closed))
		}
		if f.Client.Addr().As4()[0] == 172 {
			real = append(real, f)
		} else if f.End == EndEvicted {
			evicted++
		}
		if total%(n/10) == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			maxHeap = max(maxHeap, ms.HeapAlloc)
		}
	}
	// A one-packet flow costs its state and its ClientHello.
	if limit := uint64(maxFlows*(2<<10+len(hello)) + 16<<20); maxHeap > limit {
		t.Errorf("heap reached %d bytes, limit %d", maxHeap, limit)
	}
	if total != n+len(good) || evicted < n-maxFlows || r.Stats().FlowsEvicted < uint64(n-maxFlows) {
		t.Errorf("%d flows, %d evicted, stats %+v", total, evicted, r.Stats())
	}
	if len(real) != len(good) {
		t.Fatalf("%d real connections reported, want %d", len(real), len(good))
	}
	for _, f := range real {
		i := int(f.Client.Addr().As4()[3])
		if f.End != EndFIN || len(f.Problems) != 0 {
			t.Errorf("%s: %v %v", good[i].Name, f, f.Problems)
		}
		checkFlow(t, f, expectConv(t, good[i]), true)
	}
	t.Logf("%d flows, peak heap after GC %d MiB", total, maxHeap>>20)
}

// writeManyFlows writes a pcap of n one-packet flows, each a TCP segment
// carrying hello from its own address, with the packets of the real
// connections interleaved every spacing packets.
func writeManyFlows(w io.Writer, n int, hello []byte, good [][]pkt, spacing int) error {
	bw := pcapgo.NewWriter(w)
	if err := bw.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		return err
	}
	frame := make([]byte, 54+len(hello))
	frame[12], frame[13] = 0x08, 0x00
	ip := frame[14:]
	ip[0], ip[8], ip[9] = 0x45, 64, 6
	binary.BigEndian.PutUint16(ip[2:], uint16(40+len(hello)))
	copy(ip[16:20], []byte{198, 51, 100, 7})
	tcp := ip[20:]
	binary.BigEndian.PutUint16(tcp[2:], 443)
	tcp[12], tcp[13] = 5<<4, 0x18 // PSH ACK
	copy(tcp[20:], hello)
	ts := t0.Add(time.Hour)
	var cursor []int = make([]int, len(good))
	g := 0
	for i := range n {
		ts = ts.Add(time.Microsecond)
		if i%spacing == 0 {
			// The next packet of one of the real connections.
			for k := range good {
				j := (g + k) % len(good)
				if cursor[j] < len(good[j]) {
					p := good[j][cursor[j]]
					cursor[j]++
					g = j + 1
					if err := bw.WritePacket(ciFor(ts, p.data), p.data); err != nil {
						return err
					}
					break
				}
			}
		}
		copy(ip[12:16], []byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
		binary.BigEndian.PutUint16(tcp[0:], uint16(1024+i%60000))
		binary.BigEndian.PutUint32(tcp[4:], uint32(i)*2654435761)
		if err := bw.WritePacket(ciFor(ts, frame), frame); err != nil {
			return err
		}
	}
	for j := range good {
		for _, p := range good[j][cursor[j]:] {
			ts = ts.Add(time.Microsecond)
			if err := bw.WritePacket(ciFor(ts, p.data), p.data); err != nil {
				return err
			}
		}
	}
	return nil
}

func ciFor(ts time.Time, data []byte) gopacket.CaptureInfo {
	return gopacket.CaptureInfo{Timestamp: ts, CaptureLength: len(data), Length: len(data)}
}

// TestPcapLongRecord: a record longer than the read buffer (a 200 KB
// frame, as from a capture with GRO) is read whole, and a file cut inside
// a record is io.ErrUnexpectedEOF after every flow is reported.
func TestPcapLongRecord(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-ecdsa")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	big := make([]byte, 200_000) // EtherType 0x0000: not IP
	pkts := append([]pkt{{ts: t0, data: big}}, tf.pkts...)
	capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	flows, r, err := readAll(t, capture, Options{})
	if err != nil || len(flows) != 1 || flows[0].End != EndFIN || r.Stats().NotIP != 1 || r.Stats().Bytes != uint64(len(big)+tf.bytes()) {
		t.Fatalf("%d flows, err %v, stats %+v", len(flows), err, r.Stats())
	}
	checkFlow(t, flows[0], expectConv(t, c), true)
	for _, cut := range []int{24 + 16 + 100_000, len(capture) - 1, len(capture) - 20} {
		flows, _, err := readAll(t, capture[:cut], Options{})
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: err %v", cut, err)
		}
		if cut > 24+16+len(big) && len(flows) != 1 {
			t.Errorf("cut at %d: %d flows", cut, len(flows))
		}
	}
}

func (f *tcpFlow) bytes() int {
	n := 0
	for _, p := range f.pkts {
		n += len(p.data)
	}
	return n
}

// TestPcapRecordLongerThanBatch: records longer than a read-ahead batch
// (the snap length allows them), one at the start of a batch and one after
// smaller packets (so its first bytes are carried to the next batch), are
// read whole, in pieces, when Limits.MaxPacketSize allows them, and cut to
// it otherwise (the default, 262144), the rest skipped unread and counted
// with its offset; the flows around them are intact either way; a file
// cut inside one is io.ErrUnexpectedEOF after every flow is reported.
func TestPcapRecordLongerThanBatch(t *testing.T) {
	c := conversation(t, "tls13-default")
	tf := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	tf.handshake()
	tf.conv(c)
	tf.close()
	long := batchBytes + batchSlack + 12345
	pkts := []pkt{{ts: t0, data: make([]byte, long)}} // EtherType 0x0000: not IP
	pkts = append(pkts, tf.pkts[:3]...)
	pkts = append(pkts, pkt{ts: t0, data: make([]byte, 2*long)})
	pkts = append(pkts, tf.pkts[3:]...)
	var buf bytes.Buffer
	writePcapgo(t, pcapgo.NewWriter(&buf), uint32(4*long), layers.LinkTypeEthernet, pkts)
	capture := buf.Bytes()
	whole := Limits{MaxPacketSize: 4 * long}
	for _, m := range []readMode{{limits: whole}, {live: true, limits: whole}} {
		flows, st := readFlows(t, capture, m)
		if len(flows) != 1 || st.NotIP != 2 || st.Bytes != uint64(3*long+tf.bytes()) || st.OversizedPackets != 0 {
			t.Fatalf("%+v: %d flows, stats %+v", m, len(flows), st)
		}
		checkFlow(t, flows[0], expectConv(t, c), true)
	}
	for _, m := range []readMode{{}, {live: true}} {
		flows, st := readFlows(t, capture, m)
		if len(flows) != 1 || st.NotIP != 2 || st.Bytes != uint64(2*DefaultMaxPacketSize+tf.bytes()) ||
			st.OversizedPackets != 2 || st.OversizedAt != 24 || st.Truncated != 2 {
			t.Fatalf("%+v: %d flows, stats %+v", m, len(flows), st)
		}
		checkFlow(t, flows[0], expectConv(t, c), true)
	}
	for _, cut := range []int{24 + 16 + long/2, len(capture) - tf.bytes() - long} {
		_, _, err := readAll(t, capture[:cut], Options{})
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("cut at %d: err %v", cut, err)
		}
	}
}

// TestFastPathIPv6AndVLAN: the fast path's IPv6 and VLAN-tagged frames,
// intact and mutated in the fields it reads (payload length, next header,
// version, EtherTypes, TCP data offset, padding, truncation), give the
// same flows and counters as gopacket's decoding, and the intact ones
// take the fast path.
func TestFastPathIPv6AndVLAN(t *testing.T) {
	frames := []frame{
		{link: layers.LinkTypeEthernet, v6: true},
		{link: layers.LinkTypeEthernet, vlan: []uint16{100}},
		{link: layers.LinkTypeEthernet, vlan: []uint16{100, 200}, v6: true},
		{link: layers.LinkTypeEthernet, vlan: []uint16{7}, v6: true},
	}
	convs := conversations(t)
	var flows [][]pkt
	for i, fr := range frames {
		cli, srv := cliAddr, srvAddr
		if fr.v6 {
			cli, srv = cliAddr6, srvAddr6
		}
		cli = netip.AddrPortFrom(cli.Addr(), uint16(40000+i))
		tf := newTCPFlow(t, fr, cli, srv, uint32(i)*1000, t0)
		tf.handshake()
		tf.conv(convs[i%len(convs)])
		tf.close()
		flows = append(flows, tf.pkts)
	}
	var pkts []pkt
	for left := true; left; {
		left = false
		for i := range flows {
			if len(flows[i]) > 0 {
				pkts = append(pkts, flows[i][0])
				flows[i] = flows[i][1:]
				left = left || len(flows[i]) > 0
			}
		}
	}
	intact := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, pkts)
	if _, r, err := readAll(t, intact, Options{}); err != nil || r.dec.fastFrames != uint64(len(pkts)) {
		t.Errorf("the fast path took %d of %d frames (%v)", r.dec.fastFrames, len(pkts), err)
	}
	fast, fastStats := readFlows(t, intact, readMode{})
	slow, slowStats := readFlows(t, intact, readMode{noFast: true, noAhead: true})
	if len(fast) != len(frames) || fastStats != slowStats || !reflect.DeepEqual(fast, slow) {
		t.Fatalf("intact: %d flows, stats %+v, gopacket %+v", len(fast), fastStats, slowStats)
	}
	intactStats := fastStats
	// ipOff finds the IP header after the Ethernet header and VLAN tags.
	ipOff := func(b []byte) int {
		off := 12
		for off+4 <= len(b) && (b[off] == 0x81 && b[off+1] == 0x00 || b[off] == 0x88 && b[off+1] == 0xa8) {
			off += 4
		}
		return off + 2
	}
	rng := rand.New(rand.NewPCG(5, 6))
	mutations := []func(b []byte) []byte{
		func(b []byte) []byte { return append(b, make([]byte, 1+rng.IntN(20))...) }, // Ethernet padding
		func(b []byte) []byte { // IPv6 payload length / IPv4 total length
			if o := ipOff(b); o+6 <= len(b) {
				binary.BigEndian.PutUint16(b[o+4:], uint16(rng.IntN(len(b)+10)))
			}
			return b
		},
		func(b []byte) []byte { // next header / TOS
			if o := ipOff(b); o+7 <= len(b) {
				b[o+6] = []byte{0, 17, 43, 44, 59, 60, 6}[rng.IntN(7)]
			}
			return b
		},
		func(b []byte) []byte { // version nibble
			if o := ipOff(b); o < len(b) {
				b[o] = byte(rng.IntN(16))<<4 | b[o]&0x0f
			}
			return b
		},
		func(b []byte) []byte { // the EtherType after the tags
			if o := ipOff(b); o >= 2 {
				b[o-2], b[o-1] = []byte{0x86, 0x08, 0x81, 0x88}[rng.IntN(4)], []byte{0xdd, 0x00, 0x00, 0xa8}[rng.IntN(4)]
			}
			return b
		},
		func(b []byte) []byte { // TCP data offset (IPv6 without extensions)
			if o := ipOff(b) + 40 + 12; o < len(b) {
				b[o] = byte(rng.IntN(16))<<4 | b[o]&0x0f
			}
			return b
		},
		func(b []byte) []byte { return b[:rng.IntN(len(b))] }, // cut short
	}
	changed := 0
	for round := range 20 {
		var mut []pkt
		for i, p := range pkts {
			p.data = append([]byte(nil), p.data...)
			if (i+round)%5 == 2 {
				p.data = mutations[rng.IntN(len(mutations))](p.data)
			}
			mut = append(mut, p)
		}
		capture := writeCapture(t, fmtPcap, false, []layers.LinkType{layers.LinkTypeEthernet}, mut)
		fast, fastStats := readFlows(t, capture, readMode{})
		slow, slowStats := readFlows(t, capture, readMode{noFast: true, noAhead: true})
		if fastStats != slowStats {
			t.Fatalf("round %d: stats: fast %+v, gopacket %+v", round, fastStats, slowStats)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("round %d: flows differ between the fast path and gopacket", round)
		}
		if fastStats != intactStats || len(fast) != len(frames) {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("the mutations changed nothing")
	}
}

// TestAllocsPerPacket: reading allocates per flow (the flow, its
// Messages, their owned copies), never per packet: the same 60 flows with
// four times the application data, so about four times the packets, take
// no more allocations, and a flow takes at most 10.
func TestAllocsPerPacket(t *testing.T) {
	skipAllocsUnderRace(t)
	allocs := func(size int64) (float64, int64) {
		var buf bytes.Buffer
		st, err := capgen.Write(&buf, capgen.Config{Size: size, Flows: 60, Open: 20})
		if err != nil {
			t.Fatal(err)
		}
		capture := buf.Bytes()
		n := testing.AllocsPerRun(3, func() {
			if _, _, err := readAll(t, capture, Options{}); err != nil {
				t.Fatal(err)
			}
		})
		return n, st.Packets
	}
	small, smallPkts := allocs(2 << 20)
	big, bigPkts := allocs(8 << 20)
	t.Logf("%.0f allocations for %d packets, %.0f for %d", small, smallPkts, big, bigPkts)
	if bigPkts < 3*smallPkts {
		t.Fatalf("capture sizes gave %d and %d packets", smallPkts, bigPkts)
	}
	if big > small+20 {
		t.Errorf("%.0f allocations for %d packets, %.0f for %d: allocations grow with packets", small, smallPkts, big, bigPkts)
	}
	if small > 60*10+200 {
		t.Errorf("%.0f allocations for 60 flows", small)
	}
}

// TestPacketSizeLimit: a packet record longer than Limits.MaxPacketSize,
// in pcap and pcapng, from a file and from live input, is cut to it: the
// flows around it are intact, the rest of it is skipped unread, and it is
// counted with the capture offset of its record or block.
func TestPacketSizeLimit(t *testing.T) {
	c := conversation(t, "tls12-ecdhe-rsa-alpn")
	tf := convFlow(t, ethernet, c)
	const limit = 5000
	k := 4 // the big packet's index
	pkts := append([]pkt(nil), tf.pkts[:k]...)
	pkts = append(pkts, pkt{ts: t0, data: make([]byte, 3*limit+7)}) // EtherType 0: not IP
	pkts = append(pkts, tf.pkts[k:]...)
	links := []layers.LinkType{layers.LinkTypeEthernet}
	for _, format := range []string{fmtPcap, fmtPcapng} {
		capture := writeCapture(t, format, false, links, pkts)
		at := int64(len(writeCapture(t, format, false, links, pkts[:k])))
		for _, m := range []readMode{{limits: Limits{MaxPacketSize: limit}}, {live: true, limits: Limits{MaxPacketSize: limit}}} {
			flows, st := readFlows(t, capture, m)
			if len(flows) != 1 || st.OversizedPackets != 1 || st.OversizedAt != at || st.Truncated != 1 ||
				st.Bytes != uint64(limit+tf.bytes()) || st.NotIP != 1 {
				t.Fatalf("%s %+v: %d flows, stats %+v (record at %d)", format, m, len(flows), st, at)
			}
			checkFlow(t, flows[0], expectConv(t, c), true)
		}
	}
}
