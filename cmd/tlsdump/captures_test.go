package main

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

// The shared captures (../shared/captures next to the repository, see its
// README.md) are public test captures with the outputs other tools
// produced. TestCaptures runs tlsdump over every one and compares the
// fingerprints per file, as sets, with tshark (JA3, JA3S), Arkime (JA3,
// JA3S, JA4) and FoxIO's reference implementations (JA4, JA4S and their
// raw forms). Our side of each set holds the fingerprints of every
// ClientHello and ServerHello of every flow (HelloRetryRequests and second
// ClientHellos included), as the other tools log them.

// capturesDir locates the shared captures, or "" when they are absent.
func capturesDir(t *testing.T) string {
	d := filepath.Join("..", "..", "..", "..", "shared", "captures")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err == nil {
		d = filepath.Join(root, "..", "shared", "captures")
	}
	if _, err := os.Stat(filepath.Join(d, "tshark-counts.tsv")); err != nil {
		// Worktrees live one level deeper than the main checkout.
		alt := filepath.Join(root, "..", "..", "shared", "captures")
		if _, err := os.Stat(filepath.Join(alt, "tshark-counts.tsv")); err != nil {
			return ""
		}
		d = alt
	}
	return d
}

// fpSets are fingerprint sets of one capture, by kind ("ja3", "ja4s_r", ...).
type fpSets map[string]map[string]bool

func (s fpSets) add(kind, v string) {
	if v == "" {
		return
	}
	if s[kind] == nil {
		s[kind] = map[string]bool{}
	}
	s[kind][v] = true
}

// ourFingerprints reads a capture and fingerprints every hello.
func ourFingerprints(t *testing.T, path string) fpSets {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sets := fpSets{}
	r, err := pcap.NewReader(f, pcap.Options{})
	if err != nil {
		return sets
	}
	a := newAnalyzer()
	for fl, err := range r.Flows() {
		if err != nil {
			break
		}
		fi := a.analyze(fl)
		for _, ch := range fi.clientHellos {
			j3, j4 := fingerprint.ClientJA3(ch), fingerprint.Client(ch, fi.transp)
			sets.add("ja3", j3.Hash)
			sets.add("ja4", j4.JA4)
			sets.add("ja4_r", j4.Raw)
			sets.add("ja4_o", j4.Orig)
			sets.add("ja4_ro", j4.RawO)
		}
		for _, sh := range fi.serverHellos {
			j3, j4 := fingerprint.ServerJA3(sh), fingerprint.Server(sh, fi.transp)
			sets.add("ja3s", j3.Hash)
			sets.add("ja4s", j4.JA4S)
			sets.add("ja4s_r", j4.Raw)
		}
	}
	return sets
}

// reference is one tool's expected fingerprints for one capture.
type referenceSet struct {
	tool, capture string // capture relative to the captures folder
	sets          fpSets
	// subset: the tool logs only some flows (tshark misses TLS it does not
	// dissect; FoxIO's tools skip flows they do not fingerprint), so only
	// its values missing from ours are mismatches, not ours missing from it.
	subset bool
}

func tsharkRefs(t *testing.T, dir string) []referenceSet {
	f, err := os.Open(filepath.Join(dir, "tshark-counts.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []referenceSet
	sc := bufio.NewScanner(f)
	var cols []string
	for sc.Scan() {
		fs := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = fs
			continue
		}
		ref := referenceSet{tool: "tshark", capture: fs[0], sets: fpSets{}, subset: true}
		for i, c := range cols {
			if (c == "ja3" || c == "ja3s") && i < len(fs) {
				for _, v := range strings.FieldsFunc(fs[i], func(r rune) bool { return r == '|' || r == ',' || r == ';' }) {
					ref.sets.add(c, v)
				}
			}
		}
		out = append(out, ref)
	}
	return out
}

func arkimeRefs(t *testing.T, dir string) []referenceSet {
	tests, _ := filepath.Glob(filepath.Join(dir, "arkime", "pcap", "*.test"))
	var out []referenceSet
	for _, tf := range tests {
		b, err := os.ReadFile(tf)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Sessions []struct {
				Body struct {
					TLS map[string]any `json:"tls"`
				} `json:"body"`
			} `json:"sessions3"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("%s: %v", tf, err)
		}
		ref := referenceSet{tool: "arkime", capture: strings.TrimSuffix(rel(dir, tf), ".test") + ".pcap", sets: fpSets{}}
		for _, s := range doc.Sessions {
			for _, k := range []string{"ja3", "ja3s", "ja4"} {
				vs, _ := s.Body.TLS[k].([]any)
				for _, v := range vs {
					ref.sets.add(k, v.(string))
				}
			}
		}
		out = append(out, ref)
	}
	return out
}

func rel(dir, p string) string {
	r, _ := filepath.Rel(dir, p)
	return filepath.ToSlash(r)
}

func foxioPythonRefs(t *testing.T, dir string) []referenceSet {
	files, _ := filepath.Glob(filepath.Join(dir, "foxio-ja4", "expected", "python-testdata", "*.json"))
	var out []referenceSet
	keys := map[string]string{"JA4": "ja4", "JA4_r": "ja4_r", "JA4_o": "ja4_o", "JA4_ro": "ja4_ro", "JA4S": "ja4s", "JA4S_r": "ja4s_r"}
	for _, jf := range files {
		b, err := os.ReadFile(jf)
		if err != nil {
			t.Fatal(err)
		}
		var streams []map[string]any
		if err := json.Unmarshal(b, &streams); err != nil {
			t.Fatalf("%s: %v", jf, err)
		}
		ref := referenceSet{tool: "foxio-python", capture: "foxio-ja4/pcap/" + strings.TrimSuffix(filepath.Base(jf), ".json"), sets: fpSets{}, subset: true}
		for _, s := range streams {
			for k, v := range s {
				base, _, _ := strings.Cut(k, ".") // "JA4.1": one per ClientHello
				if kind, ok := keys[base]; ok {
					if sv, ok := v.(string); ok {
						ref.sets.add(kind, sv)
					}
				}
			}
		}
		out = append(out, ref)
	}
	return out
}

var snapLine = regexp.MustCompile(`^\s*(?:- )?(ja4|ja4s): (\S+)\s*$`)

func foxioRustRefs(t *testing.T, dir string) []referenceSet {
	var out []referenceSet
	for _, sub := range []string{"rust-snapshots", "rust-snapshots-newer"} {
		files, _ := filepath.Glob(filepath.Join(dir, "foxio-ja4", "expected", sub, "*.snap"))
		for _, sf := range files {
			b, err := os.ReadFile(sf)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimSuffix(filepath.Base(sf), ".snap")
			_, name, _ = strings.Cut(name, "@")
			ref := referenceSet{tool: "foxio-" + sub, capture: "foxio-ja4/pcap/" + name, sets: fpSets{}, subset: true}
			for l := range strings.Lines(string(b)) {
				if m := snapLine.FindStringSubmatch(l); m != nil {
					ref.sets.add(m[1], m[2])
				}
			}
			out = append(out, ref)
		}
	}
	return out
}

// knownDifferences are the differences with the reference tools that were
// investigated, grouped by cause. Each entry is tool, capture, kind and
// "+value" (we have it, the tool does not) or "-value" (the tool has it,
// we do not). docs/tlsdump.md lists them too; keep both in step.
var knownDifferences = []struct {
	why     string
	entries []string
}{
	{"pre-RFC DTLS 0x0100 is OpenSSL's DTLS 1.0: d1 by choice (docs/fingerprints.md); Arkime gives 00", []string{
		"arkime arkime/pcap/wireshark-dtls0.pcap ja4 +dd1i270000_fd1a708466c1_000000000000",
		"arkime arkime/pcap/wireshark-dtls0.pcap ja4 -d00i270000_fd1a708466c1_000000000000",
	}},
	{"FoxIO Python zeroes the JA4_o extension hash when the sorted list (SNI and ALPN removed) is empty; " +
		"the original-order list here holds SNI (0000), so it is hashed", []string{
		"foxio-python foxio-ja4/pcap/https3-301-get.pcap ja4_o -t10d230100_ce175d585f73_000000000000",
		"foxio-python foxio-ja4/pcap/socks-https-example.pcap ja4_o -t10d230100_ce175d585f73_000000000000",
	}},
	{"ALPN 0xbaad: these FoxIO outputs use 99 for a non-alphanumeric ALPN; wire/fingerprint follows the later " +
		"FoxIO rule (first hex digit of the first byte, last of the last: bd), see docs/fingerprints.md", []string{
		"foxio-python foxio-ja4/pcap/tls-non-ascii-alpn.pcapng ja4 -t13d151699_8daaf6152771_e5627efa2ab1",
		"foxio-python foxio-ja4/pcap/tls-non-ascii-alpn.pcapng ja4_o -t13d151699_acb858a92679_8fc3c02244b2",
		"foxio-python foxio-ja4/pcap/tls-non-ascii-alpn.pcapng ja4_r -t13d151699_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601",
		"foxio-python foxio-ja4/pcap/tls-non-ascii-alpn.pcapng ja4_ro -t13d151699_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_ff01,0033,002d,0005,4469,000d,0010,0023,001b,002b,0000,0012,000a,0017,000b,0015_0403,0804,0401,0503,0805,0501,0806,0601",
		"foxio-rust-snapshots foxio-ja4/pcap/tls-non-ascii-alpn.pcapng ja4 -t13d151699_8daaf6152771_e5627efa2ab1",
	}},
	{"QUIC Initials of the reserved version 0x0a0a0a0a (a version negotiation test) have no defined keys " +
		"(RFC 9000 §15); tshark decrypts them with the version 1 salt", []string{
		"tshark ndpi/pcap/quic_interop_V.pcapng ja3 -7d9e7f6dec1cb1dd8b79d72b1366b6cf",
	}},
	{"Google QUIC T051 (pre-IETF, Google's own Initial salt) is not decoded by package pcap", []string{
		"tshark ndpi/pcap/quic_t51.pcap ja3 -92e76078d514999cd950474995dab2b5",
		"tshark ndpi/pcap/quic_t51.pcap ja3s -eb1d94daa7e0344597e756a1fb6e7054",
	}},
	{"malformed ClientHellos (nDPI robustness captures: cipher_suites or extension lengths that disagree) are " +
		"rejected by wire and reported as errors; tshark fingerprints what it could parse", []string{
		"tshark ndpi/pcap/tls_cipher_lens.pcap ja3 -12f72b3830028e0151f98b64f504bd9c",
		"tshark ndpi/pcap/tls_cipher_lens.pcap ja3 -8eae3e18d36ce24c4ac6b9eeb84ac762",
		"tshark ndpi/pcap/tls_invalid_reads.pcap ja3 -88d4e76accc5dbd6e8ba82e094f04049",
	}},
}

func TestCaptures(t *testing.T) {
	dir := capturesDir(t)
	if dir == "" {
		t.Skip("no shared captures (../shared/captures)")
	}
	// No crash, every output form, on every capture.
	var all []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			switch filepath.Ext(p) {
			case ".pcap", ".pcapng", ".cap", ".gz", ".file":
				all = append(all, p)
			}
		}
		return nil
	})
	if len(all) < 200 {
		t.Fatalf("only %d captures found in %s", len(all), dir)
	}
	for _, args := range [][]string{{"-json"}, {"-v", "-x"}, {"-summary"}} {
		var errOut strings.Builder
		code := run(append(args, all...), nil, io.Discard, &errOut)
		if code != exitOK && code != exitUnreadable {
			t.Errorf("%v: exit %d: %s", args, code, errOut.String())
		}
	}
	// JSON Lines stay valid JSON on every capture.
	for _, p := range all {
		var out strings.Builder
		run([]string{"-json", p}, nil, &out, io.Discard)
		for l := range strings.Lines(out.String()) {
			if !json.Valid([]byte(l)) {
				t.Errorf("%s: invalid JSON line %.200s", rel(dir, p), l)
			}
		}
	}

	var refs []referenceSet
	refs = append(refs, tsharkRefs(t, dir)...)
	refs = append(refs, arkimeRefs(t, dir)...)
	refs = append(refs, foxioPythonRefs(t, dir)...)
	refs = append(refs, foxioRustRefs(t, dir)...)
	ours := map[string]fpSets{}
	var mismatches []string
	used := map[string]bool{}
	for _, ref := range refs {
		p := filepath.Join(dir, filepath.FromSlash(ref.capture))
		if _, err := os.Stat(p); err != nil {
			continue // an expected output without its capture (e.g. a .pcapng named .pcap)
		}
		if ours[ref.capture] == nil {
			ours[ref.capture] = ourFingerprints(t, p)
		}
		got := ours[ref.capture]
		for kind, want := range ref.sets {
			for v := range want {
				if !got[kind][v] {
					mismatches = append(mismatches, ref.tool+" "+ref.capture+" "+kind+" -"+v)
				}
			}
			if ref.subset {
				continue
			}
			for v := range got[kind] {
				if !want[v] {
					mismatches = append(mismatches, ref.tool+" "+ref.capture+" "+kind+" +"+v)
				}
			}
		}
	}
	slices.Sort(mismatches)
	known := map[string]string{}
	for _, k := range knownDifferences {
		for _, e := range k.entries {
			known[e] = k.why
		}
	}
	for _, m := range mismatches {
		if why, ok := known[m]; ok {
			used[m] = true
			t.Logf("known: %s (%s)", m, why)
			continue
		}
		t.Errorf("mismatch: %s", m)
	}
	for k := range known {
		if !used[k] {
			t.Errorf("known mismatch no longer seen: %s", k)
		}
	}
}
