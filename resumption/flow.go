package resumption

import (
	"time"

	"github.com/tlswire/tlswire/wire"
)

// Flow is one flow as the Index sees it: its handshake's session facts and
// its link to the flow that issued its session. Its Link, TicketOffers,
// PSKOffers and Reused answers follow the Index: an issuer fed later, or another flow offering the same
// ticket, shows in them without feeding the flow again.
type Flow struct {
	// Ref is the flow's identity, as the caller passed it.
	Ref *FlowRef
	// Handshake is a copy of what the caller passed to Resume (with
	// AddTo: the caller's Handshake itself, sharing its slices).
	Handshake Handshake
	// Kind is how the flow resumed (Handshake.Resumed).
	Kind Kind

	x       *Index
	via     *session   // the key the flow resumed with
	ticket  *session   // the offered SessionTicket
	psks    []*session // the offered PSK identities, as Handshake.Offer.PSKs
	missing Missing    // set when Resume knew the link cannot come
}

// Link is a resumed flow's link to the flow that issued its session.
type Link struct {
	// By is how the flow resumed; NotResumed for a full handshake.
	By Kind
	// From is the issuing flow, nil when unknown (Missing says why).
	From    *FlowRef
	Missing Missing
	// Key is the SHA-256 the flow resumed with: the ticket, the selected
	// PSK identity, or the session ID (of the ClientHello).
	Key Hash
	// Issued is when the issuer's NewSessionTicket (or, by session ID, its
	// ServerHello) was seen; Elapsed the time from then to the resuming
	// ClientHello. Both zero when From is nil.
	Issued  time.Time
	Elapsed time.Duration
	// TicketAge is the client's age of the ticket when it offered it:
	// obfuscated_ticket_age minus the issuing NewSessionTicket's
	// ticket_age_add, modulo 2^32, in milliseconds (RFC 8446 §4.2.11.1).
	// Valid when TicketAgeKnown: a TLS 1.3 PSK whose issuer was seen.
	// Against Elapsed it shows the client's clock and the path's delay
	// (RFC 8446 §8.3).
	TicketAge      time.Duration
	TicketAgeKnown bool
	// Lifetime is the issuing ticket's ticket_lifetime or
	// ticket_lifetime_hint in seconds (0 by session ID).
	Lifetime uint32
}

// Link returns the flow's link as known now.
func (f *Flow) Link() Link {
	l := Link{By: f.Kind}
	if f.Kind == NotResumed {
		return l
	}
	if f.via == nil {
		l.Missing = f.missing
		return l
	}
	l.Key = f.via.key
	if f.Kind == BySessionID {
		l.Key = f.Handshake.Offer.SessionID
	}
	s := f.via
	if alt := f.sessionIDFallback(); s.issuer == nil && alt != nil {
		l.By, l.Key, s = BySessionID, f.Handshake.Offer.SessionID, alt
	}
	if s.issuer == nil {
		l.Missing = f.missing
		if l.Missing == Linked {
			l.Missing = IssuerNotSeen
			if f.Kind == ByPSK && f.x.stats.Undecrypted > 0 {
				l.Missing = NeedsDecryption
			}
		}
		return l
	}
	l.From = s.issuer
	l.Issued = time.Unix(0, s.issuedAt).UTC()
	l.Lifetime = s.lifetime
	if t := f.Handshake.Offer.Time; !t.IsZero() {
		l.Elapsed = t.Sub(l.Issued)
	}
	if psk, ok := f.Handshake.SelectedPSK(); ok && s.tls13 {
		l.TicketAge = time.Duration(psk.ObfuscatedAge-s.ageAdd) * time.Millisecond
		l.TicketAgeKnown = true
	}
	return l
}

// sessionIDFallback is, for a flow that offered a ticket and got its
// session ID echoed, the session ID's issued session when one is known: a
// server that does not take tickets resumes by session ID (RFC 5077 §3.4
// leaves it free to).
func (f *Flow) sessionIDFallback() *session {
	h := &f.Handshake
	if f.Kind != ByTicket || !h.Accept.SessionIDEcho || !f.Ref.Server.IsValid() {
		return nil
	}
	if s := f.x.t.m[sessionIDKey(f.Ref.Server, h.Offer.SessionID)]; s != nil && s.issuer != nil {
		return s
	}
	return nil
}

// TicketOffers returns how many flows offered the same SessionTicket as
// this one (itself included), 0 when it offered none. More than one is a
// reused ticket: RFC 5077 allows it, but it lets an observer link the
// client's connections.
func (f *Flow) TicketOffers() int {
	if f.ticket == nil {
		return 0
	}
	return int(f.ticket.offers)
}

// PSKOffers returns how many flows offered the i-th PSK identity of
// Handshake.Offer.PSKs (itself included). More than one is a reused
// ticket: a 0-RTT replay risk and a way to link the client's connections
// (RFC 8446 §8, Appendix C.4).
func (f *Flow) PSKOffers(i int) int {
	if i < 0 || i >= len(f.psks) {
		return 0
	}
	return int(f.psks[i].offers)
}

// Reused reports whether a ticket or PSK identity the flow offered was
// offered by another flow too.
func (f *Flow) Reused() bool {
	if f.TicketOffers() > 1 {
		return true
	}
	for _, s := range f.psks {
		if s.offers > 1 {
			return true
		}
	}
	return false
}

// clone copies h with slices of its own.
func (h *Handshake) clone() Handshake {
	c := *h
	c.Offer.PSKs = append([]PSK(nil), h.Offer.PSKs...)
	c.Tickets = append([]Ticket(nil), h.Tickets...)
	return c
}

func wire13(v uint16) bool { return wire.UsesTLS13Forms(v) }
