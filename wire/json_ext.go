package wire

import (
	"strconv"
	"sync"
)

// extScratch holds one reusable value of every typed extension, built from
// the constructor tables (ext_decode.go) on first use, so that rendering
// decodes extension bodies without allocating once the values have grown.
// A pooled value keeps aliasing the last body decoded into it until it is
// reused or the pool drops it; the bytes are only read, never written.
type extScratch struct {
	low  [len(newExtensionLow)]ExtensionBody
	high [len(newExtensionHigh)]ExtensionBody
}

var extScratchPool = sync.Pool{New: func() any { return new(extScratch) }}

// body returns the reusable typed value for t, or nil if t has no typed form.
func (sc *extScratch) body(t ExtensionType) ExtensionBody {
	if int(t) < len(sc.low) {
		if sc.low[t] == nil && newExtensionLow[t] != nil {
			sc.low[t] = newExtensionLow[t]()
		}
		return sc.low[t]
	}
	for i := range newExtensionHigh {
		if newExtensionHigh[i].t == t {
			if sc.high[i] == nil {
				sc.high[i] = newExtensionHigh[i].new()
			}
			return sc.high[i]
		}
	}
	return nil
}

// AppendExtensionJSON appends the JSON object of extension e as it appears
// in message in (docs/json.md): {"type":N,"name":"...", fields of the
// typed body}. An extension without a typed form, one whose body does not
// decode (the object then also has "error"), or one rendered with in == 0
// (message unknown) is {"type":N,"name":"...","data":"hex"}. The typed
// body is decoded into a pooled value: rendering allocates nothing once
// the pool is warm, except for the error text of a malformed body.
func AppendExtensionJSON(b []byte, e Extension, in ExtMessage) []byte {
	sc := extScratchPool.Get().(*extScratch)
	b = appendExtensionJSON(b, e, in, sc)
	extScratchPool.Put(sc)
	return b
}

// appendExtensionJSON is AppendExtensionJSON with the caller's scratch values.
func appendExtensionJSON(b []byte, e Extension, in ExtMessage, sc *extScratch) []byte {
	b = strconv.AppendUint(jOpen(b, "type"), uint64(e.Type), 10)
	b = jText(b, "name", regName(e.Type, grease16))
	if body := sc.body(e.Type); body != nil && in != 0 {
		err := body.Unmarshal(e.Data, in)
		if err == nil {
			if out, ok := appendExtensionBodyJSON(b, body); ok {
				return append(out, '}')
			}
		} else {
			b = jText(b, "error", err.Error())
		}
	}
	return append(jHex(b, "data", e.Data), '}')
}

// appendExtensionsJSON appends `,"key":[extension objects]`.
func appendExtensionsJSON(b []byte, key string, exts Extensions, in ExtMessage, sc *extScratch) []byte {
	b = append(jKey(b, key), '[')
	for i := range exts {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendExtensionJSON(b, exts[i], in, sc)
	}
	return append(b, ']')
}

// trustedAuthorityTypeNames names IdentifierType of RFC 6066 §6.
var trustedAuthorityTypeNames = [256]string{0: "pre_agreed", 1: "key_sha1_hash", 2: "x509_name", 3: "cert_sha1_hash"}

// ektCipherNames names the IANA "EKT Ciphers" registry (RFC 8870 §7.4).
var ektCipherNames = [256]string{1: "AESKW128", 2: "AESKW256"}

// echTypeNames names ECHClientHelloType (RFC 9849 §5).
var echTypeNames = [256]string{ECHClientHelloOuter: "outer", ECHClientHelloInner: "inner"}

// tableName is regName for an 8-bit value named by a local table.
func tableName(tab *[256]string, v uint8) string {
	if tab[v] != "" {
		return tab[v]
	}
	return jsonUnassigned
}

// jTable appends `,"key":N,"key_name":"name"` for a value named by tab.
func jTable(b []byte, key string, tab *[256]string, v uint8) []byte {
	b = strconv.AppendUint(jKey(b, key), uint64(v), 10)
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, `_name":`...)
	return appendJSONText(b, tableName(tab, v))
}

// jTableList appends parallel number and name arrays for values named by tab.
func jTableList(b []byte, key, namesKey string, tab *[256]string, vs []byte) []byte {
	b = append(jKey(b, key), '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	b = append(jKey(append(b, ']'), namesKey), '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(b, tableName(tab, v))
	}
	return append(b, ']')
}

// quicIntegerParameter reports whether the value of transport parameter id
// is a variable-length integer (RFC 9000 §18.2 and the drafts in the table).
func quicIntegerParameter(id QUICTransportParameterID) bool {
	switch id {
	case QUICParamMaxIdleTimeout, QUICParamMaxUDPPayloadSize, QUICParamInitialMaxData,
		QUICParamInitialMaxStreamDataBidiLocal, QUICParamInitialMaxStreamDataBidiRemote,
		QUICParamInitialMaxStreamDataUni, QUICParamInitialMaxStreamsBidi, QUICParamInitialMaxStreamsUni,
		QUICParamAckDelayExponent, QUICParamMaxAckDelay, QUICParamActiveConnectionIDLimit,
		QUICParamMaxDatagramFrameSize, QUICParamMinAckDelayDraft:
		return true
	}
	return false
}

// appendQUICParametersJSON appends `,"parameters":[...]`.
func appendQUICParametersJSON(b []byte, e *QUICTransportParametersExtension) []byte {
	b = append(jKey(b, "parameters"), '[')
	for i := range e.Parameters {
		p := &e.Parameters[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(jOpen(b, "id"), uint64(p.ID), 10)
		b = jText(b, "name", regName(p.ID, greaseQUIC))
		b = jHex(b, "value", p.Value)
		if v, ok := p.Varint(); ok && quicIntegerParameter(p.ID) {
			b = jUint(b, "int", v)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendHPKESuiteJSON appends {"kdf_id":..,"aead_id":..} with names.
func appendHPKESuiteJSON(b []byte, s HPKESymmetricCipherSuite) []byte {
	b = strconv.AppendUint(jOpen(b, "kdf_id"), uint64(s.KDFID), 10)
	b = append(b, `,"kdf_id_name":`...)
	b = appendJSONText(b, regName(HPKEKDF(s.KDFID), greaseNone))
	b = jReg(b, "aead_id", HPKEAEAD(s.AEADID), greaseNone)
	return append(b, '}')
}

// appendECHConfigsJSON appends `,"key":[ECHConfig objects]` (RFC 9849 §4).
func appendECHConfigsJSON(b []byte, key string, list ECHConfigList) []byte {
	b = append(jKey(b, key), '[')
	for i := range list {
		c := &list[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(jOpen(b, "version"), uint64(c.Version), 10)
		if c.Version != ECHConfigVersion {
			b = append(jHex(b, "contents", c.Contents), '}')
			continue
		}
		b = jUint(b, "config_id", uint64(c.ConfigID))
		b = jReg(b, "kem_id", HPKEKEM(c.KEMID), greaseNone)
		b = jHex(b, "public_key", c.PublicKey)
		b = append(jKey(b, "cipher_suites"), '[')
		for j, s := range c.CipherSuites {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendHPKESuiteJSON(b, s)
		}
		b = append(b, ']')
		b = jUint(b, "maximum_name_length", uint64(c.MaximumNameLength))
		b = jText(b, "public_name", c.PublicName)
		// ECHConfig extensions have no typed forms: render them raw.
		b = append(jKey(b, "extensions"), '[')
		for j := range c.Extensions {
			if j > 0 {
				b = append(b, ',')
			}
			x := c.Extensions[j]
			b = strconv.AppendUint(jOpen(b, "type"), uint64(x.Type), 10)
			b = jText(b, "name", regName(x.Type, grease16))
			b = append(jHex(b, "data", x.Data), '}')
		}
		b = append(b, ']', '}')
	}
	return append(b, ']')
}

// appendExtensionBodyJSON appends the members of a typed extension body
// (each preceded by a comma) in the form the value was decoded in. ok is
// false for a type it does not know; TestJSONCoversEveryExtension keeps
// that list complete.
func appendExtensionBodyJSON(b []byte, body ExtensionBody) (_ []byte, ok bool) {
	switch e := body.(type) {
	case *Extension:
		b = jHex(b, "data", e.Data)
	case *ServerNameExtension:
		if e.In == InClientHello {
			b = append(jKey(b, "server_name_list"), '[')
			for i, n := range e.Names {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(jOpen(b, "name_type"), uint64(n.NameType), 10)
				b = append(b, `,"name_type_name":`...)
				b = appendJSONText(b, regName(n.NameType, greaseNone))
				b = append(jText(b, "host_name", n.Name), '}')
			}
			b = append(b, ']')
		}
	case *MaxFragmentLengthExtension:
		b = jReg(b, "max_fragment_length", MaxFragmentLength(e.Length), greaseNone)
	case *ClientCertificateURLExtension, *TruncatedHMACExtension, *EncryptThenMACExtension,
		*ExtendedMasterSecretExtension, *TLSLTSExtension, *TLSCertWithExternPSKExtension,
		*PostHandshakeAuthExtension, *RRCExtension, *ChannelIDExtension, *ChannelIDOldExtension:
		// empty extension_data: type and name say everything
	case *TrustedCAKeysExtension:
		if e.In == InClientHello {
			b = append(jKey(b, "trusted_authorities_list"), '[')
			for i, a := range e.Authorities {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(jOpen(b, "identifier_type"), uint64(a.IdentifierType), 10)
				b = append(b, `,"identifier_type_name":`...)
				b = appendJSONText(b, tableName(&trustedAuthorityTypeNames, a.IdentifierType))
				b = append(jHex(b, "identifier", a.Identifier), '}')
			}
			b = append(b, ']')
		}
	case *StatusRequestExtension:
		if e.In != InClientHello && e.In != InCertificate {
			break
		}
		b = jReg(b, "status_type", e.StatusType, greaseNone)
		switch {
		case e.StatusType != CertStatusOCSP:
			b = jHex(b, "request", e.Other)
		case e.In == InClientHello:
			b = jHexList(b, "responder_id_list", e.ResponderIDs)
			b = jHex(b, "request_extensions", e.RequestExtensions)
		default:
			b = jHex(b, "ocsp_response", e.OCSPResponse)
		}
	case *UserMappingExtension:
		b = jRegList[UserMappingType](b, "user_mapping_types", "user_mapping_type_names", e.Types, greaseNone)
	case *ClientAuthzExtension:
		b = jRegList[AuthzDataFormat](b, "authz_formats", "authz_format_names", e.Formats, greaseNone)
	case *ServerAuthzExtension:
		b = jRegList[AuthzDataFormat](b, "authz_formats", "authz_format_names", e.Formats, greaseNone)
	case *CertTypeExtension:
		b = appendCertTypesJSON(b, e.In, e.Types, e.Selected)
	case *ClientCertificateTypeExtension:
		b = appendCertTypesJSON(b, e.In, e.Types, e.Selected)
	case *ServerCertificateTypeExtension:
		b = appendCertTypesJSON(b, e.In, e.Types, e.Selected)
	case *SupportedEKTCiphersExtension:
		if e.In == InClientHello {
			b = jTableList(b, "ekt_ciphers", "ekt_cipher_names", &ektCipherNames, e.Types)
		} else {
			b = jTable(b, "ekt_cipher", &ektCipherNames, e.Selected)
		}
	case *SupportedGroupsExtension:
		b = jRegList[NamedGroup](b, "groups", "group_names", e.Groups, grease16)
	case *ECPointFormatsExtension:
		b = jRegList[ECPointFormat](b, "ec_point_formats", "ec_point_format_names", e.Formats, greaseNone)
	case *SRPExtension:
		b = jText(b, "srp_I", e.Identity)
	case *SignatureAlgorithmsExtension:
		b = jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
	case *SignatureAlgorithmsCertExtension:
		b = jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
	case *UseSRTPExtension:
		b = jRegList[SRTPProtectionProfile](b, "profiles", "profile_names", e.Profiles, greaseNone)
		b = jHex(b, "mki", e.MKI)
	case *HeartbeatExtension:
		b = jReg(b, "mode", HeartbeatMode(e.Mode), greaseNone)
	case *ALPNExtension:
		b = jTextList(b, "protocols", e.Protocols)
	case *StatusRequestV2Extension:
		if e.In == InClientHello {
			b = append(jKey(b, "certificate_status_req_list"), '[')
			for i, it := range e.Items {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(jOpen(b, "status_type"), uint64(it.StatusType), 10)
				b = append(b, `,"status_type_name":`...)
				b = appendJSONText(b, regName(it.StatusType, greaseNone))
				b = append(jHex(b, "request", it.Request), '}')
			}
			b = append(b, ']')
		}
	case *SignedCertificateTimestampExtension:
		if !sctEmptyForm(e.In) {
			b = jHexList(b, "sct_list", e.SCTs)
		}
	case *TransparencyInfoExtension:
		if !sctEmptyForm(e.In) {
			b = jHexList(b, "items", e.Items)
		}
	case *PaddingExtension:
		b = jUint(b, "padding_length", uint64(len(e.Padding)))
		for _, c := range e.Padding {
			if c != 0 {
				b = jHex(b, "padding", e.Padding) // RFC 7685 §3: must be zero
				break
			}
		}
	case *TokenBindingExtension:
		b = jUint(b, "major", uint64(e.Major))
		b = jUint(b, "minor", uint64(e.Minor))
		b = jRegList[TokenBindingKeyParameters](b, "key_parameters", "key_parameter_names", e.KeyParameters, greaseNone)
	case *CachedInfoExtension:
		b = append(jKey(b, "cached_info"), '[')
		for i, o := range e.Objects {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendUint(jOpen(b, "cached_type"), uint64(o.Type), 10)
			b = append(b, `,"cached_type_name":`...)
			b = appendJSONText(b, regName(CachedInformationType(o.Type), greaseNone))
			if e.In == InClientHello {
				b = jHex(b, "hash_value", o.HashValue)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	case *CompressCertificateExtension:
		b = jRegList[CertCompressionAlgorithm](b, "algorithms", "algorithm_names", e.Algorithms, grease16)
	case *RecordSizeLimitExtension:
		b = jUint(b, "record_size_limit", uint64(e.Limit))
	case *PwdProtectExtension:
		b = jHex(b, "username", e.Username) // encrypted (RFC 8492 §4.2.1)
	case *PwdClearExtension:
		b = jText(b, "username", e.Username)
	case *PasswordSaltExtension:
		b = jHex(b, "salt", e.Salt)
	case *DelegatedCredentialExtension:
		if e.In == InCertificate {
			c := &e.Credential
			b = jUint(b, "valid_time", uint64(c.ValidTime))
			b = jReg(b, "dc_cert_verify_algorithm", SignatureScheme(c.DCCertVerifyAlgorithm), grease16)
			b = jHex(b, "subject_public_key_info", c.SubjectPublicKeyInfo)
			b = jReg(b, "algorithm", SignatureScheme(c.Algorithm), grease16)
			b = jHex(b, "signature", c.Signature)
		} else {
			b = jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
		}
	case *SessionTicketExtension:
		b = jHex(b, "ticket", e.Ticket)
	case *PreSharedKeyExtension:
		if e.In == InClientHello {
			b = append(jKey(b, "identities"), '[')
			for i, id := range e.Identities {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendHexString(jOpen(b, "identity"), id.Identity)
				b = append(jUint(b, "obfuscated_ticket_age", uint64(id.ObfuscatedTicketAge)), '}')
			}
			b = append(b, ']')
			b = jHexList(b, "binders", e.Binders)
		} else {
			b = jUint(b, "selected_identity", uint64(e.SelectedIdentity))
		}
	case *EarlyDataExtension:
		if e.In == InNewSessionTicket {
			b = jUint(b, "max_early_data_size", uint64(e.MaxEarlyDataSize))
		}
	case *SupportedVersionsExtension:
		if e.In == InClientHello {
			b = jRegList[ProtocolVersion](b, "versions", "version_names", e.Versions, grease16)
		} else {
			b = jReg(b, "selected_version", ProtocolVersion(e.Selected), grease16)
		}
	case *CookieExtension:
		b = jHex(b, "cookie", e.Cookie)
	case *PSKKeyExchangeModesExtension:
		b = jRegList[PSKKeyExchangeMode](b, "ke_modes", "ke_mode_names", e.Modes, greasePSK)
	case *CertificateAuthoritiesExtension:
		b = jHexList(b, "authorities", e.Authorities)
	case *OIDFiltersExtension:
		b = append(jKey(b, "filters"), '[')
		for i, f := range e.Filters {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendHexString(jOpen(b, "certificate_extension_oid"), f.OID)
			b = append(jHex(b, "certificate_extension_values", f.Values), '}')
		}
		b = append(b, ']')
	case *KeyShareExtension:
		switch e.In {
		case InClientHello:
			b = append(jKey(b, "client_shares"), '[')
			for i := range e.ClientShares {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendKeyShareJSON(b, &e.ClientShares[i])
			}
			b = append(b, ']')
		case InHelloRetryRequest:
			b = jReg(b, "selected_group", NamedGroup(e.SelectedGroup), grease16)
		default:
			b = appendKeyShareJSON(jKey(b, "server_share"), &e.ServerShare)
		}
	case *ConnectionIDDeprecatedExtension:
		b = jHex(b, "cid", e.CID)
	case *ConnectionIDExtension:
		b = jHex(b, "cid", e.CID)
	case *QUICTransportParametersExtension:
		b = appendQUICParametersJSON(b, e)
	case *QUICTransportParametersDraftExtension:
		b = appendQUICParametersJSON(b, &e.QUICTransportParametersExtension)
	case *TicketPinningExtension:
		if e.In == InClientHello {
			if !e.TicketOmitted {
				b = jHex(b, "ticket", e.Ticket)
			}
		} else {
			b = jHex(b, "proof", e.Proof)
			b = jHex(b, "ticket", e.Ticket)
			b = jUint(b, "lifetime", uint64(e.Lifetime))
		}
	case *TLSFlagsExtension:
		b = jHex(b, "flags", e.Flags)
		b = append(jKey(b, "set_flags"), '[')
		first := true
		for n := uint(0); n < 8*uint(len(e.Flags)); n++ {
			if e.Has(n) {
				if !first {
					b = append(b, ',')
				}
				first = false
				b = strconv.AppendUint(b, uint64(n), 10)
			}
		}
		b = append(b, ']')
	case *EncryptedServerNameExtension:
		b = appendESNIJSON(b, e)
	case *SequenceNumberEncryptionAlgorithmsExtension:
		if e.In == InClientHello {
			b = append(jKey(b, "supported_algs"), '[')
			for i, v := range e.Algorithms {
				if i > 0 {
					b = append(b, ',')
				}
				b = strconv.AppendUint(b, uint64(v), 10)
			}
			b = append(jKey(append(b, ']'), "supported_alg_names"), '[')
			for i, v := range e.Algorithms {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONText(b, seqNumEncAlgName(v))
			}
			b = append(b, ']')
		} else {
			b = jUint(b, "selected_alg", uint64(e.Selected))
			b = jText(b, "selected_alg_name", seqNumEncAlgName(e.Selected))
		}
	case *ExternalIDHashExtension:
		b = jHex(b, "binding_hash", e.BindingHash)
	case *ExternalSessionIDExtension:
		b = jHex(b, "session_id", e.SessionID)
	case *DNSSECChainExtension:
		b = appendDNSSECChainJSON(b, e)
	case *TicketRequestExtension:
		if e.In == InClientHello {
			b = jUint(b, "new_session_count", uint64(e.NewSessionCount))
			b = jUint(b, "resumption_count", uint64(e.ResumptionCount))
		} else {
			b = jUint(b, "expected_count", uint64(e.ExpectedCount))
		}
	case *NextProtocolNegotiationExtension:
		if e.In != InClientHello {
			b = jTextList(b, "protocols", e.Protocols)
		}
	case *ApplicationSettingsExtension:
		b = appendALPSJSON(b, e)
	case *ApplicationSettingsOldExtension:
		b = appendALPSJSON(b, &e.ApplicationSettingsExtension)
	case *ECHOuterExtensionsExtension:
		b = jRegList[ExtensionType](b, "outer_extensions", "outer_extension_names", e.Types, grease16)
	case *EncryptedClientHelloExtension:
		switch e.In {
		case InClientHello:
			b = jTable(b, "ech_type", &echTypeNames, e.Type)
			switch e.Type {
			case ECHClientHelloOuter:
				b = appendHPKESuiteJSON(jKey(b, "cipher_suite"), e.CipherSuite)
				b = jUint(b, "config_id", uint64(e.ConfigID))
				b = jHex(b, "enc", e.Enc)
				b = jHex(b, "payload", e.Payload)
			case ECHClientHelloInner:
			default:
				b = jHex(b, "data", e.Other)
			}
		case InHelloRetryRequest:
			b = jHex(b, "confirmation", e.Confirmation)
		default:
			b = appendECHConfigsJSON(b, "retry_configs", e.RetryConfigs)
		}
	case *RenegotiationInfoExtension:
		b = jHex(b, "renegotiated_connection", e.RenegotiatedConnection)
	default:
		return b, false
	}
	return b, true
}

// esniResponseTypeNames names ServerESNIResponseType (draft-ietf-tls-esni-04 §5).
var esniResponseTypeNames = [256]string{ESNIResponseAccept: "esni_accept", ESNIResponseRetryRequest: "esni_retry_request"}

// appendESNIJSON renders encrypted_server_name: ClientEncryptedSNI in the
// ClientHello; elsewhere the nonce (drafts -01 to -03) or response_type
// and what it selects (-04 to -06).
func appendESNIJSON(b []byte, e *EncryptedServerNameExtension) []byte {
	switch {
	case e.In == InClientHello:
		b = jReg(b, "suite", CipherSuite(e.CipherSuite), grease16)
		b = appendKeyShareJSON(jKey(b, "key_share"), &e.KeyShare)
		b = jHex(b, "record_digest", e.RecordDigest)
		return jHex(b, "encrypted_sni", e.EncryptedSNI)
	case !e.HasResponseType:
		return jHex(b, "nonce", e.Nonce)
	}
	b = jTable(b, "response_type", &esniResponseTypeNames, e.ResponseType)
	if e.ResponseType == ESNIResponseRetryRequest {
		return jHex(b, "retry_keys", e.RetryKeys)
	}
	return jHex(b, "nonce", e.Nonce)
}

// seqNumEncAlgName names a SeqNumEncAlgs value
// (draft-pismenny-tls-dtls-plaintext-sequence-number §3).
func seqNumEncAlgName(v uint32) string {
	switch v {
	case SeqNumEncDefaultCipher:
		return "default_cipher"
	case SeqNumEncPlaintext:
		return "plaintext"
	}
	return jsonUnassigned
}

// appendKeyShareJSON appends a KeyShareEntry object.
func appendKeyShareJSON(b []byte, k *KeyShareEntry) []byte {
	b = strconv.AppendUint(jOpen(b, "group"), uint64(k.Group), 10)
	b = append(b, `,"group_name":`...)
	b = appendJSONText(b, regName(NamedGroup(k.Group), grease16))
	return append(jHex(b, "key_exchange", k.KeyExchange), '}')
}

// appendCertTypesJSON renders the cert_type family (RFC 6091, RFC 7250):
// a list in ClientHello, the selected type elsewhere.
func appendCertTypesJSON(b []byte, in ExtMessage, types []byte, selected uint8) []byte {
	if in == InClientHello {
		return jRegList[CertificateType](b, "certificate_types", "certificate_type_names", types, greaseNone)
	}
	return jReg(b, "certificate_type", CertificateType(selected), greaseNone)
}

// appendALPSJSON renders application_settings: the protocols in
// ClientHello, the settings elsewhere.
func appendALPSJSON(b []byte, e *ApplicationSettingsExtension) []byte {
	if e.In == InClientHello {
		return jTextList(b, "protocols", e.Protocols)
	}
	return jHex(b, "settings", e.Settings)
}

// appendDNSSECChainJSON renders dnssec_chain: the port (ClientHello), or
// the lifetime, the chain as hex and its records, one object each; a
// chain that does not decode as records adds "records_error".
func appendDNSSECChainJSON(b []byte, e *DNSSECChainExtension) []byte {
	if e.In == InClientHello {
		return jUint(b, "port", uint64(e.Port))
	}
	b = jUint(b, "ext_support_lifetime", uint64(e.Lifetime))
	b = jBool(b, "length_prefixed", e.ChainLengthPrefixed)
	b = jHex(b, "authentication_chain", e.Chain)
	b = append(jKey(b, "records"), '[')
	var err error
	for rest, i := e.Chain, 0; len(rest) > 0; i++ {
		var rr DNSRecord
		if rr, rest, err = NextDNSRecord(rest); err != nil {
			break
		}
		if i > 0 {
			b = append(b, ',')
		}
		var name [1024]byte // a 255-byte name is at most 1020 characters
		b = appendJSONText(jOpen(b, "name"), AppendDNSName(name[:0], rr.Name))
		b = jUint(b, "type", uint64(rr.Type))
		b = jUint(b, "class", uint64(rr.Class))
		b = jUint(b, "ttl", uint64(rr.TTL))
		b = append(jHex(b, "rdata", rr.Data), '}')
	}
	b = append(b, ']')
	if err != nil {
		b = jText(b, "records_error", err.Error())
	}
	return b
}
