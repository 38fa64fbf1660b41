package resumption_test

import (
	"bytes"
	"syscall"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/capgen"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/wire"
)

// BenchmarkCaptureLinking reads a generated capture (32 MiB, 2,000 TLS
// flows) with pcap, decoding every flow's messages as tlsdump does
// ("read+decode", the anchor), and with Handshake.Observe on each message
// and Index.Add on each flow on top ("read+decode+link"): the difference
// is what linking adds to a run.
func BenchmarkCaptureLinking(b *testing.B) {
	var capture bytes.Buffer
	if _, err := capgen.Write(&capture, capgen.Config{Size: 32 << 20, Flows: 2000}); err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, link bool) {
		b.SetBytes(int64(capture.Len()))
		b.ReportAllocs()
		cpu0 := cpuTime()
		defer func() { b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op") }()
		for range b.N {
			r, err := pcap.NewReader(bytes.NewReader(capture.Bytes()), pcap.Options{})
			if err != nil {
				b.Fatal(err)
			}
			x := resumption.NewIndex(resumption.Options{})
			var d wire.Decoder
			var h resumption.Handshake
			for f, err := range r.Flows() {
				if err != nil {
					b.Fatal(err)
				}
				d.Reset()
				h.Reset()
				for i := range f.Messages {
					m := &f.Messages[i]
					if msg := decode(&d, f, m); msg != nil && link {
						h.Observe(msg, m.Time)
					}
				}
				if link {
					x.Add(&resumption.FlowRef{Client: f.Client, Server: f.Server, Time: f.First}, &h)
				}
			}
		}
	}
	for range 3 { // interleaved: the machine is shared
		b.Run("read+decode", func(b *testing.B) { run(b, false) })
		b.Run("read+decode+link", func(b *testing.B) { run(b, true) })
	}
}

// cpuTime is the process's user and system CPU time: under a shared
// machine it varies less than the wall time of a run.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
