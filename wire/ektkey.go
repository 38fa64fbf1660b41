package wire

import "golang.org/x/crypto/cryptobyte"

// EKTKey carries the Encrypted Key Transport key for SRTP from a DTLS-SRTP
// server to the client (RFC 8870 §5.2.2):
//
//	struct {
//	    opaque ekt_key_value<1..256>;
//	    opaque srtp_master_salt<1..256>;
//	    uint16 ekt_spi;
//	    uint24 ekt_ttl;
//	} EKTKey;
//
// The vectors have 2-byte length prefixes (their ceiling, 256, does not fit
// in one byte).
type EKTKey struct {
	// EKTKeyValue is ekt_key_value<1..256>, the EKTKey (aliases the input).
	EKTKeyValue []byte
	// SRTPMasterSalt is srtp_master_salt<1..256> (aliases the input).
	SRTPMasterSalt []byte
	// EKTSPI is ekt_spi, the security parameter index of the key.
	EKTSPI uint16
	// EKTTTL is ekt_ttl, the key's lifetime in seconds (24 bits).
	EKTTTL uint32
}

// maxEKTVector is the ceiling of ekt_key_value and srtp_master_salt.
const maxEKTVector = 256

// Type returns TypeEKTKey.
func (*EKTKey) Type() HandshakeType { return TypeEKTKey }

// Unmarshal decodes a complete EKTKey handshake message (with header). A
// DTLS message's body is usually decoded with UnmarshalBody after
// reassembly instead.
func (m *EKTKey) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its TLS handshake header.
func (m *EKTKey) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its TLS handshake header.
func (m *EKTKey) Len() int { return MessageLen(m) }

// UnmarshalBody decodes an EKTKey body. ctx is not used.
func (m *EKTKey) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("EKTKey", body)
	s := cryptobyte.String(body)
	if !p.bytes16(&s, "ekt_key_value", 1, &m.EKTKeyValue) ||
		!p.bytes16(&s, "srtp_master_salt", 1, &m.SRTPMasterSalt) ||
		!p.u16(&s, "ekt_spi", &m.EKTSPI) ||
		!p.u24(&s, "ekt_ttl", &m.EKTTTL) ||
		!p.end(s, "ekt_ttl") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *EKTKey) BodyLen() int { return 2 + len(m.EKTKeyValue) + 2 + len(m.SRTPMasterSalt) + 2 + 3 }

// AppendBody appends the EKTKey body. EKTTTL must fit in 24 bits
// (ErrTooLarge otherwise).
func (m *EKTKey) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "EKTKey"}
	if m.EKTTTL >= 1<<24 {
		a.fail("ekt_ttl", ErrTooLarge)
	}
	a.vec16("ekt_key_value", m.EKTKeyValue)
	a.vec16("srtp_master_salt", m.SRTPMasterSalt)
	a.u16(m.EKTSPI)
	a.u24(m.EKTTTL)
	return a.result(b)
}

// Validate checks the bounds of ekt_key_value and srtp_master_salt
// (1 to 256 bytes, RFC 8870 §5.2.2); the encoding allows up to 2^16-1.
func (m *EKTKey) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "EKTKey", Field: field, Offset: -1, Err: cause}
	}
	switch {
	case len(m.EKTKeyValue) == 0:
		return fail("ekt_key_value", ErrVectorTooShort)
	case len(m.EKTKeyValue) > maxEKTVector:
		return fail("ekt_key_value", ErrTooLarge)
	case len(m.SRTPMasterSalt) == 0:
		return fail("srtp_master_salt", ErrVectorTooShort)
	case len(m.SRTPMasterSalt) > maxEKTVector:
		return fail("srtp_master_salt", ErrTooLarge)
	case m.EKTTTL >= 1<<24:
		return fail("ekt_ttl", ErrTooLarge)
	}
	return nil
}

// appendJSON appends the EKT key, the SRTP master salt, the SPI and the TTL.
func (m *EKTKey) appendJSON(b []byte, _ *extScratch) []byte {
	b = jHex(b, "ekt_key_value", m.EKTKeyValue)
	b = jHex(b, "srtp_master_salt", m.SRTPMasterSalt)
	b = jUint(b, "ekt_spi", uint64(m.EKTSPI))
	return jUint(b, "ekt_ttl", uint64(m.EKTTTL))
}

// appendSummary appends the SPI and the TTL.
func (m *EKTKey) appendSummary(b []byte, _ *extScratch) []byte {
	b = sCount(append(b, "EKTKey"...), "spi", int(m.EKTSPI))
	return sCount(b, "ttl", int(m.EKTTTL))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *EKTKey) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
