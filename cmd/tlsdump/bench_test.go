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

// Benchmark captures: every tlsgen scenario repeated 100 times with
// distinct client addresses (1300 connections). "handshakes" has only the
// recorded handshakes (the worst case for tlsdump: almost every byte is
// handshake); "sessions" adds 32 KiB of application data records per
// connection from the server, closer to real HTTPS traffic.
var benchCaptures = sync.OnceValues(func() (map[string][]byte, error) {
	hs, err := makeBenchCapture(0)
	if err != nil {
		return nil, err
	}
	ss, err := makeBenchCapture(32 << 10)
	return map[string][]byte{"handshakes": hs, "sessions": ss}, err
})

// benchCaptureNames orders the sub-benchmarks.
var benchCaptureNames = []string{"handshakes", "sessions"}

// makeBenchCapture builds a benchmark capture with appData bytes of
// application data records per connection.
func makeBenchCapture(appData int) ([]byte, error) {
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
			if appData > 0 {
				c = withAppData(c, appData)
			}
			ts = w.conn(cli, srv, uint32(n), ts, c)
		}
	}
	b := w.bytes()
	return b, fail
}

// withAppData returns c with n bytes of application_data records (2 KiB
// each) from the server appended: they are only counted by the reader.
func withAppData(c *tlsgen.Conversation, n int) *tlsgen.Conversation {
	out := *c
	out.Writes = append([]tlsgen.Write(nil), c.Writes...)
	rec := make([]byte, 5+2048)
	rec[0], rec[1], rec[2], rec[3], rec[4] = 23, 3, 3, 2048>>8, 2048&0xff
	for i := range rec[5:] {
		rec[5+i] = byte(i * 7)
	}
	for ; n > 0; n -= 2048 {
		out.Writes = append(out.Writes, tlsgen.Write{Data: rec})
	}
	return &out
}

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

// eachCapture runs f as a sub-benchmark per benchmark capture.
func eachCapture(b *testing.B, f func(b *testing.B, c []byte)) {
	cs, err := benchCaptures()
	if err != nil {
		b.Fatal(err)
	}
	for _, name := range benchCaptureNames {
		b.Run(name, func(b *testing.B) {
			c := cs[name]
			b.SetBytes(int64(len(c)))
			b.ReportAllocs()
			f(b, c)
		})
	}
}

// BenchmarkReaderOnly iterates the flows of the capture and nothing else:
// the floor for BenchmarkTLSDumpJSON.
func BenchmarkReaderOnly(b *testing.B) {
	eachCapture(b, func(b *testing.B, c []byte) {
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
	})
}

// BenchmarkTLSDumpJSON runs `tlsdump -json -` on the same capture, output
// discarded: analysis, fingerprints, certificates and JSON included.
func BenchmarkTLSDumpJSON(b *testing.B) {
	eachCapture(b, func(b *testing.B, c []byte) {
		for b.Loop() {
			if code := run([]string{"-json", "-"}, bytes.NewReader(c), io.Discard, io.Discard); code != 0 {
				b.Fatalf("exit %d", code)
			}
		}
	})
}

// BenchmarkTLSDumpText is BenchmarkTLSDumpJSON for the default output.
func BenchmarkTLSDumpText(b *testing.B) {
	eachCapture(b, func(b *testing.B, c []byte) {
		for b.Loop() {
			if code := run([]string{"-"}, bytes.NewReader(c), io.Discard, io.Discard); code != 0 {
				b.Fatalf("exit %d", code)
			}
		}
	})
}
