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

// knownMismatches are differences with the reference tools that were
// investigated and are not bugs here. Key: tool, capture, kind, and
// "+value" (we have it, the tool does not) or "-value" (the tool has it,
// we do not). Keep each justified.
var knownMismatches = map[string]string{}

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
	for _, m := range mismatches {
		if why, ok := knownMismatches[m]; ok {
			used[m] = true
			t.Logf("known: %s (%s)", m, why)
			continue
		}
		t.Errorf("mismatch: %s", m)
	}
	for k := range knownMismatches {
		if !used[k] {
			t.Errorf("known mismatch no longer seen: %s", k)
		}
	}
}
