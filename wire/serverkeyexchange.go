package wire

import "golang.org/x/crypto/cryptobyte"

// ECParameters is the curve description of ServerECDHParams (RFC 8422
// §5.4, RFC 4492 §5.4). A named curve is decoded; an explicit curve is
// kept as its raw encoding, whose structure is parsed only to find its end.
type ECParameters struct {
	// CurveType is curve_type.
	CurveType ECCurveType
	// NamedCurve is namedcurve, a NamedGroup (named_curve only).
	NamedCurve uint16
	// Explicit is everything after curve_type for explicit_prime and
	// explicit_char2: prime_p or m/basis/k, then curve, base, order and
	// cofactor, undecoded.
	Explicit []byte
}

// encodedLen is the encoded length of the parameters.
func (e *ECParameters) encodedLen() int {
	if e.CurveType == CurveTypeNamedCurve {
		return 3
	}
	return 1 + len(e.Explicit)
}

// ecParameters reads ECParameters. The explicit forms are walked field by
// field (RFC 4492 §5.4) so that their end is known; an unknown curve_type
// cannot be skipped and is an ErrValue.
func (p *parser) ecParameters(s *cryptobyte.String, v *ECParameters) bool {
	var t uint8
	v.NamedCurve, v.Explicit = 0, nil
	typeAt := *s
	if !p.u8(s, "curve_type", &t) {
		return false
	}
	v.CurveType = ECCurveType(t)
	start := *s
	var x cryptobyte.String
	switch v.CurveType {
	case CurveTypeNamedCurve:
		return p.u16(s, "namedcurve", &v.NamedCurve)
	case CurveTypeExplicitPrime:
		if !p.vec8(s, "prime_p", 1, &x) {
			return false
		}
	case CurveTypeExplicitChar2:
		var m uint16
		var basis uint8
		if !p.u16(s, "m", &m) {
			return false
		}
		at := *s
		if !p.u8(s, "basis", &basis) {
			return false
		}
		switch basis {
		case 1: // ec_basis_trinomial
			if !p.vec8(s, "k", 1, &x) {
				return false
			}
		case 2: // ec_basis_pentanomial
			if !p.vec8(s, "k1", 1, &x) || !p.vec8(s, "k2", 1, &x) || !p.vec8(s, "k3", 1, &x) {
				return false
			}
		default:
			return p.fail(at, "basis", ErrValue)
		}
	default:
		return p.fail(typeAt, "curve_type", ErrValue)
	}
	if !p.vec8(s, "a", 1, &x) || !p.vec8(s, "b", 1, &x) || !p.vec8(s, "base", 1, &x) ||
		!p.vec8(s, "order", 1, &x) || !p.vec8(s, "cofactor", 1, &x) {
		return false
	}
	v.Explicit = start[:len(start)-len(*s)]
	return true
}

// ecParameters appends ECParameters.
func (a *appender) ecParameters(v *ECParameters) {
	a.u8(uint8(v.CurveType))
	switch v.CurveType {
	case CurveTypeNamedCurve:
		if len(v.Explicit) > 0 {
			a.fail("curve_type", ErrValue)
		}
		a.u16(v.NamedCurve)
	case CurveTypeExplicitPrime, CurveTypeExplicitChar2:
		if v.NamedCurve != 0 {
			a.fail("namedcurve", ErrValue)
		}
		a.raw(v.Explicit)
	default:
		a.fail("curve_type", ErrValue)
	}
}

// kxSignature says whether a key exchange's ServerKeyExchange is signed.
type kxSignature uint8

const (
	kxUnsigned    kxSignature = iota // anonymous, PSK family, ECCPWD
	kxSigned                         // RSA_EXPORT, DHE, ECDHE
	kxMaybeSigned                    // SRP: signed for SRP_SHA_RSA and SRP_SHA_DSS only
)

// serverKeyExchangeSignature returns the signature rule of key exchange k.
func serverKeyExchangeSignature(k KeyExchange) kxSignature {
	switch k {
	case KeyExchangeRSAExport, KeyExchangeDHE, KeyExchangeECDHE:
		return kxSigned
	case KeyExchangeSRP:
		return kxMaybeSigned
	}
	return kxUnsigned
}

// serverKeyExchangeDecoded reports whether the ServerKeyExchange of key
// exchange k has a defined structure; the others are kept raw.
func serverKeyExchangeDecoded(k KeyExchange) bool {
	switch k {
	case KeyExchangePSK, KeyExchangeRSAPSK, KeyExchangeDHEPSK, KeyExchangeECDHEPSK,
		KeyExchangeDHE, KeyExchangeDHanon, KeyExchangeECDHE, KeyExchangeECDHanon,
		KeyExchangeRSAExport, KeyExchangeSRP, KeyExchangeECCPWD:
		return true
	}
	return false
}

// ServerKeyExchange carries the server's key exchange parameters (RFC 5246
// §7.4.3, RFC 8422 §5.4, RFC 4279 §2-§3, RFC 5489 §2, RFC 5054 §2.8.2,
// RFC 8492 §3.3). Its layout depends on the key exchange of the cipher
// suite, recorded in KeyExchange, and the signature on the version,
// recorded in HasSignatureAlgorithm. Only the fields of that key exchange
// are used:
//
//	PSK, RSA_PSK         PSKIdentityHint
//	DHE_PSK              PSKIdentityHint, DHP, DHG, DHYs
//	ECDHE_PSK            PSKIdentityHint, Curve, ECPoint
//	DHE, DH_anon         DHP, DHG, DHYs
//	ECDHE, ECDH_anon     Curve, ECPoint
//	RSA_EXPORT           RSAModulus, RSAExponent
//	SRP                  SRPN, SRPG, SRPSalt, SRPB
//	ECCPWD               PWDSalt, Curve, PWDElement, PWDScalar
//	anything else        Raw: the body undecoded (KRB5, GOST, unknown, and
//	                     RSA, DH, ECDH, which send no ServerKeyExchange)
//
// DHE, ECDHE and RSA_EXPORT are always signed; SRP is signed for the
// SRP_SHA_RSA and SRP_SHA_DSS suites, which decoding recognizes by bytes
// following the parameters; the others never are.
type ServerKeyExchange struct {
	// KeyExchange selects the layout.
	KeyExchange KeyExchange

	// PSKIdentityHint is psk_identity_hint<0..2^16-1> (RFC 4279).
	PSKIdentityHint []byte
	// DHP, DHG, DHYs are dh_p, dh_g and dh_Ys of ServerDHParams, each <1..2^16-1>.
	DHP, DHG, DHYs []byte
	// Curve is curve_params of ServerECDHParams or ServerECCPWDParams.
	Curve ECParameters
	// ECPoint is the server's ephemeral public key, point<1..2^8-1> (ECDHE, ECDH_anon, ECDHE_PSK).
	ECPoint []byte
	// RSAModulus and RSAExponent are rsa_modulus and rsa_exponent of
	// ServerRSAParams, each <1..2^16-1> (RFC 4346 §7.4.3).
	RSAModulus, RSAExponent []byte
	// SRPN, SRPG, SRPSalt, SRPB are srp_N<1..2^16-1>, srp_g<1..2^16-1>,
	// srp_s<1..2^8-1> and srp_B<1..2^16-1> of ServerSRPParams (RFC 5054 §2.8.2).
	SRPN, SRPG, SRPSalt, SRPB []byte
	// PWDSalt, PWDElement and PWDScalar are salt<1..2^8-1>, elem
	// (an ECPoint) and scalar<1..2^8-1> of ServerECCPWDParams (RFC 8492 §3.3).
	PWDSalt, PWDElement, PWDScalar []byte
	// Raw is the whole body for key exchanges without a decoded layout.
	Raw []byte

	// Signed records that signed_params is present.
	Signed bool
	// HasSignatureAlgorithm selects the TLS 1.2 digitally-signed form, in
	// which SignatureAlgorithm precedes the signature (RFC 5246 §4.7).
	HasSignatureAlgorithm bool
	// SignatureAlgorithm is the SignatureAndHashAlgorithm of the signature.
	SignatureAlgorithm uint16
	// Signature is signature<0..2^16-1>.
	Signature []byte
}

// Type returns TypeServerKeyExchange.
func (*ServerKeyExchange) Type() HandshakeType { return TypeServerKeyExchange }

// Unmarshal decodes a complete ServerKeyExchange handshake message (with
// header) for ctx's key exchange and version.
func (m *ServerKeyExchange) Unmarshal(msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// Append appends the message with its handshake header.
func (m *ServerKeyExchange) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *ServerKeyExchange) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a ServerKeyExchange body in the layout of
// ctx.KeyExchange. A key exchange without a decoded layout (including
// KeyExchangeUnknown) is not an error: the body is kept in Raw.
func (m *ServerKeyExchange) UnmarshalBody(body []byte, ctx Context) error {
	*m = ServerKeyExchange{KeyExchange: ctx.KeyExchange}
	if !serverKeyExchangeDecoded(m.KeyExchange) {
		m.Raw = body
		return nil
	}
	p := newParser("ServerKeyExchange", body)
	s := cryptobyte.String(body)
	if !m.parseParams(&p, &s) {
		return p.err
	}
	switch serverKeyExchangeSignature(m.KeyExchange) {
	case kxSigned:
		m.Signed = true
	case kxMaybeSigned:
		m.Signed = len(s) > 0
	}
	if m.Signed {
		m.HasSignatureAlgorithm = ctx.tls12()
		if (m.HasSignatureAlgorithm && !p.u16(&s, "algorithm", &m.SignatureAlgorithm)) ||
			!p.bytes16(&s, "signature", 0, &m.Signature) {
			return p.err
		}
	}
	if !p.end(s, "signed_params") {
		return p.err
	}
	return nil
}

// parseParams reads the params of m.KeyExchange.
func (m *ServerKeyExchange) parseParams(p *parser, s *cryptobyte.String) bool {
	switch m.KeyExchange {
	case KeyExchangePSK, KeyExchangeRSAPSK:
		return p.bytes16(s, "psk_identity_hint", 0, &m.PSKIdentityHint)
	case KeyExchangeDHEPSK:
		return p.bytes16(s, "psk_identity_hint", 0, &m.PSKIdentityHint) && m.parseDH(p, s)
	case KeyExchangeECDHEPSK:
		return p.bytes16(s, "psk_identity_hint", 0, &m.PSKIdentityHint) && m.parseECDH(p, s)
	case KeyExchangeDHE, KeyExchangeDHanon:
		return m.parseDH(p, s)
	case KeyExchangeECDHE, KeyExchangeECDHanon:
		return m.parseECDH(p, s)
	case KeyExchangeRSAExport:
		return p.bytes16(s, "rsa_modulus", 1, &m.RSAModulus) && p.bytes16(s, "rsa_exponent", 1, &m.RSAExponent)
	case KeyExchangeSRP:
		return p.bytes16(s, "srp_N", 1, &m.SRPN) && p.bytes16(s, "srp_g", 1, &m.SRPG) &&
			p.bytes8(s, "srp_s", 1, &m.SRPSalt) && p.bytes16(s, "srp_B", 1, &m.SRPB)
	default: // KeyExchangeECCPWD
		return p.bytes8(s, "salt", 1, &m.PWDSalt) && p.ecParameters(s, &m.Curve) &&
			p.bytes8(s, "elem", 1, &m.PWDElement) && p.bytes8(s, "scalar", 1, &m.PWDScalar)
	}
}

func (m *ServerKeyExchange) parseDH(p *parser, s *cryptobyte.String) bool {
	return p.bytes16(s, "dh_p", 1, &m.DHP) && p.bytes16(s, "dh_g", 1, &m.DHG) && p.bytes16(s, "dh_Ys", 1, &m.DHYs)
}

func (m *ServerKeyExchange) parseECDH(p *parser, s *cryptobyte.String) bool {
	return p.ecParameters(s, &m.Curve) && p.bytes8(s, "point", 1, &m.ECPoint)
}

// BodyLen is the length AppendBody appends.
func (m *ServerKeyExchange) BodyLen() int {
	if !serverKeyExchangeDecoded(m.KeyExchange) {
		return len(m.Raw)
	}
	n := 0
	switch m.KeyExchange {
	case KeyExchangePSK, KeyExchangeRSAPSK:
		n = 2 + len(m.PSKIdentityHint)
	case KeyExchangeDHEPSK:
		n = 2 + len(m.PSKIdentityHint) + 6 + len(m.DHP) + len(m.DHG) + len(m.DHYs)
	case KeyExchangeECDHEPSK:
		n = 2 + len(m.PSKIdentityHint) + m.Curve.encodedLen() + 1 + len(m.ECPoint)
	case KeyExchangeDHE, KeyExchangeDHanon:
		n = 6 + len(m.DHP) + len(m.DHG) + len(m.DHYs)
	case KeyExchangeECDHE, KeyExchangeECDHanon:
		n = m.Curve.encodedLen() + 1 + len(m.ECPoint)
	case KeyExchangeRSAExport:
		n = 4 + len(m.RSAModulus) + len(m.RSAExponent)
	case KeyExchangeSRP:
		n = 7 + len(m.SRPN) + len(m.SRPG) + len(m.SRPSalt) + len(m.SRPB)
	case KeyExchangeECCPWD:
		n = 1 + len(m.PWDSalt) + m.Curve.encodedLen() + 2 + len(m.PWDElement) + len(m.PWDScalar)
	}
	if m.Signed {
		n += 2 + len(m.Signature)
		if m.HasSignatureAlgorithm {
			n += 2
		}
	}
	return n
}

// AppendBody appends the body in the layout of KeyExchange. A signature
// set on a value whose Signed is false cannot be encoded and is an
// ErrValue, as is Raw on a key exchange with a decoded layout.
func (m *ServerKeyExchange) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ServerKeyExchange"}
	if !serverKeyExchangeDecoded(m.KeyExchange) {
		a.raw(m.Raw)
		return a.result(b)
	}
	if len(m.Raw) > 0 {
		a.fail("params", ErrValue)
	}
	switch m.KeyExchange {
	case KeyExchangePSK, KeyExchangeRSAPSK:
		a.vec16("psk_identity_hint", m.PSKIdentityHint)
	case KeyExchangeDHEPSK:
		a.vec16("psk_identity_hint", m.PSKIdentityHint)
		m.appendDH(&a)
	case KeyExchangeECDHEPSK:
		a.vec16("psk_identity_hint", m.PSKIdentityHint)
		m.appendECDH(&a)
	case KeyExchangeDHE, KeyExchangeDHanon:
		m.appendDH(&a)
	case KeyExchangeECDHE, KeyExchangeECDHanon:
		m.appendECDH(&a)
	case KeyExchangeRSAExport:
		a.vec16("rsa_modulus", m.RSAModulus)
		a.vec16("rsa_exponent", m.RSAExponent)
	case KeyExchangeSRP:
		a.vec16("srp_N", m.SRPN)
		a.vec16("srp_g", m.SRPG)
		a.vec8("srp_s", m.SRPSalt)
		a.vec16("srp_B", m.SRPB)
	case KeyExchangeECCPWD:
		a.vec8("salt", m.PWDSalt)
		a.ecParameters(&m.Curve)
		a.vec8("elem", m.PWDElement)
		a.vec8("scalar", m.PWDScalar)
	}
	if m.Signed {
		if m.HasSignatureAlgorithm {
			a.u16(m.SignatureAlgorithm)
		} else if m.SignatureAlgorithm != 0 {
			a.fail("algorithm", ErrValue)
		}
		a.vec16("signature", m.Signature)
	} else if m.HasSignatureAlgorithm || m.SignatureAlgorithm != 0 || len(m.Signature) > 0 {
		a.fail("signed_params", ErrValue)
	}
	return a.result(b)
}

func (m *ServerKeyExchange) appendDH(a *appender) {
	a.vec16("dh_p", m.DHP)
	a.vec16("dh_g", m.DHG)
	a.vec16("dh_Ys", m.DHYs)
}

func (m *ServerKeyExchange) appendECDH(a *appender) {
	a.ecParameters(&m.Curve)
	a.vec8("point", m.ECPoint)
}

// Validate checks what the layout alone does not: the signature is present
// exactly when the key exchange is signed (RFC 5246 §7.4.3, RFC 4279,
// RFC 5489, RFC 5054 §2.8.2), and the vectors Unmarshal requires to be
// non-empty are non-empty.
func (m *ServerKeyExchange) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "ServerKeyExchange", Field: field, Offset: -1, Err: cause}
	}
	if !serverKeyExchangeDecoded(m.KeyExchange) {
		return nil
	}
	switch serverKeyExchangeSignature(m.KeyExchange) {
	case kxSigned:
		if !m.Signed {
			return fail("signed_params", ErrValue)
		}
	case kxUnsigned:
		if m.Signed {
			return fail("signed_params", ErrValue)
		}
	}
	type vec struct {
		field string
		v     []byte
	}
	var need []vec
	switch m.KeyExchange {
	case KeyExchangeDHEPSK, KeyExchangeDHE, KeyExchangeDHanon:
		need = []vec{{"dh_p", m.DHP}, {"dh_g", m.DHG}, {"dh_Ys", m.DHYs}}
	case KeyExchangeECDHEPSK, KeyExchangeECDHE, KeyExchangeECDHanon:
		need = []vec{{"point", m.ECPoint}}
	case KeyExchangeRSAExport:
		need = []vec{{"rsa_modulus", m.RSAModulus}, {"rsa_exponent", m.RSAExponent}}
	case KeyExchangeSRP:
		need = []vec{{"srp_N", m.SRPN}, {"srp_g", m.SRPG}, {"srp_s", m.SRPSalt}, {"srp_B", m.SRPB}}
	case KeyExchangeECCPWD:
		need = []vec{{"salt", m.PWDSalt}, {"elem", m.PWDElement}, {"scalar", m.PWDScalar}}
	}
	for _, v := range need {
		if len(v.v) == 0 {
			return fail(v.field, ErrVectorTooShort)
		}
	}
	return nil
}

// appendJSON appends the members of the key exchange (RFC 5246 §7.4.3,
// RFC 8422 §5.4, RFC 4279, RFC 5489, RFC 5054 §2.8.1, RFC 8492 §3.2.2);
// "key_exchange" names the layout.
func (m *ServerKeyExchange) appendJSON(b []byte, _ *extScratch) []byte {
	b = jText(b, "key_exchange", m.KeyExchange.String())
	if m.PSKIdentityHint != nil {
		b = jText(b, "psk_identity_hint", m.PSKIdentityHint)
	}
	b = jHexIf(b, "dh_p", m.DHP)
	b = jHexIf(b, "dh_g", m.DHG)
	b = jHexIf(b, "dh_Ys", m.DHYs)
	switch m.KeyExchange {
	case KeyExchangeECDHE, KeyExchangeECDHanon, KeyExchangeECDHEPSK, KeyExchangeECCPWD:
		b = jReg(b, "curve_type", m.Curve.CurveType, greaseNone)
		if m.Curve.CurveType == CurveTypeNamedCurve {
			b = jReg(b, "named_curve", NamedGroup(m.Curve.NamedCurve), grease16)
		} else {
			b = jHex(b, "curve_params", m.Curve.Explicit)
		}
	}
	b = jHexIf(b, "public", m.ECPoint)
	b = jHexIf(b, "rsa_modulus", m.RSAModulus)
	b = jHexIf(b, "rsa_exponent", m.RSAExponent)
	b = jHexIf(b, "srp_N", m.SRPN)
	b = jHexIf(b, "srp_g", m.SRPG)
	b = jHexIf(b, "srp_s", m.SRPSalt)
	b = jHexIf(b, "srp_B", m.SRPB)
	b = jHexIf(b, "salt", m.PWDSalt)
	b = jHexIf(b, "elem", m.PWDElement)
	b = jHexIf(b, "scalar", m.PWDScalar)
	b = jHexIf(b, "raw", m.Raw)
	if m.Signed {
		if m.HasSignatureAlgorithm {
			b = jReg(b, "signature_algorithm", SignatureScheme(m.SignatureAlgorithm), grease16)
		}
		b = jHex(b, "signature", m.Signature)
	}
	return b
}

// appendSummary appends the key exchange, the named curve or the DH
// modulus size, and the signature algorithm.
func (m *ServerKeyExchange) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "ServerKeyExchange"...)
	b = append(append(b, ' '), m.KeyExchange.String()...)
	switch m.KeyExchange {
	case KeyExchangeECDHE, KeyExchangeECDHanon, KeyExchangeECDHEPSK, KeyExchangeECCPWD:
		if m.Curve.CurveType == CurveTypeNamedCurve {
			b = sName(append(b, " curve="...), NamedGroup(m.Curve.NamedCurve), grease16)
		}
	case KeyExchangeDHE, KeyExchangeDHanon, KeyExchangeDHEPSK:
		b = sCount(b, "dh_bits", 8*len(m.DHP))
	}
	if m.Signed && m.HasSignatureAlgorithm {
		b = sName(append(b, " sig="...), SignatureScheme(m.SignatureAlgorithm), grease16)
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerKeyExchange) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
