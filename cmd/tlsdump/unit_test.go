package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

func TestAppendJSONString(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"example.test", "example.test"},
		{"a\"b\\c", "a\"b\\c"},
		{"tab\tnl\ncr\r\x00\x1f\x7f", "tab\tnl\ncr\r\x00\x1f\x7f"},
		{"héllo, 世界", "héllo, 世界"},
		// Bytes that are not UTF-8 keep their value as the text \xNN
		// (docs/json.md), as in the embedded wire objects.
		{"bad\xffutf8\xc3", `bad\xffutf8\xc3`},
		{"\xba\xad", `\xba\xad`},
	} {
		b := jsonappend.Text(nil, tc.in)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("%q: invalid JSON %s: %v", tc.in, b, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%q: decodes to %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		done, size int64
		want       string
	}{
		{0, 100 << 20, "\rtlsdump [                              ] 0% 0 / 100 MiB"},
		{50 << 20, 100 << 20, "\rtlsdump [===============               ] 50% 50 / 100 MiB"},
		{200 << 20, 100 << 20, "\rtlsdump [==============================] 100% 200 / 100 MiB"},
	} {
		if got := progressLine(tc.done, tc.size); got != tc.want {
			t.Errorf("progressLine(%d, %d) = %q, want %q", tc.done, tc.size, got, tc.want)
		}
	}
	if f, err := os.CreateTemp(t.TempDir(), "x"); err == nil {
		if isTerminal(f) {
			t.Error("a regular file is a terminal")
		}
		f.Close()
	}
	// The bar stops and erases itself.
	var done atomic.Int64
	done.Store(1)
	var sb strings.Builder // written by the bar's goroutine only until Stop returns
	p := startProgress(&sb, &done, 2)
	time.Sleep(300 * time.Millisecond)
	p.Stop()
	if out := sb.String(); !strings.Contains(out, "50% 0 / 0 MiB") || !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("progress output %q does not end by erasing the line", out)
	}
}

// TestFingerprintCache checks the memoised fingerprints against direct
// computation on every flow of the shipped capture and, when present, of
// the shared captures.
func TestFingerprintCache(t *testing.T) {
	files := []string{shippedCapture}
	if dir := capturesDir(t); dir != "" {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".pcap") || strings.HasSuffix(p, ".pcapng")) {
				files = append(files, p)
			}
			return nil
		})
	}
	n := 0
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			t.Fatal(err)
		}
		r, err := pcap.NewReader(f, pcap.Options{})
		if err != nil {
			f.Close()
			continue
		}
		a := newAnalyzer()
		for fl, err := range r.Flows() {
			if err != nil {
				break
			}
			fi := a.analyze(fl)
			if len(fi.clientHellos) > 0 {
				ch := fi.clientHellos[0]
				if j3, j4 := fingerprint.ClientJA3(ch), fingerprint.Client(ch, fi.transp); fi.ja3 != j3 || fi.ja4 != j4 {
					t.Errorf("%s %s: cached %v %v, direct %v %v", file, fl, fi.ja3, fi.ja4, j3, j4)
				}
				n++
			}
			if fi.hasJA3S {
				sh := fi.sh
				if sh == nil {
					sh = fi.serverHellos[len(fi.serverHellos)-1]
				}
				if j3, j4 := fingerprint.ServerJA3(sh), fingerprint.Server(sh, fi.transp); fi.ja3s != j3 || fi.ja4s != j4 {
					t.Errorf("%s %s: cached %v %v, direct %v %v", file, fl, fi.ja3s, fi.ja4s, j3, j4)
				}
			}
		}
		f.Close()
	}
	if n < 6 {
		t.Fatalf("only %d ClientHellos checked", n)
	}
	t.Logf("%d flows with a ClientHello checked in %d files", n, len(files))
}

// TestMutatedCaptures corrupts the shipped capture at random places
// (seeded, so reproducible): every output form must survive, exit 0 or 1,
// and the JSON must stay valid.
func TestMutatedCaptures(t *testing.T) {
	capture, err := os.ReadFile(shippedCapture)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 300
	if testing.Short() {
		n = 30
	}
	for i := range n {
		c := bytes.Clone(capture)
		for range 1 + rng.IntN(8) {
			c[rng.IntN(len(c))] = byte(rng.Uint32())
		}
		if i%10 == 0 { // sometimes also cut it short
			c = c[:rng.IntN(len(c))]
		}
		var out bytes.Buffer
		code := run([]string{"-json", "-"}, bytes.NewReader(c), &out, io.Discard)
		if code != exitOK && code != exitUnreadable {
			t.Fatalf("mutation %d: exit %d", i, code)
		}
		for l := range strings.Lines(out.String()) {
			if !json.Valid([]byte(l)) {
				t.Fatalf("mutation %d: invalid JSON line %.300s", i, l)
			}
		}
		if code := run([]string{"-v", "-x", "-"}, bytes.NewReader(c), io.Discard, io.Discard); code != exitOK && code != exitUnreadable {
			t.Fatalf("mutation %d: -v -x exit %d", i, code)
		}
	}
}
