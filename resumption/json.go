package resumption

import (
	"encoding/hex"
	"net/netip"
	"strconv"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// jsonObj appends JSON members with the separators they need: a comma
// before each member unless the buffer ends with '{' or '['.
type jsonObj struct{ b []byte }

func (j *jsonObj) key(k string) {
	if n := len(j.b); n > 0 && j.b[n-1] != '{' && j.b[n-1] != '[' {
		j.b = append(j.b, ',')
	}
	j.b = append(append(append(j.b, '"'), k...), '"', ':')
}

func (j *jsonObj) str(k, v string) { j.key(k); j.b = wire.AppendJSONText(j.b, v) }
func (j *jsonObj) int(k string, v int64) {
	j.key(k)
	j.b = strconv.AppendInt(j.b, v, 10)
}
func (j *jsonObj) bool(k string, v bool) { j.key(k); j.b = strconv.AppendBool(j.b, v) }
func (j *jsonObj) hash(k string, h Hash) {
	j.key(k)
	j.b = append(h.AppendHex(append(j.b, '"')), '"')
}
func (j *jsonObj) hex(k string, v []byte) {
	j.key(k)
	j.b = append(hex.AppendEncode(append(j.b, '"'), v), '"')
}
func (j *jsonObj) time(k string, t time.Time) {
	j.key(k)
	j.b = append(t.UTC().AppendFormat(append(j.b, '"'), time.RFC3339Nano), '"')
}

// addr appends an address and port, which need no escaping.
func (j *jsonObj) addr(k string, a netip.AddrPort) {
	j.key(k)
	j.b = append(a.AppendTo(append(j.b, '"')), '"')
}
func (j *jsonObj) open(k string, c byte) { j.key(k); j.b = append(j.b, c) }

// item starts the i-th object of an array.
func (j *jsonObj) item(i int) {
	if i > 0 {
		j.b = append(j.b, ',')
	}
	j.b = append(j.b, '{')
}
func (j *jsonObj) close(c byte) { j.b = append(j.b, c) }

// AppendJSON appends the flow's session members to a JSON object being
// written (a comma first unless b ends with '{' or '['), as tlsdump's
// JSON Lines carry them (docs/resumption.md):
//
//	"resumed_by", "resumed_key_sha256", "resumed_from" {client, server, ts,
//	community_id, file} or "resumed_missing", then "issued_tickets_sha256"
//	and "issued_session_id_sha256" (the join columns), then "session"
//	{offered, accepted, issued, ticket_age_ms, elapsed_ms}.
func (f *Flow) AppendJSON(b []byte) []byte {
	j := jsonObj{b: b}
	h := &f.Handshake
	l := f.Link()
	if l.By != NotResumed {
		j.str("resumed_by", l.By.String())
		if l.Missing != NoKey {
			j.hash("resumed_key_sha256", l.Key)
		}
		if l.From != nil {
			j.open("resumed_from", '{')
			appendRefJSON(&j, l.From)
			j.close('}')
		} else {
			j.str("resumed_missing", l.Missing.String())
		}
	}
	if len(h.Tickets) > 0 {
		j.key("issued_tickets_sha256")
		j.b = append(j.b, '"')
		for i := range h.Tickets {
			if i > 0 {
				j.b = append(j.b, ' ')
			}
			j.b = h.Tickets[i].Hash.AppendHex(j.b)
		}
		j.b = append(j.b, '"')
	}
	if h.IssuedSessionIDLen > 0 && h.Full {
		j.hash("issued_session_id_sha256", h.IssuedSessionID)
	}
	j.open("session", '{')
	f.appendOfferJSON(&j)
	f.appendAcceptJSON(&j)
	appendIssuedJSON(&j, h)
	if l.From != nil {
		j.int("elapsed_ms", l.Elapsed.Milliseconds())
		if l.TicketAgeKnown {
			j.int("ticket_age_ms", l.TicketAge.Milliseconds())
		}
	}
	j.close('}')
	return j.b
}

func appendRefJSON(j *jsonObj, r *FlowRef) {
	j.addr("client", r.Client)
	j.addr("server", r.Server)
	j.time("ts", r.Time)
	if r.CommunityID != "" {
		j.str("community_id", r.CommunityID)
	}
	if r.File != "" {
		j.str("file", r.File)
	}
}

func (f *Flow) appendOfferJSON(j *jsonObj) {
	o := &f.Handshake.Offer
	j.open("offered", '{')
	if o.SessionIDLen > 0 {
		j.hash("session_id_sha256", o.SessionID)
		j.int("session_id_len", int64(o.SessionIDLen))
	}
	if o.TicketExt {
		j.int("ticket_len", int64(o.TicketLen))
		if o.TicketLen > 0 {
			j.hash("ticket_sha256", o.Ticket)
			j.int("ticket_offers", int64(f.TicketOffers()))
		}
	}
	if len(o.PSKs) > 0 {
		j.open("psk", '[')
		for i := range o.PSKs {
			p := &o.PSKs[i]
			j.item(i)
			j.hash("identity_sha256", p.Identity)
			j.int("len", int64(p.Len))
			j.int("obfuscated_ticket_age", int64(p.ObfuscatedAge))
			j.int("offers", int64(f.PSKOffers(i)))
			j.close('}')
		}
		j.close(']')
	}
	j.bool("early_data", o.EarlyData)
	j.close('}')
}

func (f *Flow) appendAcceptJSON(j *jsonObj) {
	h := &f.Handshake
	a := &h.Accept
	j.open("accepted", '{')
	j.bool("session_id_echo", a.SessionIDEcho)
	j.bool("ticket_ext", a.TicketExt)
	if a.PSKSelected {
		j.int("psk_selected", int64(a.PSK))
	}
	if a.EarlyDataKnown {
		j.bool("early_data", a.EarlyData)
	}
	j.bool("full", h.Full)
	j.close('}')
}

func appendIssuedJSON(j *jsonObj, h *Handshake) {
	j.open("issued", '{')
	if h.IssuedSessionIDLen > 0 && h.Full {
		j.hash("session_id_sha256", h.IssuedSessionID)
		j.int("session_id_len", int64(h.IssuedSessionIDLen))
	}
	j.open("tickets", '[')
	for i := range h.Tickets {
		k := &h.Tickets[i]
		j.item(i)
		j.hash("sha256", k.Hash)
		j.int("len", int64(k.Len))
		j.int("lifetime", int64(k.Lifetime))
		if k.TLS13 {
			j.int("age_add", int64(k.AgeAdd))
			j.hex("nonce", k.Nonce)
		}
		if k.EarlyData {
			j.int("max_early_data_size", int64(k.MaxEarlyData))
		}
		j.time("ts", k.Time)
		j.close('}')
	}
	j.close(']')
	j.bool("tickets_visible", h.Decrypted || !wire.UsesTLS13Forms(h.Version))
	j.close('}')
}
