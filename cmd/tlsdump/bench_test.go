package main

import (
	"bytes"
	"io"
	"net/netip"
	"sync"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/pcap"
)

// benchCapture is a few-MB capture: every tlsgen scenario repeated with
// distinct client ports, made once per test binary.
var benchCapture = sync.OnceValues(func() ([]byte, error) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		return nil, err
	}
	var convs []*tlsgen.Conversation
	for _, s := range ss {
		c, err := tlsgen.Run(s)
		if err != nil {
			return nil, err
		}
		convs = append(convs, c)
	}
	var fail error
	tb := &failRecorder{err: &fail}
	w := newCaptureWriter(tb)
	ts := tlsgen.Clock
	srv := netip.MustParseAddrPort("198.51.100.20:443")
	for i := range 100 {
		for j, c := range convs {
			n := i*len(convs) + j
			cli := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(n >> 16), byte(n >> 8), byte(n)}), uint16(1024+n%60000))
			ts = w.conn(cli, srv, uint32(n), ts, c)
		}
	}
	b := w.bytes()
	return b, fail
})

// failRecorder is the testing.TB the capture writer reports to outside a test.
type failRecorder struct {
	testing.TB
	err *error
}

func (f *failRecorder) Fatal(args ...any) {
	if *f.err == nil {
		*f.err = io.ErrUnexpectedEOF
	}
	panic(args)
}

func loadBench(b *testing.B) []byte {
	c, err := benchCapture()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(c)))
	b.ReportAllocs()
	return c
}

// BenchmarkReaderOnly iterates the flows of the capture and nothing else:
// the floor for BenchmarkTLSDumpJSON.
func BenchmarkReaderOnly(b *testing.B) {
	c := loadBench(b)
	for b.Loop() {
		r, err := pcap.NewReader(bytes.NewReader(c), pcap.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for f, err := range r.Flows() {
			if err != nil {
				b.Fatal(err)
			}
			n += len(f.Messages)
		}
		if n == 0 {
			b.Fatal("no messages")
		}
	}
}

// BenchmarkTLSDumpJSON runs `tlsdump -json -` on the same capture, output
// discarded: analysis, fingerprints, certificates and JSON included.
func BenchmarkTLSDumpJSON(b *testing.B) {
	c := loadBench(b)
	for b.Loop() {
		if code := run([]string{"-json", "-"}, bytes.NewReader(c), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkTLSDumpText is BenchmarkTLSDumpJSON for the default output.
func BenchmarkTLSDumpText(b *testing.B) {
	c := loadBench(b)
	for b.Loop() {
		if code := run([]string{"-"}, bytes.NewReader(c), io.Discard, io.Discard); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
