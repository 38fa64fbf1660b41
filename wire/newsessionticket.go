package wire

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// NewSessionTicket delivers a session ticket. It has two forms:
//
//   - TLS 1.2 and earlier (RFC 5077 §3.3), sent in the handshake before the
//     server's ChangeCipherSpec:
//     struct { uint32 ticket_lifetime_hint; opaque ticket<0..2^16-1>; }
//   - TLS 1.3 (RFC 8446 §4.6.1), a post-handshake message:
//     struct { uint32 ticket_lifetime; uint32 ticket_age_add;
//     opaque ticket_nonce<0..255>; opaque ticket<1..2^16-1>;
//     Extension extensions<0..2^16-2>; }
//
// The form depends on the negotiated version, so Unmarshal takes a Context;
// TLS13 records the form decoded and selects the form Append writes.
type NewSessionTicket struct {
	// TLS13 selects the RFC 8446 form; false is the RFC 5077 form.
	TLS13 bool
	// Lifetime is ticket_lifetime_hint (RFC 5077, 0 meaning unspecified)
	// or ticket_lifetime (RFC 8446, at most 604800 seconds; see Validate).
	Lifetime uint32
	// AgeAdd is ticket_age_add (TLS 1.3 only).
	AgeAdd uint32
	// Nonce is ticket_nonce<0..255> (TLS 1.3 only).
	Nonce []byte
	// Ticket is the opaque ticket: <0..2^16-1> (RFC 5077), <1..2^16-1> (RFC 8446).
	Ticket []byte
	// Extensions (TLS 1.3 only), in wire order.
	Extensions Extensions
}

// maxTicketLifetime is the largest TLS 1.3 ticket_lifetime: seven days
// (RFC 8446 §4.6.1).
const maxTicketLifetime = 604800

// Type returns TypeNewSessionTicket.
func (*NewSessionTicket) Type() HandshakeType { return TypeNewSessionTicket }

// Unmarshal decodes a complete NewSessionTicket handshake message (with
// header) in the form of ctx's version: the RFC 8446 form when ctx uses
// TLS 1.3 forms (including DTLS 1.3 and drafts), else the RFC 5077 form
// (also when ctx.Version is unknown).
func (m *NewSessionTicket) Unmarshal(msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// Append appends the message with its handshake header.
func (m *NewSessionTicket) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *NewSessionTicket) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a NewSessionTicket body in the form selected by
// ctx (see Unmarshal).
func (m *NewSessionTicket) UnmarshalBody(body []byte, ctx Context) error {
	p := newParser("NewSessionTicket", body)
	s := cryptobyte.String(body)
	m.TLS13 = ctx.tls13()
	m.AgeAdd = 0
	m.Nonce = nil
	m.Extensions = m.Extensions[:0]
	if !m.TLS13 {
		if !p.u32(&s, "ticket_lifetime_hint", &m.Lifetime) ||
			!p.bytes16(&s, "ticket", 0, &m.Ticket) ||
			!p.end(s, "ticket") {
			return p.err
		}
		return nil
	}
	var ok bool
	if !p.u32(&s, "ticket_lifetime", &m.Lifetime) ||
		!p.u32(&s, "ticket_age_add", &m.AgeAdd) ||
		!p.bytes8(&s, "ticket_nonce", 0, &m.Nonce) ||
		!p.bytes16(&s, "ticket", 1, &m.Ticket) {
		return p.err
	}
	if m.Extensions, ok = p.extensionsBlock(&s, "extensions", m.Extensions); !ok || !p.end(s, "extensions") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *NewSessionTicket) BodyLen() int {
	if !m.TLS13 {
		return 4 + 2 + len(m.Ticket)
	}
	return 4 + 4 + 1 + len(m.Nonce) + 2 + len(m.Ticket) + 2 + m.Extensions.bodyLen()
}

// AppendBody appends the body in the form selected by TLS13. In the RFC 5077
// form, AgeAdd, Nonce and Extensions must be empty (ErrValue otherwise), so
// that nothing set by the caller is silently dropped.
func (m *NewSessionTicket) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "NewSessionTicket"}
	if !m.TLS13 {
		switch {
		case m.AgeAdd != 0:
			a.fail("ticket_age_add", ErrValue)
		case len(m.Nonce) != 0:
			a.fail("ticket_nonce", ErrValue)
		case len(m.Extensions) != 0:
			a.fail("extensions", ErrValue)
		}
		a.u32(m.Lifetime)
		a.vec16("ticket", m.Ticket)
		return a.result(b)
	}
	a.u32(m.Lifetime)
	a.u32(m.AgeAdd)
	a.vec8("ticket_nonce", m.Nonce)
	a.vec16("ticket", m.Ticket)
	a.extensions("extensions", m.Extensions)
	return a.result(b)
}

// Validate checks the semantic rules of the TLS 1.3 form (RFC 8446 §4.6.1
// and §4.2): ticket_lifetime of at most seven days, a non-empty ticket, an
// extensions block of at most 2^16-2 bytes, and no duplicate or
// disallowed extension. The RFC 5077 form has no rule beyond its encoding.
// The violations are joined, the ticket's own fields first.
func (m *NewSessionTicket) Validate() error {
	if !m.TLS13 {
		return nil
	}
	var errs []error
	fail := func(field string, cause error) {
		errs = append(errs, &Error{Message: "NewSessionTicket", Field: field, Offset: -1, Err: cause})
	}
	if m.Lifetime > maxTicketLifetime {
		fail("ticket_lifetime", ErrValue)
	}
	if len(m.Ticket) == 0 {
		fail("ticket", ErrVectorTooShort)
	}
	if m.Extensions.bodyLen() > 1<<16-2 {
		fail("extensions", ErrTooLarge)
	}
	errs = append(errs, validateExtensionList("NewSessionTicket", m.Extensions, InNewSessionTicket)...)
	return errors.Join(errs...)
}

// appendJSON appends the ticket in its TLS 1.3 form (RFC 8446 §4.6.1)
// or its RFC 5077 §3.3 form.
func (m *NewSessionTicket) appendJSON(b []byte, sc *extScratch) []byte {
	b = jUint(b, "ticket_lifetime", uint64(m.Lifetime))
	if !m.TLS13 {
		return jHex(b, "ticket", m.Ticket)
	}
	b = jUint(b, "ticket_age_add", uint64(m.AgeAdd))
	b = jHex(b, "ticket_nonce", m.Nonce)
	b = jHex(b, "ticket", m.Ticket)
	return appendExtensionsJSON(b, "extensions", m.Extensions, InNewSessionTicket, sc)
}

// appendSummary appends the lifetime and the ticket size; in TLS 1.3 also
// the number of extensions and max_early_data_size.
func (m *NewSessionTicket) appendSummary(b []byte, sc *extScratch) []byte {
	b = append(b, "NewSessionTicket"...)
	if m.TLS13 {
		b = append(b, " TLS 1.3"...)
	}
	b = sCount(b, "lifetime", int(m.Lifetime))
	b = sSize(b, "ticket", len(m.Ticket))
	if m.TLS13 {
		b = sCount(b, "exts", len(m.Extensions))
		if e, ok := findExt(sc, m.Extensions, ExtensionEarlyData, InNewSessionTicket).(*EarlyDataExtension); ok {
			b = sCount(b, "max_early_data", int(e.MaxEarlyDataSize))
		}
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *NewSessionTicket) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
