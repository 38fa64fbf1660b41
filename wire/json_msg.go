package wire

import "strconv"

// AppendMessageJSON appends the JSON object of handshake message m
// (docs/json.md): {"type":N,"name":"...", the fields of the message in the
// form it was decoded in, "extensions":[...]}. Extensions are rendered
// typed, decoded into pooled values: rendering a message into a buffer with
// enough room allocates nothing once the pool is warm. A message type that
// this package does not render (only possible for a caller's own Message
// implementation) is rendered as its encoded body in hex under "body".
func AppendMessageJSON(b []byte, m Message) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendMessageJSON(b, m, sc)
	extScratchPool.Put(sc)
	return b
}

// appendMessageJSON is AppendMessageJSON with the caller's scratch values.
func appendMessageJSON(b []byte, m Message, sc *extScratch) []byte {
	t := m.Type()
	b = strconv.AppendUint(jOpen(b, "type"), uint64(t), 10)
	b = jText(b, "name", regName(t, greaseNone))
	if out, ok := appendMessageBodyJSON(b, m, sc); ok {
		return append(out, '}')
	}
	// A Message implementation from outside the package: its encoding.
	body, err := m.AppendBody(nil)
	if err != nil {
		b = jText(b, "error", err.Error())
	}
	return append(jHex(b, "body", body), '}')
}

// appendMessageBodyJSON appends the members of a message after its type
// and name. ok is false for a type it does not know;
// TestJSONCoversEveryMessage keeps that list complete.
func appendMessageBodyJSON(b []byte, msg Message, sc *extScratch) (_ []byte, ok bool) {
	switch m := msg.(type) {
	case *UnknownMessage:
		b = jHex(b, "body", m.Body)
	case *HelloRequest, *EndOfEarlyData, *ServerHelloDone:
		// empty body
	case *ClientHello:
		b = appendClientHelloJSON(b, m, sc)
	case *ServerHello:
		b = jReg(b, "legacy_version", ProtocolVersion(m.LegacyVersion), grease16)
		b = jHex(b, "random", m.Random)
		in := InServerHello
		if m.IsHelloRetryRequest() {
			in = InHelloRetryRequest
		}
		b = jBool(b, "hello_retry_request", in == InHelloRetryRequest)
		b = jHex(b, "legacy_session_id_echo", m.SessionID)
		b = jReg(b, "cipher_suite", CipherSuite(m.CipherSuite), grease16)
		b = jReg(b, "legacy_compression_method", CompressionMethod(m.CompressionMethod), greaseNone)
		b = appendExtensionsJSON(b, "extensions", m.Extensions, in, sc)
	case *HelloVerifyRequest:
		b = jReg(b, "server_version", ProtocolVersion(m.ServerVersion), grease16)
		b = jHex(b, "cookie", m.Cookie)
	case *NewSessionTicket:
		b = jUint(b, "ticket_lifetime", uint64(m.Lifetime))
		if m.TLS13 {
			b = jUint(b, "ticket_age_add", uint64(m.AgeAdd))
			b = jHex(b, "ticket_nonce", m.Nonce)
			b = jHex(b, "ticket", m.Ticket)
			b = appendExtensionsJSON(b, "extensions", m.Extensions, InNewSessionTicket, sc)
		} else {
			b = jHex(b, "ticket", m.Ticket)
		}
	case *EncryptedExtensions:
		b = appendExtensionsJSON(b, "extensions", m.Extensions, InEncryptedExtensions, sc)
	case *RequestConnectionID:
		b = jUint(b, "num_cids", uint64(m.NumCIDs))
	case *NewConnectionID:
		b = jHexList(b, "cids", m.CIDs)
		b = jTable(b, "usage", &cidUsageNames, uint8(m.Usage))
	case *Certificate:
		b = appendCertificateJSON(b, m, sc)
	case *ServerKeyExchange:
		b = appendServerKeyExchangeJSON(b, m)
	case *CertificateRequest:
		switch m.Form {
		case CertificateRequestTLS13:
			b = jHex(b, "certificate_request_context", m.RequestContext)
			b = appendExtensionsJSON(b, "extensions", m.Extensions, InCertificateRequest, sc)
		default:
			b = jRegList[ClientCertificateType](b, "certificate_types", "certificate_type_names", m.CertificateTypes, greaseNone)
			if m.Form == CertificateRequestTLS12 {
				b = jRegList[SignatureScheme](b, "supported_signature_algorithms", "supported_signature_algorithm_names", m.SignatureAlgorithms, grease16)
			}
			b = jHexList(b, "certificate_authorities", m.CertificateAuthorities)
		}
	case *CertificateVerify:
		if m.HasAlgorithm {
			b = jReg(b, "algorithm", SignatureScheme(m.Algorithm), grease16)
		}
		b = jHex(b, "signature", m.Signature)
	case *ClientKeyExchange:
		b = appendClientKeyExchangeJSON(b, m)
	case *Finished:
		b = jHex(b, "verify_data", m.VerifyData)
	case *CertificateURL:
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
		b = append(b, ']')
	case *CertificateStatus:
		b = jReg(b, "status_type", m.StatusType, greaseNone)
		switch m.StatusType {
		case CertStatusOCSP:
			b = jHex(b, "ocsp_response", m.OCSPResponse)
		case CertStatusOCSPMulti:
			b = jHexList(b, "ocsp_response_list", m.OCSPResponseList)
		default:
			b = jHex(b, "response", m.Response)
		}
	case *SupplementalData:
		b = append(jKey(b, "supp_data"), '[')
		for i, e := range m.Entries {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(jOpen(b, "supp_data_type"), uint64(e.DataType), 10)
			b = append(b, `,"supp_data_type_name":`...)
			b = appendJSONText(b, regName(SupplementalDataType(e.DataType), greaseNone))
			b = append(jHex(b, "supp_data", e.Data), '}')
		}
		b = append(b, ']')
	case *KeyUpdate:
		b = jReg(b, "request_update", m.RequestUpdate, greaseNone)
	case *CompressedCertificate:
		b = jReg(b, "algorithm", m.Algorithm, grease16)
		b = jUint(b, "uncompressed_length", uint64(m.UncompressedLength))
		b = jHex(b, "compressed_certificate_message", m.CompressedCertificateMessage)
	case *EKTKey:
		b = jHex(b, "ekt_key_value", m.EKTKeyValue)
		b = jHex(b, "srtp_master_salt", m.SRTPMasterSalt)
		b = jUint(b, "ekt_spi", uint64(m.EKTSPI))
		b = jUint(b, "ekt_ttl", uint64(m.EKTTTL))
	case *NextProtocol:
		b = jText(b, "selected_protocol", m.SelectedProtocol)
		b = jUint(b, "padding_length", uint64(len(m.Padding)))
	case *MessageHash:
		b = jHex(b, "hash", m.Hash)
	default:
		return b, false
	}
	return b, true
}

// cidUsageNames names ConnectionIdUsage (RFC 9147 §9).
var cidUsageNames = [256]string{CIDImmediate: "cid_immediate", CIDSpare: "cid_spare"}

// appendClientHelloJSON appends the ClientHello members (RFC 8446 §4.1.2,
// RFC 6347 §4.2.1 for the DTLS cookie; the SSL 2.0 compatible form of RFC
// 5246 Appendix E.2 has "sslv2":true and cipher_specs).
func appendClientHelloJSON(b []byte, m *ClientHello, sc *extScratch) []byte {
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

// appendCertificateJSON appends the Certificate members (RFC 8446 §4.4.2,
// RFC 5246 §7.4.2, RFC 7250 for raw public keys).
func appendCertificateJSON(b []byte, m *Certificate, sc *extScratch) []byte {
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

// jHexIf appends `,"key":"hex"` when data is not nil (the field belongs to
// the decoded form).
func jHexIf(b []byte, key string, data []byte) []byte {
	if data == nil {
		return b
	}
	return jHex(b, key, data)
}

// appendServerKeyExchangeJSON appends the ServerKeyExchange members of its
// key exchange (RFC 5246 §7.4.3, RFC 8422 §5.4, RFC 4279, RFC 5489, RFC
// 5054 §2.8.1, RFC 8492 §3.2.2). "key_exchange" names the layout.
func appendServerKeyExchangeJSON(b []byte, m *ServerKeyExchange) []byte {
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

// appendClientKeyExchangeJSON appends the ClientKeyExchange members of its
// key exchange (RFC 5246 §7.4.7 and the RFCs of ClientKeyExchange).
func appendClientKeyExchangeJSON(b []byte, m *ClientKeyExchange) []byte {
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
