package wire

import "golang.org/x/crypto/cryptobyte"

// CertificateVerify proves possession of the private key of a certificate
// (RFC 8446 §4.4.3, RFC 5246 §7.4.8, RFC 4346 §7.4.8, RFC 6101 §5.6.8).
// From TLS 1.2 on the signature is preceded by its algorithm
// (SignatureAndHashAlgorithm, renamed SignatureScheme in TLS 1.3); earlier
// versions send only the digitally-signed vector. Unmarshal picks the form
// from the Context's version and records it in HasAlgorithm.
//
// SSL 3.0 uses the same form as TLS 1.0: its digitally-signed element is
// "encoded as an opaque vector <0..2^16-1>" (RFC 6101 §5.4).
type CertificateVerify struct {
	// HasAlgorithm selects the TLS 1.2 / 1.3 form, in which Algorithm is on the wire.
	HasAlgorithm bool
	// Algorithm is the SignatureScheme (TLS 1.3) or SignatureAndHashAlgorithm
	// (TLS 1.2, hash byte first) of the signature.
	Algorithm uint16
	// Signature is signature<0..2^16-1>.
	Signature []byte
}

// Type returns TypeCertificateVerify.
func (*CertificateVerify) Type() HandshakeType { return TypeCertificateVerify }

// Unmarshal decodes a complete CertificateVerify handshake message (with
// header) in the form ctx's version uses.
func (m *CertificateVerify) Unmarshal(msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// Append appends the message with its handshake header.
func (m *CertificateVerify) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *CertificateVerify) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a CertificateVerify body; the algorithm field is
// read when ctx's version is TLS 1.2, DTLS 1.2 or uses the TLS 1.3 forms.
func (m *CertificateVerify) UnmarshalBody(body []byte, ctx Context) error {
	p := newParser("CertificateVerify", body)
	s := cryptobyte.String(body)
	m.HasAlgorithm = ctx.tls12() || ctx.tls13()
	m.Algorithm = 0
	if (m.HasAlgorithm && !p.u16(&s, "algorithm", &m.Algorithm)) ||
		!p.bytes16(&s, "signature", 0, &m.Signature) || !p.end(s, "signature") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *CertificateVerify) BodyLen() int {
	if m.HasAlgorithm {
		return 4 + len(m.Signature)
	}
	return 2 + len(m.Signature)
}

// AppendBody appends the CertificateVerify body.
func (m *CertificateVerify) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "CertificateVerify"}
	if m.HasAlgorithm {
		a.u16(m.Algorithm)
	} else if m.Algorithm != 0 {
		a.fail("algorithm", ErrValue)
	}
	a.vec16("signature", m.Signature)
	return a.result(b)
}

// appendJSON appends the algorithm (TLS 1.2 and later) and the signature.
func (m *CertificateVerify) appendJSON(b []byte, _ *extScratch) []byte {
	if m.HasAlgorithm {
		b = jReg(b, "algorithm", SignatureScheme(m.Algorithm), grease16)
	}
	return jHex(b, "signature", m.Signature)
}

// appendSummary appends the algorithm and the signature size.
func (m *CertificateVerify) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "CertificateVerify"...)
	if m.HasAlgorithm {
		b = sName(append(b, ' '), SignatureScheme(m.Algorithm), grease16)
	}
	return sSize(b, "sig", len(m.Signature))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateVerify) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
