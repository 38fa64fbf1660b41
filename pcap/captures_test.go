package pcap

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// capturesDir is shared/captures next to the repository (../../shared/captures
// from the repository root).
func capturesDir(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(filepath.Dir(file))
	dir := filepath.Join(root, "..", "shared", "captures")
	if _, err := os.Stat(dir); err != nil {
		// Worktrees live one level deeper (/work/wt/NAME).
		alt := filepath.Join(root, "..", "..", "shared", "captures")
		if _, err2 := os.Stat(alt); err2 != nil {
			t.Skipf("no captures directory: %v", err)
		}
		dir = alt
	}
	return dir
}

// captureResult is what one capture yields, in tshark-counts.tsv terms.
type captureResult struct {
	flows, tlsFlowsWithCH, dtlsFlows, quicFlows    int
	tlsCH, tlsSH, sslv2CH, dtlsCH, dtlsHVR, dtlsSH int
	err                                            error
}

func readCapture(t *testing.T, path string) captureResult {
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var res captureResult
	r, err := NewReader(fh, Options{})
	if err != nil {
		res.err = err
		return res
	}
	for f, err := range r.Flows() {
		if err != nil {
			res.err = err
			continue
		}
		res.flows++
		switch f.Protocol {
		case "dtls":
			res.dtlsFlows++
		case "quic":
			res.quicFlows++
		}
		ch := 0
		for _, m := range f.Messages {
			switch {
			case m.Dir == ClientToServer && m.Type == wire.TypeClientHello && m.SSLv2:
				res.sslv2CH++
			case m.Type == wire.TypeClientHello && f.Protocol == "dtls":
				res.dtlsCH++ // WebRTC peers may both send one
			case m.Dir == ClientToServer && m.Type == wire.TypeClientHello:
				ch++
				if f.Protocol == "tls" {
					res.tlsCH++
				}
			case m.Type == wire.TypeServerHello && !m.SSLv2:
				if f.Protocol == "dtls" {
					res.dtlsSH++
				} else if f.Protocol == "tls" {
					res.tlsSH++
				}
			case m.Type == wire.TypeHelloVerifyRequest:
				res.dtlsHVR++
			}
		}
		if ch > 0 && f.Protocol == "tls" {
			res.tlsFlowsWithCH++
		}
	}
	return res
}

// TestSharedCaptures reads every capture of shared/captures without error
// or panic, and compares the ClientHello/ServerHello counts with what
// tshark found (tshark-counts.tsv); differences are logged, not failed:
// tshark counts some things differently (see the report).
func TestSharedCaptures(t *testing.T) {
	dir := capturesDir(t)
	tsv, err := os.Open(filepath.Join(dir, "tshark-counts.tsv"))
	if err != nil {
		t.Skip(err)
	}
	defer tsv.Close()
	sc := bufio.NewScanner(tsv)
	var cols []string
	files, mismatches := 0, 0
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = fields
			continue
		}
		row := map[string]int{}
		for i, c := range cols {
			if i < len(fields) {
				if n, err := strconv.Atoi(fields[i]); err == nil {
					row[c] = n
				}
			}
		}
		name := fields[0]
		res := readCapture(t, filepath.Join(dir, name))
		files++
		if res.err != nil {
			t.Logf("%s: %v", name, res.err)
		}
		got := map[string]int{"tls_ch": res.tlsCH, "tls_sh": res.tlsSH, "sslv2_ch": res.sslv2CH,
			"dtls_ch": res.dtlsCH, "dtls_sh": res.dtlsSH, "dtls_hvr": res.dtlsHVR, "tcp_flows_with_ch": res.tlsFlowsWithCH}
		var diffs []string
		for _, k := range []string{"tcp_flows_with_ch", "tls_ch", "tls_sh", "sslv2_ch", "dtls_ch", "dtls_hvr", "dtls_sh"} {
			if got[k] != row[k] {
				diffs = append(diffs, k+"="+strconv.Itoa(got[k])+"/tshark "+strconv.Itoa(row[k]))
			}
		}
		if len(diffs) > 0 {
			mismatches++
			t.Logf("MISMATCH %s: %s", name, strings.Join(diffs, " "))
		}
	}
	t.Logf("%d captures, %d with counts differing from tshark", files, mismatches)
	if files < 200 {
		t.Fatalf("only %d captures listed", files)
	}
}
