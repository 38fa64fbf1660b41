package wire

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// CertificateEntry is one element of certificate_list. In the TLS 1.3
// form (RFC 8446 §4.4.2) it carries per-certificate extensions; in the
// TLS <= 1.2 form (RFC 5246 §7.4.2) it is a bare ASN.1Cert and Extensions
// must be empty.
type CertificateEntry struct {
	// CertData is cert_data<1..2^24-1> (TLS 1.3) or ASN.1Cert<1..2^24-1>
	// (TLS <= 1.2): a DER X.509 certificate, or a DER SubjectPublicKeyInfo
	// when the RawPublicKey type was negotiated.
	CertData []byte
	// Extensions is extensions<0..2^16-1> (TLS 1.3 only), in wire order.
	Extensions Extensions
}

// Certificate carries a certificate chain (RFC 8446 §4.4.2 for TLS 1.3,
// RFC 5246 §7.4.2 and RFC 4346 §7.4.2 for earlier versions). The form
// follows the negotiated version: Unmarshal picks it from the Context and
// records it in TLS13, which Append follows.
type Certificate struct {
	// TLS13 selects the TLS 1.3 form, with certificate_request_context and
	// per-entry extensions.
	TLS13 bool
	// CertificateType is the negotiated certificate type that gives
	// CertData its meaning. It is not on the wire: decoding leaves it
	// unchanged, and the caller sets it from the negotiated
	// client_certificate_type / server_certificate_type extension.
	CertificateType CertificateType
	// RequestContext is certificate_request_context<0..2^8-1> (TLS 1.3 only).
	RequestContext []byte
	// Entries is certificate_list, sender's certificate first. Decoding
	// reuses the slice and each entry's Extensions slice.
	Entries []CertificateEntry
}

// Type returns TypeCertificate.
func (*Certificate) Type() HandshakeType { return TypeCertificate }

// Unmarshal decodes a complete Certificate handshake message (with header)
// in the form ctx's version uses.
func (m *Certificate) Unmarshal(msg []byte, ctx Context) error { return unmarshalMessage(m, msg, ctx) }

// Append appends the message with its handshake header.
func (m *Certificate) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *Certificate) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a Certificate body in the TLS 1.3 form when ctx's
// version uses the TLS 1.3 forms, else in the TLS <= 1.2 form.
func (m *Certificate) UnmarshalBody(body []byte, ctx Context) error {
	p := newParser("Certificate", body)
	s := cryptobyte.String(body)
	m.TLS13 = ctx.tls13()
	m.RequestContext = nil
	m.Entries = m.Entries[:0]
	var list cryptobyte.String
	if (m.TLS13 && !p.bytes8(&s, "certificate_request_context", 0, &m.RequestContext)) ||
		!p.vec24(&s, "certificate_list", 0, &list) || !p.end(s, "certificate_list") {
		return p.err
	}
	for len(list) > 0 {
		e := m.nextEntry()
		if !m.TLS13 {
			if !p.bytes24(&list, "ASN.1Cert", 1, &e.CertData) {
				return p.err
			}
			continue
		}
		var ok bool
		if !p.bytes24(&list, "cert_data", 1, &e.CertData) {
			return p.err
		}
		if e.Extensions, ok = p.extensionsBlock(&list, "extensions", e.Extensions); !ok {
			return p.err
		}
	}
	return nil
}

// nextEntry extends Entries by one, reusing a previously allocated entry
// (and its Extensions capacity) when there is one.
func (m *Certificate) nextEntry() *CertificateEntry {
	n := len(m.Entries)
	if n < cap(m.Entries) {
		m.Entries = m.Entries[:n+1]
	} else {
		m.Entries = append(m.Entries, CertificateEntry{})
	}
	e := &m.Entries[n]
	e.CertData = nil
	e.Extensions = e.Extensions[:0]
	return e
}

// BodyLen is the length AppendBody appends.
func (m *Certificate) BodyLen() int {
	n := 3
	if m.TLS13 {
		n += 1 + len(m.RequestContext)
	}
	for i := range m.Entries {
		n += 3 + len(m.Entries[i].CertData)
		if m.TLS13 {
			n += 2 + m.Entries[i].Extensions.bodyLen()
		}
	}
	return n
}

// AppendBody appends the Certificate body in the form TLS13 selects. The
// TLS <= 1.2 form cannot carry RequestContext or entry extensions; they
// make Append fail with ErrValue rather than be dropped.
func (m *Certificate) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "Certificate"}
	if m.TLS13 {
		a.vec8("certificate_request_context", m.RequestContext)
	} else if len(m.RequestContext) > 0 {
		a.fail("certificate_request_context", ErrValue)
	}
	at := a.open(3)
	for i := range m.Entries {
		e := &m.Entries[i]
		a.vec24("cert_data", e.CertData)
		if m.TLS13 {
			a.extensions("extensions", e.Extensions)
		} else if len(e.Extensions) > 0 {
			a.fail("extensions", ErrValue)
		}
	}
	a.close(at, 3, "certificate_list")
	return a.result(b)
}

// Validate checks the rules of RFC 8446 §4.4.2 and RFC 7250 §3 that the
// structure alone does not: with the RawPublicKey type there is at most
// one entry, OpenPGP is not used with TLS 1.3, and no entry repeats an
// extension type (RFC 8446 §4.2). It also checks what Unmarshal enforces
// but Append does not: no cert_data is empty.
func (m *Certificate) Validate() error {
	if m.TLS13 && m.CertificateType == CertTypeOpenPGP {
		return &Error{Message: "Certificate", Field: "certificate_type", Offset: -1, Err: ErrValue}
	}
	if m.CertificateType == CertTypeRawPublicKey && len(m.Entries) > 1 {
		return &Error{Message: "Certificate", Field: "certificate_list", Offset: -1, Err: ErrValue}
	}
	for i := range m.Entries {
		if len(m.Entries[i].CertData) == 0 {
			return &Error{Message: "Certificate", Field: "cert_data", Offset: -1, Err: ErrVectorTooShort}
		}
		if errs := validateExtensionList("Certificate", m.Entries[i].Extensions, InCertificate); len(errs) > 0 {
			return errors.Join(errs...)
		}
	}
	return nil
}

// appendJSON appends the Certificate members (RFC 8446 §4.4.2, RFC 5246
// §7.4.2, RFC 7250 for raw public keys).
func (m *Certificate) appendJSON(b []byte, sc *extScratch) []byte {
	if m.TLS13 {
		b = jHex(b, "certificate_request_context", m.RequestContext)
	}
	if m.CertificateType != CertTypeX509 {
		b = jReg(b, "certificate_type", m.CertificateType, greaseNone)
	}
	b = append(jKey(b, "certificate_list"), '[')
	for i := range m.Entries {
		e := &m.Entries[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHexString(jOpen(b, "cert_data"), e.CertData)
		if m.TLS13 {
			b = appendExtensionsJSON(b, "extensions", e.Extensions, InCertificate, sc)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendSummary appends the certificate type when it is not X.509, the
// number of certificates and the size of the first.
func (m *Certificate) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "Certificate"...)
	if m.TLS13 {
		b = append(b, " TLS 1.3"...)
	}
	if m.CertificateType != CertTypeX509 {
		b = sName(append(b, " type="...), m.CertificateType, greaseNone)
	}
	b = sCount(b, "certs", len(m.Entries))
	if len(m.Entries) > 0 {
		b = sSize(b, "first", len(m.Entries[0].CertData))
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *Certificate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
