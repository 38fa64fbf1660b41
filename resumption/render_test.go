package resumption

import (
	"bytes"
	"crypto/tls"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// mixedFlows links a TLS 1.2 ticket resumption (no SNI) and a QUIC 0-RTT
// resumption (SNI example.test) in one Index.
func mixedFlows(t *testing.T) []*Flow {
	h1, h2 := tcpPair(t, tls.VersionTLS12, nil)
	alpn := []string{"h3"}
	q1, q2 := quicPair(t, &tls.Config{NextProtos: alpn}, &tls.Config{NextProtos: alpn}, tlsgen.QUICOptions{TicketEarlyData: true})
	x := NewIndex(Options{})
	var fs []*Flow
	for i, h := range []*Handshake{h1, h2, q1, q2} {
		r := ref(i, "")
		if i >= 2 {
			r.Time = t0.Add(time.Duration(i-2) * gap) // quicPair's clock
			r.CommunityID, r.File = "1:flow"+string(rune('0'+i)), "quic.pcapng"
		}
		fs = append(fs, x.Add(r, h))
	}
	return fs
}

func TestFlowJSON(t *testing.T) {
	for _, f := range mixedFlows(t) {
		b := append(f.AppendJSON([]byte(`{"ts":"x"`)), '}')
		var v struct {
			ResumedBy   string `json:"resumed_by"`
			Key         string `json:"resumed_key_sha256"`
			Issued      string `json:"issued_tickets_sha256"`
			ResumedFrom struct {
				Client, Server, TS, File string
				CommunityID              string `json:"community_id"`
			} `json:"resumed_from"`
			Session struct {
				Offered struct {
					PSK []struct {
						Identity string `json:"identity_sha256"`
						Offers   int
					}
					EarlyData bool `json:"early_data"`
				}
				Issued struct {
					Tickets []struct {
						SHA256   string
						Lifetime uint32
					}
				}
				Elapsed *int64 `json:"elapsed_ms"`
				Age     *int64 `json:"ticket_age_ms"`
			}
		}
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%v\n%s", err, b)
		}
		l := f.Link()
		if v.ResumedBy != l.By.String() {
			t.Errorf("resumed_by %q, link %v", v.ResumedBy, l.By)
		}
		if len(v.Session.Issued.Tickets) != len(f.Handshake.Tickets) {
			t.Errorf("%d tickets in JSON, %d issued", len(v.Session.Issued.Tickets), len(f.Handshake.Tickets))
		}
		for i, k := range v.Session.Issued.Tickets {
			if k.SHA256 != f.Handshake.Tickets[i].Hash.String() || !strings.Contains(v.Issued, k.SHA256) {
				t.Errorf("ticket %d: %s, issued_tickets_sha256 %q", i, k.SHA256, v.Issued)
			}
		}
		if l.From == nil {
			continue
		}
		if v.Key != l.Key.String() || v.ResumedFrom.Client != l.From.Client.String() || v.ResumedFrom.Server != l.From.Server.String() ||
			v.ResumedFrom.File != l.From.File || v.ResumedFrom.CommunityID != l.From.CommunityID {
			t.Errorf("JSON %s\nlink %+v from %+v", b, l, *l.From)
		}
		if v.Session.Elapsed == nil || *v.Session.Elapsed != l.Elapsed.Milliseconds() {
			t.Errorf("elapsed_ms %v, link %v", v.Session.Elapsed, l.Elapsed)
		}
		if l.TicketAgeKnown != (v.Session.Age != nil) || l.TicketAgeKnown && *v.Session.Age != l.TicketAge.Milliseconds() {
			t.Errorf("ticket_age_ms %v, link %v (known %v)", v.Session.Age, l.TicketAge, l.TicketAgeKnown)
		}
		for i, p := range v.Session.Offered.PSK {
			if p.Identity != f.Handshake.Offer.PSKs[i].Identity.String() || p.Offers != f.PSKOffers(i) {
				t.Errorf("psk %d: %+v", i, p)
			}
		}
	}
}

func TestFlowText(t *testing.T) {
	fs := mixedFlows(t)
	if got := string(fs[0].AppendText(nil)); got != "" {
		t.Errorf("full handshake: %q", got)
	}
	l := fs[3].Link()
	want := "resumed (psk) from " + l.From.Client.String() + " → " + l.From.Server.String() + " at " +
		l.From.Time.Format(time.RFC3339Nano) + " in quic.pcapng"
	if got := string(fs[3].AppendText(nil)); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSummary(t *testing.T) {
	fs := mixedFlows(t)
	var s Summary
	for _, f := range fs {
		s.Add(f)
	}
	servers := s.Servers()
	if len(servers) != 2 || servers[0].SNI != "" || servers[1].SNI != "example.test" {
		t.Fatalf("servers %+v", servers)
	}
	tls12, quic := servers[0], servers[1]
	if tls12.Flows != 2 || tls12.Full != 1 || tls12.Resumed[ByTicket] != 1 || tls12.Linked != 1 || tls12.ResumptionRate() != 0.5 ||
		tls12.TicketsIssued != len(fs[0].Handshake.Tickets)+len(fs[1].Handshake.Tickets) || tls12.EarlyDataOffered != 0 {
		t.Errorf("TLS 1.2: %+v", tls12)
	}
	if quic.Resumed[ByPSK] != 1 || quic.Linked != 1 || quic.EarlyDataOffered != 1 || quic.EarlyDataAccepted != 1 ||
		quic.TicketsIssued != 2 || quic.TicketsReused != 0 {
		t.Errorf("QUIC: %+v", quic)
	}
	lt := int64(fs[2].Handshake.Tickets[0].Lifetime)
	if quic.Lifetime != (Dist{N: 2, Min: lt, Median: lt, Max: lt}) {
		t.Errorf("lifetime %+v, tickets say %d s", quic.Lifetime, lt)
	}
	if ms := gap.Milliseconds(); quic.Age != (Dist{N: 1, Min: ms, Median: ms, Max: ms}) {
		t.Errorf("age %+v, want %v", quic.Age, gap)
	}
	text := s.AppendText(nil)
	if bytes.Count(text, []byte("\n")) != 2 || !bytes.Contains(text, []byte("example.test: flows 2, full 1, resumed 1 (session_id 0, ticket 0, psk 1, rate 50.0%), linked 1")) {
		t.Errorf("text:\n%s", text)
	}
	lines := bytes.Split(bytes.TrimSpace(s.AppendJSON(nil)), []byte("\n"))
	for i, line := range lines {
		var v struct {
			Server   string
			Flows    int
			Resumed  map[string]int
			Rate     float64 `json:"resumption_rate"`
			Lifetime Dist    `json:"ticket_lifetime_s"`
		}
		if err := json.Unmarshal(line, &v); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		w := servers[i]
		if v.Server != w.Server.String() || v.Flows != w.Flows || v.Resumed["psk"] != w.Resumed[ByPSK] || v.Resumed["ticket"] != w.Resumed[ByTicket] ||
			v.Rate != w.ResumptionRate() || v.Lifetime.Max != w.Lifetime.Max {
			t.Errorf("JSON %s\nwant %+v", line, w)
		}
	}
}

// TestReuseInSummary: the ticket offered twice counts once as reused.
func TestReuseInSummary(t *testing.T) {
	cache := &sharedCache{}
	clk := &clock{now: t0}
	client := &tls.Config{ClientSessionCache: cache, Time: clk.time, ServerName: "example.test", InsecureSkipVerify: true}
	server := serverConfig(t, &tls.Config{Time: clk.time})
	x := NewIndex(Options{})
	var s Summary
	var fs []*Flow
	for i := range 3 {
		clk.now = t0.Add(time.Duration(i) * gap)
		fs = append(fs, x.Add(ref(i, ""), quicHandshake(t, quicRun(t, client, server, tlsgen.QUICOptions{}), clk.now)))
	}
	for _, f := range fs {
		s.Add(f)
	}
	v := s.Servers()[0]
	if v.TicketsReused != 1 || v.Resumed[ByPSK] != 2 || v.Age.N != 2 || v.Age.Min != gap.Milliseconds() || v.Age.Max != 2*gap.Milliseconds() {
		t.Errorf("%+v", v)
	}
	if txt := string(fs[2].AppendText(nil)); !strings.HasSuffix(txt, ", ticket offered by 2 flows") {
		t.Errorf("text %q", txt)
	}
}
