package wire

import "golang.org/x/crypto/cryptobyte"

// ClientHello is the first message of a handshake (RFC 8446 §4.1.2,
// RFC 5246 §7.4.1.2, DTLS: RFC 6347 §4.2.1 and RFC 9147 §5.3). The DTLS form,
// with its cookie, is used when LegacyVersion is a DTLS version
// (IsDTLSVersion) or when DTLS is set: decoding sets it when the context
// says the hello came over DTLS (a DTLS Context.Version, as a Decoder of a
// DTLS connection has), so that a DTLS hello with any legacy_version, such
// as 0xfdff or 0xffff (RFC 6347 §4.1: versions below the peer's), is read
// in its form. A ClientHello received in an SSL 2.0 compatible record
// (RFC 5246 §E.2) decodes into the same type with SSLv2 set; see
// UnmarshalSSLv2.
type ClientHello struct {
	// LegacyVersion is client_version (TLS <= 1.2) or legacy_version
	// (TLS 1.3, fixed to 0x0303; the real versions are in supported_versions).
	LegacyVersion uint16
	// Random is the 32-byte random (the SSLv2 challenge, 16 to 32 bytes, when SSLv2 is set).
	Random []byte
	// SessionID is legacy_session_id<0..32>.
	SessionID []byte
	// Cookie is the DTLS cookie<0..2^8-1> (RFC 6347 §4.2.1); DTLS only.
	Cookie []byte
	// CipherSuites is cipher_suites<2..2^16-2>, in wire order, GREASE included.
	CipherSuites []uint16
	// CompressionMethods is legacy_compression_methods<1..2^8-1>.
	CompressionMethods []byte
	// ExtensionsPresent records whether the extensions block was present
	// (TLS 1.0-era hellos may omit it). Append writes the block when this
	// is set or Extensions is not empty.
	ExtensionsPresent bool
	// Extensions in wire order.
	Extensions Extensions

	// DTLS selects the DTLS form (RFC 6347 §4.2.1) whatever LegacyVersion
	// is. UnmarshalBody sets it when its context's Version is a DTLS
	// version; a LegacyVersion that is a DTLS version selects that form
	// even when DTLS is not set.
	DTLS bool

	// SSLv2 marks a hello decoded from an SSL 2.0 CLIENT-HELLO (RFC 5246
	// §E.2); Append then writes that form (without the 2-byte record header).
	SSLv2 bool
	// SSLv2CipherSpecs are the 24-bit V2CipherSpec values of an SSLv2
	// hello; CipherSuites then holds those whose first byte is zero.
	SSLv2CipherSpecs []uint32
}

// Type returns TypeClientHello.
func (*ClientHello) Type() HandshakeType { return TypeClientHello }

// Unmarshal decodes a complete ClientHello handshake message (with header).
func (m *ClientHello) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *ClientHello) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *ClientHello) Len() int { return MessageLen(m) }

// IsDTLS reports whether the hello uses the DTLS form: DTLS is set or
// LegacyVersion is a DTLS version.
func (m *ClientHello) IsDTLS() bool { return m.DTLS || IsDTLSVersion(m.LegacyVersion) }

// UnmarshalBody decodes a ClientHello body. The DTLS form is read when
// ctx.Version is a DTLS version (see DTLS) or legacy_version is one.
func (m *ClientHello) UnmarshalBody(body []byte, ctx Context) error {
	p := newParser("ClientHello", body)
	s := cryptobyte.String(body)
	m.DTLS = IsDTLSVersion(ctx.Version)
	m.SSLv2 = false
	m.SSLv2CipherSpecs = m.SSLv2CipherSpecs[:0]
	m.Cookie = nil
	m.ExtensionsPresent = false
	m.Extensions = m.Extensions[:0]
	m.CipherSuites = m.CipherSuites[:0]
	var suites cryptobyte.String
	var ok bool
	if !p.u16(&s, "legacy_version", &m.LegacyVersion) ||
		!p.bytes(&s, "random", 32, &m.Random) ||
		!p.bytes8(&s, "legacy_session_id", 0, &m.SessionID) ||
		(m.IsDTLS() && !p.bytes8(&s, "cookie", 0, &m.Cookie)) ||
		!p.vec16(&s, "cipher_suites", 2, &suites) {
		return p.err
	}
	if m.CipherSuites, ok = p.u16list(suites, "cipher_suites", m.CipherSuites); !ok ||
		!p.bytes8(&s, "legacy_compression_methods", 1, &m.CompressionMethods) {
		return p.err
	}
	if len(s) == 0 {
		return nil
	}
	m.ExtensionsPresent = true
	if m.Extensions, ok = p.extensionsBlock(&s, "extensions", m.Extensions); !ok || !p.end(s, "extensions") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *ClientHello) BodyLen() int {
	if m.SSLv2 {
		return sslv2HelloLen(m)
	}
	n := 2 + len(m.Random) + 1 + len(m.SessionID) + 2 + 2*len(m.CipherSuites) + 1 + len(m.CompressionMethods)
	if m.IsDTLS() {
		n += 1 + len(m.Cookie)
	}
	if m.ExtensionsPresent || len(m.Extensions) > 0 {
		n += 2 + m.Extensions.bodyLen()
	}
	return n
}

// AppendBody appends the ClientHello body (the SSLv2 CLIENT-HELLO when SSLv2 is set).
func (m *ClientHello) AppendBody(b []byte) ([]byte, error) {
	if m.SSLv2 {
		return appendSSLv2Hello(b, m)
	}
	a := appender{b: b, msg: "ClientHello"}
	m.appendBeforeExtensions(&a)
	if m.ExtensionsPresent || len(m.Extensions) > 0 {
		a.extensions("extensions", m.Extensions)
	}
	return a.result(b)
}

// appendBeforeExtensions appends the fields of the (TLS or DTLS) body
// that precede the extensions block.
func (m *ClientHello) appendBeforeExtensions(a *appender) {
	if len(m.Random) != 32 {
		a.fail("random", ErrLength)
	}
	a.u16(m.LegacyVersion)
	a.raw(m.Random)
	a.vec8("legacy_session_id", m.SessionID)
	if m.IsDTLS() {
		a.vec8("cookie", m.Cookie)
	}
	a.u16list(2, "cipher_suites", m.CipherSuites)
	a.vec8("legacy_compression_methods", m.CompressionMethods)
}

// appendJSON appends the ClientHello members (RFC 8446 §4.1.2, RFC 6347
// §4.2.1 for the DTLS cookie; the SSL 2.0 compatible form of RFC 5246
// Appendix E.2 has "sslv2":true and cipher_specs).
func (m *ClientHello) appendJSON(b []byte, sc *extScratch) []byte {
	b = jReg(b, "legacy_version", ProtocolVersion(m.LegacyVersion), grease16)
	if m.SSLv2 {
		b = jBool(b, "sslv2", true)
		b = jRegList[SSLv2CipherKind](b, "cipher_specs", "cipher_spec_names", m.SSLv2CipherSpecs, greaseNone)
		b = jHex(b, "session_id", m.SessionID)
		b = jHex(b, "challenge", m.Random)
		// The TLS suites among the specs, so that cipher_suites is always there.
		b = jRegList[CipherSuite](b, "cipher_suites", "cipher_suite_names", m.CipherSuites, grease16)
		return append(jKey(b, "extensions"), '[', ']')
	}
	b = jHex(b, "random", m.Random)
	b = jHex(b, "legacy_session_id", m.SessionID)
	if m.IsDTLS() {
		b = jHex(b, "cookie", m.Cookie)
	}
	b = jRegList[CipherSuite](b, "cipher_suites", "cipher_suite_names", m.CipherSuites, grease16)
	b = jRegList[CompressionMethod](b, "legacy_compression_methods", "legacy_compression_method_names", m.CompressionMethods, greaseNone)
	return appendExtensionsJSON(b, "extensions", m.Extensions, InClientHello, sc)
}

// appendSummary appends the version (from supported_versions, the first
// non-GREASE entry, with the legacy version when they differ), SNI, ALPN,
// counts, and the non-GREASE supported groups.
func (m *ClientHello) appendSummary(b []byte, sc *extScratch) []byte {
	b = append(b, "ClientHello "...)
	if m.SSLv2 {
		b = sName(append(b, "SSLv2-compat "...), ProtocolVersion(m.LegacyVersion), grease16)
		return sCount(b, "specs", len(m.SSLv2CipherSpecs))
	}
	legacy := ProtocolVersion(m.LegacyVersion)
	version := legacy
	if e, ok := findExt(sc, m.Extensions, ExtensionSupportedVersions, InClientHello).(*SupportedVersionsExtension); ok {
		for _, v := range e.Versions {
			if !IsGREASE(v) {
				version = ProtocolVersion(v)
				break
			}
		}
	}
	b = sName(b, version, grease16)
	if version != legacy {
		b = sName(append(b, " (legacy "...), legacy, grease16)
		b = append(b, ')')
	}
	if m.IsDTLS() && len(m.Cookie) > 0 {
		b = sSize(b, "cookie", len(m.Cookie))
	}
	if e, ok := findExt(sc, m.Extensions, ExtensionServerName, InClientHello).(*ServerNameExtension); ok {
		for _, n := range e.Names {
			if n.NameType == 0 {
				b = sText(append(b, " sni="...), n.Name)
				break
			}
		}
	}
	b = sALPN(b, sc, m.Extensions, InClientHello)
	b = sCount(b, "suites", len(m.CipherSuites))
	b = sCount(b, "exts", len(m.Extensions))
	if e, ok := findExt(sc, m.Extensions, ExtensionSupportedGroups, InClientHello).(*SupportedGroupsExtension); ok {
		b = append(b, " groups="...)
		n := 0
		for _, g := range e.Groups {
			if IsGREASE(g) {
				continue
			}
			if n > 0 {
				b = append(b, ',')
			}
			b = sName(b, NamedGroup(g), grease16)
			n++
		}
	}
	return b
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *ClientHello) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
