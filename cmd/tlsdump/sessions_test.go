package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlswire/tlswire/communityid"
	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// tls12TicketConvs records three crypto/tls TLS 1.2 connections of one
// client to one server with fixed ticket keys: a full handshake that
// issues a ticket, then two that resume (the second with the ticket the
// first resumption issued: crypto/tls replaces it).
func tls12TicketConvs(t *testing.T) []*tlsgen.Conversation {
	client := &tls.Config{MaxVersion: tls.VersionTLS12, ClientSessionCache: tls.NewLRUClientSessionCache(4)}
	server := &tls.Config{}
	server.SetSessionTicketKeys([][32]byte{{7, 8, 9}})
	var convs []*tlsgen.Conversation
	for range 3 {
		c, err := tlsgen.Run(tlsgen.Scenario{Name: "tls12-ticket", Client: client, Server: server, AppData: []byte("ping")})
		if err != nil {
			t.Fatal(err)
		}
		convs = append(convs, c)
	}
	if convs[0].State.DidResume || !convs[1].State.DidResume || !convs[2].State.DidResume {
		t.Fatal("crypto/tls did not resume as expected")
	}
	return convs
}

var (
	sessServer = netip.MustParseAddrPort("198.51.100.1:443")
	sessT0     = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
)

func sessClient(port uint16) netip.AddrPort {
	return netip.AddrPortFrom(netip.MustParseAddr("192.0.2.5"), port)
}

// writeFile writes a capture into dir and returns its path.
func writeFile(t *testing.T, dir, name string, b []byte) string {
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// flowByPort returns the JSON object of the flow with that client port.
func flowByPort(t *testing.T, flows []map[string]any, port uint16) map[string]any {
	t.Helper()
	for _, f := range flows {
		if f["client"] == sessClient(port).String() {
			return f
		}
	}
	t.Fatalf("no flow from port %d", port)
	return nil
}

// wantFrom checks a flow's link: how, and the issuing flow's client port.
func wantFrom(t *testing.T, f map[string]any, by string, issuerPort uint16, file string) {
	t.Helper()
	from, _ := f["resumed_from"].(map[string]any)
	if f["resumed_by"] != by || from == nil {
		t.Fatalf("flow %v: resumed_by %v, resumed_from %v (missing %v)", f["client"], f["resumed_by"], from, f["resumed_missing"])
	}
	issuer := sessClient(issuerPort)
	if from["client"] != issuer.String() || from["server"] != sessServer.String() ||
		from["community_id"] != communityid.String(0, communityid.ProtocolTCP, issuer, sessServer) {
		t.Errorf("flow %v: resumed_from %v, want the flow from %v", f["client"], from, issuer)
	}
	if got, _ := from["file"].(string); filepath.Base(got) != file {
		t.Errorf("flow %v: resumed_from.file %q, want %q", f["client"], got, file)
	}
}

// TestSessionsTicketIssuerOpen: crypto/tls TLS 1.2 ticket resumption in
// one file, the resumed flow running and ending while its issuer is still
// open; then the same resumption replayed in a second file, so the ticket
// is offered twice, and linked across the files in input order only.
func TestSessionsTicketIssuerOpen(t *testing.T) {
	convs := tls12TicketConvs(t)
	dir := t.TempDir()

	// a.pcapng: the issuer opens and runs to its NewSessionTicket, the
	// resumption (port 40002) runs whole, then the issuer closes.
	cw := newCaptureWriter(t)
	ts := sessT0
	issuer := cw.stream(sessClient(40001), sessServer, 1000)
	issuer.open(&ts)
	for _, w := range convs[0].Writes {
		issuer.seg(&ts, w.ClientToServer, false, true, false, w.Data)
	}
	ts = cw.conn(sessClient(40002), sessServer, 2000, ts.Add(time.Second), convs[1])
	issuer.close(&ts)
	a := writeFile(t, dir, "a.pcapng", cw.bytes())

	// b.pcapng: the same resumption again (another port), then the one
	// resuming with the ticket the first resumption issued.
	cw = newCaptureWriter(t)
	ts = cw.conn(sessClient(40003), sessServer, 3000, sessT0.Add(time.Minute), convs[1])
	cw.conn(sessClient(40004), sessServer, 4000, ts, convs[2])
	b := writeFile(t, dir, "b.pcapng", cw.bytes())

	one := decodeLines(t, mustRun(t, "-json", a))
	if len(one) != 2 || one[0]["client"] != sessClient(40002).String() {
		t.Fatalf("a.pcapng: %d flows, first from %v; want the resumption to end first", len(one), one[0]["client"])
	}
	wantFrom(t, one[0], "ticket", 40001, ".")
	if tk, _ := one[1]["issued_tickets_sha256"].(string); tk == "" || tk != one[0]["resumed_key_sha256"] {
		t.Errorf("issuer's issued_tickets_sha256 %q, resumed_key_sha256 %v", tk, one[0]["resumed_key_sha256"])
	}
	text := mustRun(t, a)
	if want := "  session       resumed (ticket) from 192.0.2.5:40001 → 198.51.100.1:443 at 2026-01-02T03:04:05.001Z\n"; !strings.Contains(text, want) {
		t.Errorf("text output lacks %q:\n%s", want, text)
	}

	for _, j := range []string{"1", "2"} {
		both := decodeLines(t, mustRun(t, "-json", "-j", j, a, b))
		wantFrom(t, flowByPort(t, both, 40003), "ticket", 40001, "a.pcapng")
		// 40003 issued again the ticket 40002 issued (the same bytes
		// replayed): the first issuer is kept.
		wantFrom(t, flowByPort(t, both, 40004), "ticket", 40002, "a.pcapng")
		// A flow's counts are those known when it is printed: the second
		// offer sees both, the first only itself.
		for p, want := range map[uint16]float64{40002: 1, 40003: 2} {
			off := flowByPort(t, both, p)["session"].(map[string]any)["offered"].(map[string]any)
			if off["ticket_offers"] != want {
				t.Errorf("-j %s: port %d: ticket_offers %v, want %v", j, p, off["ticket_offers"], want)
			}
		}
	}
	// Output order is input order: b.pcapng's flows first have no issuer.
	rev := decodeLines(t, mustRun(t, "-json", b, a))
	if f := flowByPort(t, rev, 40003); f["resumed_missing"] != "issuer_not_seen" || f["resumed_from"] != nil {
		t.Errorf("b.pcapng before a.pcapng: %v %v", f["resumed_missing"], f["resumed_from"])
	}

	// -sessions: one server, 4 flows, 1 full, 3 by ticket, all linked,
	// one ticket reused.
	code, out, errOut := tlsdump(t, nil, "-sessions", a, b)
	want := "198.51.100.1:443: flows 4, full 1, resumed 3 (session_id 0, ticket 3, psk 0, rate 75.0%), linked 3, tickets issued 4, reused 1"
	if code != 0 || !strings.HasPrefix(out, want) || !strings.Contains(out, "\nindex: keys ") {
		t.Errorf("-sessions: exit %d (%s):\n%s\nwant a line starting %q", code, errOut, out, want)
	}
	js := decodeLines(t, mustRun(t, "-sessions", "-json", a, b))
	if len(js) != 2 || js[0]["linked"] != 3.0 || js[0]["tickets_reused"] != 1.0 || js[1]["index"] == nil {
		t.Errorf("-sessions -json: %v", js)
	}
	// -link=false: no session members.
	if f := decodeLines(t, mustRun(t, "-json", "-link=false", a))[0]; f["session"] != nil || f["resumed_by"] != nil {
		t.Errorf("-link=false still links: %v", f["resumed_by"])
	}
}

// TestSessionsIssuerAbsent: a resumption whose issuer is not in the input
// is reported, not linked, and is no error.
func TestSessionsIssuerAbsent(t *testing.T) {
	convs := tls12TicketConvs(t)
	cw := newCaptureWriter(t)
	cw.conn(sessClient(40002), sessServer, 2000, sessT0, convs[1])
	p := writeFile(t, t.TempDir(), "r.pcapng", cw.bytes())
	code, out, errOut := tlsdump(t, nil, "-json", p)
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f := decodeLines(t, out)[0]
	if f["resumed_by"] != "ticket" || f["resumed_missing"] != "issuer_not_seen" || f["resumed_from"] != nil {
		t.Errorf("resumed_by %v, resumed_missing %v, resumed_from %v", f["resumed_by"], f["resumed_missing"], f["resumed_from"])
	}
	if text := mustRun(t, p); !strings.Contains(text, "  session       resumed (ticket), issuer issuer_not_seen\n") {
		t.Errorf("text:\n%s", text)
	}
}

// TestSessionsOpenSSLSessionID: OpenSSL 3 s_client -reconnect against
// s_server -no_ticket: five resumptions by session ID of the first
// connection's session.
func TestSessionsOpenSSLSessionID(t *testing.T) {
	convs, err := tlsgen.OpenSSLReconnect("-no_ticket")
	if errors.Is(err, tlsgen.ErrNoOpenSSL) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	cw := newCaptureWriter(t)
	ts := sessT0
	for i, c := range convs {
		ts = cw.conn(sessClient(uint16(41000+i)), sessServer, uint32(1000*(i+1)), ts, c)
	}
	p := writeFile(t, t.TempDir(), "sid.pcapng", cw.bytes())
	flows := decodeLines(t, mustRun(t, "-json", p))
	if len(flows) != 6 || flows[0]["issued_session_id_sha256"] == nil {
		t.Fatalf("%d flows, first issued_session_id_sha256 %v", len(flows), flows[0]["issued_session_id_sha256"])
	}
	for i := 1; i < 6; i++ {
		wantFrom(t, flows[i], "session_id", 41000, ".")
		if flows[i]["resumed_key_sha256"] != flows[0]["issued_session_id_sha256"] {
			t.Errorf("flow %d: resumed_key_sha256 %v", i, flows[i]["resumed_key_sha256"])
		}
	}
	if out := mustRun(t, "-sessions", p); !strings.Contains(out, "flows 6, full 1, resumed 5 (session_id 5, ticket 0, psk 0, rate 83.3%), linked 5") {
		t.Errorf("-sessions:\n%s", out)
	}
}

// TestSessionsBound: with -max-sessions 4, five full handshakes of other
// clients between a ticket's issue and its resumption push the ticket
// out: the link is counted lost, and stderr says so.
func TestSessionsBound(t *testing.T) {
	convs := tls12TicketConvs(t)
	cw := newCaptureWriter(t)
	ts := cw.conn(sessClient(40001), sessServer, 1000, sessT0, convs[0])
	for i := range 5 {
		other := tls12TicketConvs(t)[0] // another client: another ticket
		ts = cw.conn(sessClient(uint16(40100+i)), sessServer, uint32(9000+i), ts, other)
	}
	cw.conn(sessClient(40002), sessServer, 2000, ts, convs[1])
	p := writeFile(t, t.TempDir(), "bound.pcapng", cw.bytes())
	code, out, errOut := tlsdump(t, nil, "-json", "-max-sessions", "4", p)
	if code != 0 || !strings.Contains(errOut, "1 resumed flows not linked: their issuers were forgotten past -max-sessions 4") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if f := flowByPort(t, decodeLines(t, out), 40002); f["resumed_missing"] != "issuer_evicted" {
		t.Errorf("resumed_missing %v, want issuer_evicted", f["resumed_missing"])
	}
	if out := mustRun(t, "-sessions", "-max-sessions", "4", p); !strings.Contains(out, "index: keys 4 of 4, evicted ") || !strings.Contains(out, "links lost 1") {
		t.Errorf("-sessions:\n%s", out)
	}
	if f := flowByPort(t, decodeLines(t, mustRun(t, "-json", p)), 40002); f["resumed_from"] == nil {
		t.Error("with the default bound the flow is not linked")
	}
	if code, _, _ := tlsdump(t, nil, "-max-sessions", "0", p); code != exitUsage {
		t.Errorf("-max-sessions 0: exit %d", code)
	}
	if code, _, _ := tlsdump(t, nil, "-sessions", "-link=false", p); code != exitUsage {
		t.Errorf("-sessions -link=false: exit %d", code)
	}
}

var crossRunDir = flag.String("sessions-dir", "", "TestSessionsCrossRun writes its captures (a.pcapng, b.pcapng) and tlsdump's JSON Lines of each run alone (a.jsonl, b.jsonl) to this directory")

// TestSessionsCrossRun: two captures read in two runs of tlsdump, each
// with an Index of its own; the join of docs/resumption.md ("Across runs")
// over their JSON Lines finds the links one run over both files finds.
// The issuers (a crypto/tls TLS 1.2 ticket, an OpenSSL session ID, if
// openssl is there) are in a.pcapng, the resumptions in b.pcapng.
func TestSessionsCrossRun(t *testing.T) {
	convs := tls12TicketConvs(t)
	ca, cb := newCaptureWriter(t), newCaptureWriter(t)
	ta := ca.conn(sessClient(40001), sessServer, 1000, sessT0, convs[0])
	tb := cb.conn(sessClient(40002), sessServer, 2000, sessT0.Add(time.Minute), convs[1])
	if sid, err := tlsgen.OpenSSLReconnect("-no_ticket"); err == nil {
		ca.conn(sessClient(41000), sessServer, 5000, ta, sid[0])
		cb.conn(sessClient(41001), sessServer, 6000, tb, sid[1])
	} else if !errors.Is(err, tlsgen.ErrNoOpenSSL) {
		t.Fatal(err)
	}
	dir := *crossRunDir
	if dir == "" {
		dir = t.TempDir()
	}
	a, b := writeFile(t, dir, "a.pcapng", ca.bytes()), writeFile(t, dir, "b.pcapng", cb.bytes())
	ja, jb := mustRun(t, "-json", a), mustRun(t, "-json", b)
	writeFile(t, dir, "a.jsonl", []byte(ja))
	writeFile(t, dir, "b.jsonl", []byte(jb))

	// The join, as the SQL of docs/resumption.md says it.
	type row struct{ client, by, issuer string }
	var joined []row
	as, bs := decodeLines(t, ja), decodeLines(t, jb)
	str := func(m map[string]any, k string) string { s, _ := m[k].(string); return s }
	for _, r := range append(append([]map[string]any(nil), as...), bs...) {
		for _, i := range append(append([]map[string]any(nil), as...), bs...) {
			key := str(r, "resumed_key_sha256")
			switch by := str(r, "resumed_by"); {
			case (by == "ticket" || by == "psk") && key != "" && strings.Contains(str(i, "issued_tickets_sha256"), key),
				by == "session_id" && key != "" && str(i, "issued_session_id_sha256") == key && str(i, "server") == str(r, "server"):
				joined = append(joined, row{str(r, "client"), by, str(i, "client")})
			}
		}
	}
	// One run over both files.
	var linked []row
	for _, f := range decodeLines(t, mustRun(t, "-json", a, b)) {
		if from, ok := f["resumed_from"].(map[string]any); ok {
			linked = append(linked, row{str(f, "client"), str(f, "resumed_by"), str(from, "client")})
		}
	}
	if len(joined) == 0 || fmt.Sprint(joined) != fmt.Sprint(linked) {
		t.Errorf("join over two runs: %v\none run over both files: %v", joined, linked)
	}
	for _, f := range bs {
		if f["resumed_by"] != nil && f["resumed_missing"] != "issuer_not_seen" {
			t.Errorf("b.pcapng alone: %v resumed_missing %v", f["client"], f["resumed_missing"])
		}
	}
}

// TestSessionsManyTickets: an open flow sending many NewSessionTickets
// (hostile, or a server that issues one per request) issues at most
// maxOpenIssues times while open, each time with every ticket so far; its
// end issues them all.
func TestSessionsManyTickets(t *testing.T) {
	l := newFileLinker("")
	f := &pcap.Flow{Client: sessClient(40001), Server: sessServer, Transport: pcap.TransportTCP, Protocol: pcap.ProtocolTLS}
	const n = 200
	for i := range n {
		ticket := make([]byte, 64)
		ticket[0], ticket[1] = byte(i>>8), byte(i)
		body := append([]byte{0, 0, 0x1c, 0x20, 0, byte(len(ticket))}, ticket...)
		raw := append([]byte{byte(wire.TypeNewSessionTicket), 0, 0, byte(len(body))}, body...)
		f.Messages = append(f.Messages, pcap.Message{Dir: pcap.ServerToClient, Type: wire.TypeNewSessionTicket, Raw: raw, Time: sessT0})
		l.onMessage(f, &f.Messages[len(f.Messages)-1])
	}
	if oi := l.refs[f]; oi == nil || oi.issues != maxOpenIssues {
		t.Fatalf("issues while open: %+v, want %d", oi, maxOpenIssues)
	}
	if len(l.pending) != 1 || len(l.pending[0].h.Tickets) != maxOpenIssues || l.pending[0].h.Tickets[0].Lifetime != 0x1c20 {
		t.Fatalf("pending: %d ops", len(l.pending))
	}
	// Another flow ends: the open flow's op goes before it.
	other := &pcap.Flow{Client: sessClient(40002), Server: sessServer}
	if ref, pre := l.ended(other); ref != nil || len(pre) != 1 || !pre[0].issue {
		t.Fatalf("ended(other): %v, %d ops", ref, len(pre))
	}
	// The flow itself ends: its FlowRef, no op of its own.
	if ref, pre := l.ended(f); ref == nil || len(pre) != 0 {
		t.Fatalf("ended(f): %v, %d ops", ref, len(pre))
	}
}
