package pcap

import (
	"bufio"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// The hostile capture shapes of issue #11: small files that made a reader
// with default limits allocate gigabytes. Each shape is written as a
// stream (never held whole), n flows of it, or for the huge-packet shapes
// one packet of n bytes. The sizes of the table are fullN;
// TestHostileBudget uses smaller ones, TestHostileCaptureFiles writes the
// full ones for measuring tlsdump's peak RSS (docs/performance.md).
type hostileShape struct {
	name  string
	fullN int // the size
	testN int // TestHostileBudget's size: past a 32 MiB budget, a few seconds
	write func(t testing.TB, w *hostileWriter, n int) error
}

var hostileShapes = []hostileShape{
	{"quic-crypto-offset-65000", 100_000, 20_000, func(t testing.TB, w *hostileWriter, n int) error { return w.quicInitials(t, n, 65000) }},
	{"quic-crypto-offset-0", 100_000, 20_000, func(t testing.TB, w *hostileWriter, n int) error { return w.quicInitials(t, n, 0) }},
	{"tcp-record-header-only", 1_000_000, 60_000, func(_ testing.TB, w *hostileWriter, n int) error {
		return w.tcpFlows(n, []byte{22, 3, 1, 0x40, 0, 1})
	}},
	{"tcp-partial-clienthello", 1_000_000, 60_000, func(_ testing.TB, w *hostileWriter, n int) error { return w.tcpFlows(n, w.hello[:1000]) }},
	{"dtls-clienthello-fragment", 100_000, 60_000, func(_ testing.TB, w *hostileWriter, n int) error { return w.dtlsFlows(n) }},
	{"pcap-huge-packet", 1 << 30, 64 << 20, func(_ testing.TB, w *hostileWriter, n int) error { return w.hugePacket(n) }},
	{"pcapng-huge-block", 1 << 30, 64 << 20, func(_ testing.TB, w *hostileWriter, n int) error { return w.hugeBlock(n) }},
}

// hostileWriter writes Ethernet/IPv4 captures frame by frame.
type hostileWriter struct {
	w      *bufio.Writer
	ts     time.Time
	hello  []byte // a real ClientHello record (tlsgen), over 1000 bytes
	header bool
	// sample, if set, is called every 1024 frames written.
	sample func()
	frames int
}

func newHostileWriter(t testing.TB, w io.Writer) *hostileWriter {
	hello := conversation(t, "tls13-default").Writes[0].Data
	if len(hello) < 1000 {
		t.Fatalf("ClientHello of %d bytes", len(hello))
	}
	return &hostileWriter{w: bufio.NewWriterSize(w, 1<<16), ts: t0, hello: hello}
}

// pcapHeader writes a classic pcap file header (pcap-savefile(5)).
func (h *hostileWriter) pcapHeader(snaplen uint32) error {
	var b [24]byte
	binary.LittleEndian.PutUint32(b[0:], 0xa1b2c3d4)
	binary.LittleEndian.PutUint16(b[4:], 2)
	binary.LittleEndian.PutUint16(b[6:], 4)
	binary.LittleEndian.PutUint32(b[16:], snaplen)
	binary.LittleEndian.PutUint32(b[20:], 1) // Ethernet
	_, err := h.w.Write(b[:])
	return err
}

// recordHeader writes a classic pcap record header for n bytes.
func (h *hostileWriter) recordHeader(n int) error {
	if !h.header {
		h.header = true
		if err := h.pcapHeader(65535); err != nil {
			return err
		}
	}
	h.ts = h.ts.Add(time.Microsecond)
	var b [16]byte
	binary.LittleEndian.PutUint32(b[0:], uint32(h.ts.Unix()))
	binary.LittleEndian.PutUint32(b[4:], uint32(h.ts.Nanosecond()/1000))
	binary.LittleEndian.PutUint32(b[8:], uint32(n))
	binary.LittleEndian.PutUint32(b[12:], uint32(n))
	_, err := h.w.Write(b[:])
	return err
}

// frame writes an Ethernet/IPv4 frame from client i (10.x.y.z:port) to
// 198.51.100.7:443 carrying a TCP segment (flags, seq) or a UDP datagram.
func (h *hostileWriter) frame(i int, udp bool, flags byte, seq uint32, payload []byte) error {
	th := 20
	proto := byte(6)
	if udp {
		th, proto = 8, 17
	}
	n := 14 + 20 + th + len(payload)
	if err := h.recordHeader(n); err != nil {
		return err
	}
	var b [62]byte
	b[12], b[13] = 0x08, 0x00
	ip := b[14:]
	ip[0], ip[8], ip[9] = 0x45, 64, proto
	binary.BigEndian.PutUint16(ip[2:], uint16(20+th+len(payload)))
	copy(ip[12:16], []byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
	copy(ip[16:20], []byte{198, 51, 100, 7})
	tp := ip[20:]
	binary.BigEndian.PutUint16(tp[0:], uint16(1024+i%60000))
	binary.BigEndian.PutUint16(tp[2:], 443)
	if udp {
		binary.BigEndian.PutUint16(tp[4:], uint16(8+len(payload)))
	} else {
		binary.BigEndian.PutUint32(tp[4:], seq)
		tp[12], tp[13] = 5<<4, flags
	}
	if _, err := h.w.Write(b[:14+20+th]); err != nil {
		return err
	}
	if _, err := h.w.Write(payload); err != nil {
		return err
	}
	if h.frames++; h.sample != nil && h.frames%1024 == 0 {
		h.sample()
	}
	return nil
}

// tcpFlows writes n TCP flows: a SYN, then one segment of payload; never
// closed.
func (h *hostileWriter) tcpFlows(n int, payload []byte) error {
	for i := range n {
		isn := uint32(i) * 2654435761
		if err := h.frame(i, false, 0x02, isn, nil); err != nil {
			return err
		}
		if err := h.frame(i, false, 0x18, isn+1, payload); err != nil {
			return err
		}
	}
	return h.w.Flush()
}

// quicInitials writes n UDP flows, each one client Initial datagram of
// 1200 bytes whose CRYPTO frame starts at stream offset off (the first
// bytes of a real ClientHello at offset 0, else bytes that fit below
// QUICMaxCryptoStream). The packet is sealed once: flows differ in their
// addresses only.
func (h *hostileWriter) quicInitials(t testing.TB, n, off int) error {
	datagram := h.sealQUIC(t, off)
	for i := range n {
		if err := h.frame(i, true, 0, 0, datagram); err != nil {
			return err
		}
	}
	return h.w.Flush()
}

// sealQUIC returns the datagram of quicInitials.
func (h *hostileWriter) sealQUIC(t testing.TB, off int) []byte {
	data := h.hello[5:]
	if off > 0 {
		data = data[:min(len(data), QUICMaxCryptoStream-off, 500)]
	} else {
		data = data[:min(len(data), 1000)]
	}
	frames := quicCryptoFrame(nil, off, data)
	dcid := []byte{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08}
	p := quicTestPacket{version: QUICVersion1, keyDCID: dcid, dcid: dcid, pnLen: 2, payload: frames, fromClient: true}
	sealed := quicSeal(t, p)
	p.payload = append(frames, make([]byte, 1200-len(sealed))...) // PADDING to 1200 bytes (RFC 9000 §14.1)
	return quicSeal(t, p)
}

// dtlsFlows writes n UDP flows, each one DTLS record holding the first
// fragment of a ClientHello that announces 2,000 bytes.
func (h *hostileWriter) dtlsFlows(n int) error {
	rec := dtlsRec(22, 0, 0, mkDTLSFrag(1, 0, 2000, 0, h.hello[5:5+400]))
	for i := range n {
		if err := h.frame(i, true, 0, 0, rec); err != nil {
			return err
		}
	}
	return h.w.Flush()
}

// hugePacket writes a classic pcap whose header allows any snap length,
// holding one packet of n bytes (zeros: EtherType 0, not IP).
func (h *hostileWriter) hugePacket(n int) error {
	if err := h.pcapHeader(0xffffffff); err != nil {
		return err
	}
	h.header = true
	if err := h.recordHeader(n); err != nil {
		return err
	}
	return h.zeros(n)
}

// hugeBlock writes a pcapng with one Enhanced Packet Block of n bytes of
// packet data.
func (h *hostileWriter) hugeBlock(n int) error {
	le := binary.LittleEndian
	shb := make([]byte, 28)
	le.PutUint32(shb[0:], ngSHB)
	le.PutUint32(shb[4:], 28)
	le.PutUint32(shb[8:], ngByteOrderMagic)
	le.PutUint16(shb[12:], 1)
	le.PutUint64(shb[16:], ^uint64(0))
	le.PutUint32(shb[24:], 28)
	idb := make([]byte, 20)
	le.PutUint32(idb[0:], ngIDB)
	le.PutUint32(idb[4:], 20)
	le.PutUint16(idb[8:], 1) // Ethernet
	le.PutUint32(idb[16:], 20)
	padded := (n + 3) &^ 3
	epb := make([]byte, 28)
	le.PutUint32(epb[0:], ngEPB)
	le.PutUint32(epb[4:], uint32(32+padded))
	le.PutUint32(epb[20:], uint32(n))
	le.PutUint32(epb[24:], uint32(n))
	for _, b := range [][]byte{shb, idb, epb} {
		if _, err := h.w.Write(b); err != nil {
			return err
		}
	}
	if err := h.zeros(padded); err != nil {
		return err
	}
	var tr [4]byte
	le.PutUint32(tr[:], uint32(32+padded))
	if _, err := h.w.Write(tr[:]); err != nil {
		return err
	}
	return h.w.Flush()
}

// zeros writes n zero bytes.
func (h *hostileWriter) zeros(n int) error {
	z := make([]byte, 1<<16)
	for n > 0 {
		k := min(n, len(z))
		if _, err := h.w.Write(z[:k]); err != nil {
			return err
		}
		if h.frames++; h.sample != nil && h.frames%64 == 0 {
			h.sample()
		}
		n -= k
	}
	return h.w.Flush()
}

// TestHostileBudget reads every hostile shape, streamed through a pipe,
// with a 32 MiB memory budget and otherwise default limits (with
// TLSWIRE_BIG=1: at the sizes, with the default 256 MiB budget),
// sampling the Go heap while it reads: the live heap stays under a third of the
// budget (what the Reader counts, and the test's own few MiB), and with
// the Go memory limit set to the budget, as tlsdump does, the heap
// never passes it; every flow is reported (the ones evicted to respect
// the budget say so), and oversized packets are cut.
func TestHostileBudget(t *testing.T) {
	big := os.Getenv(bigEnv) != ""
	budget := 32 << 20
	if big {
		budget = DefaultMaxMemory
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(int64(budget)))
	for _, s := range hostileShapes {
		t.Run(s.name, func(t *testing.T) {
			n := s.testN
			switch {
			case big:
				n = s.fullN
			case testing.Short():
				n /= 10
			}
			var peak uint64
			var ms runtime.MemStats
			sample := func() {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
			runtime.GC()
			pr, pw := io.Pipe()
			w := newHostileWriter(t, pw)
			w.sample = sample
			go func() { pw.CloseWithError(s.write(t, w, n)) }()
			r, err := NewReader(pr, Options{Limits: Limits{MaxMemory: budget}})
			if err != nil {
				t.Fatal(err)
			}
			flows := 0
			for _, err := range r.Flows() {
				if err != nil {
					t.Fatal(err)
				}
				flows++
				if flows == n/2 {
					runtime.GC()
					runtime.ReadMemStats(&ms)
					if live := ms.HeapAlloc; live > uint64(budget/3+3<<20) {
						t.Errorf("live heap %.1f MiB (the Reader counts %.1f MiB)", float64(live)/(1<<20), float64(r.env.mem)/(1<<20))
					}
				}
			}
			sample()
			st := r.Stats()
			// The heap holds what the Reader counts (at most a third
			// of the budget), the garbage the collector lets accumulate
			// over it up to the memory limit, and this test's writer.
			if limit := uint64(budget); peak > limit {
				t.Errorf("heap peaked at %d MiB, budget %d MiB", peak>>20, budget>>20)
			}
			switch {
			case s.fullN >= 1<<20: // one huge packet
				if st.OversizedPackets != 1 || st.Bytes != DefaultMaxPacketSize {
					t.Errorf("stats %+v", st)
				}
			default:
				if uint64(flows) != st.FlowsReported || flows != n {
					t.Errorf("%d flows reported of %d, stats %+v", flows, n, st)
				}
			}
			t.Logf("%d flows, heap peak %.1f MiB, evicted for memory %d, for MaxFlows %d", flows, float64(peak)/(1<<20), st.FlowsEvictedMemory, st.FlowsEvicted)
		})
	}
}

// TestHostileCaptureFiles writes every hostile shape at the size
// into the directory TLSWIRE_HOSTILE_DIR names, with TLSWIRE_BIG=1 (about
// 2.5 GB in all), for measuring tlsdump's peak RSS on them:
//
//	TLSWIRE_BIG=1 TLSWIRE_HOSTILE_DIR=/tmp/hostile go test -run TestHostileCaptureFiles ./pcap
//	for f in /tmp/hostile/*; do /usr/bin/time -f "%M KiB $f" tlsdump -json $f >/dev/null; done
func TestHostileCaptureFiles(t *testing.T) {
	dir := os.Getenv("TLSWIRE_HOSTILE_DIR")
	if os.Getenv(bigEnv) == "" || dir == "" {
		t.Skip("set " + bigEnv + "=1 and TLSWIRE_HOSTILE_DIR to write the full-size hostile captures")
	}
	for _, s := range hostileShapes {
		ext := ".pcap"
		if strings.HasPrefix(s.name, "pcapng") {
			ext = ".pcapng"
		}
		f, err := os.Create(filepath.Join(dir, s.name+ext))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.write(t, newHostileWriter(t, f), s.fullN); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
