package wire

import "golang.org/x/crypto/cryptobyte"

// URLAndHash is one entry of a CertificateURL (RFC 6066 §5):
// struct { opaque url<1..2^16-1>; uint8 padding; opaque SHA1Hash[20]; } URLAndHash.
// padding is the remnant of RFC 4366's optional hash (a "present" flag
// that RFC 6066 fixed to 1); it is kept so that other values round-trip.
type URLAndHash struct {
	// URL is url<1..2^16-1>, an ASCII URL (aliases the input).
	URL []byte
	// Padding is padding; RFC 6066 requires 0x01 (see Validate).
	Padding uint8
	// Hash is the 20-byte SHA-1 hash of the certificate or chain (aliases the input).
	Hash []byte
}

// sha1HashLen is the size of SHA1Hash (RFC 6066 §5).
const sha1HashLen = 20

// CertificateURL replaces the client's Certificate message when the
// client_certificate_url extension was negotiated (RFC 6066 §5):
// struct { CertChainType type; URLAndHash url_and_hash_list<1..2^16-1>; } CertificateURL.
type CertificateURL struct {
	// ChainType is type.
	ChainType CertChainType
	// URLAndHashList is url_and_hash_list, in wire order (reused by UnmarshalBody).
	URLAndHashList []URLAndHash
}

// Type returns TypeCertificateURL.
func (*CertificateURL) Type() HandshakeType { return TypeCertificateURL }

// Unmarshal decodes a complete CertificateURL handshake message (with header).
func (m *CertificateURL) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *CertificateURL) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *CertificateURL) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a CertificateURL body. ctx is not used.
func (m *CertificateURL) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("CertificateURL", body)
	s := cryptobyte.String(body)
	m.URLAndHashList = m.URLAndHashList[:0]
	var t uint8
	var list cryptobyte.String
	if !p.u8(&s, "type", &t) || !p.vec16(&s, "url_and_hash_list", 1, &list) || !p.end(s, "url_and_hash_list") {
		return p.err
	}
	m.ChainType = CertChainType(t)
	for len(list) > 0 {
		var e URLAndHash
		if !p.bytes16(&list, "url", 1, &e.URL) ||
			!p.u8(&list, "padding", &e.Padding) ||
			!p.bytes(&list, "SHA1Hash", sha1HashLen, &e.Hash) {
			return p.err
		}
		m.URLAndHashList = append(m.URLAndHashList, e)
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *CertificateURL) BodyLen() int {
	n := 1 + 2
	for i := range m.URLAndHashList {
		n += 2 + len(m.URLAndHashList[i].URL) + 1 + len(m.URLAndHashList[i].Hash)
	}
	return n
}

// AppendBody appends the CertificateURL body. Each Hash must be 20 bytes
// (ErrLength otherwise).
func (m *CertificateURL) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "CertificateURL"}
	a.u8(uint8(m.ChainType))
	at := a.open(2)
	for i := range m.URLAndHashList {
		e := &m.URLAndHashList[i]
		if len(e.Hash) != sha1HashLen {
			a.fail("SHA1Hash", ErrLength)
		}
		a.vec16("url", e.URL)
		a.u8(e.Padding)
		a.raw(e.Hash)
	}
	a.close(at, 2, "url_and_hash_list")
	return a.result(b)
}

// Validate checks the rules of RFC 6066 §5 beyond the encoding: a known
// CertChainType, a non-empty list (a single entry for pkipath), non-empty
// URLs, padding 0x01 and 20-byte hashes.
func (m *CertificateURL) Validate() error {
	fail := func(field string, cause error) error {
		return &Error{Message: "CertificateURL", Field: field, Offset: -1, Err: cause}
	}
	switch {
	case m.ChainType != CertChainIndividualCerts && m.ChainType != CertChainPKIPath:
		return fail("type", ErrValue)
	case len(m.URLAndHashList) == 0:
		return fail("url_and_hash_list", ErrVectorTooShort)
	case m.ChainType == CertChainPKIPath && len(m.URLAndHashList) != 1:
		return fail("url_and_hash_list", ErrValue)
	}
	for i := range m.URLAndHashList {
		e := &m.URLAndHashList[i]
		switch {
		case len(e.URL) == 0:
			return fail("url", ErrVectorTooShort)
		case e.Padding != 1:
			return fail("padding", ErrValue)
		case len(e.Hash) != sha1HashLen:
			return fail("SHA1Hash", ErrLength)
		}
	}
	return nil
}

// appendJSON appends the chain type and the URLs with their hashes.
func (m *CertificateURL) appendJSON(b []byte, _ *extScratch) []byte {
	b = jReg(b, "chain_type", m.ChainType, greaseNone)
	b = append(jKey(b, "url_and_hash_list"), '[')
	for i := range m.URLAndHashList {
		u := &m.URLAndHashList[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(jOpen(b, "url"), u.URL)
		b = jUint(b, "padding", uint64(u.Padding))
		b = append(jHex(b, "sha1_hash", u.Hash), '}')
	}
	return append(b, ']')
}

// appendSummary appends the chain type and the number of URLs.
func (m *CertificateURL) appendSummary(b []byte, _ *extScratch) []byte {
	b = append(b, "CertificateURL"...)
	b = sName(append(b, ' '), m.ChainType, greaseNone)
	return sCount(b, "urls", len(m.URLAndHashList))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateURL) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
