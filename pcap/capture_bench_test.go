package pcap

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/capgen"
)

// Benchmarks on large generated captures (internal/capgen): many
// interleaved TLS connections, handshakes about 7% of the bytes. The speed
// of `tcpdump -r FILE -w /dev/null` on the same file, measured in the same
// run, is the anchor: the ratio metric is tlswire's MB/s over tcpdump's.
// See docs/performance.md.

// bigEnv enables the 1 GiB benchmark and the million-flow test.
const bigEnv = "TLSWIRE_BIG"

// childEnv makes the test binary a capture reader (for peak RSS);
// discardEnv makes it read with Options.DiscardMessages.
const (
	childEnv   = "TLSWIRE_READ_CAPTURE"
	discardEnv = "TLSWIRE_DISCARD_MESSAGES"
)

// generatedCapture returns the path of a capture made by capgen, cached
// in os.TempDir() under a name that holds its parameters.
func generatedCapture(tb testing.TB, cfg capgen.Config) string {
	tb.Helper()
	name := fmt.Sprintf("tlswire-capgen-v2-%d-%d-%d-%d.%s", cfg.Size, cfg.Flows, cfg.Open, cfg.Seed, cfg.Format)
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f, err := os.CreateTemp(os.TempDir(), name+".*.tmp")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := capgen.Write(f, cfg); err != nil {
		f.Close()
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		tb.Fatal(err)
	}
	return path
}

// bigResult is what reading a capture found.
type bigResult struct {
	flows, messages, problems, fin int
	encRecords                     uint64
	decrypted                      uint64 // flows decrypted
}

// readCaptureFile reads a capture file with the Reader; with discard,
// messages are counted by OnMessage and not kept (DiscardMessages).
func readCaptureFile(path string, discard bool) (bigResult, error) {
	var res bigResult
	f, err := os.Open(path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	opts := Options{}
	if opts.Keys, err = childKeys(); err != nil {
		return res, err
	}
	if discard {
		opts.DiscardMessages = true
		opts.OnMessage = func(*Flow, *Message) { res.messages++ }
	}
	r, err := NewReader(f, opts)
	if err != nil {
		return res, err
	}
	for fl, err := range r.Flows() {
		if err != nil {
			return res, err
		}
		res.flows++
		res.messages += len(fl.Messages)
		res.problems += len(fl.Problems)
		if fl.End == EndFIN {
			res.fin++
		}
		res.encRecords += fl.Encrypted[0].Records + fl.Encrypted[1].Records
		if fl.Decryption == DecryptionDone {
			res.decrypted++
		}
	}
	return res, nil
}

// TestMain turns the test binary into a capture reader when childEnv is
// set: it prints what it found and its peak RSS (VmHWM), for the 1 GiB
// benchmark's memory measurement.
func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		res, err := readCaptureFile(path, os.Getenv(discardEnv) != "")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Printf("flows=%d messages=%d problems=%d fin=%d records=%d decrypted=%d hwm_kb=%d\n",
			res.flows, res.messages, res.problems, res.fin, res.encRecords, res.decrypted, vmHWM())
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// vmHWM returns the peak resident set size in KiB from /proc/self/status,
// or 0 when it is not available.
func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// tcpdumpAnchor times `tcpdump -r path -w /dev/null`; ok is false (and
// the reason logged) when tcpdump is not installed.
func tcpdumpAnchor(b *testing.B, path string) (d time.Duration, ok bool) {
	tcpdump, err := exec.LookPath("tcpdump")
	if err != nil {
		b.Logf("tcpdump not installed: no anchor (%v)", err)
		return 0, false
	}
	warmCache(b, path)
	start := time.Now()
	out, err := exec.Command(tcpdump, "-r", path, "-w", "/dev/null").CombinedOutput()
	d = time.Since(start)
	if err != nil {
		b.Fatalf("tcpdump: %v: %s", err, out)
	}
	return d, true
}

func fileSize(tb testing.TB, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	return fi.Size()
}

// warmCache reads the file, untimed, right before a timed read, so that
// the reader and tcpdump both find it in the page cache: this VM's memory
// manager (DAMON) pages out file pages that went unused for a few seconds,
// so a run would otherwise read part of the file from disk.
func warmCache(tb testing.TB, path string) {
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := io.Copy(io.Discard, f); err != nil {
		tb.Fatal(err)
	}
}

// reportAnchor runs tcpdump and reports its speed and the ratio.
func reportAnchor(b *testing.B, path string, size int64, ours time.Duration, n int) {
	td, ok := tcpdumpAnchor(b, path)
	mbs := float64(size) * float64(n) / 1e6 / ours.Seconds()
	b.ReportMetric(mbs, "MB/s")
	if ok {
		tmbs := float64(size) / 1e6 / td.Seconds()
		b.ReportMetric(tmbs, "tcpdump-MB/s")
		b.ReportMetric(mbs/tmbs, "ratio")
	}
}

func checkResult(b *testing.B, res bigResult, flows int) {
	if res.flows != flows || res.fin != flows || res.problems != 0 || res.messages < 2*flows {
		b.Fatalf("read %+v, want %d flows ended by FIN without problems", res, flows)
	}
	b.ReportMetric(float64(res.flows), "flows")
	b.ReportMetric(float64(res.messages), "messages")
}

// BenchmarkCapture64MiB reads a 64 MiB capture of 1,200 flows in process
// (use it with -cpuprofile and -benchmem); FORMAT=pcapng in the
// environment reads a pcapng capture instead.
func BenchmarkCapture64MiB(b *testing.B) {
	cfg := capgen.Config{Size: 64 << 20, Flows: 1200, Format: "pcap"}
	if os.Getenv("FORMAT") == "pcapng" {
		cfg.Format = "pcapng"
	}
	path := generatedCapture(b, cfg)
	size := fileSize(b, path)
	warmCache(b, path)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	var res bigResult
	for i := 0; i < b.N; i++ {
		var err error
		if res, err = readCaptureFile(path, false); err != nil {
			b.Fatal(err)
		}
	}
	ours := time.Since(start)
	b.StopTimer()
	checkResult(b, res, cfg.Flows)
	reportAnchor(b, path, size, ours, b.N)
}

// BenchmarkCapture1GiB reads a 1 GiB capture of 20,000 interleaved flows
// in a child process (the test binary re-executed) to measure its peak
// RSS. It needs about 1 GiB in os.TempDir() and is skipped unless
// TLSWIRE_BIG=1. Run it with -benchtime=1x (-test.count for repeats);
// FORMAT=pcapng in the environment reads a pcapng capture instead.
func BenchmarkCapture1GiB(b *testing.B) {
	if os.Getenv(bigEnv) == "" {
		b.Skip("set " + bigEnv + "=1 to run (needs 1 GiB of disk in os.TempDir())")
	}
	format := "pcap"
	if os.Getenv("FORMAT") == "pcapng" {
		format = "pcapng"
	}
	// open=2000: connections come and go, 2,000 open at any time (the
	// default); open=20000: all 20,000 open at once, the worst case for
	// memory (every flow's handshake messages are held until it ends).
	for _, open := range []int{capgen.DefaultOpen, 20000} {
		b.Run(fmt.Sprintf("open=%d", open), func(b *testing.B) {
			benchmarkCaptureChild(b, capgen.Config{Size: 1 << 30, Flows: 20000, Open: open, Format: format}, false)
		})
	}
	// The same worst case for a streaming consumer: messages handed to
	// OnMessage and not kept (Options.DiscardMessages).
	b.Run("open=20000/discard", func(b *testing.B) {
		benchmarkCaptureChild(b, capgen.Config{Size: 1 << 30, Flows: 20000, Open: 20000, Format: format}, true)
	})
}

// benchmarkCaptureChild reads a generated capture in a child process.
func benchmarkCaptureChild(b *testing.B, cfg capgen.Config, discard bool) {
	benchmarkCaptureChildAt(b, generatedCapture(b, cfg), cfg, discard)
}

// benchmarkCaptureChildAt reads the capture at path, made from cfg, in a
// child process.
func benchmarkCaptureChildAt(b *testing.B, path string, cfg capgen.Config, discard bool) {
	size := fileSize(b, path)
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	var ours time.Duration
	var out []byte
	maxRSS := int64(0)
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), childEnv+"="+path)
		if discard {
			cmd.Env = append(cmd.Env, discardEnv+"=1")
		}
		cmd.Stderr = os.Stderr
		b.StopTimer()
		warmCache(b, path)
		b.StartTimer()
		start := time.Now()
		out, err = cmd.Output()
		ours += time.Since(start)
		if err != nil {
			b.Fatalf("reader child: %v", err)
		}
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			maxRSS = max(maxRSS, int64(ru.Maxrss)) // KiB on Linux
		}
	}
	b.StopTimer()
	var res bigResult
	var hwm int
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if _, err := fmt.Sscanf(sc.Text(), "flows=%d messages=%d problems=%d fin=%d records=%d decrypted=%d hwm_kb=%d",
			&res.flows, &res.messages, &res.problems, &res.fin, &res.encRecords, &res.decrypted, &hwm); err == nil {
			break
		}
	}
	checkResult(b, res, cfg.Flows)
	if os.Getenv(keyLogEnv) != "" {
		if res.decrypted != uint64(cfg.Flows) {
			b.Fatalf("%d of %d flows decrypted", res.decrypted, cfg.Flows)
		}
		b.ReportMetric(float64(res.decrypted), "decrypted-flows")
	}
	b.ReportMetric(float64(max(int64(hwm), maxRSS))/1024, "peak-RSS-MiB")
	reportAnchor(b, path, size, ours, b.N)
}
