package pcap

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/capgen"
	"github.com/tlswire/tlswire/keylog"
)

// keyLogEnv makes the capture reading child (TestMain) decrypt with the
// key log at this path.
const keyLogEnv = "TLSWIRE_KEYLOG"

// childKeys returns the Keys of the reading child: the key log named by
// keyLogEnv, if set.
func childKeys() (Keys, error) {
	path := os.Getenv(keyLogEnv)
	if path == "" {
		return Keys{}, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return Keys{}, err
	}
	defer f.Close()
	var s keylog.Store
	if _, err := s.Read(f); err != nil {
		return Keys{}, err
	}
	return Keys{Log: &s}, nil
}

// generatedKeyedCapture is generatedCapture with the key log of every
// flow beside it (path + ".keylog").
func generatedKeyedCapture(tb testing.TB, cfg capgen.Config) (capture, keyLog string) {
	tb.Helper()
	name := fmt.Sprintf("tlswire-capgen-keylog-v1-%d-%d-%d-%d.%s", cfg.Size, cfg.Flows, cfg.Open, cfg.Seed, cfg.Format)
	capture = filepath.Join(os.TempDir(), name)
	keyLog = capture + ".keylog"
	if _, err := os.Stat(keyLog); err == nil {
		return capture, keyLog
	}
	cf, err := os.Create(capture)
	if err != nil {
		tb.Fatal(err)
	}
	kf, err := os.Create(keyLog + ".tmp")
	if err != nil {
		tb.Fatal(err)
	}
	kb := bufio.NewWriter(kf)
	cfg.KeyLog = kb
	if _, err := capgen.Write(cf, cfg); err != nil {
		tb.Fatal(err)
	}
	if err := kb.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := cf.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := kf.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := os.Rename(keyLog+".tmp", keyLog); err != nil {
		tb.Fatal(err)
	}
	return capture, keyLog
}

// BenchmarkCapture1GiBDecrypt reads a 1 GiB capture of 20,000 flows with
// the key log of every flow (decryption on: each flow's handshake and
// first application record per direction are decrypted) in a child
// process, for its peak RSS, against tcpdump on the same file. Skipped
// unless TLSWIRE_BIG=1; run it with -benchtime=1x.
func BenchmarkCapture1GiBDecrypt(b *testing.B) {
	if os.Getenv(bigEnv) == "" {
		b.Skip("set " + bigEnv + "=1 to run (needs 1 GiB of disk in os.TempDir())")
	}
	cfg := capgen.Config{Size: 1 << 30, Flows: 20000, Format: "pcap"}
	path, keyLog := generatedKeyedCapture(b, cfg)
	b.Setenv(keyLogEnv, keyLog)
	benchmarkCaptureChildAt(b, path, cfg, false)
}

// BenchmarkCaptureDecrypt64MiB reads a 64 MiB capture of 1,200 flows in
// process with the key log of every flow, and the same capture without
// keys in the same run (the ratio metric: decrypting over not), for
// -cpuprofile.
func BenchmarkCaptureDecrypt64MiB(b *testing.B) {
	cfg := capgen.Config{Size: 64 << 20, Flows: 1200, Format: "pcap"}
	path, keyLog := generatedKeyedCapture(b, cfg)
	b.Setenv(keyLogEnv, keyLog)
	size := fileSize(b, path)
	warmCache(b, path)
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		res, err := readCaptureFile(path, false)
		if err != nil || res.decrypted != uint64(cfg.Flows) {
			b.Fatal(err, res)
		}
	}
	with := time.Since(start)
	b.StopTimer()
	os.Unsetenv(keyLogEnv)
	start = time.Now()
	for i := 0; i < b.N; i++ {
		if _, err := readCaptureFile(path, false); err != nil {
			b.Fatal(err)
		}
	}
	without := time.Since(start)
	b.ReportMetric(without.Seconds()/with.Seconds(), "speed-vs-no-keys")
}
