package pcap

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tlswire/tlswire/internal/capgen"
)

// The tests of pcapngFile compare it with pcapgo.NgReader, with the
// options the Reader used it with, packet by packet: data, CaptureInfo,
// link type, and how the reading ends.

// ngBufSizes are the bufio.Reader sizes pcapngFile is read with: the
// Reader's (blocks read in place, except those over 64 KiB), a tiny one
// that makes nearly every block take the path of long blocks, and one in
// between.
var ngBufSizes = []int{1 << 16, ngMinBuffer, 4096}

// ngPacket is one packet as a reader returned it.
type ngPacket struct {
	data []byte
	ci   gopacket.CaptureInfo // without AncillaryData
	link layers.LinkType
}

// ngResult is what reading a whole capture gave.
type ngResult struct {
	pkts   []ngPacket
	err    error // the error that ended the reading (io.EOF at a clean end)
	header bool  // err came from the constructor
	panic  bool  // the reader panicked (pcapgo only)
}

// ngMaxPackets bounds the packets read from one input.
const ngMaxPackets = 1 << 20

func ngOptions() pcapgo.NgReaderOptions {
	return pcapgo.NgReaderOptions{WantMixedLinkType: true, SkipUnknownVersion: true}
}

// readPcapgo reads in with pcapgo.NgReader as NewReader used to.
func readPcapgo(in []byte) ngResult { return readPcapgoFrom(bytes.NewReader(in)) }

func readPcapgoFrom(in io.Reader) (res ngResult) {
	defer func() {
		if r := recover(); r != nil {
			res.panic, res.err = true, fmt.Errorf("pcapgo panicked: %v", r)
		}
	}()
	r, err := pcapgo.NewNgReader(bufio.NewReaderSize(in, 1<<16), ngOptions())
	if err != nil {
		return ngResult{err: err, header: true}
	}
	for len(res.pkts) < ngMaxPackets {
		data, ci, err := r.ZeroCopyReadPacketData()
		if err != nil {
			res.err = err
			return res
		}
		link := ci.AncillaryData[0].(layers.LinkType)
		ci.AncillaryData = nil
		res.pkts = append(res.pkts, ngPacket{bytes.Clone(data), ci, link})
	}
	return res
}

// readOurs reads in with pcapngFile over a bufio.Reader of the given size.
func readOurs(t testing.TB, in []byte, size int) ngResult {
	return readOursFrom(t, bytes.NewReader(in), size)
}

func readOursFrom(t testing.TB, in io.Reader, size int) (res ngResult) {
	p, err := newPcapngFile(bufio.NewReaderSize(in, size))
	if err != nil {
		return ngResult{err: err, header: true}
	}
	for len(res.pkts) < ngMaxPackets {
		data, ci, err := p.ZeroCopyReadPacketData()
		if err != nil {
			res.err = err
			return res
		}
		if ci.AncillaryData != nil {
			t.Fatalf("AncillaryData set: %v", ci.AncillaryData)
		}
		if p.lastSecrets() {
			continue // a Decryption Secrets Block, which pcapgo keeps to itself
		}
		res.pkts = append(res.pkts, ngPacket{bytes.Clone(data), ci, p.lastLinkType()})
	}
	return res
}

// ngOutcome classifies how a comparison came out.
type ngOutcome int

const (
	ngSame     ngOutcome = iota // same packets, both io.EOF or both an error after the same packets
	ngStricter                  // ours stopped earlier or failed instead of io.EOF, with errNgMalformed
)

// compareNg compares our reading of in with pcapgo's and returns how they
// relate; any other difference fails the test. With exact, ours may not be
// stricter either.
func compareNg(t testing.TB, name string, in []byte, exact bool) ngOutcome {
	t.Helper()
	want := readPcapgo(in)
	out := ngSame
	for _, size := range ngBufSizes {
		got := readOurs(t, in, size)
		o, msg := diffNg(want, got)
		if msg != "" {
			t.Fatalf("%s (buffer %d): %s", name, size, msg)
		}
		if exact && o != ngSame {
			t.Fatalf("%s (buffer %d): stricter than pcapgo after %d packets: %v (pcapgo: %d packets, %v)", name, size, len(got.pkts), got.err, len(want.pkts), want.err)
		}
		// The same block may fail another way in place (cut short) and
		// in pieces (a field checked before the end is found missing).
		out = max(out, o)
	}
	return out
}

// diffNg returns how got (ours) relates to want (pcapgo's), or why it is
// wrong.
func diffNg(want, got ngResult) (ngOutcome, string) {
	if len(got.pkts) > len(want.pkts) {
		return 0, fmt.Sprintf("%d packets, pcapgo %d (ended by %v)", len(got.pkts), len(want.pkts), want.err)
	}
	for i := range got.pkts {
		g, w := got.pkts[i], want.pkts[i]
		if !bytes.Equal(g.data, w.data) {
			return 0, fmt.Sprintf("packet %d: data %x, pcapgo %x", i, g.data, w.data)
		}
		if g.ci.Timestamp != w.ci.Timestamp || g.ci.CaptureLength != w.ci.CaptureLength || g.ci.Length != w.ci.Length ||
			g.ci.InterfaceIndex != w.ci.InterfaceIndex || g.link != w.link {
			return 0, fmt.Sprintf("packet %d: %+v link %v, pcapgo %+v link %v", i, g.ci, g.link, w.ci, w.link)
		}
	}
	strict := errors.Is(got.err, errNgMalformed)
	switch {
	case got.err == nil || want.err == nil:
		return 0, fmt.Sprintf("more than %d packets", ngMaxPackets)
	case len(got.pkts) < len(want.pkts):
		if !strict {
			return 0, fmt.Sprintf("error after %d packets: %v; pcapgo read %d (ended by %v)", len(got.pkts), got.err, len(want.pkts), want.err)
		}
		return ngStricter, ""
	case got.header != want.header && !(got.header && strict):
		return 0, fmt.Sprintf("header error %v, pcapgo's %v", got.err, want.err)
	case want.err == io.EOF && got.err != io.EOF:
		if !strict {
			return 0, fmt.Sprintf("error %v after %d packets, pcapgo io.EOF", got.err, len(got.pkts))
		}
		return ngStricter, ""
	case want.err != io.EOF && got.err == io.EOF:
		return 0, fmt.Sprintf("io.EOF after %d packets, pcapgo %v", len(got.pkts), want.err)
	case got.header && !want.header:
		return ngStricter, ""
	}
	return ngSame, ""
}

// ngBuild writes pcapng blocks by hand, in the byte order of the current
// section (set big before shb).
type ngBuild struct {
	big bool
	b   []byte
}

func (w *ngBuild) order() interface {
	binary.ByteOrder
	binary.AppendByteOrder
} {
	if w.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

func (w *ngBuild) u16(v uint16) []byte { return w.order().AppendUint16(nil, v) }
func (w *ngBuild) u32(v uint32) []byte { return w.order().AppendUint32(nil, v) }
func (w *ngBuild) u64(v uint64) []byte { return w.order().AppendUint64(nil, v) }

func pad4(b []byte) []byte { return append(b, make([]byte, (4-len(b)%4)%4)...) }

// block appends a block of type typ with the given body (padded).
func (w *ngBuild) block(typ uint32, body ...[]byte) *ngBuild {
	body = [][]byte{pad4(bytes.Join(body, nil))}
	n := uint32(12 + len(body[0]))
	w.b = append(w.b, w.u32(typ)...)
	w.b = append(w.b, w.u32(n)...)
	w.b = append(w.b, body[0]...)
	w.b = append(w.b, w.u32(n)...)
	return w
}

// opt is an option with its padding.
func (w *ngBuild) opt(code uint16, val []byte) []byte {
	o := append(w.u16(code), w.u16(uint16(len(val)))...)
	return pad4(append(o, val...))
}

func (w *ngBuild) endOpt() []byte { return make([]byte, 4) }

func (w *ngBuild) shb(major, minor uint16, opts ...[]byte) *ngBuild {
	return w.block(ngSHB, append([][]byte{w.u32(ngByteOrderMagic), w.u16(major), w.u16(minor), w.u64(^uint64(0))}, opts...)...)
}

func (w *ngBuild) idb(link layers.LinkType, snap uint32, opts ...[]byte) *ngBuild {
	return w.block(ngIDB, append([][]byte{w.u16(uint16(link)), w.u16(0), w.u32(snap)}, opts...)...)
}

func (w *ngBuild) epb(iface uint32, ts uint64, data []byte, origlen uint32, opts ...[]byte) *ngBuild {
	h := [][]byte{w.u32(iface), w.u32(uint32(ts >> 32)), w.u32(uint32(ts)), w.u32(uint32(len(data))), w.u32(origlen), pad4(bytes.Clone(data))}
	return w.block(ngEPB, append(h, opts...)...)
}

func (w *ngBuild) pb(iface uint16, ts uint64, data []byte, origlen uint32, opts ...[]byte) *ngBuild {
	h := [][]byte{w.u16(iface), w.u16(7), w.u32(uint32(ts >> 32)), w.u32(uint32(ts)), w.u32(uint32(len(data))), w.u32(origlen), pad4(bytes.Clone(data))}
	return w.block(ngPB, append(h, opts...)...)
}

func (w *ngBuild) spb(origlen uint32, data []byte) *ngBuild {
	return w.block(ngSPB, w.u32(origlen), data)
}

func (w *ngBuild) isb(iface uint32, ts uint64, opts ...[]byte) *ngBuild {
	return w.block(ngISB, append([][]byte{w.u32(iface), w.u32(uint32(ts >> 32)), w.u32(uint32(ts))}, opts...)...)
}

// record is a name resolution record.
func (w *ngBuild) record(typ uint16, val []byte) []byte {
	r := append(w.u16(typ), w.u16(uint16(len(val)))...)
	return pad4(append(r, val...))
}

func (w *ngBuild) nrb(parts ...[]byte) *ngBuild { return w.block(ngNRB, parts...) }

// frameBytes is n bytes of a recognisable pattern.
func frameBytes(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed + byte(i*7)
	}
	return b
}

// ngInput is a named capture.
type ngInput struct {
	name string
	in   []byte
}

// builtPcapng returns hand-written captures covering what pcapgo reads:
// every block type, both byte orders, sections of several versions,
// timestamp resolutions and offsets, options, long blocks, and the errors
// pcapgo reports inside well-framed blocks.
func builtPcapng() []ngInput {
	var ins []ngInput
	add := func(name string, w *ngBuild) { ins = append(ins, ngInput{name, w.b}) }

	w := &ngBuild{}
	w.shb(1, 0, w.opt(1, []byte("a comment")), w.opt(2, []byte("hw")), w.opt(3, []byte("os")), w.opt(4, []byte("app")), w.endOpt())
	w.idb(layers.LinkTypeEthernet, 65535)
	w.idb(layers.LinkTypeLinuxSLL2, 128, w.opt(2, []byte("eth1")), w.opt(9, []byte{9}), w.opt(14, w.u64(1000)), w.endOpt())
	w.idb(layers.LinkTypeRaw, 0, w.opt(9, []byte{0x80 | 10}), w.opt(1, nil), w.opt(11, []byte{0, 't', 'c', 'p'}))
	w.idb(layers.LinkTypeNull, 0, w.opt(9, []byte{3}), w.opt(9, nil), w.opt(14, []byte{1, 2, 3}), w.endOpt(), w.opt(9, []byte{200}))
	w.epb(0, 1_700_000_000_123_456, frameBytes(60, 1), 60)
	w.epb(1, 1_700_000_000_123_456_789, frameBytes(61, 2), 1500)
	w.epb(2, 1<<40+12345, frameBytes(62, 3), 62, w.opt(1, []byte("pkt comment")), w.opt(2, w.u32(1)), w.opt(3, []byte{2, 1, 2, 3, 4}),
		w.opt(4, w.u64(5)), w.opt(5, w.u64(6)), w.opt(6, w.u32(7)), w.opt(7, []byte{1, 0, 0, 0, 0, 0, 0, 0, 1}), w.opt(2, nil), w.opt(0xbad, []byte("custom")), w.endOpt())
	w.epb(3, 123456789, frameBytes(63, 4), 63, w.opt(1, []byte("no end of options")))
	w.epb(0, 0, nil, 0)
	w.epb(0, ^uint64(0), frameBytes(100, 5), 50) // captured length over the original one
	w.spb(70, frameBytes(70, 6))
	w.pb(1, 1_700_000_000_000_000_001, frameBytes(64, 7), 64, w.opt(1, []byte("options of a packet block are not read")))
	w.isb(1, 1_700_000_000_000_000_002, w.opt(1, []byte("stats")), w.opt(2, w.u64(1)), w.opt(3, w.u64(2)), w.opt(4, w.u64(3)), w.opt(5, w.u64(4)), w.opt(2, []byte{1}), w.endOpt())
	w.isb(0, 0)
	w.nrb(w.record(1, append([]byte{192, 0, 2, 1}, "a.example\x00b.example\x00"...)), w.record(2, append(make([]byte, 16), "v6.example\x00"...)),
		w.record(3, append(make([]byte, 6), "mac\x00"...)), w.record(4, append(make([]byte, 8), "eui\x00"...)), w.record(99, []byte("unknown")), w.record(0, nil), w.opt(2, []byte("dns")), w.endOpt())
	w.nrb(w.record(1, []byte{10, 0, 0, 1, 'x', 0})) // no nrb_record_end: the trailer is read as one
	w.nrb()
	w.block(0x0a, w.u32(0x544c534b), w.u32(9), []byte("CLIENT_RA"))            // decryption secrets
	w.block(0xbad, []byte("custom block, copiable"))                           // custom blocks
	w.block(0x40000bad, []byte("custom block, not copiable"), make([]byte, 3)) //
	w.block(0x12345678)
	w.epb(1, 42, frameBytes(1514, 8), 1514)
	add("every-block", w)

	// Sections in both byte orders; each forgets the interfaces before.
	w = &ngBuild{big: true}
	w.shb(1, 0)
	w.idb(layers.LinkTypeEthernet, 0, w.opt(9, []byte{6}), w.opt(14, w.u64(7)))
	w.epb(0, 1_000_001, frameBytes(60, 9), 60)
	w.spb(40, frameBytes(40, 10))
	w.pb(0, 77, frameBytes(33, 11), 33)
	w.big = false
	w.shb(1, 0)
	w.idb(layers.LinkTypeRaw, 20)
	w.idb(layers.LinkTypeLinuxSLL, 0)
	w.spb(60, frameBytes(20, 12)) // cut to the first interface's snap length
	w.epb(1, 5, frameBytes(10, 13), 10)
	w.big = true
	w.shb(1, 0, w.endOpt())
	w.idb(layers.LinkTypeIPv4, 0, w.opt(9, []byte{0x80 | 20}))
	w.epb(0, 1<<21+1, frameBytes(30, 14), 30)
	add("byte-orders", w)

	// Sections of other versions are skipped, whatever they hold.
	w = &ngBuild{}
	w.shb(2, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	w.epb(0, 1, frameBytes(60, 15), 60)
	w.block(0x99, make([]byte, 4))
	w.big = true
	w.shb(1, 2)
	w.block(6, make([]byte, 1)) // no Enhanced Packet Block layout required here
	w.big = false
	w.shb(1, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	w.epb(0, 2, frameBytes(60, 16), 60)
	w.shb(0, 1)
	w.epb(0, 3, frameBytes(60, 17), 60)
	w.shb(1, 0)
	w.idb(layers.LinkTypeRaw, 0)
	w.epb(0, 4, frameBytes(60, 18), 60)
	add("versions", w)

	w = &ngBuild{}
	w.shb(3, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	add("only-unknown-version", w)

	w = &ngBuild{}
	w.shb(1, 0)
	add("no-packets", w)

	// Timestamp resolutions: powers of 10 up to 10^-63 (those past 10^-19
	// overflow, as they do in pcapgo), powers of 2 up to 2^-63.
	w = &ngBuild{}
	w.shb(1, 0)
	res := []byte{0, 1, 6, 9, 12, 18, 19, 20, 40, 63, 0x80, 0x80 | 1, 0x80 | 10, 0x80 | 30, 0x80 | 62, 0x80 | 63}
	for _, r := range res {
		w.idb(layers.LinkTypeEthernet, 0, w.opt(9, []byte{r}), w.opt(14, w.u64(uint64(r)<<56)))
	}
	for i := range res {
		for _, ts := range []uint64{0, 1, 999_999_999, 1e9, 1_700_000_000_000_000_000, 1 << 63, ^uint64(0), 0x123456789abcdef} {
			w.epb(uint32(i), ts, frameBytes(14, byte(i)), 14)
		}
	}
	add("resolutions", w)

	for _, r := range []byte{64, 127, 0x80 | 64, 0xff} {
		w := &ngBuild{}
		w.shb(1, 0)
		w.idb(layers.LinkTypeEthernet, 0)
		w.epb(0, 1, frameBytes(14, 1), 14)
		w.idb(layers.LinkTypeEthernet, 0, w.opt(9, []byte{r}))
		w.epb(0, 2, frameBytes(14, 2), 14)
		add(fmt.Sprintf("resolution-%#x", r), w)
	}

	// Blocks longer than the Reader's 64 KiB buffer, read in pieces.
	w = &ngBuild{}
	w.shb(1, 0, w.opt(1, frameBytes(65000, 19)), w.opt(1, frameBytes(3000, 20)))
	w.idb(layers.LinkTypeEthernet, 0, w.opt(2, frameBytes(40000, 21)), w.opt(9, []byte{9}), w.opt(3, frameBytes(40000, 22)), w.opt(14, w.u64(3)))
	w.epb(0, 1, frameBytes(100_000, 23), 100_000, w.opt(1, frameBytes(50_000, 24)), w.endOpt())
	w.epb(0, 2, frameBytes(300_000, 25), 300_000)
	w.epb(0, 3, frameBytes(65536-32, 26), 65536-32)
	w.epb(0, 4, frameBytes(65536-31, 27), 65536)
	w.spb(70_000, frameBytes(70_000, 28))
	w.isb(0, 5, w.opt(1, frameBytes(65535, 29)), w.opt(1, frameBytes(100, 30)))
	w.nrb(w.record(1, append([]byte{1, 2, 3, 4}, frameBytes(65000, 31)...)), w.record(0, nil), w.opt(1, frameBytes(65000, 32)))
	w.block(0x77, frameBytes(200_000, 33))
	w.epb(0, 6, frameBytes(100, 34), 100)
	add("long-blocks", w)

	// An NRB without nrb_record_end whose trailer, read as a record
	// header, is an address record of length 0 (block length 65540 =
	// 0x00010004): pcapgo fails on it.
	for _, big := range []bool{false, true} {
		w = &ngBuild{big: big}
		w.shb(1, 0)
		w.idb(layers.LinkTypeEthernet, 0)
		w.epb(0, 1, frameBytes(14, 1), 14)
		// Little-endian, it reads type 4 (EUI-64); big-endian, type 1
		// (IPv4).
		w.nrb(w.record(99, frameBytes(65540-12-4, 35)))
		w.epb(0, 2, frameBytes(14, 2), 14)
		add(fmt.Sprintf("nrb-trailer-record-big=%v", big), w)
	}
	// Records cut to the end of the block: an address record shorter than
	// its address fails, another one takes in the trailer.
	w = &ngBuild{}
	w.shb(1, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	w.epb(0, 1, frameBytes(14, 1), 14)
	w.nrb(w.u16(99), w.u16(500), make([]byte, 8))
	w.nrb(w.u16(1), w.u16(500), make([]byte, 8))
	w.epb(0, 2, frameBytes(14, 2), 14)
	w.nrb(w.u16(2), w.u16(500), make([]byte, 8))
	w.epb(0, 3, frameBytes(14, 3), 14)
	add("nrb-cut-records", w)

	// Errors pcapgo reports inside well-framed blocks.
	errCase := func(name string, f func(w *ngBuild)) {
		w := &ngBuild{}
		w.shb(1, 0)
		w.idb(layers.LinkTypeEthernet, 64)
		w.epb(0, 1, frameBytes(14, 1), 14)
		f(w)
		w.epb(0, 2, frameBytes(14, 2), 14)
		add("error-"+name, w)
	}
	errCase("unknown-interface", func(w *ngBuild) { w.epb(1, 1, frameBytes(14, 3), 14) })
	errCase("unknown-interface-pb", func(w *ngBuild) { w.pb(3, 1, frameBytes(14, 3), 14) })
	errCase("unknown-interface-isb", func(w *ngBuild) { w.isb(1, 1) })
	errCase("interfaces-of-previous-section", func(w *ngBuild) {
		w.shb(1, 0)
		w.spb(10, frameBytes(10, 4))
	})
	errCase("interface-of-previous-section", func(w *ngBuild) {
		w.shb(1, 0)
		w.idb(layers.LinkTypeRaw, 0)
		w.epb(0, 1, frameBytes(14, 3), 14)
		w.epb(1, 1, frameBytes(14, 3), 14)
	})
	errCase("end-of-options-length", func(w *ngBuild) { w.epb(0, 1, frameBytes(14, 3), 14, w.u16(0), w.u16(4), make([]byte, 4)) })
	errCase("end-of-options-length-idb", func(w *ngBuild) { w.idb(1, 0, w.u16(0), w.u16(1), make([]byte, 4)) })
	errCase("end-of-options-length-shb", func(w *ngBuild) { w.shb(1, 0, w.u16(0), w.u16(1), make([]byte, 4)) })
	errCase("end-of-options-length-isb", func(w *ngBuild) { w.isb(0, 0, w.u16(0), w.u16(1), make([]byte, 4)) })
	errCase("byte-order-magic", func(w *ngBuild) {
		w.shb(1, 0)
		copy(w.b[len(w.b)-28+8:], "\x01\x02\x03\x04")
	})
	errCase("snaplen-spb", func(w *ngBuild) { w.spb(100, frameBytes(64, 5)) }) // fine: cut to 64
	errCase("snaplen-epb", func(w *ngBuild) { w.epb(0, 1, frameBytes(1000, 5), 1000) })
	return ins
}

// generatedPcapng returns pcapng captures written by pcapgo.NgWriter
// (the test helpers) and internal/capgen.
func generatedPcapng(t testing.TB) []ngInput {
	var ins []ngInput
	c := conversation(t, "tls13-default")
	a := newTCPFlow(t, ethernet, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.conv(c)
	a.close()
	ins = append(ins, ngInput{"writer-one-flow", writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet}, a.pkts)})
	b := newTCPFlow(t, frame{link: layers.LinkTypeLinuxSLL2, v6: true}, cliAddr6, srvAddr6, 2, t0)
	b.handshake()
	b.conv(conversation(t, "tls12-ecdhe-ecdsa"))
	b.close()
	pkts := interleave(a.pkts, b.pkts)
	two := writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeEthernet, layers.LinkTypeLinuxSLL2}, pkts)
	ins = append(ins, ngInput{"writer-interfaces", two})
	ins = append(ins, ngInput{"writer-sections", append(bytes.Clone(ins[0].in), writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeRaw}, b.pkts)...)})
	for seed := range uint64(2) {
		var buf bytes.Buffer
		if _, err := capgen.Write(&buf, capgen.Config{Size: 1 << 20, Flows: 20, Open: 8, Format: "pcapng", Seed: seed}); err != nil {
			t.Fatal(err)
		}
		ins = append(ins, ngInput{fmt.Sprintf("capgen-%d", seed), buf.Bytes()})
	}
	return ins
}

// sharedPcapng returns the pcapng captures of ../shared/captures
// (decompressed), if that directory is there: the *.pcapng and
// *.pcapng.gz files and any other file that starts as pcapng.
func sharedPcapng(t *testing.T) []ngInput {
	dir := capturesDir(t)
	var ins []ngInput
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return nil
			}
			if b, err = io.ReadAll(zr); err != nil {
				return nil
			}
		}
		base := strings.TrimSuffix(path, ".gz")
		if strings.HasSuffix(base, ".pcapng") || bytes.HasPrefix(b, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
			rel, _ := filepath.Rel(dir, path)
			ins = append(ins, ngInput{rel, b})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ins
}

// TestPcapngVsPcapgo: on every capture the tests can build and every
// shared pcapng capture, pcapngFile returns exactly what pcapgo.NgReader
// returns, packet by packet, and ends the same way.
func TestPcapngVsPcapgo(t *testing.T) {
	ins := append(builtPcapng(), generatedPcapng(t)...)
	pkts := 0
	for _, in := range ins {
		compareNg(t, in.name, in.in, true)
		pkts += len(readPcapgo(in.in).pkts)
	}
	t.Logf("%d generated captures, %d packets", len(ins), pkts)
	// A bufio.Reader below ngMinBuffer is read through a larger one.
	for _, in := range ins[:3] {
		if o, msg := diffNg(readPcapgo(in.in), readOurs(t, in.in, 16)); msg != "" || o != ngSame {
			t.Errorf("%s (buffer 16): %s", in.name, msg)
		}
	}
	// Those built to end in an error must do so, the others must not.
	for _, in := range ins {
		res := readPcapgo(in.in)
		wantErr := strings.HasPrefix(in.name, "error-") && !strings.HasPrefix(in.name, "error-snaplen") ||
			strings.HasPrefix(in.name, "resolution-") || strings.HasPrefix(in.name, "nrb-")
		if wantErr != (res.err != io.EOF) || res.panic {
			t.Errorf("%s: pcapgo read %d packets, then %v", in.name, len(res.pkts), res.err)
		}
		if in.name == "only-unknown-version" && (!res.header || res.err != io.EOF) {
			t.Errorf("%s: %v", in.name, res.err)
		}
	}
	t.Run("shared", func(t *testing.T) {
		shared := sharedPcapng(t)
		pkts := 0
		for _, in := range shared {
			compareNg(t, in.name, in.in, true)
			pkts += len(readPcapgo(in.in).pkts)
		}
		t.Logf("%d shared captures, %d packets", len(shared), pkts)
	})
}

// ngBlocks returns the offsets of the blocks of a well-formed capture.
func ngBlocks(in []byte) []int {
	var offs []int
	big := false
	for off := 0; off+12 <= len(in); {
		if binary.LittleEndian.Uint32(in[off:]) == ngSHB {
			big = binary.BigEndian.Uint32(in[off+8:]) == ngByteOrderMagic
		}
		var n uint32
		if big {
			n = binary.BigEndian.Uint32(in[off+4:])
		} else {
			n = binary.LittleEndian.Uint32(in[off+4:])
		}
		if n < 12 || off+int(n) > len(in) {
			break
		}
		offs = append(offs, off)
		off += int(n)
	}
	return offs
}

// mutatePcapng applies one to three random changes to a copy of in:
// bytes overwritten, a block's leading or trailing length or its first
// length fields set to a chosen value, 4 bytes inserted or removed, the
// input cut.
func mutatePcapng(rng *rand.Rand, in []byte) []byte {
	out := bytes.Clone(in)
	blocks := ngBlocks(in)
	values := []uint32{0, 1, 3, 4, 8, 11, 12, 16, 20, 24, 28, 32, 0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffc, 0xffffffff}
	put := func(off int, v uint32) {
		if off+4 <= len(out) {
			if rng.IntN(2) == 0 {
				binary.LittleEndian.PutUint32(out[off:], v)
			} else {
				binary.BigEndian.PutUint32(out[off:], v)
			}
		}
	}
	for range 1 + rng.IntN(3) {
		if len(out) == 0 {
			break
		}
		switch k := rng.IntN(9); {
		case k < 2: // random bytes
			for range 1 + rng.IntN(4) {
				out[rng.IntN(len(out))] = byte(rng.Uint32())
			}
		case k < 5 && len(blocks) > 0: // a length field of a block
			off := blocks[rng.IntN(len(blocks))]
			if off+8 > len(out) {
				continue
			}
			n := int(binary.LittleEndian.Uint32(out[off+4:]))
			field := []int{off + 4, off + 4, off + n - 4, off + 8, off + 12, off + 16, off + 20, off + 24, off + 28 + 2}[rng.IntN(9)]
			if field < 0 || field+4 > len(out) {
				continue
			}
			var v uint32
			switch rng.IntN(3) {
			case 0:
				v = values[rng.IntN(len(values))]
			case 1:
				v = binary.LittleEndian.Uint32(out[field:]) + uint32(rng.IntN(17)) - 8
			default:
				v = uint32(rng.IntN(len(out) + 64))
			}
			put(field, v)
		case k < 6: // insert or remove 4 bytes at a block boundary or anywhere
			at := rng.IntN(len(out))
			if len(blocks) > 0 && rng.IntN(2) == 0 {
				at = min(blocks[rng.IntN(len(blocks))], len(out))
			}
			if rng.IntN(2) == 0 {
				out = append(out[:at], append(make([]byte, 4), out[at:]...)...)
			} else {
				out = append(out[:at], out[min(at+4, len(out)):]...)
			}
		case k < 7: // an aligned word anywhere
			put(rng.IntN(len(out))&^3, values[rng.IntN(len(values))])
		default: // cut
			out = out[:rng.IntN(len(out))]
		}
	}
	return out
}

// mutationBases are the small valid captures the mutation tests start
// from.
func mutationBases(t testing.TB) []ngInput {
	var bases []ngInput
	for _, in := range builtPcapng() {
		if len(in.in) < 16<<10 {
			bases = append(bases, in)
		}
	}
	c := conversation(t, "tls12-ecdhe-ecdsa")
	a := newTCPFlow(t, frame{link: layers.LinkTypeLinuxSLL2}, cliAddr, srvAddr, 1, t0)
	a.handshake()
	a.conv(c)
	capture := writeCapture(t, fmtPcapng, false, []layers.LinkType{layers.LinkTypeLinuxSLL2, layers.LinkTypeEthernet}, a.pkts[:6])
	return append(bases, ngInput{"writer", capture})
}

// TestPcapngMutations: on a few thousand mutated captures, pcapngFile
// returns what pcapgo returns up to where one of them stops; both stop
// after the same packet, or pcapngFile earlier with errNgMalformed where
// pcapgo misreads a block.
func TestPcapngMutations(t *testing.T) {
	bases := mutationBases(t)
	rng := rand.New(rand.NewPCG(1, 2))
	n := 4000
	if testing.Short() {
		n = 500
	}
	var same, stricter int
	for i := range n {
		base := bases[i%len(bases)]
		in := mutatePcapng(rng, base.in)
		switch compareNg(t, fmt.Sprintf("%s mutation %d (%x)", base.name, i, in), in, false) {
		case ngSame:
			same++
		case ngStricter:
			stricter++
		}
	}
	t.Logf("%d mutations of %d captures: %d read the same, %d stricter", n, len(bases), same, stricter)
	if same < n/2 {
		t.Errorf("only %d of %d the same", same, n)
	}
}

// TestPcapngTruncated: a capture cut anywhere ends with io.EOF exactly
// where a block ends, and io.ErrUnexpectedEOF elsewhere, after the same
// packets as pcapgo.
func TestPcapngTruncated(t *testing.T) {
	for _, in := range builtPcapng()[:3] {
		bounds := map[int]bool{len(in.in): true}
		for _, off := range ngBlocks(in.in) {
			bounds[off] = true
		}
		for cut := range len(in.in) + 1 {
			part := in.in[:cut]
			compareNg(t, fmt.Sprintf("%s cut at %d", in.name, cut), part, true)
			for _, size := range ngBufSizes {
				res := readOurs(t, part, size)
				want := io.ErrUnexpectedEOF
				if bounds[cut] {
					want = io.EOF
				}
				if res.err != want {
					t.Fatalf("%s cut at %d (buffer %d): %v after %d packets", in.name, cut, size, res.err, len(res.pkts))
				}
			}
		}
	}
}

// TestPcapngGzipErrors: a gzip stream cut at a block boundary is not a
// clean end of the capture (reader.go's gzipErrors).
func TestPcapngGzipErrors(t *testing.T) {
	in := builtPcapng()[1].in
	blocks := ngBlocks(in)
	cut := in[:blocks[len(blocks)-1]]
	gz := gzipBytes(t, cut)
	for _, n := range []int{len(gz) - 8, len(gz) - 4, len(gz) - 1} {
		r, err := NewReader(bytes.NewReader(gz[:n]), Options{})
		if err != nil {
			t.Fatal(err)
		}
		var last error
		for _, err := range r.Flows() {
			last = err
		}
		if last == nil || !strings.Contains(last.Error(), "gzip") {
			t.Errorf("gzip cut to %d of %d bytes: %v", n, len(gz), last)
		}
	}
}

// failingReader returns its bytes, then err.
type failingReader struct {
	b   []byte
	err error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, r.err
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// TestPcapngReadErrors: errors of the underlying reader end the reading
// as in pcapgo: at a block boundary, a bare io.ErrUnexpectedEOF is taken
// for the end of the capture; a wrapped one (reader.go's gzipErrors) and
// any other error is passed on, wrapped or not.
func TestPcapngReadErrors(t *testing.T) {
	in := builtPcapng()[0].in
	blocks := ngBlocks(in)
	errDisk := errors.New("disk on fire")
	for _, cut := range []int{blocks[1], blocks[5], blocks[5] + 3, blocks[5] + 9, blocks[5] + 30, len(in)} {
		for _, rerr := range []error{io.EOF, io.ErrUnexpectedEOF, fmt.Errorf("gzip: %w", io.ErrUnexpectedEOF), errDisk} {
			want := readPcapgoFrom(&failingReader{in[:cut], rerr})
			for _, size := range ngBufSizes {
				got := readOursFrom(t, &failingReader{in[:cut], rerr}, size)
				if o, msg := diffNg(want, got); msg != "" || o != ngSame {
					t.Fatalf("cut %d, %v (buffer %d): %s", cut, rerr, size, msg)
				}
				if rerr != io.EOF && rerr != io.ErrUnexpectedEOF && !errors.Is(got.err, rerr) {
					t.Errorf("cut %d, %v (buffer %d): %v", cut, rerr, size, got.err)
				}
			}
			if rerr == io.ErrUnexpectedEOF && cut == blocks[5] && want.err != io.EOF {
				t.Errorf("pcapgo: %v", want.err)
			}
		}
	}
}

// ngStrictCase is an input pcapgo misreads and pcapngFile refuses.
type ngStrictCase struct {
	name string
	in   []byte
	// the packets pcapgo returns after the common one (0: it fails on
	// the block too, after reading past it)
	pcapgoMore int
}

// TestPcapngStricter: the inputs where pcapngFile is stricter than pcapgo,
// one per check. pcapngFile fails with errNgMalformed after the packets
// before the block; pcapgo goes on, misreading, or fails later.
func TestPcapngStricter(t *testing.T) {
	head := func() *ngBuild {
		w := &ngBuild{}
		w.shb(1, 0)
		w.idb(layers.LinkTypeEthernet, 0)
		w.epb(0, 1, frameBytes(14, 1), 14)
		return w
	}
	setU32 := func(b []byte, off int, v uint32) { binary.LittleEndian.PutUint32(b[off:], v) }
	var cases []ngStrictCase
	add := func(name string, w *ngBuild, more int) {
		w.epb(0, 2, frameBytes(14, 2), 14)
		cases = append(cases, ngStrictCase{name, w.b, more})
	}
	// Trailing length other than the leading one: pcapgo does not look.
	w := head()
	w.epb(0, 3, frameBytes(14, 3), 14)
	setU32(w.b, len(w.b)-4, 999)
	add("trailer", w, 2)
	// Unknown block of length 8 (no room for a trailer): pcapgo reads on
	// from the next 8 bytes.
	w = head()
	w.b = append(w.b, w.u32(0x99)...)
	w.b = append(w.b, w.u32(8)...)
	add("length-8", w, 1)
	// Length not a multiple of 4: pcapgo lands inside the next block.
	w = head()
	w.block(0x99, make([]byte, 4))
	setU32(w.b, len(w.b)-12, 13)
	setU32(w.b, len(w.b)-4, 13)
	w.b = append(w.b, 0)
	add("length-13", w, 0)
	// Simple Packet Block whose data takes in the trailer: pcapgo returns
	// the trailer as the packet's last 4 bytes.
	w = head()
	w.spb(14, frameBytes(10, 4))
	add("spb-into-trailer", w, 2)
	// Packet Block of length 28, its original length field the trailer.
	w = head()
	w.b = append(w.b, w.u32(ngPB)...)
	w.b = append(w.b, w.u32(28)...)
	w.b = append(w.b, make([]byte, 16)...)
	w.b = append(w.b, w.u32(28)...)
	add("pb-28", w, 2)
	// Packet Block data taking in the trailer.
	w = head()
	w.pb(0, 1, frameBytes(16, 5), 16)
	setU32(w.b, len(w.b)-4-16-8, 20)
	add("pb-into-trailer", w, 2)
	// Enhanced Packet Block whose captured length runs past the block:
	// pcapgo reads on into the next blocks and fails at their end.
	w = head()
	w.epb(0, 3, frameBytes(16, 6), 16)
	setU32(w.b, len(w.b)-4-16-8, 40)
	add("epb-past-block", w, 0)
	// An option running into the trailer.
	w = head()
	w.idb(layers.LinkTypeRaw, 0, w.opt(2, []byte("abcd")))
	setU32(w.b, len(w.b)-4-8, uint32(w.order().Uint16(w.u16(2)))|8<<16)
	add("option-into-trailer", w, 0)
	// A block in a skipped section with a bad trailer.
	w = head()
	w.shb(2, 0)
	w.block(0x99, make([]byte, 4))
	setU32(w.b, len(w.b)-4, 4)
	w.shb(1, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	add("skipped-section-trailer", w, 1)
	// A Section Header Block of length 24 (section length in the trailer).
	w = head()
	w.b = append(w.b, w.u32(ngSHB)...)
	w.b = append(w.b, w.u32(24)...)
	w.b = append(w.b, w.u32(ngByteOrderMagic)...)
	w.b = append(w.b, w.u16(2)...)
	w.b = append(w.b, w.u16(0)...)
	w.b = append(w.b, w.u32(0)...)
	w.b = append(w.b, w.u32(24)...)
	w.shb(1, 0)
	w.idb(layers.LinkTypeEthernet, 0)
	add("shb-24", w, 1)

	for _, c := range cases {
		want := readPcapgo(c.in)
		for _, size := range ngBufSizes {
			got := readOurs(t, c.in, size)
			if len(got.pkts) != 1 || !errors.Is(got.err, errNgMalformed) {
				t.Errorf("%s (buffer %d): %d packets, %v", c.name, size, len(got.pkts), got.err)
			}
			// Where pcapgo fails at the same block (having read past
			// it), both fail after the same packets.
			wantO := ngStricter
			if c.pcapgoMore == 0 {
				wantO = ngSame
			}
			if o, msg := diffNg(want, got); msg != "" || o != wantO {
				t.Errorf("%s: %v %s", c.name, o, msg)
			}
		}
		t.Logf("%s: %v; pcapgo: %d packets, then %v", c.name, readOurs(t, c.in, 1<<16).err, len(want.pkts), want.err)
		if len(want.pkts) != 1+c.pcapgoMore || want.panic {
			t.Errorf("%s: pcapgo read %d packets, then %v; want %d", c.name, len(want.pkts), want.err, 1+c.pcapgoMore)
		}
	}
	// pcapgo returns the trailer of the Simple Packet Block as data.
	if pkts := readPcapgo(cases[3].in).pkts; len(pkts) < 2 || !bytes.HasSuffix(pkts[1].data, []byte{0, 0, 28, 0}) {
		t.Errorf("spb-into-trailer: pcapgo read %v", pkts)
	}
}

// TestPcapngHostile: block lengths of 2^32-1 or past the end of the
// input, and captured lengths past the block, are errors, without
// allocating for the lengths claimed.
func TestPcapngHostile(t *testing.T) {
	good := goodCapture(t, fmtPcapng)
	npkts := len(readPcapgo(good).pkts)
	le := binary.LittleEndian
	var cases []ngInput
	blk := func(name string, typ, length uint32, fields ...uint32) {
		b := le.AppendUint32(le.AppendUint32(nil, typ), length)
		for _, f := range fields {
			b = le.AppendUint32(b, f)
		}
		b = append(b, bytes.Repeat([]byte{0xab}, 100)...)
		cases = append(cases, ngInput{name, append(bytes.Clone(good), b...)})
	}
	for _, length := range []uint32{0xffffffff, 0xfffffff0, 0xfffffffc, 0x7ffffff0, 0x10000, 200} {
		blk(fmt.Sprintf("epb-%#x", length), ngEPB, length, 0, 0, 0, 0x7fffffff, 0x7fffffff)
		blk(fmt.Sprintf("epb-%#x-caplen", length), ngEPB, length, 0, 0, 0, length-28, length)
		blk(fmt.Sprintf("spb-%#x", length), ngSPB, length, 0xffffffff)
		blk(fmt.Sprintf("unknown-%#x", length), 0x99, length)
		blk(fmt.Sprintf("idb-%#x", length), ngIDB, length, 1, 2<<16|0xffff)
		blk(fmt.Sprintf("nrb-%#x", length), ngNRB, length, 1<<16|0xffff)
		blk(fmt.Sprintf("shb-%#x", length), ngSHB, length, ngByteOrderMagic, 1, 0, 0)
	}
	// A captured length larger than the block, the block in the input.
	w := &ngBuild{}
	w.epb(0, 1, frameBytes(40, 1), 40)
	binary.LittleEndian.PutUint32(w.b[20:], 1<<30)
	cases = append(cases, ngInput{"epb-caplen-past-block", append(bytes.Clone(good), w.b...)})

	for _, c := range cases {
		compareNg(t, c.name, c.in, false)
		for _, size := range ngBufSizes {
			var res ngResult
			n := allocated(func() { res = readOurs(t, c.in, size) })
			if len(res.pkts) != npkts || res.err == nil || res.err == io.EOF {
				t.Errorf("%s (buffer %d): %d packets, %v", c.name, size, len(res.pkts), res.err)
			}
			// The packets read before (cloned) and a piece of at most
			// 1 MiB for the claimed packet.
			if n > uint64(len(c.in))*4+(1<<20)+(1<<17) {
				t.Errorf("%s (buffer %d): allocated %d bytes", c.name, size, n)
			}
			if size == ngBufSizes[0] {
				t.Logf("%s: %v (%d KiB allocated)", c.name, res.err, n>>10)
			}
		}
	}
}

// TestPcapngNoAllocs: reading a packet allocates nothing, whatever its
// interface's link type (pcapgo boxes link types from 256 up in an
// interface for every packet).
func TestPcapngNoAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	w := &ngBuild{}
	w.shb(1, 0)
	w.idb(layers.LinkTypeLinuxSLL2, 0)
	w.idb(layers.LinkTypeEthernet, 0, w.opt(9, []byte{9}))
	w.epb(0, 0, frameBytes(400, 0), 400) // the longest first: read in pieces, it sizes the reused slice
	for i := range 400 {
		w.epb(uint32(i%2), uint64(i), frameBytes(60+i%200, byte(i)), 1500, w.opt(1, []byte("c")))
		if i%7 == 0 {
			w.spb(100, frameBytes(100, byte(i)))
		}
	}
	for _, size := range ngBufSizes {
		p, err := newPcapngFile(bufio.NewReaderSize(bytes.NewReader(w.b), size))
		if err != nil {
			t.Fatal(err)
		}
		links := map[layers.LinkType]int{layers.LinkTypeLinuxSLL2: 0, layers.LinkTypeEthernet: 0}
		allocs := testing.AllocsPerRun(300, func() {
			if _, _, err := p.ZeroCopyReadPacketData(); err != nil {
				t.Fatal(err)
			}
			links[p.lastLinkType()]++
		})
		if allocs != 0 || links[layers.LinkTypeLinuxSLL2] == 0 || links[layers.LinkTypeEthernet] == 0 {
			t.Errorf("buffer %d: %v allocations per packet; link types %v", size, allocs, links)
		}
	}
}

// FuzzPcapngVsPcapgo: on any input, pcapngFile and pcapgo.NgReader return
// the same packets until one of them stops, and stop after the same
// packet, or pcapngFile earlier on a block pcapgo misreads (see
// TestPcapngStricter).
func FuzzPcapngVsPcapgo(f *testing.F) {
	for _, in := range mutationBases(f) {
		if len(in.in) < 4096 {
			f.Add(in.in)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		compareNg(t, "input", in, false)
	})
}
