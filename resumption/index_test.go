package resumption

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// clock is a settable time source for both sides of a handshake.
type clock struct{ now time.Time }

func (c *clock) time() time.Time { return c.now }

// sharedCache is a ClientSessionCache that keeps the first session it is
// given and hands it out for ever, so that several connections offer the
// same ticket.
type sharedCache struct{ cs *tls.ClientSessionState }

func (c *sharedCache) Get(string) (*tls.ClientSessionState, bool) { return c.cs, c.cs != nil }
func (c *sharedCache) Put(_ string, cs *tls.ClientSessionState) {
	if c.cs == nil {
		c.cs = cs
	}
}

func wantLinked(t *testing.T, f *Flow, by Kind, from *FlowRef) Link {
	t.Helper()
	l := f.Link()
	if l.By != by || l.From != from || l.Missing != Linked {
		t.Fatalf("link = by %v from %v missing %v; want by %v from %v", l.By, l.From, l.Missing, by, from)
	}
	if want := f.Handshake.Offer.Time.Sub(l.Issued); l.Elapsed != want || l.Elapsed <= 0 {
		t.Errorf("elapsed %v, want %v (> 0)", l.Elapsed, want)
	}
	return l
}

func TestTLS12TicketAcrossFiles(t *testing.T) {
	r1, r2 := ref(0, "a.pcap"), ref(1, "b.pcap")
	h1, h2 := tcpPair(t, tls.VersionTLS12, nil)
	if h1.Resumed() != NotResumed || !h1.Full || len(h1.Tickets) != 1 || h1.Tickets[0].TLS13 {
		t.Fatalf("first connection: resumed %v full %v tickets %+v", h1.Resumed(), h1.Full, h1.Tickets)
	}
	if h2.Resumed() != ByTicket || h2.Full || !h2.Accept.SessionIDEcho {
		t.Fatalf("second connection: resumed %v full %v echo %v", h2.Resumed(), h2.Full, h2.Accept.SessionIDEcho)
	}
	x := NewIndex(Options{})
	f1 := x.Add(r1, h1)
	f2 := x.Add(r2, h2)
	if l := f1.Link(); l.By != NotResumed || l.From != nil {
		t.Errorf("full handshake linked: %+v", l)
	}
	l := wantLinked(t, f2, ByTicket, r1)
	if l.Key != h1.Tickets[0].Hash || l.Key != h2.Offer.Ticket || l.From.File != "a.pcap" {
		t.Errorf("key %v file %q; issued ticket %v offered %v", l.Key, l.From.File, h1.Tickets[0].Hash, h2.Offer.Ticket)
	}
	if l.Lifetime != h1.Tickets[0].Lifetime || l.TicketAgeKnown {
		t.Errorf("lifetime %d (issued %d), age known %v", l.Lifetime, h1.Tickets[0].Lifetime, l.TicketAgeKnown)
	}
	if f2.TicketOffers() != 1 || f2.Reused() {
		t.Errorf("ticket offers %d, reused %v", f2.TicketOffers(), f2.Reused())
	}
}

// TestOrderOfFeeding feeds the resumed flow before its issuer, and the
// issuer in two steps as a reader would while the flow is still open.
func TestOrderOfFeeding(t *testing.T) {
	r1, r2 := ref(0, ""), ref(1, "")
	h1, h2 := tcpPair(t, tls.VersionTLS12, nil)

	x := NewIndex(Options{})
	open := h1.clone()
	open.Tickets = nil // the issuer's NewSessionTicket not seen yet
	x.Issue(r1, &open)
	f2 := x.Resume(r2, h2)
	if l := f2.Link(); l.By != ByTicket || l.From != nil || l.Missing != IssuerNotSeen {
		t.Fatalf("before the ticket: %+v", l)
	}
	x.Issue(r1, h1)
	x.Issue(r1, h1) // again: nothing changes
	x.Resume(r1, h1)
	wantLinked(t, f2, ByTicket, r1)
	if s := x.Stats(); s.Reissued != 0 || s.Entries != 1 || s.Resumed[ByTicket] != 1 || s.Resumed[NotResumed] != 1 {
		t.Errorf("stats %+v", s)
	}

	// The other way round: resumed flow fed after.
	y := NewIndex(Options{})
	y.Add(r1, h1)
	wantLinked(t, y.Add(r2, h2), ByTicket, r1)
}

func TestTLS13TCPNeedsDecryption(t *testing.T) {
	for _, hrr := range []bool{false, true} {
		server := &tls.Config{}
		if hrr {
			server.CurvePreferences = []tls.CurveID{tls.CurveP384}
		}
		h1, h2 := tcpPair(t, 0, server)
		tls13NeedsDecryption(t, h1, h2, hrr)
	}
}

func tls13NeedsDecryption(t *testing.T, h1, h2 *Handshake, hrr bool) {
	r1, r2 := ref(0, ""), ref(1, "")
	if h1.Resumed() != NotResumed || !h1.Full || len(h1.Tickets) != 0 || h1.Accept.EarlyDataKnown || h1.HelloRetry != hrr {
		t.Fatalf("first connection: resumed %v full %v tickets %d hrr %v", h1.Resumed(), h1.Full, len(h1.Tickets), h1.HelloRetry)
	}
	if h2.Resumed() != ByPSK || len(h2.Offer.PSKs) != 1 || h2.Offer.PSKs[0].Len == 0 || h2.HelloRetry != hrr {
		t.Fatalf("second connection: resumed %v psks %+v hrr %v", h2.Resumed(), h2.Offer.PSKs, h2.HelloRetry)
	}
	x := NewIndex(Options{})
	x.Add(r1, h1)
	f2 := x.Add(r2, h2)
	if l := f2.Link(); l.By != ByPSK || l.From != nil || l.Missing != NeedsDecryption || l.Key != h2.Offer.PSKs[0].Identity {
		t.Errorf("link %+v", l)
	}
	if s := x.Stats(); s.Undecrypted != 2 {
		t.Errorf("undecrypted %d, want 2", s.Undecrypted)
	}
}

// quicPair runs a full QUIC handshake and a resumption of it 10 s later on
// both sides' clocks, and returns their Handshakes.
func quicPair(t *testing.T, client, server *tls.Config, o tlsgen.QUICOptions) (h1, h2 *Handshake) {
	t.Helper()
	clk := &clock{now: t0}
	client, server = client.Clone(), serverConfig(t, server)
	client.Time, server.Time = clk.time, clk.time
	client.ServerName, client.InsecureSkipVerify = "example.test", true // the session cache's key
	if client.ClientSessionCache == nil {
		client.ClientSessionCache = tls.NewLRUClientSessionCache(4)
	}
	h1 = quicHandshake(t, quicRun(t, client, server, o), t0)
	clk.now = t0.Add(gap)
	h2 = quicHandshake(t, quicRun(t, client, server, o), t0.Add(gap))
	return h1, h2
}

func TestQUICResumption(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		client, server            *tls.Config
		opts                      tlsgen.QUICOptions
		hrr, early, earlyAccepted bool
	}{
		{name: "psk", client: &tls.Config{}, server: &tls.Config{}},
		{name: "0-RTT", client: &tls.Config{NextProtos: []string{"h3"}}, server: &tls.Config{NextProtos: []string{"h3"}},
			opts: tlsgen.QUICOptions{TicketEarlyData: true}, early: true, earlyAccepted: true},
		{name: "HRR", client: &tls.Config{}, server: &tls.Config{CurvePreferences: []tls.CurveID{tls.CurveP384}}, hrr: true},
		// 0-RTT with HRR fails in crypto/tls 1.26.8 ("invalid PSK
		// binder"): its client updates the binders before it removes
		// early_data from the second ClientHello (docs/resumption.md).
	} {
		t.Run(tc.name, func(t *testing.T) {
			h1, h2 := quicPair(t, tc.client, tc.server, tc.opts)
			if h1.Resumed() != NotResumed || len(h1.Tickets) != 1 || !h1.Tickets[0].TLS13 || h1.Tickets[0].EarlyData != tc.early {
				t.Fatalf("first connection: resumed %v tickets %+v", h1.Resumed(), h1.Tickets)
			}
			if tc.early && h1.Tickets[0].MaxEarlyData != 0xffffffff {
				t.Errorf("max_early_data_size %#x, want 0xffffffff (RFC 9001 §4.6.1)", h1.Tickets[0].MaxEarlyData)
			}
			if h2.Resumed() != ByPSK || h2.HelloRetry != tc.hrr {
				t.Fatalf("second connection: resumed %v hrr %v", h2.Resumed(), h2.HelloRetry)
			}
			if h2.Offer.EarlyData != tc.early || h2.EarlyDataAccepted() != tc.earlyAccepted || !h2.Accept.EarlyDataKnown {
				t.Errorf("early data offered %v accepted %v (known %v)", h2.Offer.EarlyData, h2.EarlyDataAccepted(), h2.Accept.EarlyDataKnown)
			}
			r1, r2 := ref(0, ""), ref(1, "")
			x := NewIndex(Options{})
			x.Add(r1, h1)
			l := wantLinked(t, x.Add(r2, h2), ByPSK, r1)
			if l.Key != h1.Tickets[0].Hash {
				t.Errorf("key %v, issued %v", l.Key, h1.Tickets[0].Hash)
			}
			// The client's clock moved by gap between the two handshakes:
			// the real ticket age, from age_add, says so.
			if !l.TicketAgeKnown || l.TicketAge != gap {
				t.Errorf("ticket age %v (known %v), want %v", l.TicketAge, l.TicketAgeKnown, gap)
			}
		})
	}
}

func TestIssuerAbsent(t *testing.T) {
	_, h2 := quicPair(t, &tls.Config{}, &tls.Config{}, tlsgen.QUICOptions{})
	x := NewIndex(Options{})
	f := x.Add(ref(1, ""), h2)
	if l := f.Link(); l.By != ByPSK || l.From != nil || l.Missing != IssuerNotSeen || l.TicketAgeKnown {
		t.Errorf("link %+v", l)
	}
}

func TestTicketOfferedTwice(t *testing.T) {
	cache := &sharedCache{}
	clk := &clock{now: t0}
	client := &tls.Config{ClientSessionCache: cache, Time: clk.time, ServerName: "example.test", InsecureSkipVerify: true}
	server := serverConfig(t, &tls.Config{Time: clk.time})
	var hs []*Handshake
	for i := range 3 {
		clk.now = t0.Add(time.Duration(i) * gap)
		hs = append(hs, quicHandshake(t, quicRun(t, client, server, tlsgen.QUICOptions{}), clk.now))
	}
	x := NewIndex(Options{})
	var fs []*Flow
	for i, h := range hs {
		fs = append(fs, x.Add(ref(i, ""), h))
	}
	if fs[0].Reused() || fs[0].PSKOffers(0) != 0 {
		t.Errorf("issuing flow: reused %v", fs[0].Reused())
	}
	for i, f := range fs[1:] {
		wantLinked(t, f, ByPSK, fs[0].Ref)
		if !f.Reused() || f.PSKOffers(0) != 2 {
			t.Errorf("flow %d: reused %v, offers %d, want 2", i+1, f.Reused(), f.PSKOffers(0))
		}
		if l := f.Link(); l.TicketAge != time.Duration(i+1)*gap {
			t.Errorf("flow %d: ticket age %v", i+1, l.TicketAge)
		}
	}
}

// TestAddTo: AddTo into one reused Flow renders what Add's Flows render,
// by ticket (TLS 1.2) and by PSK (QUIC, a PSK list after none).
func TestAddTo(t *testing.T) {
	a1, a2 := tcpPair(t, tls.VersionTLS12, nil)
	b1, b2 := quicPair(t, &tls.Config{}, &tls.Config{}, tlsgen.QUICOptions{})
	hs := []*Handshake{a1, a2, b1, b2}
	x, y := NewIndex(Options{}), NewIndex(Options{})
	var reused Flow
	for i, h := range hs {
		r := ref(i, "")
		want := x.Add(r, h).AppendJSON(nil)
		y.AddTo(&reused, r, h)
		if got := reused.AppendJSON(nil); string(got) != string(want) {
			t.Errorf("flow %d: AddTo\n%s\nAdd\n%s", i, got, want)
		}
	}
	if x.Stats() != y.Stats() {
		t.Errorf("stats: AddTo %+v, Add %+v", y.Stats(), x.Stats())
	}
}
