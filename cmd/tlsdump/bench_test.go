package main

import (
	"bytes"
	"context"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/capgen"
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

// BenchmarkTLSDumpLinking runs `tlsdump -json` on the 1 GiB capture of
// issue #13 (internal/capgen, 20,000 flows, a third issuing a TLS 1.2
// ticket and a third resuming with one: gencapture -resume) without the
// resumption Index (-link=false) and with it, alternately in each
// iteration, output discarded, and reports each one's process CPU time
// (user and system, which varies less than wall time on a shared machine)
// and wall time per run, and their ratios. Only with TLSWIRE_BIG=1; the
// capture is written to a temporary file, or read from
// TLSWIRE_RESUME_CAPTURE when that names one.
//
//	TLSWIRE_BIG=1 go test ./cmd/tlsdump -run '^$' -bench TLSDumpLinking -benchtime 5x
func BenchmarkTLSDumpLinking(b *testing.B) {
	if os.Getenv("TLSWIRE_BIG") == "" {
		b.Skip("TLSWIRE_BIG=1 for the 1 GiB capture")
	}
	path := os.Getenv("TLSWIRE_RESUME_CAPTURE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "resume.pcap")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := capgen.Write(f, capgen.Config{Size: 1 << 30, Flows: 20000, Resume: true}); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
	}
	var cpu, wall [2]time.Duration
	for b.Loop() {
		for i, link := range []string{"-link=false", "-link=true"} {
			var errOut bytes.Buffer
			c0, w0 := cpuTime(), time.Now()
			code := 0
			// Labelled, so that a -cpuprofile tells the two apart
			// (pprof -tagfocus link=-link=true).
			pprof.Do(context.Background(), pprof.Labels("link", link), func(context.Context) {
				code = run([]string{"-json", link, path}, nil, io.Discard, &errOut)
			})
			if code != 0 {
				b.Fatalf("exit %d: %s", code, errOut.String())
			}
			cpu[i] += cpuTime() - c0
			wall[i] += time.Since(w0)
		}
	}
	n := float64(b.N)
	b.ReportMetric(float64(cpu[0].Milliseconds())/n, "nolink-cpu-ms/op")
	b.ReportMetric(float64(cpu[1].Milliseconds())/n, "link-cpu-ms/op")
	b.ReportMetric(float64(cpu[1])/float64(cpu[0]), "cpu-ratio")
	b.ReportMetric(float64(wall[0].Milliseconds())/n, "nolink-wall-ms/op")
	b.ReportMetric(float64(wall[1].Milliseconds())/n, "link-wall-ms/op")
	b.ReportMetric(float64(wall[1])/float64(wall[0]), "wall-ratio")
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
