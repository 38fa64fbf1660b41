package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

// tlsdump runs the command in process.
func tlsdump(t testing.TB, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, bytes.NewReader(stdin), &o, &e)
	return code, o.String(), e.String()
}

// mustRun runs tlsdump and fails unless it exits 0.
func mustRun(t testing.TB, args ...string) string {
	t.Helper()
	code, out, errOut := tlsdump(t, nil, args...)
	if code != 0 {
		t.Fatalf("tlsdump %v: exit %d: %s", args, code, errOut)
	}
	return out
}

// golden compares got with testdata/name, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (run with -update after checking):\n%s", path, lineDiff(string(want), got))
	}
}

// lineDiff shows the first differing line.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			if len(a) > 200 || len(b) > 200 {
				for j := range min(len(a), len(b)) {
					if a[j] != b[j] {
						lo := max(0, j-60)
						a, b = "..."+a[lo:min(len(a), j+60)]+"...", "..."+b[lo:min(len(b), j+60)]+"..."
						break
					}
				}
			}
			return "line " + itoa(i+1) + ":\nwant: " + a + "\ngot:  " + b
		}
	}
	return "(same lines)"
}

func TestGoldenText(t *testing.T) {
	golden(t, "handshakes.txt", mustRun(t, shippedCapture))
	golden(t, "handshakes-v.txt", mustRun(t, "-v", "-x", shippedCapture))
}

func TestGoldenJSON(t *testing.T) {
	golden(t, "handshakes.jsonl", mustRun(t, "-json", shippedCapture))
}

// decodeLines decodes JSON Lines output with encoding/json.
func decodeLines(t testing.TB, out string) []map[string]any {
	t.Helper()
	var objs []map[string]any
	for l := range strings.Lines(out) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("invalid JSON line %q: %v", l, err)
		}
		objs = append(objs, m)
	}
	return objs
}

// refFlow is what the tests compute for a flow independently of tlsdump's
// own analysis: straight from pcap, wire and wire/fingerprint.
type refFlow struct {
	ja3, ja3s, ja4, ja4s string
	certs                [][]string // per direction: SHA-256 of each certificate
}

// readFlows returns the flows package pcap reads from capture.
func readFlows(t testing.TB, capture string) []*pcap.Flow {
	t.Helper()
	f, err := os.Open(capture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcap.NewReader(f, pcap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var flows []*pcap.Flow
	for fl, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		flows = append(flows, fl)
	}
	return flows
}

func reference(t testing.TB, capture string) []refFlow {
	t.Helper()
	var out []refFlow
	for _, fl := range readFlows(t, capture) {
		rf := refFlow{certs: make([][]string, 2)}
		var ctx wire.Context
		for _, m := range fl.Messages {
			switch m.Type {
			case wire.TypeClientHello:
				var ch wire.ClientHello
				if err := ch.Unmarshal(m.Raw); err != nil {
					t.Fatal(err)
				}
				if rf.ja3 == "" {
					rf.ja3, rf.ja4 = fingerprint.ClientJA3(&ch).Hash, fingerprint.Client(&ch, fingerprint.TCP).JA4
				}
			case wire.TypeServerHello:
				var sh wire.ServerHello
				if err := sh.Unmarshal(m.Raw); err != nil {
					t.Fatal(err)
				}
				rf.ja3s, rf.ja4s = fingerprint.ServerJA3(&sh).Hash, fingerprint.Server(&sh, fingerprint.TCP).JA4S
				ctx.Version = sh.SelectedVersion()
			case wire.TypeCertificate:
				var c wire.Certificate
				if err := c.Unmarshal(m.Raw, ctx); err != nil {
					t.Fatal(err)
				}
				for _, e := range c.Entries {
					s := sha256.Sum256(e.CertData)
					rf.certs[m.Dir] = append(rf.certs[m.Dir], hex.EncodeToString(s[:]))
				}
			}
		}
		out = append(out, rf)
	}
	return out
}

// str returns obj[k] as a string ("" when absent).
func str(obj map[string]any, k string) string {
	s, _ := obj[k].(string)
	return s
}

// TestJSONValues decodes the JSON of the shipped capture and checks its
// values against the scenarios and against pcap + wire/fingerprint.
func TestJSONValues(t *testing.T) {
	objs := decodeLines(t, mustRun(t, "-json", shippedCapture))
	ref := reference(t, shippedCapture)
	type want struct {
		version, cipher, group, alpn string
		hrr, resumed                 bool
		certs, clientCerts           int
		messages                     int
	}
	wants := []want{
		{"TLS 1.3", "TLS_AES_128_GCM_SHA256", "X25519MLKEM768", "", false, false, 0, 0, 2},
		{"TLS 1.3", "TLS_AES_128_GCM_SHA256", "secp384r1", "", true, false, 0, 0, 4},
		{"TLS 1.3", "TLS_AES_128_GCM_SHA256", "X25519MLKEM768", "", false, true, 0, 0, 2},
		{"TLS 1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "x25519", "http/1.1", false, false, 2, 0, 6},
		{"TLS 1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "", "", false, true, 0, 0, 3},
		{"TLS 1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "x25519", "", false, false, 2, 2, 9},
	}
	if len(objs) != len(wants) || len(ref) != len(wants) {
		t.Fatalf("%d JSON objects, %d reference flows, want %d", len(objs), len(ref), len(wants))
	}
	for i, o := range objs {
		w, r := wants[i], ref[i]
		for _, k := range []string{"ts", "transport", "protocol", "client", "server", "messages", "client_hello", "server_hello",
			"supported_groups", "signature_algorithms", "supported_versions", "ja3_full", "ja3s_full", "ja4_r", "ja4_o", "ja4_ro", "ja4s_r"} {
			if _, ok := o[k]; !ok {
				t.Errorf("flow %d: no key %q", i, k)
			}
		}
		check := func(k, want string) {
			if got := str(o, k); got != want {
				t.Errorf("flow %d: %s = %q, want %q", i, k, got, want)
			}
		}
		check("transport", "tcp")
		check("protocol", "tls")
		check("server_name", "example.test")
		check("version", w.version)
		check("cipher", w.cipher)
		check("group", w.group)
		check("alpn", w.alpn)
		check("ja3", r.ja3)
		check("ja3s", r.ja3s)
		check("ja4", r.ja4)
		check("ja4s", r.ja4s)
		if i%2 == 1 {
			check("server", "[2001:db8::20]:443")
		} else {
			check("server", "198.51.100.20:443")
		}
		for k, v := range map[string]bool{"hello_retry": w.hrr, "resumed": w.resumed, "established": true} {
			if o[k] != v {
				t.Errorf("flow %d: %s = %v, want %v", i, k, o[k], v)
			}
		}
		if msgs, _ := o["messages"].([]any); len(msgs) != w.messages {
			t.Errorf("flow %d: %d messages, want %d", i, len(msgs), w.messages)
		}
		ch, _ := o["client_hello"].(map[string]any)
		if cs, _ := ch["cipher_suites"].([]any); len(cs) == 0 {
			t.Errorf("flow %d: client_hello without cipher_suites", i)
		}
		sh, _ := o["server_hello"].(map[string]any)
		if _, ok := sh["cipher_suite"].(float64); !ok {
			t.Errorf("flow %d: server_hello without cipher_suite", i)
		}
		for d, k := range []string{"client_certificates", "certificates"} {
			n := []int{w.clientCerts, w.certs}[d]
			list, _ := o[k].([]any)
			if len(list) != n || len(r.certs[d]) != n {
				t.Errorf("flow %d: %d %s (reference %d), want %d", i, len(list), k, len(r.certs[d]), n)
				continue
			}
			for j, c := range list {
				c := c.(map[string]any)
				if c["sha256"] != r.certs[d][j] {
					t.Errorf("flow %d: %s[%d].sha256 = %v, want %s", i, k, j, c["sha256"], r.certs[d][j])
				}
				for _, ck := range []string{"subject", "issuer", "not_before", "not_after"} {
					if str(c, ck) == "" {
						t.Errorf("flow %d: %s[%d] without %s", i, k, j, ck)
					}
				}
			}
		}
	}
	if hs, _ := objs[1]["client_hellos"].([]any); len(hs) != 2 {
		t.Errorf("HRR flow: %d client_hellos, want 2", len(hs))
	}
	if al, _ := objs[0]["alpn_offered"].([]any); !slices.Equal(al, []any{"h2", "http/1.1"}) {
		t.Errorf("alpn_offered = %v", al)
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pcap")
	os.WriteFile(garbage, []byte("this is not a capture at all"), 0o644)
	capture, _ := os.ReadFile(shippedCapture)
	truncated := filepath.Join(dir, "truncated.pcapng")
	os.WriteFile(truncated, capture[:len(capture)-100], 0o644)
	missing := filepath.Join(dir, "missing.pcap")
	for _, tc := range []struct {
		args     []string
		code     int
		inStderr []string
	}{
		{[]string{missing}, 1, []string{missing}},
		{[]string{garbage}, 1, []string{garbage, "offset 0", "not a pcap"}},
		{[]string{truncated}, 1, []string{truncated, "offset " + itoa(len(capture)-100)}},
		{[]string{shippedCapture, missing, shippedCapture}, 1, []string{missing}},
		{[]string{"-nosuchflag", shippedCapture}, 2, []string{"-nosuchflag"}},
		{[]string{"-port", "http", shippedCapture}, 2, []string{"-port"}},
		{[]string{"-host", "example.test", shippedCapture}, 2, []string{"-host"}},
		{[]string{"-sni", "[", shippedCapture}, 2, []string{"-sni"}},
		{[]string{"-j", "0", shippedCapture}, 2, []string{"-j"}},
		{[]string{"-", shippedCapture, "-"}, 2, []string{"only once"}},
		{[]string{shippedCapture}, 0, nil},
	} {
		code, _, errOut := tlsdump(t, nil, tc.args...)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, errOut)
		}
		for _, s := range tc.inStderr {
			if !strings.Contains(errOut, s) {
				t.Errorf("%v: stderr %q does not contain %q", tc.args, errOut, s)
			}
		}
	}
	// The flows before the truncation are still reported.
	if _, out, _ := tlsdump(t, nil, "-json", truncated); len(decodeLines(t, out)) == 0 {
		t.Error("no flows reported from the truncated capture")
	}
}

func gzipFile(t *testing.T, src, dst string) {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(dst, z.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStdinAndGzip(t *testing.T) {
	want := mustRun(t, "-json", shippedCapture)
	capture, _ := os.ReadFile(shippedCapture)
	for _, args := range [][]string{{"-json", "-"}, {"-json"}} {
		code, out, errOut := tlsdump(t, capture, args...)
		if code != 0 || out != want {
			t.Errorf("%v from stdin: exit %d (%s), output equal: %v", args, code, errOut, out == want)
		}
	}
	gz := filepath.Join(t.TempDir(), "h.pcapng.gz")
	gzipFile(t, shippedCapture, gz)
	if out := mustRun(t, "-json", gz); out != want {
		t.Error("gzip capture gives a different output")
	}
}

func TestParallelOrder(t *testing.T) {
	dir := t.TempDir()
	gz := filepath.Join(dir, "h.pcapng.gz")
	gzipFile(t, shippedCapture, gz)
	one := mustRun(t, "-json", "-link=false", shippedCapture)
	// Tag each copy by its flows' order: the same capture repeated must
	// come out as repeated blocks.
	files := []string{shippedCapture, gz, shippedCapture, gz, shippedCapture}
	for _, j := range []string{"1", "2", "4"} {
		// Without linking: a file's flows do not depend on the others.
		var want strings.Builder
		for _, f := range files {
			for _, l := range strings.SplitAfter(one, "\n") {
				if l != "" {
					// Several files: each flow names its own.
					want.WriteString(strings.Replace(l, `,"community_id"`, `,"file":`+strconv.Quote(f)+`,"community_id"`, 1))
				}
			}
		}
		out := mustRun(t, append([]string{"-json", "-link=false", "-j", j}, files...)...)
		if out != want.String() {
			t.Errorf("-j %s: output is not the per-file outputs in order", j)
		}
		// With linking: the Index is fed in output order, whatever the
		// files' reading order.
		if out, one := mustRun(t, append([]string{"-json", "-j", j}, files...)...), mustRun(t, append([]string{"-json", "-j", "1"}, files...)...); out != one {
			t.Errorf("-j %s: linked output differs from -j 1", j)
		}
	}
}

func TestFilters(t *testing.T) {
	count := func(args ...string) int {
		return len(decodeLines(t, mustRun(t, append(append([]string{"-json"}, args...), shippedCapture)...)))
	}
	for _, tc := range []struct {
		args []string
		n    int
	}{
		{nil, 6},
		{[]string{"-sni", "*.test"}, 6},
		{[]string{"-sni", "example.*"}, 6},
		{[]string{"-sni", "other.test"}, 0},
		{[]string{"-tls-version", "TLS 1.2"}, 3},
		{[]string{"-tls-version", "tls 1.3"}, 3},
		{[]string{"-tls-version", "1.2"}, 3},
		{[]string{"-tls-version", "tls1.2"}, 3},
		{[]string{"-tls-version", "TLSv1.2"}, 3},
		{[]string{"-tls-version", "TLSv12"}, 3},
		{[]string{"-tls-version", "1.2", "-tls-version", "TLS 1.3"}, 6},
		{[]string{"-tls-version", "DTLS 1.2"}, 0},
		{[]string{"-tls-version", "SSL 3.0"}, 0},
		{[]string{"-sni", "EXAMPLE.TEST"}, 6},
		{[]string{"-sni", "other.test", "-sni", "Example.*"}, 6},
		{[]string{"-host", "192.0.2.0/24"}, 3},
		{[]string{"-host", "2001:db8::/32"}, 3},
		{[]string{"-host", "192.0.2.0/24", "-host", "2001:db8::20"}, 6},
		{[]string{"-port", "50003", "-port", "50004"}, 2},
		{[]string{"-ja4", "t12*"}, 3},
		{[]string{"-ja4", "t13d1312h2_f57a46bbacb6_ab7e3b40a677"}, 1},
		{[]string{"-ja3", "0EB2909867E7F115C946B3B6697A8160"}, 1},
		{[]string{"-ja3", "0eb2909867e7f115c946b3b6697a8160", "-port", "50004"}, 0},
		{[]string{"-host", "2001:db8::10"}, 3},
		{[]string{"-host", "198.51.100.20"}, 3},
		{[]string{"-host", "192.0.2.99"}, 0},
		{[]string{"-port", "50003"}, 1},
		{[]string{"-port", "443"}, 6},
		{[]string{"-port", "443", "-tls-version", "TLS 1.2", "-host", "192.0.2.10"}, 1},
	} {
		if n := count(tc.args...); n != tc.n {
			t.Errorf("%v: %d flows, want %d", tc.args, n, tc.n)
		}
	}
}

func TestSummary(t *testing.T) {
	out := mustRun(t, "-summary", shippedCapture, shippedCapture)
	for _, want := range []string{
		"flows 12\n",
		"      6  TLS 1.3\n",
		"      6  TLS 1.2\n",
		"      6  TLS_AES_128_GCM_SHA256\n",
		"      4  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n",
		"     12  example.test\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// One JA4 line per distinct JA4, with its count.
	ja4 := out[strings.Index(out, "\nja4\n")+5:]
	ja4 = ja4[:strings.Index(ja4, "\n\n")+1]
	if n := strings.Count(ja4, "\n"); n != 6 {
		t.Errorf("%d JA4 lines, want 6:\n%s", n, ja4)
	}
}

func TestCertsExport(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "-certs", dir, shippedCapture, shippedCapture)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// RSA leaf, ECDSA leaf, client leaf, root.
	if len(ents) != 4 {
		t.Fatalf("%d files, want 4", len(ents))
	}
	ref := reference(t, shippedCapture)
	var all []string
	for _, r := range ref {
		all = append(append(all, r.certs[0]...), r.certs[1]...)
	}
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		blk, rest := pem.Decode(b)
		if blk == nil || blk.Type != "CERTIFICATE" || len(rest) != 0 {
			t.Fatalf("%s: not one PEM certificate", e.Name())
		}
		s := sha256.Sum256(blk.Bytes)
		name := hex.EncodeToString(s[:]) + ".pem"
		if e.Name() != name {
			t.Errorf("%s holds the certificate %s", e.Name(), name)
		}
		if !slices.Contains(all, strings.TrimSuffix(name, ".pem")) {
			t.Errorf("%s is not a certificate of the capture", name)
		}
	}
}

func TestCorpusExport(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, "-corpus", dir, shippedCapture)
	mustRun(t, "-corpus", dir, shippedCapture) // idempotent
	manifest, err := os.ReadFile(filepath.Join(dir, "MANIFEST"))
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	targets := map[string]bool{}
	for l := range strings.Lines(string(manifest)) {
		f := strings.Split(strings.TrimSuffix(l, "\n"), "\t")
		if len(f) != 3 || !strings.HasPrefix(f[2], "tlsdump:handshakes.pcapng#") {
			t.Fatalf("bad MANIFEST line %q", l)
		}
		if seen[f[0]+f[1]] {
			t.Errorf("duplicate MANIFEST entry %q", l)
		}
		seen[f[0]+f[1]] = true
		targets[f[0]] = true
		b, err := os.ReadFile(filepath.Join(dir, f[0], f[1]))
		if err != nil {
			t.Fatal(err)
		}
		if s := sha256.Sum256(b); hex.EncodeToString(s[:]) != f[1] {
			t.Errorf("%s/%s: content hash differs", f[0], f[1])
		}
	}
	for _, want := range []string{"FuzzClientHello", "FuzzServerHello", "FuzzCertificate12", "FuzzServerKeyExchange",
		"FuzzClientKeyExchange", "FuzzServerHelloDone", "FuzzCertificateRequest12", "FuzzCertificateVerify12", "FuzzNewSessionTicket12"} {
		if !targets[want] {
			t.Errorf("no seed for %s", want)
		}
	}
	// Every seed decodes with the context its target implies.
	ents, _ := os.ReadDir(filepath.Join(dir, "FuzzCertificate12"))
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, "FuzzCertificate12", e.Name()))
		var c wire.Certificate
		if err := c.Unmarshal(b, wire.Context{Version: wire.VersionTLS12}); err != nil {
			t.Errorf("FuzzCertificate12/%s: %v", e.Name(), err)
		}
	}
	ents, _ = os.ReadDir(filepath.Join(dir, "FuzzServerKeyExchange"))
	for _, e := range ents {
		b, _ := os.ReadFile(filepath.Join(dir, "FuzzServerKeyExchange", e.Name()))
		if b[0] != byte(wire.KeyExchangeECDHE) {
			t.Errorf("FuzzServerKeyExchange/%s: context prefix %x", e.Name(), b[:2])
		}
	}
}

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLiveStdin feeds the capture through a pipe that stays open, as
// tcpdump -w - does: every flow that has ended must be printed without
// waiting for the end of the input.
func TestLiveStdin(t *testing.T) {
	capture, err := os.ReadFile(shippedCapture)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	var out syncBuffer
	done := make(chan int, 1)
	go func() { done <- run([]string{"-json", "-"}, pr, &out, io.Discard) }()
	if _, err := pw.Write(capture); err != nil {
		t.Fatal(err)
	}
	waitLines(t, &out, 6)
	pw.Close()
	if code := <-done; code != 0 {
		t.Fatalf("exit %d", code)
	}
	if want := mustRun(t, "-json", shippedCapture); out.String() != want {
		t.Error("live output differs from the file's")
	}
}

// TestDocsOutput checks that docs/tlsdump.md shows the current output of
// the commands it quotes.
func TestDocsOutput(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "tlsdump.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{shippedCapture}, {"-json", "-port", "50003", shippedCapture}} {
		if out := mustRun(t, args...); !strings.Contains(string(doc), out) {
			t.Errorf("docs/tlsdump.md does not show the current output of tlsdump %v", args)
		}
	}
}
