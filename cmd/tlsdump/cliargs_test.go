package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tlswire/tlswire/wire"
)

func TestFlagsAnywhere(t *testing.T) {
	want := mustRun(t, "-json", "-port", "50003", shippedCapture)
	for _, args := range [][]string{
		{shippedCapture, "-json", "-port", "50003"},
		{"-json", shippedCapture, "-port", "50003"},
		{"-port", "50003", shippedCapture, "-json"},
	} {
		if got := mustRun(t, args...); got != want {
			t.Errorf("%v: output differs from flags first", args)
		}
	}
	// After "--" everything is a file, even a name that looks like a flag.
	code, _, errOut := tlsdump(t, nil, "-json", "--", shippedCapture, "-port")
	if code != exitUnreadable || !strings.Contains(errOut, "-port") {
		t.Errorf(`"--": exit %d (%s), want 1 naming the file "-port"`, code, errOut)
	}
	// "--" as the value of a flag does not end the flags.
	if code, _, errOut := tlsdump(t, nil, "-sni", "--", "-json", shippedCapture); code != 0 {
		t.Errorf(`-sni --: exit %d (%s)`, code, errOut)
	}
}

func TestVersionFlag(t *testing.T) {
	for _, args := range [][]string{{"-V"}, {"--version"}, {"-version"}} {
		code, out, errOut := tlsdump(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "tlsdump ") || !strings.Contains(out, "go1.") {
			t.Errorf("%v: exit %d, %q %q", args, code, out, errOut)
		}
	}
	// The old filter spellings fail clearly instead of printing the version.
	for _, args := range [][]string{{"-version", "TLS 1.2", shippedCapture}, {"-version=tls1.2", shippedCapture}, {"--version", "1.2"}} {
		code, _, errOut := tlsdump(t, nil, args...)
		if code != exitUsage || !strings.Contains(errOut, "-tls-version") {
			t.Errorf("%v: exit %d, stderr %q; want 2 pointing to -tls-version", args, code, errOut)
		}
	}
}

func TestParseVersion(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []uint16
	}{
		{"1.2", []uint16{wire.VersionTLS12, wire.VersionDTLS12}},
		{"TLS 1.2", []uint16{wire.VersionTLS12}},
		{"tls1.2", []uint16{wire.VersionTLS12}},
		{"TLSv1.2", []uint16{wire.VersionTLS12}},
		{"TLSv12", []uint16{wire.VersionTLS12}},
		{"tls_1_3", []uint16{wire.VersionTLS13}},
		{"TLS1.0", []uint16{wire.VersionTLS10}},
		{"1.1", []uint16{wire.VersionTLS11}},
		{"DTLS 1.2", []uint16{wire.VersionDTLS12}},
		{"dtlsv1.0", []uint16{wire.VersionDTLS10}},
		{"SSL 3.0", []uint16{wire.VersionSSL30}},
		{"SSLv3", []uint16{wire.VersionSSL30}},
		{"sslv2", []uint16{wire.VersionSSL20}},
		{"3.0", nil},
		{"1.4", nil},
		{"TLS", nil},
		{"", nil},
		{"tls 1.2.1", nil},
	} {
		got, err := parseVersion(tc.in)
		if !slices.Equal(got, tc.want) || (err != nil) != (tc.want == nil) {
			t.Errorf("parseVersion(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	code, _, errOut := tlsdump(t, nil, "-tls-version", "tls1.4", shippedCapture)
	if code != exitUsage || !strings.Contains(errOut, "tls1.4") {
		t.Errorf("unknown version: exit %d (%s), want 2", code, errOut)
	}
}

func TestSummaryJSON(t *testing.T) {
	out := mustRun(t, "-summary", "-json", "-top", "2", shippedCapture, shippedCapture)
	if strings.Count(out, "\n") != 1 {
		t.Fatalf("not one line:\n%s", out)
	}
	var s struct {
		Flows   int
		Version []struct {
			Value string
			Count int
		}
		JA3       []struct{ Value string }
		JA3Others int `json:"ja3_others"`
		ByJA4     []struct {
			JA4         string
			Count       int
			ServerNames []struct {
				Value string
				Count int
			} `json:"server_names"`
		} `json:"server_names_by_ja4"`
	}
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Flows != 12 || len(s.Version) != 2 || s.Version[0].Count != 6 || len(s.JA3) != 2 || s.JA3Others != 8 {
		t.Errorf("summary %+v", s)
	}
	if len(s.ByJA4) != 2 || s.ByJA4[0].Count != 2 || len(s.ByJA4[0].ServerNames) != 1 || s.ByJA4[0].ServerNames[0] != (struct {
		Value string
		Count int
	}{"example.test", 2}) {
		t.Errorf("server names by JA4: %+v", s.ByJA4)
	}
	text := mustRun(t, "-summary", "-top", "1", shippedCapture)
	if !strings.Contains(text, "\nja3\n       1  03117a8ed39ef02427ebbc39f121275c\n       5  (others)\n") {
		t.Errorf("-top 1 text:\n%s", text)
	}
}

func TestSeveralFiles(t *testing.T) {
	text := mustRun(t, shippedCapture, shippedCapture)
	if n := strings.Count(text, "==> "+shippedCapture+" <==\n"); n != 2 {
		t.Errorf("%d file headers in the text output, want 2", n)
	}
	for _, o := range decodeLines(t, mustRun(t, "-json", shippedCapture, shippedCapture)) {
		if o["file"] != shippedCapture {
			t.Errorf("file %v", o["file"])
		}
	}
	for _, o := range decodeLines(t, mustRun(t, "-json", shippedCapture)) {
		if _, ok := o["file"]; ok {
			t.Error("file given for a single capture")
		}
	}
}

func TestTimesAndCommunityID(t *testing.T) {
	for _, o := range decodeLines(t, mustRun(t, "-json", shippedCapture)) {
		for _, k := range []string{"ts", "end_ts"} {
			s, _ := o[k].(string)
			if _, err := time.Parse(time.RFC3339Nano, s); err != nil || len(s) != len(timeLayout) || !strings.HasSuffix(s, "Z") {
				t.Errorf("%s %q: not the fixed RFC 3339 form (%v)", k, s, err)
			}
		}
		if id, _ := o["community_id"].(string); !strings.HasPrefix(id, "1:") || len(id) != 30 {
			t.Errorf("community_id %q", id)
		}
	}
	if text := mustRun(t, shippedCapture); !strings.HasPrefix(text, "2026-01-02 03:04:05.001000 UTC ") {
		t.Errorf("text time not marked UTC: %.40q", text)
	}
}

func TestVerboseTree(t *testing.T) {
	out := mustRun(t, "-v", "-port", "50000", shippedCapture)
	for _, want := range []string{
		"  ja3 full      771,",
		"      cipher_suites:\n        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 (0xc02b)\n",
		"        - server_name (0)\n          server_name_list:\n",
		"      cipher_suite: TLS_AES_128_GCM_SHA256 (0x1301)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-v lacks %q", want)
		}
	}
	if strings.Contains(out, `{"`) {
		t.Error("-v still prints JSON")
	}
	if plain := mustRun(t, "-port", "50000", shippedCapture); strings.Contains(plain, "771,") {
		t.Error("the full JA3 string is printed without -v")
	}
}
