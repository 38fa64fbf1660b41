package wire

import "golang.org/x/crypto/cryptobyte"

// ClientKeyExchange carries the client's key exchange contribution
// (RFC 5246 §7.4.7, RFC 8422 §5.7, RFC 4279 §2-§4, RFC 5489 §2, RFC 5054
// §2.8.1, RFC 8492 §3.3). Its layout depends on the key exchange of the
// cipher suite, recorded in KeyExchange. Only the fields of that key
// exchange are used:
//
//	RSA, RSA_EXPORT            EncryptedPreMasterSecret
//	DH, DHE, DH_anon           DHYc (empty when Implicit)
//	ECDH, ECDHE, ECDH_anon     ECPoint (empty when Implicit)
//	PSK                        PSKIdentity
//	DHE_PSK                    PSKIdentity, DHYc
//	RSA_PSK                    PSKIdentity, EncryptedPreMasterSecret
//	ECDHE_PSK                  PSKIdentity, ECPoint
//	SRP                        SRPA
//	ECCPWD                     PWDElement, PWDScalar
//	anything else              Raw (KRB5, GOST, unknown: the body undecoded)
type ClientKeyExchange struct {
	// KeyExchange selects the layout.
	KeyExchange KeyExchange
	// SSL30 selects the SSL 3.0 encoding of EncryptedPreMasterSecret for
	// RSA and RSA_EXPORT: the ciphertext without a length prefix (RFC 6101
	// §5.6.7.1; TLS added the prefix, RFC 5246 §7.4.7.1). Decoding sets it
	// when the Context's version is VersionSSL30.
	SSL30 bool
	// Implicit marks the empty body of a (EC)DH exchange whose client
	// public value is in its fixed-(EC)DH certificate (RFC 5246 §7.4.7.2,
	// RFC 8422 §5.7). Decoding sets it from Context.ImplicitDH.
	Implicit bool

	// PSKIdentity is psk_identity<0..2^16-1> (RFC 4279).
	PSKIdentity []byte
	// EncryptedPreMasterSecret is the RSA-encrypted premaster secret,
	// opaque<0..2^16-1> (or the raw ciphertext when SSL30 is set).
	EncryptedPreMasterSecret []byte
	// DHYc is dh_Yc<1..2^16-1> of ClientDiffieHellmanPublic.
	DHYc []byte
	// ECPoint is ecdh_Yc, point<1..2^8-1> of ClientECDiffieHellmanPublic.
	ECPoint []byte
	// SRPA is A<1..2^16-1> of ClientSRPPublic (RFC 5054 §2.8.1).
	SRPA []byte
	// PWDElement and PWDScalar are elem (an ECPoint) and scalar<1..2^8-1>
	// of ClientECCPWDParams (RFC 8492 §3.3).
	PWDElement, PWDScalar []byte
	// Raw is the whole body for key exchanges without a decoded layout.
	Raw []byte
}

// Type returns TypeClientKeyExchange.
func (*ClientKeyExchange) Type() HandshakeType { return TypeClientKeyExchange }

// Unmarshal decodes a complete ClientKeyExchange handshake message (with
// header) for ctx's key exchange, version and ImplicitDH.
func (m *ClientKeyExchange) Unmarshal(msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// Append appends the message with its handshake header.
func (m *ClientKeyExchange) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *ClientKeyExchange) Len() int { return MessageLen(m) }

// isDHFamily and isECDHFamily are the key exchanges whose client value may be implicit.
func isDHFamily(k KeyExchange) bool {
	return k == KeyExchangeDH || k == KeyExchangeDHE || k == KeyExchangeDHanon
}

func isECDHFamily(k KeyExchange) bool {
	return k == KeyExchangeECDH || k == KeyExchangeECDHE || k == KeyExchangeECDHanon
}

// UnmarshalBody decodes a ClientKeyExchange body in the layout of
// ctx.KeyExchange. A key exchange without a decoded layout (including
// KeyExchangeUnknown) is not an error: the body is kept in Raw.
func (m *ClientKeyExchange) UnmarshalBody(body []byte, ctx Context) error {
	*m = ClientKeyExchange{KeyExchange: ctx.KeyExchange}
	p := newParser("ClientKeyExchange", body)
	s := cryptobyte.String(body)
	var ok bool
	switch k := m.KeyExchange; {
	case k == KeyExchangeRSA || k == KeyExchangeRSAExport:
		if m.SSL30 = ctx.Version == VersionSSL30; m.SSL30 {
			m.EncryptedPreMasterSecret = body
			return nil
		}
		ok = p.bytes16(&s, "EncryptedPreMasterSecret", 0, &m.EncryptedPreMasterSecret)
	case isDHFamily(k) || isECDHFamily(k):
		m.Implicit = ctx.ImplicitDH
		switch {
		case m.Implicit:
			ok = true
		case isDHFamily(k):
			ok = p.bytes16(&s, "dh_Yc", 1, &m.DHYc)
		default:
			ok = p.bytes8(&s, "ecdh_Yc", 1, &m.ECPoint)
		}
	case k == KeyExchangePSK:
		ok = p.bytes16(&s, "psk_identity", 0, &m.PSKIdentity)
	case k == KeyExchangeDHEPSK:
		ok = p.bytes16(&s, "psk_identity", 0, &m.PSKIdentity) && p.bytes16(&s, "dh_Yc", 1, &m.DHYc)
	case k == KeyExchangeRSAPSK:
		ok = p.bytes16(&s, "psk_identity", 0, &m.PSKIdentity) &&
			p.bytes16(&s, "EncryptedPreMasterSecret", 0, &m.EncryptedPreMasterSecret)
	case k == KeyExchangeECDHEPSK:
		ok = p.bytes16(&s, "psk_identity", 0, &m.PSKIdentity) && p.bytes8(&s, "ecdh_Yc", 1, &m.ECPoint)
	case k == KeyExchangeSRP:
		ok = p.bytes16(&s, "srp_A", 1, &m.SRPA)
	case k == KeyExchangeECCPWD:
		ok = p.bytes8(&s, "elem", 1, &m.PWDElement) && p.bytes8(&s, "scalar", 1, &m.PWDScalar)
	default:
		m.Raw = body
		return nil
	}
	if !ok || !p.end(s, "exchange_keys") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *ClientKeyExchange) BodyLen() int {
	switch k := m.KeyExchange; {
	case k == KeyExchangeRSA || k == KeyExchangeRSAExport:
		if m.SSL30 {
			return len(m.EncryptedPreMasterSecret)
		}
		return 2 + len(m.EncryptedPreMasterSecret)
	case (isDHFamily(k) || isECDHFamily(k)) && m.Implicit:
		return 0
	case isDHFamily(k):
		return 2 + len(m.DHYc)
	case isECDHFamily(k):
		return 1 + len(m.ECPoint)
	case k == KeyExchangePSK:
		return 2 + len(m.PSKIdentity)
	case k == KeyExchangeDHEPSK:
		return 2 + len(m.PSKIdentity) + 2 + len(m.DHYc)
	case k == KeyExchangeRSAPSK:
		return 2 + len(m.PSKIdentity) + 2 + len(m.EncryptedPreMasterSecret)
	case k == KeyExchangeECDHEPSK:
		return 2 + len(m.PSKIdentity) + 1 + len(m.ECPoint)
	case k == KeyExchangeSRP:
		return 2 + len(m.SRPA)
	case k == KeyExchangeECCPWD:
		return 2 + len(m.PWDElement) + len(m.PWDScalar)
	}
	return len(m.Raw)
}

// AppendBody appends the body in the layout of KeyExchange. An implicit
// (EC)DH value with a public value set cannot be encoded and is an ErrValue.
func (m *ClientKeyExchange) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ClientKeyExchange"}
	switch k := m.KeyExchange; {
	case k == KeyExchangeRSA || k == KeyExchangeRSAExport:
		if m.SSL30 {
			a.raw(m.EncryptedPreMasterSecret)
		} else {
			a.vec16("EncryptedPreMasterSecret", m.EncryptedPreMasterSecret)
		}
	case (isDHFamily(k) || isECDHFamily(k)) && m.Implicit:
		if len(m.DHYc) > 0 || len(m.ECPoint) > 0 {
			a.fail("exchange_keys", ErrValue)
		}
	case isDHFamily(k):
		a.vec16("dh_Yc", m.DHYc)
	case isECDHFamily(k):
		a.vec8("ecdh_Yc", m.ECPoint)
	case k == KeyExchangePSK:
		a.vec16("psk_identity", m.PSKIdentity)
	case k == KeyExchangeDHEPSK:
		a.vec16("psk_identity", m.PSKIdentity)
		a.vec16("dh_Yc", m.DHYc)
	case k == KeyExchangeRSAPSK:
		a.vec16("psk_identity", m.PSKIdentity)
		a.vec16("EncryptedPreMasterSecret", m.EncryptedPreMasterSecret)
	case k == KeyExchangeECDHEPSK:
		a.vec16("psk_identity", m.PSKIdentity)
		a.vec8("ecdh_Yc", m.ECPoint)
	case k == KeyExchangeSRP:
		a.vec16("srp_A", m.SRPA)
	case k == KeyExchangeECCPWD:
		a.vec8("elem", m.PWDElement)
		a.vec8("scalar", m.PWDScalar)
	default:
		a.raw(m.Raw)
	}
	return a.result(b)
}

// Validate checks what the layout alone does not: the public values
// Unmarshal requires to be non-empty are non-empty, and the implicit form
// is used only with the static (EC)DH key exchanges, the only ones whose
// client certificate can carry the public value (RFC 5246 §7.4.7.2,
// RFC 8422 §3.2 and §5.7).
func (m *ClientKeyExchange) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "ClientKeyExchange", Field: field, Offset: -1, Err: cause}
	}
	k := m.KeyExchange
	if m.Implicit && k != KeyExchangeDH && k != KeyExchangeECDH {
		return fail("exchange_keys", ErrValue)
	}
	if m.SSL30 && k != KeyExchangeRSA && k != KeyExchangeRSAExport {
		return fail("EncryptedPreMasterSecret", ErrValue)
	}
	switch {
	case m.Implicit:
	case isDHFamily(k) || k == KeyExchangeDHEPSK:
		if len(m.DHYc) == 0 {
			return fail("dh_Yc", ErrVectorTooShort)
		}
	case isECDHFamily(k) || k == KeyExchangeECDHEPSK:
		if len(m.ECPoint) == 0 {
			return fail("ecdh_Yc", ErrVectorTooShort)
		}
	case k == KeyExchangeSRP:
		if len(m.SRPA) == 0 {
			return fail("srp_A", ErrVectorTooShort)
		}
	case k == KeyExchangeECCPWD:
		if len(m.PWDElement) == 0 {
			return fail("elem", ErrVectorTooShort)
		}
		if len(m.PWDScalar) == 0 {
			return fail("scalar", ErrVectorTooShort)
		}
	}
	return nil
}

// appendJSON appends the members of the key exchange (RFC 5246 §7.4.7
// and the RFCs of ClientKeyExchange).
func (m *ClientKeyExchange) appendJSON(b []byte, _ *extScratch) []byte {
	b = jText(b, "key_exchange", m.KeyExchange.String())
	if m.Implicit {
		b = jBool(b, "implicit", true)
	}
	if m.PSKIdentity != nil {
		b = jText(b, "psk_identity", m.PSKIdentity)
	}
	b = jHexIf(b, "encrypted_pre_master_secret", m.EncryptedPreMasterSecret)
	b = jHexIf(b, "dh_Yc", m.DHYc)
	b = jHexIf(b, "ecdh_Yc", m.ECPoint)
	b = jHexIf(b, "srp_A", m.SRPA)
	b = jHexIf(b, "elem", m.PWDElement)
	b = jHexIf(b, "scalar", m.PWDScalar)
	return jHexIf(b, "raw", m.Raw)
}

// appendSummary appends the key exchange, the PSK identity and the size
// of the client's contribution.
func (m *ClientKeyExchange) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "ClientKeyExchange"...)
	b = append(append(b, ' '), m.KeyExchange.String()...)
	if m.PSKIdentity != nil {
		b = sText(append(b, " psk_identity="...), m.PSKIdentity)
	}
	switch {
	case m.Implicit:
		b = append(b, " implicit"...)
	case m.EncryptedPreMasterSecret != nil:
		b = sSize(b, "encrypted_pms", len(m.EncryptedPreMasterSecret))
	case m.DHYc != nil:
		b = sSize(b, "public", len(m.DHYc))
	case m.ECPoint != nil:
		b = sSize(b, "public", len(m.ECPoint))
	case m.SRPA != nil:
		b = sSize(b, "public", len(m.SRPA))
	case m.PWDElement != nil:
		b = sSize(b, "element", len(m.PWDElement))
	case m.Raw != nil:
		b = sSize(b, "raw", len(m.Raw))
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *ClientKeyExchange) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
