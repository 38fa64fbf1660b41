package resumption

// Kind is how a flow resumed a session.
type Kind uint8

// Kinds of resumption.
const (
	// NotResumed: a full handshake, or not enough of the handshake seen.
	NotResumed Kind = iota
	// BySessionID: TLS <= 1.2 or DTLS, the ServerHello echoed the
	// ClientHello's session ID without a ticket (RFC 5246 §7.4.1.2).
	BySessionID
	// ByTicket: TLS <= 1.2 or DTLS, an abbreviated handshake after the
	// client offered a SessionTicket (RFC 5077 §3.4).
	ByTicket
	// ByPSK: TLS 1.3, DTLS 1.3 or QUIC, the ServerHello selected a
	// pre_shared_key identity (RFC 8446 §4.2.11).
	ByPSK
)

// String returns the JSON value of resumed_by: "session_id", "ticket" or
// "psk"; "" for NotResumed.
func (k Kind) String() string {
	switch k {
	case BySessionID:
		return "session_id"
	case ByTicket:
		return "ticket"
	case ByPSK:
		return "psk"
	}
	return ""
}
