package resumption

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"encoding/json"
	"flag"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

var jsonlDir = flag.String("jsonl", "", "write the JSON Lines of TestCrossRunJoin's two runs (a.jsonl, b.jsonl) to this directory")

// jsonLine is a flow's JSON Lines object with the members tlsdump writes
// before the session ones (docs/json.md): ts, client, server, server_name,
// and file.
func jsonLine(b []byte, f *Flow) []byte {
	j := jsonObj{b: append(b, '{')}
	j.time("ts", f.Ref.Time)
	j.str("client", f.Ref.Client.String())
	j.str("server", f.Ref.Server.String())
	if f.Handshake.SNI != "" {
		j.str("server_name", f.Handshake.SNI)
	}
	j.str("file", f.Ref.File)
	return append(f.AppendJSON(j.b), '}', '\n')
}

// row is what the join of docs/resumption.md reads of a line.
type row struct {
	TS, Client, Server, File string
	ResumedBy                string                   `json:"resumed_by"`
	Key                      string                   `json:"resumed_key_sha256"`
	From                     *struct{ Client string } `json:"resumed_from"`
	IssuedTickets            string                   `json:"issued_tickets_sha256"`
	IssuedSessionID          string                   `json:"issued_session_id_sha256"`
}

// join is the query of docs/resumption.md in Go: the issuing rows of a
// resumed row that has no resumed_from.
func join(r row, rows []row) []row {
	var out []row
	for _, i := range rows {
		switch {
		case r.ResumedBy == "" || r.From != nil:
		case (r.ResumedBy == "ticket" || r.ResumedBy == "psk") && strings.Contains(i.IssuedTickets, r.Key):
			out = append(out, i)
		case r.ResumedBy == "session_id" && i.IssuedSessionID == r.Key && i.Server == r.Server:
			out = append(out, i)
		}
	}
	return out
}

// TestCrossRunJoin: issuing flows in one run (a.pcap), the resumptions in
// another (b.pcap), each with an Index of its own: the join over both runs'
// JSON Lines finds the issuer that one Index over both finds.
func TestCrossRunJoin(t *testing.T) {
	type pair struct{ issuing, resuming *Handshake }
	var pairs []pair
	h1, h2 := tcpPair(t, tls.VersionTLS12, nil)
	pairs = append(pairs, pair{h1, h2})
	q1, q2 := quicPair(t, &tls.Config{}, &tls.Config{}, tlsgen.QUICOptions{})
	pairs = append(pairs, pair{q1, q2})
	if _, err := exec.LookPath("openssl"); err == nil {
		convs := opensslReconnect(t, "-no_ticket")
		pairs = append(pairs, pair{tcpHandshake(t, convs[0], t0), tcpHandshake(t, convs[1], t0.Add(gap))})
	}

	runA, runB, both := NewIndex(Options{}), NewIndex(Options{}), NewIndex(Options{})
	var a, b []byte
	want := map[string]string{} // resumed client -> issuing client
	for i, p := range pairs {
		ra, rb := ref(2*i, "a.pcap"), ref(2*i+1, "b.pcap")
		ra.Time, rb.Time = p.issuing.Offer.Time, p.resuming.Offer.Time
		if i == 2 { // OpenSSL's server, at an address of its own
			ra.Server = netip.MustParseAddrPort("10.0.0.2:443")
			rb.Server = ra.Server
		}
		a = jsonLine(a, runA.Add(ra, p.issuing))
		b = jsonLine(b, runB.Add(rb, p.resuming))
		both.Add(ra, p.issuing)
		if l := both.Add(rb, p.resuming).Link(); l.From == ra {
			want[rb.Client.String()] = ra.Client.String()
		} else {
			t.Fatalf("pair %d not linked in one Index: %+v", i, l)
		}
	}
	if *jsonlDir != "" {
		for name, data := range map[string][]byte{"a.jsonl": a, "b.jsonl": b} {
			if err := os.WriteFile(filepath.Join(*jsonlDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var rows []row
	s := bufio.NewScanner(bytes.NewReader(append(a, b...)))
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		var r row
		if err := json.Unmarshal(s.Bytes(), &r); err != nil {
			t.Fatalf("%v: %s", err, s.Bytes())
		}
		rows = append(rows, r)
	}
	got := map[string]string{}
	for _, r := range rows {
		if r.ResumedBy == "" {
			continue
		}
		if r.From != nil {
			t.Errorf("%s linked within its own run", r.Client)
		}
		m := join(r, rows)
		if len(m) != 1 {
			t.Errorf("%s (%s): %d issuers", r.Client, r.ResumedBy, len(m))
			continue
		}
		got[r.Client] = m[0].Client
	}
	if len(got) != len(want) {
		t.Errorf("join links %v, one Index %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: join says %s, one Index %s", k, got[k], v)
		}
	}
}
