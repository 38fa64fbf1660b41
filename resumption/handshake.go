package resumption

import (
	"time"

	"github.com/tlswire/tlswire/wire"
)

// Handshake is what one flow's handshake says about sessions: the client's
// offer, the server's answer and what the server issued. It holds hashes and
// lengths, never ticket or session ID bytes, and nothing that aliases the
// messages it was fed. The zero value is ready: feed it the flow's messages
// in order with Observe.
type Handshake struct {
	// Version is the negotiated version (ServerHello.SelectedVersion); 0
	// until a ServerHello that is not a HelloRetryRequest is seen.
	Version uint16
	// SNI is the ClientHello's first host_name (RFC 6066 §3).
	SNI string
	// HelloRetry is set when the server sent a HelloRetryRequest
	// (RFC 8446 §4.1.4).
	HelloRetry bool
	// Offer is what the client offered (the last ClientHello).
	Offer Offer
	// Accept is what the server answered.
	Accept Accept
	// Full is set when the server ran a full handshake: a Certificate,
	// ServerKeyExchange or ServerHelloDone was seen (TLS <= 1.2), or the
	// ServerHello selected no PSK (TLS 1.3).
	Full bool
	// IssuedSessionID is the SHA-256 of the session ID a TLS <= 1.2 or DTLS
	// full handshake's ServerHello assigned (RFC 5246 §7.4.1.3), valid when
	// IssuedSessionIDLen > 0.
	IssuedSessionID    Hash
	IssuedSessionIDLen int
	// Tickets are the NewSessionTickets the server sent, in order.
	Tickets []Ticket
	// Decrypted is set by the caller when the flow's encrypted handshake
	// messages were decrypted or seen in plaintext (QUIC's TLS API), so that
	// TLS 1.3 NewSessionTickets would be in Tickets if the server sent any.
	// A TLS 1.3 flow without it cannot be an issuer the Index knows of.
	Decrypted bool
	// ServerHelloTime is when the ServerHello was seen: the issue time of
	// IssuedSessionID.
	ServerHelloTime time.Time

	sh bool // a ServerHello (not a HelloRetryRequest) was seen
}

// Offer is what a ClientHello offered for resumption.
type Offer struct {
	// SessionID is the SHA-256 of legacy_session_id, valid when
	// SessionIDLen > 0. TLS 1.3 clients send a random one for middlebox
	// compatibility (RFC 8446 §D.4); only TLS <= 1.2 resumes with it.
	SessionID    Hash
	SessionIDLen int
	// TicketExt is set when the SessionTicket extension was present
	// (RFC 5077 §3.2); Ticket is the SHA-256 of its body, valid when
	// TicketLen > 0 (an empty extension asks for a new ticket).
	TicketExt bool
	Ticket    Hash
	TicketLen int
	// PSKs are the pre_shared_key identities, in order (RFC 8446 §4.2.11).
	PSKs []PSK
	// EarlyData is set when a ClientHello carried early_data: a 0-RTT
	// attempt (RFC 8446 §4.2.10). After a HelloRetryRequest it is the first
	// ClientHello's, since the second must not carry it.
	EarlyData bool
	// Time is when the last ClientHello was seen.
	Time time.Time
}

// PSK is one offered pre_shared_key identity (RFC 8446 §4.2.11).
type PSK struct {
	// Identity is the SHA-256 of the identity, which for a resumption PSK
	// is the ticket of a NewSessionTicket (RFC 8446 §4.6.1).
	Identity Hash
	// Len is the identity's length in bytes.
	Len int
	// ObfuscatedAge is obfuscated_ticket_age: the ticket age in
	// milliseconds plus the ticket's ticket_age_add, modulo 2^32
	// (RFC 8446 §4.2.11.1).
	ObfuscatedAge uint32
}

// Accept is what the server answered to the offer.
type Accept struct {
	// SessionIDEcho is set when the ServerHello's session ID is non-empty
	// and equals the ClientHello's (TLS <= 1.2: the session is resumed,
	// RFC 5246 §7.4.1.3; RFC 5077 §3.4 for tickets).
	SessionIDEcho bool
	// TicketExt is set when the ServerHello carried an empty SessionTicket
	// extension: the server will send a NewSessionTicket (RFC 5077 §3.2).
	TicketExt bool
	// PSKSelected is set when the ServerHello carried pre_shared_key; PSK
	// is its selected_identity, an index into Offer.PSKs (RFC 8446 §4.2.11).
	PSKSelected bool
	PSK         int
	// EarlyData is set when EncryptedExtensions carried early_data: 0-RTT
	// accepted (RFC 8446 §4.2.10). Meaningful when EarlyDataKnown, that is
	// when EncryptedExtensions was seen (decrypted or under QUIC).
	EarlyData      bool
	EarlyDataKnown bool
}

// Ticket is one NewSessionTicket the server sent.
type Ticket struct {
	// TLS13 is set for the RFC 8446 §4.6.1 form, else RFC 5077 §3.3.
	TLS13 bool
	// Hash is the SHA-256 of the ticket; Len its length in bytes.
	Hash Hash
	Len  int
	// Lifetime is ticket_lifetime (TLS 1.3) or ticket_lifetime_hint, in
	// seconds.
	Lifetime uint32
	// AgeAdd is ticket_age_add (TLS 1.3 only).
	AgeAdd uint32
	// Nonce is ticket_nonce (TLS 1.3 only), copied.
	Nonce []byte
	// MaxEarlyData is the early_data extension's max_early_data_size,
	// valid when EarlyData is set (RFC 8446 §4.2.10).
	MaxEarlyData uint32
	EarlyData    bool
	// Time is when the NewSessionTicket was seen.
	Time time.Time
}

// Reset clears h for another flow, keeping its slices' capacity.
func (h *Handshake) Reset() {
	psks, tickets := h.Offer.PSKs[:0], h.Tickets[:0]
	*h = Handshake{}
	h.Offer.PSKs, h.Tickets = psks, tickets
}

// Observe takes one handshake message of the flow, seen at t. Messages that
// say nothing about sessions are ignored; so are extensions that do not
// parse (a malformed pre_shared_key is as if absent). Observe keeps no
// reference to m.
func (h *Handshake) Observe(m wire.Message, t time.Time) {
	switch m := m.(type) {
	case *wire.ClientHello:
		h.clientHello(m, t)
	case *wire.ServerHello:
		h.serverHello(m, t)
	case *wire.EncryptedExtensions:
		h.Accept.EarlyDataKnown = true
		h.Accept.EarlyData = m.Extensions.Has(wire.ExtensionEarlyData)
	case *wire.NewSessionTicket:
		h.newSessionTicket(m, t)
	case *wire.Certificate, *wire.ServerKeyExchange, *wire.ServerHelloDone:
		// In TLS <= 1.2 only a full handshake has them (RFC 5246 §7.3);
		// in TLS 1.3 Full follows the ServerHello's pre_shared_key.
		if h.sh && !wire.UsesTLS13Forms(h.Version) {
			h.Full = true
		}
	}
}

func (h *Handshake) clientHello(m *wire.ClientHello, t time.Time) {
	o := &h.Offer
	o.Time = t
	o.SessionIDLen = len(m.SessionID)
	if o.SessionIDLen > 0 {
		o.SessionID = HashOf(m.SessionID)
	}
	var d []byte
	d, o.TicketExt = m.Extensions.Find(wire.ExtensionSessionTicket)
	o.TicketLen = len(d)
	if o.TicketLen > 0 {
		o.Ticket = HashOf(d)
	}
	o.PSKs = o.PSKs[:0]
	var psk wire.PreSharedKeyExtension
	if d, ok := m.Extensions.Find(wire.ExtensionPreSharedKey); ok && psk.Unmarshal(d, wire.InClientHello) == nil {
		for _, id := range psk.Identities {
			o.PSKs = append(o.PSKs, PSK{Identity: HashOf(id.Identity), Len: len(id.Identity), ObfuscatedAge: id.ObfuscatedTicketAge})
		}
	}
	o.EarlyData = o.EarlyData || m.Extensions.Has(wire.ExtensionEarlyData)
	var sni wire.ServerNameExtension
	if d, ok := m.Extensions.Find(wire.ExtensionServerName); ok && sni.Unmarshal(d, wire.InClientHello) == nil {
		if n := sni.HostName(); n != nil && string(n) != h.SNI {
			h.SNI = string(n)
		}
	}
}

func (h *Handshake) serverHello(m *wire.ServerHello, t time.Time) {
	if m.IsHelloRetryRequest() {
		h.HelloRetry = true
		return
	}
	h.sh = true
	h.ServerHelloTime = t
	h.Version = m.SelectedVersion()
	a := &h.Accept
	a.PSKSelected, a.PSK = false, 0
	a.TicketExt = m.Extensions.Has(wire.ExtensionSessionTicket)
	if wire.UsesTLS13Forms(h.Version) {
		var psk wire.PreSharedKeyExtension
		if d, ok := m.Extensions.Find(wire.ExtensionPreSharedKey); ok && psk.Unmarshal(d, wire.InServerHello) == nil {
			a.PSKSelected, a.PSK = true, int(psk.SelectedIdentity)
		}
		h.Full = !a.PSKSelected
		return
	}
	a.SessionIDEcho = len(m.SessionID) > 0 && h.Offer.SessionIDLen == len(m.SessionID) &&
		h.Offer.SessionID == HashOf(m.SessionID)
	if len(m.SessionID) > 0 && !a.SessionIDEcho {
		h.IssuedSessionID, h.IssuedSessionIDLen = HashOf(m.SessionID), len(m.SessionID)
	}
}

func (h *Handshake) newSessionTicket(m *wire.NewSessionTicket, t time.Time) {
	if len(m.Ticket) == 0 {
		return // RFC 5077 §3.3: an empty ticket is no ticket
	}
	k := Ticket{TLS13: m.TLS13, Hash: HashOf(m.Ticket), Len: len(m.Ticket), Lifetime: m.Lifetime, AgeAdd: m.AgeAdd, Time: t}
	if len(m.Nonce) > 0 {
		k.Nonce = append([]byte(nil), m.Nonce...)
	}
	var ed wire.EarlyDataExtension
	if d, ok := m.Extensions.Find(wire.ExtensionEarlyData); ok && ed.Unmarshal(d, wire.InNewSessionTicket) == nil {
		k.EarlyData, k.MaxEarlyData = true, ed.MaxEarlyDataSize
	}
	h.Tickets = append(h.Tickets, k)
}

// Resumed says how the flow resumed a session, NotResumed for a full
// handshake or when the ServerHello was not seen. TLS 1.3: the ServerHello
// selected a PSK. TLS <= 1.2 and DTLS: no Certificate, ServerKeyExchange
// or ServerHelloDone followed the ServerHello, and either the client
// offered a ticket (ByTicket; the server echoes the client's session ID,
// RFC 5077 §3.4) or the server echoed the session ID (BySessionID). A flow
// cut right after its ServerHello looks abbreviated: the same rule as
// tlsdump's "resumed".
func (h *Handshake) Resumed() Kind {
	switch {
	case !h.sh:
		return NotResumed
	case wire.UsesTLS13Forms(h.Version):
		if h.Accept.PSKSelected {
			return ByPSK
		}
	case h.Full:
	case h.Offer.TicketLen > 0:
		return ByTicket
	case h.Accept.SessionIDEcho:
		return BySessionID
	}
	return NotResumed
}

// SelectedPSK returns the offered identity the server selected, if any.
func (h *Handshake) SelectedPSK() (PSK, bool) {
	if i := h.Accept.PSK; h.sh && h.Accept.PSKSelected && i < len(h.Offer.PSKs) {
		return h.Offer.PSKs[i], true
	}
	return PSK{}, false
}

// EarlyDataAccepted reports a 0-RTT attempt the server accepted.
func (h *Handshake) EarlyDataAccepted() bool {
	return h.Offer.EarlyData && h.Accept.EarlyDataKnown && h.Accept.EarlyData
}
