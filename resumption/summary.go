package resumption

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"time"
)

// Summary aggregates flows per server and SNI: what tlsdump -sessions
// prints. Add every Flow once its Index has seen all flows (reuse counts
// and late links are final then). It keeps a few bytes per flow (ticket
// lifetimes, ages and the offered keys, for the medians and the reuse
// count).
type Summary struct {
	servers map[serverKey]*serverAcc
}

type serverKey struct {
	server netip.AddrPort
	sni    string
}

type serverAcc struct {
	s         ServerSessions
	lifetimes []int64
	ages      []int64
	offered   map[*session]struct{}
}

// ServerSessions is one server's (and SNI's) session statistics.
type ServerSessions struct {
	Server netip.AddrPort
	SNI    string
	// Flows counts the flows added; Full those with a full handshake;
	// Resumed those resumed, by their Link's Kind (index NotResumed
	// unused); Linked the resumed flows linked to their issuer.
	Flows   int
	Full    int
	Resumed [4]int
	Linked  int
	// TicketsIssued counts NewSessionTickets; TicketsReused the distinct
	// tickets and PSK identities offered by more than one flow.
	TicketsIssued int
	TicketsReused int
	// EarlyDataOffered and EarlyDataAccepted count 0-RTT attempts and
	// acceptances (the latter known only when EncryptedExtensions was seen).
	EarlyDataOffered  int
	EarlyDataAccepted int
	// Lifetime is the distribution of issued tickets' lifetimes, in
	// seconds; Age that of the time from issue to resumption of linked
	// flows (Link.Elapsed), in milliseconds.
	Lifetime Dist
	Age      Dist
}

// ResumedTotal is the number of resumed flows.
func (s *ServerSessions) ResumedTotal() int {
	return s.Resumed[BySessionID] + s.Resumed[ByTicket] + s.Resumed[ByPSK]
}

// ResumptionRate is resumed flows over flows with a full or resumed
// handshake, 0 when there are none.
func (s *ServerSessions) ResumptionRate() float64 {
	r := s.ResumedTotal()
	if r+s.Full == 0 {
		return 0
	}
	return float64(r) / float64(r+s.Full)
}

// Dist summarises a distribution: its count, minimum, median (the lower
// middle value for an even count) and maximum.
type Dist struct {
	N                int
	Min, Median, Max int64
}

func distOf(v []int64) Dist {
	if len(v) == 0 {
		return Dist{}
	}
	slices.Sort(v)
	return Dist{N: len(v), Min: v[0], Median: v[(len(v)-1)/2], Max: v[len(v)-1]}
}

// Add counts one flow.
func (s *Summary) Add(f *Flow) {
	if s.servers == nil {
		s.servers = make(map[serverKey]*serverAcc)
	}
	k := serverKey{f.Ref.Server, f.Handshake.SNI}
	a := s.servers[k]
	if a == nil {
		a = &serverAcc{s: ServerSessions{Server: k.server, SNI: k.sni}, offered: make(map[*session]struct{})}
		s.servers[k] = a
	}
	h := &f.Handshake
	a.s.Flows++
	if h.Full {
		a.s.Full++
	}
	l := f.Link()
	a.s.Resumed[l.By]++
	if l.From != nil {
		a.s.Linked++
		a.ages = append(a.ages, l.Elapsed.Milliseconds())
	}
	a.s.TicketsIssued += len(h.Tickets)
	for i := range h.Tickets {
		a.lifetimes = append(a.lifetimes, int64(h.Tickets[i].Lifetime))
	}
	if h.Offer.EarlyData {
		a.s.EarlyDataOffered++
	}
	if h.EarlyDataAccepted() {
		a.s.EarlyDataAccepted++
	}
	if f.ticket != nil {
		a.offered[f.ticket] = struct{}{}
	}
	for _, p := range f.psks {
		a.offered[p] = struct{}{}
	}
}

// Servers returns the statistics per server and SNI, ordered by server
// address, port and SNI.
func (s *Summary) Servers() []ServerSessions {
	out := make([]ServerSessions, 0, len(s.servers))
	for _, a := range s.servers {
		v := a.s
		v.Lifetime, v.Age = distOf(a.lifetimes), distOf(a.ages)
		for k := range a.offered {
			if k.offers > 1 {
				v.TicketsReused++
			}
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b ServerSessions) int {
		return cmp.Or(a.Server.Compare(b.Server), cmp.Compare(a.SNI, b.SNI))
	})
	return out
}

// AppendText appends one line per server: flows, full handshakes,
// resumptions by kind and rate, links, tickets issued and reused, 0-RTT,
// and the lifetime and age distributions as min/median/max.
func (s *Summary) AppendText(b []byte) []byte {
	for _, v := range s.Servers() {
		b = v.Server.AppendTo(b)
		if v.SNI != "" {
			b = append(append(b, ' '), v.SNI...)
		}
		b = appendCount(b, ": flows ", v.Flows)
		b = appendCount(b, ", full ", v.Full)
		b = appendCount(b, ", resumed ", v.ResumedTotal())
		b = appendCount(b, " (session_id ", v.Resumed[BySessionID])
		b = appendCount(b, ", ticket ", v.Resumed[ByTicket])
		b = appendCount(b, ", psk ", v.Resumed[ByPSK])
		b = append(b, ", rate "...)
		b = strconv.AppendFloat(b, 100*v.ResumptionRate(), 'f', 1, 64)
		b = appendCount(b, "%), linked ", v.Linked)
		b = appendCount(b, ", tickets issued ", v.TicketsIssued)
		b = appendCount(b, ", reused ", v.TicketsReused)
		b = appendCount(b, ", 0-RTT ", v.EarlyDataAccepted)
		b = appendCount(b, "/", v.EarlyDataOffered)
		if v.Lifetime.N > 0 {
			b = appendDistText(append(b, ", lifetime "...), v.Lifetime, time.Second)
		}
		if v.Age.N > 0 {
			b = appendDistText(append(b, ", age "...), v.Age, time.Millisecond)
		}
		b = append(b, '\n')
	}
	return b
}

func appendCount(b []byte, label string, n int) []byte {
	return strconv.AppendInt(append(b, label...), int64(n), 10)
}

func appendDistText(b []byte, d Dist, unit time.Duration) []byte {
	b = append(b, (time.Duration(d.Min) * unit).String()...)
	b = append(append(b, '/'), (time.Duration(d.Median) * unit).String()...)
	return append(append(b, '/'), (time.Duration(d.Max) * unit).String()...)
}

// AppendJSON appends one JSON object per server, each followed by a
// newline (JSON Lines): server, server_name, flows, full, resumed
// {session_id, ticket, psk}, resumption_rate, linked, tickets_issued,
// tickets_reused, early_data {offered, accepted}, ticket_lifetime_s and
// ticket_age_ms {n, min, median, max}.
func (s *Summary) AppendJSON(b []byte) []byte {
	for _, v := range s.Servers() {
		j := jsonObj{b: append(b, '{')}
		j.str("server", v.Server.String())
		if v.SNI != "" {
			j.str("server_name", v.SNI)
		}
		j.int("flows", int64(v.Flows))
		j.int("full", int64(v.Full))
		j.open("resumed", '{')
		for _, k := range []Kind{BySessionID, ByTicket, ByPSK} {
			j.int(k.String(), int64(v.Resumed[k]))
		}
		j.close('}')
		j.key("resumption_rate")
		j.b = strconv.AppendFloat(j.b, v.ResumptionRate(), 'f', 4, 64)
		j.int("linked", int64(v.Linked))
		j.int("tickets_issued", int64(v.TicketsIssued))
		j.int("tickets_reused", int64(v.TicketsReused))
		j.open("early_data", '{')
		j.int("offered", int64(v.EarlyDataOffered))
		j.int("accepted", int64(v.EarlyDataAccepted))
		j.close('}')
		appendDistJSON(&j, "ticket_lifetime_s", v.Lifetime)
		appendDistJSON(&j, "ticket_age_ms", v.Age)
		b = append(j.b, '}', '\n')
	}
	return b
}

func appendDistJSON(j *jsonObj, k string, d Dist) {
	j.open(k, '{')
	j.int("n", int64(d.N))
	if d.N > 0 {
		j.int("min", d.Min)
		j.int("median", d.Median)
		j.int("max", d.Max)
	}
	j.close('}')
}
