// Command gencapture writes a large synthetic TLS capture for benchmarks:
// many interleaved TCP connections, each a real recorded TLS handshake
// followed by synthetic application data (see internal/capgen).
//
//	go run ./pcap/cmd/gencapture -o big.pcap -size 1GiB -flows 20000 [-open 2000] [-format pcap|pcapng] [-seed N] [-resume] [-keylog FILE]
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/tlswire/tlswire/internal/capgen"
)

func main() {
	out := flag.String("o", "", "output file (required; - for standard output)")
	size := flag.String("size", "1GiB", "approximate capture size: bytes, or with a KiB, MiB or GiB suffix")
	flows := flag.Int("flows", 20000, "number of TCP connections")
	format := flag.String("format", "pcap", "pcap or pcapng")
	open := flag.Int("open", capgen.DefaultOpen, "connections open at once (a new one starts when one ends)")
	seed := flag.Uint64("seed", 0, "layout seed")
	resume := flag.Bool("resume", false, "a third of the flows issue a TLS 1.2 session ticket, a third resume with one of them")
	keyLog := flag.String("keylog", "", "also write the key log of every flow (SSLKEYLOGFILE) to `FILE`")
	flag.Parse()
	if *out == "" || flag.NArg() != 0 {
		flag.Usage()
		os.Exit(2)
	}
	n, err := parseSize(*size)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencapture:", err)
		os.Exit(2)
	}
	w := os.Stdout
	if *out != "-" {
		if w, err = os.Create(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gencapture:", err)
			os.Exit(1)
		}
	}
	cfg := capgen.Config{Size: n, Flows: *flows, Open: *open, Format: *format, Seed: *seed, Resume: *resume}
	var kf *os.File
	var kb *bufio.Writer
	if *keyLog != "" {
		if kf, err = os.Create(*keyLog); err != nil {
			fmt.Fprintln(os.Stderr, "gencapture:", err)
			os.Exit(1)
		}
		kb = bufio.NewWriterSize(kf, 1<<16)
		cfg.KeyLog = kb
	}
	start := time.Now()
	st, err := capgen.Write(w, cfg)
	if err == nil && w != os.Stdout {
		err = w.Close()
	}
	if err == nil && kb != nil {
		if err = kb.Flush(); err == nil {
			err = kf.Close()
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencapture:", err)
		os.Exit(1)
	}
	d := time.Since(start)
	fmt.Fprintf(os.Stderr, "gencapture: %d bytes, %d packets, %d flows, handshakes %.1f%% of bytes, %d application data records; %.2fs (%.0f MB/s)\n",
		st.Bytes, st.Packets, st.Flows, 100*float64(st.HandshakeBytes)/float64(st.Bytes), st.AppRecords, d.Seconds(), float64(st.Bytes)/1e6/d.Seconds())
}

// parseSize parses "123", "64KiB", "64MiB", "1GiB" (also KB/MB/GB as powers of 1000).
func parseSize(s string) (int64, error) {
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"KB", 1e3}, {"MB", 1e6}, {"GB", 1e9}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSuffix(s, u.suffix), u.m
			break
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v <= 0 {
		return 0, fmt.Errorf("bad size %q", s)
	}
	return v * mult, nil
}
