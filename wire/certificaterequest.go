package wire

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// CertificateRequestForm is the layout of a CertificateRequest, which
// changed twice: TLS 1.2 added supported_signature_algorithms and TLS 1.3
// replaced the whole body with a context and extensions.
type CertificateRequestForm uint8

// CertificateRequest forms. The zero value is not a form: Append rejects it.
const (
	// CertificateRequestTLS10 is the SSL 3.0 / TLS 1.0 / TLS 1.1 form
	// (RFC 4346 §7.4.4): certificate_types, certificate_authorities.
	CertificateRequestTLS10 CertificateRequestForm = iota + 1
	// CertificateRequestTLS12 is the TLS 1.2 form (RFC 5246 §7.4.4):
	// certificate_types, supported_signature_algorithms, certificate_authorities.
	CertificateRequestTLS12
	// CertificateRequestTLS13 is the TLS 1.3 form (RFC 8446 §4.3.2):
	// certificate_request_context, extensions.
	CertificateRequestTLS13
)

// certificateRequestForm returns the form ctx's version uses.
func certificateRequestForm(ctx Context) CertificateRequestForm {
	switch {
	case ctx.tls13():
		return CertificateRequestTLS13
	case ctx.tls12():
		return CertificateRequestTLS12
	}
	return CertificateRequestTLS10
}

// ExtensionSignatureAlgorithms is the signature_algorithms extension (RFC 8446 §4.2.3).
// CertificateRequest asks the client for a certificate (RFC 8446 §4.3.2,
// RFC 5246 §7.4.4, RFC 4346 §7.4.4). Unmarshal picks the form from the
// Context's version and records it in Form, which Append follows.
type CertificateRequest struct {
	// Form is the layout decoded or to encode.
	Form CertificateRequestForm
	// CertificateTypes is certificate_types<1..2^8-1>, ClientCertificateType
	// values (TLS <= 1.2).
	CertificateTypes []byte
	// SignatureAlgorithms is supported_signature_algorithms<2..2^16-2>,
	// SignatureAndHashAlgorithm values in wire order (TLS 1.2 only).
	SignatureAlgorithms []uint16
	// CertificateAuthorities is certificate_authorities<0..2^16-1>, each a
	// DER DistinguishedName<1..2^16-1> (TLS <= 1.2). Decoding reuses the slice.
	CertificateAuthorities [][]byte
	// RequestContext is certificate_request_context<0..2^8-1> (TLS 1.3).
	RequestContext []byte
	// Extensions is extensions<2..2^16-1> (TLS 1.3), in wire order.
	Extensions Extensions
}

// Type returns TypeCertificateRequest.
func (*CertificateRequest) Type() HandshakeType { return TypeCertificateRequest }

// Unmarshal decodes a complete CertificateRequest handshake message (with
// header) in the form ctx's version uses.
func (m *CertificateRequest) Unmarshal(msg []byte, ctx Context) error {
	return unmarshalMessage(m, msg, ctx)
}

// Append appends the message with its handshake header.
func (m *CertificateRequest) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *CertificateRequest) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a CertificateRequest body in the form of ctx's
// version: TLS 1.3 forms, TLS 1.2 / DTLS 1.2, or anything earlier.
func (m *CertificateRequest) UnmarshalBody(body []byte, ctx Context) error {
	p := newParser("CertificateRequest", body)
	s := cryptobyte.String(body)
	m.Form = certificateRequestForm(ctx)
	m.CertificateTypes = nil
	m.SignatureAlgorithms = m.SignatureAlgorithms[:0]
	m.CertificateAuthorities = m.CertificateAuthorities[:0]
	m.RequestContext = nil
	m.Extensions = m.Extensions[:0]
	var ok bool
	if m.Form == CertificateRequestTLS13 {
		var exts cryptobyte.String
		if !p.bytes8(&s, "certificate_request_context", 0, &m.RequestContext) ||
			!p.vec16(&s, "extensions", 2, &exts) {
			return p.err
		}
		if m.Extensions, ok = p.extensions(exts, "extensions", m.Extensions); !ok || !p.end(s, "extensions") {
			return p.err
		}
		return nil
	}
	if !p.bytes8(&s, "certificate_types", 1, &m.CertificateTypes) {
		return p.err
	}
	if m.Form == CertificateRequestTLS12 {
		var algs cryptobyte.String
		if !p.vec16(&s, "supported_signature_algorithms", 2, &algs) {
			return p.err
		}
		if m.SignatureAlgorithms, ok = p.u16list(algs, "supported_signature_algorithms", m.SignatureAlgorithms); !ok {
			return p.err
		}
	}
	var cas cryptobyte.String
	if !p.vec16(&s, "certificate_authorities", 0, &cas) || !p.end(s, "certificate_authorities") {
		return p.err
	}
	for len(cas) > 0 {
		var dn []byte
		if !p.bytes16(&cas, "DistinguishedName", 1, &dn) {
			return p.err
		}
		m.CertificateAuthorities = append(m.CertificateAuthorities, dn)
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *CertificateRequest) BodyLen() int {
	if m.Form == CertificateRequestTLS13 {
		return 1 + len(m.RequestContext) + 2 + m.Extensions.bodyLen()
	}
	n := 1 + len(m.CertificateTypes) + 2
	if m.Form == CertificateRequestTLS12 {
		n += 2 + 2*len(m.SignatureAlgorithms)
	}
	for _, dn := range m.CertificateAuthorities {
		n += 2 + len(dn)
	}
	return n
}

// AppendBody appends the body in the layout Form selects. Fields the form
// cannot carry make it fail with ErrValue rather than be dropped.
func (m *CertificateRequest) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "CertificateRequest"}
	switch m.Form {
	case CertificateRequestTLS13:
		if len(m.CertificateTypes) > 0 || len(m.SignatureAlgorithms) > 0 || len(m.CertificateAuthorities) > 0 {
			a.fail("certificate_types", ErrValue)
		}
		a.vec8("certificate_request_context", m.RequestContext)
		a.extensions("extensions", m.Extensions)
		return a.result(b)
	case CertificateRequestTLS10, CertificateRequestTLS12:
	default:
		a.fail("form", ErrContext)
		return a.result(b)
	}
	if len(m.RequestContext) > 0 || len(m.Extensions) > 0 {
		a.fail("extensions", ErrValue)
	}
	a.vec8("certificate_types", m.CertificateTypes)
	if m.Form == CertificateRequestTLS12 {
		a.u16list(2, "supported_signature_algorithms", m.SignatureAlgorithms)
	} else if len(m.SignatureAlgorithms) > 0 {
		a.fail("supported_signature_algorithms", ErrValue)
	}
	at := a.open(2)
	for _, dn := range m.CertificateAuthorities {
		a.vec16("DistinguishedName", dn)
	}
	a.close(at, 2, "certificate_authorities")
	return a.result(b)
}

// Validate checks the semantic rules of each form: certificate_types and
// (TLS 1.2) supported_signature_algorithms are not empty and no
// DistinguishedName is empty (RFC 5246 §7.4.4); in TLS 1.3 the
// signature_algorithms extension is present and no extension type repeats
// (RFC 8446 §4.3.2, §4.2).
func (m *CertificateRequest) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "CertificateRequest", Field: field, Offset: -1, Err: cause}
	}
	switch m.Form {
	case CertificateRequestTLS13:
		if len(m.Extensions) == 0 || !m.Extensions.Has(ExtensionSignatureAlgorithms) {
			return fail("signature_algorithms", ErrValue)
		}
		return errors.Join(validateExtensionList("CertificateRequest", m.Extensions, InCertificateRequest)...)
	case CertificateRequestTLS10, CertificateRequestTLS12:
	default:
		return fail("form", ErrContext)
	}
	if len(m.CertificateTypes) == 0 {
		return fail("certificate_types", ErrVectorTooShort)
	}
	if m.Form == CertificateRequestTLS12 && len(m.SignatureAlgorithms) == 0 {
		return fail("supported_signature_algorithms", ErrVectorTooShort)
	}
	for _, dn := range m.CertificateAuthorities {
		if len(dn) == 0 {
			return fail("DistinguishedName", ErrVectorTooShort)
		}
	}
	return nil
}

// appendJSON appends the members of the form decoded: the TLS 1.3
// context and extensions, or the certificate types, the TLS 1.2
// signature algorithms and the authorities.
func (m *CertificateRequest) appendJSON(b []byte, sc *extScratch) []byte {
	if m.Form == CertificateRequestTLS13 {
		b = jHex(b, "certificate_request_context", m.RequestContext)
		return appendExtensionsJSON(b, "extensions", m.Extensions, InCertificateRequest, sc)
	}
	b = jRegList[ClientCertificateType](b, "certificate_types", "certificate_type_names", m.CertificateTypes, greaseNone)
	if m.Form == CertificateRequestTLS12 {
		b = jRegList[SignatureScheme](b, "supported_signature_algorithms", "supported_signature_algorithm_names", m.SignatureAlgorithms, grease16)
	}
	return jHexList(b, "certificate_authorities", m.CertificateAuthorities)
}

// appendSummary appends the counts of the form decoded.
func (m *CertificateRequest) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "CertificateRequest"...)
	if m.Form == CertificateRequestTLS13 {
		b = append(b, " TLS 1.3"...)
		return sCount(b, "exts", len(m.Extensions))
	}
	b = sCount(b, "types", len(m.CertificateTypes))
	if m.Form == CertificateRequestTLS12 {
		b = sCount(b, "sigalgs", len(m.SignatureAlgorithms))
	}
	return sCount(b, "cas", len(m.CertificateAuthorities))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
