package wire

import "strconv"

// FormatMessage returns a one-line human summary of handshake message m,
// for logs and listings, e.g.
//
//	ClientHello TLS 1.3 (legacy TLS 1.2) sni=example.com alpn=h2,http/1.1 suites=15 exts=16 groups=X25519MLKEM768,x25519,secp256r1
//	ServerHello TLS 1.3 TLS_AES_128_GCM_SHA256 group=X25519MLKEM768
//	HelloRetryRequest TLS 1.3 TLS_AES_128_GCM_SHA256 group=secp256r1
//	Certificate TLS 1.3 certs=2 first=812B
//
// The form is for people, not for parsing: use AppendMessageJSON for that.
// Text from the wire (host names, protocols) is shown with bytes outside
// printable ASCII as \xNN, so the summary is always one line.
func FormatMessage(m Message) string { return string(AppendMessageSummary(nil, m)) }

// AppendMessageSummary appends the FormatMessage form of m to b. Extensions
// are decoded into pooled values; it allocates nothing for known values
// once the pool is warm and b has room.
func AppendMessageSummary(b []byte, m Message) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendMessageSummary(b, m, sc)
	extScratchPool.Put(sc)
	return b
}

// sName appends the name of a registry value for a person: its registry
// name, "GREASE", or its number in hex (0x..) when unassigned.
func sName[T registryValue](b []byte, v T, g greaseRule) []byte {
	if isGREASEUnder(g, uint64(v)) {
		return append(b, jsonGREASE...)
	}
	if v.Known() {
		return append(b, v.String()...)
	}
	return strconv.AppendUint(append(b, '0', 'x'), uint64(v), 16)
}

// sText appends wire text with every byte outside printable ASCII (and the
// backslash) as \xNN.
func sText(b, s []byte) []byte {
	for _, c := range s {
		if c < 0x20 || c >= 0x7f || c == '\\' {
			b = append(b, '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			continue
		}
		b = append(b, c)
	}
	return b
}

// sSize appends " key=NB".
func sSize(b []byte, key string, n int) []byte {
	b = append(b, ' ')
	b = append(b, key...)
	b = append(b, '=')
	return append(strconv.AppendInt(b, int64(n), 10), 'B')
}

// sCount appends " key=N".
func sCount(b []byte, key string, n int) []byte {
	b = append(b, ' ')
	b = append(b, key...)
	b = append(b, '=')
	return strconv.AppendInt(b, int64(n), 10)
}

// findExt decodes the first extension of type t of exts, as it appears in
// message in, into the scratch value for t; nil if absent or malformed.
func findExt(sc *extScratch, exts Extensions, t ExtensionType, in ExtMessage) ExtensionBody {
	body := sc.body(t)
	if body == nil {
		return nil
	}
	if found, err := exts.Decode(t, in, body); !found || err != nil {
		return nil
	}
	return body
}

// sALPN appends " alpn=p1,p2" (GREASE protocols left out) if exts has ALPN.
func sALPN(b []byte, sc *extScratch, exts Extensions, in ExtMessage) []byte {
	e, ok := findExt(sc, exts, ExtensionALPN, in).(*ALPNExtension)
	if !ok {
		return b
	}
	b = append(b, " alpn="...)
	n := 0
	for _, p := range e.Protocols {
		if IsGREASEALPN(p) {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		b = sText(b, p)
		n++
	}
	return b
}

// summaryNames are the Go names of the message types, used as the first
// word of a summary.
var summaryNames = [256]string{
	TypeHelloRequest:          "HelloRequest",
	TypeClientHello:           "ClientHello",
	TypeServerHello:           "ServerHello",
	TypeHelloVerifyRequest:    "HelloVerifyRequest",
	TypeNewSessionTicket:      "NewSessionTicket",
	TypeEndOfEarlyData:        "EndOfEarlyData",
	TypeEncryptedExtensions:   "EncryptedExtensions",
	TypeRequestConnectionID:   "RequestConnectionID",
	TypeNewConnectionID:       "NewConnectionID",
	TypeCertificate:           "Certificate",
	TypeServerKeyExchange:     "ServerKeyExchange",
	TypeCertificateRequest:    "CertificateRequest",
	TypeServerHelloDone:       "ServerHelloDone",
	TypeCertificateVerify:     "CertificateVerify",
	TypeClientKeyExchange:     "ClientKeyExchange",
	TypeFinished:              "Finished",
	TypeCertificateURL:        "CertificateURL",
	TypeCertificateStatus:     "CertificateStatus",
	TypeSupplementalData:      "SupplementalData",
	TypeKeyUpdate:             "KeyUpdate",
	TypeCompressedCertificate: "CompressedCertificate",
	TypeEKTKey:                "EKTKey",
	TypeNextProtocol:          "NextProtocol",
	TypeMessageHash:           "MessageHash",
}

// appendMessageSummary is AppendMessageSummary with the caller's scratch values.
func appendMessageSummary(b []byte, msg Message, sc *extScratch) []byte {
	t := msg.Type()
	if _, raw := msg.(*UnknownMessage); raw || summaryNames[t] == "" {
		b = append(b, "Handshake("...)
		b = append(strconv.AppendUint(b, uint64(t), 10), ')')
		if t.Known() {
			b = append(append(b, ' '), t.String()...)
		}
		return sSize(b, "body", msg.BodyLen())
	}
	switch m := msg.(type) {
	case *ClientHello:
		return appendClientHelloSummary(b, m, sc)
	case *ServerHello:
		return appendServerHelloSummary(b, m, sc)
	}
	b = append(b, summaryNames[t]...)
	switch m := msg.(type) {
	case *HelloVerifyRequest:
		b = sName(append(b, ' '), ProtocolVersion(m.ServerVersion), grease16)
		b = sSize(b, "cookie", len(m.Cookie))
	case *NewSessionTicket:
		if m.TLS13 {
			b = append(b, " TLS 1.3"...)
		}
		b = sCount(b, "lifetime", int(m.Lifetime))
		b = sSize(b, "ticket", len(m.Ticket))
		if m.TLS13 {
			b = sCount(b, "exts", len(m.Extensions))
			if e, ok := findExt(sc, m.Extensions, ExtensionEarlyData, InNewSessionTicket).(*EarlyDataExtension); ok {
				b = sCount(b, "max_early_data", int(e.MaxEarlyDataSize))
			}
		}
	case *EncryptedExtensions:
		b = sCount(b, "exts", len(m.Extensions))
		b = sALPN(b, sc, m.Extensions, InEncryptedExtensions)
	case *RequestConnectionID:
		b = sCount(b, "num_cids", int(m.NumCIDs))
	case *NewConnectionID:
		b = sCount(b, "cids", len(m.CIDs))
		b = append(append(b, " usage="...), tableName(&cidUsageNames, uint8(m.Usage))...)
	case *Certificate:
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
	case *ServerKeyExchange:
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
	case *CertificateRequest:
		if m.Form == CertificateRequestTLS13 {
			b = append(b, " TLS 1.3"...)
			b = sCount(b, "exts", len(m.Extensions))
		} else {
			b = sCount(b, "types", len(m.CertificateTypes))
			if m.Form == CertificateRequestTLS12 {
				b = sCount(b, "sigalgs", len(m.SignatureAlgorithms))
			}
			b = sCount(b, "cas", len(m.CertificateAuthorities))
		}
	case *CertificateVerify:
		if m.HasAlgorithm {
			b = sName(append(b, ' '), SignatureScheme(m.Algorithm), grease16)
		}
		b = sSize(b, "sig", len(m.Signature))
	case *ClientKeyExchange:
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
	case *Finished:
		b = sSize(b, "verify_data", len(m.VerifyData))
	case *CertificateURL:
		b = sName(append(b, ' '), m.ChainType, greaseNone)
		b = sCount(b, "urls", len(m.URLAndHashList))
	case *CertificateStatus:
		b = sName(append(b, ' '), m.StatusType, greaseNone)
		switch m.StatusType {
		case CertStatusOCSP:
			b = sSize(b, "response", len(m.OCSPResponse))
		case CertStatusOCSPMulti:
			b = sCount(b, "responses", len(m.OCSPResponseList))
		default:
			b = sSize(b, "response", len(m.Response))
		}
	case *SupplementalData:
		b = sCount(b, "entries", len(m.Entries))
	case *KeyUpdate:
		b = sName(append(b, ' '), m.RequestUpdate, greaseNone)
	case *CompressedCertificate:
		b = sName(append(b, ' '), m.Algorithm, grease16)
		b = sSize(b, "compressed", len(m.CompressedCertificateMessage))
		b = sSize(b, "uncompressed", int(m.UncompressedLength))
	case *EKTKey:
		b = sCount(b, "spi", int(m.EKTSPI))
		b = sCount(b, "ttl", int(m.EKTTTL))
	case *NextProtocol:
		b = sText(append(b, " protocol="...), m.SelectedProtocol)
	case *MessageHash:
		b = sSize(b, "hash", len(m.Hash))
	}
	return b
}

// appendClientHelloSummary: version (from supported_versions, the first
// non-GREASE entry, with the legacy version when they differ), SNI, ALPN,
// counts, and the non-GREASE supported groups.
func appendClientHelloSummary(b []byte, m *ClientHello, sc *extScratch) []byte {
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

// appendServerHelloSummary: HelloRetryRequest or ServerHello, the
// negotiated version (supported_versions, else legacy_version), the cipher
// suite, the key share group and ALPN; without a key share (TLS 1.2 and
// earlier), the number of extensions.
func appendServerHelloSummary(b []byte, m *ServerHello, sc *extScratch) []byte {
	in := InServerHello
	if m.IsHelloRetryRequest() {
		in = InHelloRetryRequest
		b = append(b, "HelloRetryRequest "...)
	} else {
		b = append(b, "ServerHello "...)
	}
	version := ProtocolVersion(m.LegacyVersion)
	if e, ok := findExt(sc, m.Extensions, ExtensionSupportedVersions, in).(*SupportedVersionsExtension); ok {
		version = ProtocolVersion(e.Selected)
	}
	b = sName(b, version, grease16)
	b = sName(append(b, ' '), CipherSuite(m.CipherSuite), grease16)
	e, keyShare := findExt(sc, m.Extensions, ExtensionKeyShare, in).(*KeyShareExtension)
	if keyShare {
		g := e.ServerShare.Group
		if in == InHelloRetryRequest {
			g = e.SelectedGroup
		}
		b = sName(append(b, " group="...), NamedGroup(g), grease16)
	}
	b = sALPN(b, sc, m.Extensions, in)
	if !keyShare { // TLS 1.2 and earlier: the extensions say more than a group
		b = sCount(b, "exts", len(m.Extensions))
	}
	return b
}
