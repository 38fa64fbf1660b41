package wire

// IANA "TLS ExtensionType Values" registry (tls-extensiontype-values-1,
// RFC 8446 §4.2, RFC 8447) with its "TLS 1.3" column (the RFC 8446 §4.2
// table of messages an extension may appear in), "DTLS-Only" and
// "Recommended" columns. Data: the registry as of 2025 (values 0-62,
// ECH per RFC 9849); the TLS 1.3 column was checked against a copy of
// the registry CSV, the Recommended column follows RFC 8447 §8 and the
// defining RFCs (docs/registries.md lists the entries to re-check).
// A few widely deployed unregistered code points (NPN, ALPS, Channel
// ID, ESNI, the QUIC draft transport parameters) are included and
// report Registered() == false.

import "strings"

// Extension types. Names follow the IANA registry.
const (
	ExtensionServerName                         ExtensionType = 0
	ExtensionMaxFragmentLength                  ExtensionType = 1
	ExtensionClientCertificateURL               ExtensionType = 2
	ExtensionTrustedCAKeys                      ExtensionType = 3
	ExtensionTruncatedHMAC                      ExtensionType = 4
	ExtensionStatusRequest                      ExtensionType = 5
	ExtensionUserMapping                        ExtensionType = 6
	ExtensionClientAuthz                        ExtensionType = 7
	ExtensionServerAuthz                        ExtensionType = 8
	ExtensionCertType                           ExtensionType = 9
	ExtensionSupportedGroups                    ExtensionType = 10
	ExtensionECPointFormats                     ExtensionType = 11
	ExtensionSRP                                ExtensionType = 12
	ExtensionSignatureAlgorithms                ExtensionType = 13
	ExtensionUseSRTP                            ExtensionType = 14
	ExtensionHeartbeat                          ExtensionType = 15
	ExtensionALPN                               ExtensionType = 16
	ExtensionStatusRequestV2                    ExtensionType = 17
	ExtensionSignedCertificateTimestamp         ExtensionType = 18
	ExtensionClientCertificateType              ExtensionType = 19
	ExtensionServerCertificateType              ExtensionType = 20
	ExtensionPadding                            ExtensionType = 21
	ExtensionEncryptThenMAC                     ExtensionType = 22
	ExtensionExtendedMasterSecret               ExtensionType = 23
	ExtensionTokenBinding                       ExtensionType = 24
	ExtensionCachedInfo                         ExtensionType = 25
	ExtensionTLSLTS                             ExtensionType = 26
	ExtensionCompressCertificate                ExtensionType = 27
	ExtensionRecordSizeLimit                    ExtensionType = 28
	ExtensionPwdProtect                         ExtensionType = 29
	ExtensionPwdClear                           ExtensionType = 30
	ExtensionPasswordSalt                       ExtensionType = 31
	ExtensionTicketPinning                      ExtensionType = 32
	ExtensionTLSCertWithExternPSK               ExtensionType = 33
	ExtensionDelegatedCredential                ExtensionType = 34
	ExtensionSessionTicket                      ExtensionType = 35
	ExtensionTLMSP                              ExtensionType = 36
	ExtensionTLMSPProxying                      ExtensionType = 37
	ExtensionTLMSPDelegate                      ExtensionType = 38
	ExtensionSupportedEKTCiphers                ExtensionType = 39
	ExtensionPreSharedKey                       ExtensionType = 41
	ExtensionEarlyData                          ExtensionType = 42
	ExtensionSupportedVersions                  ExtensionType = 43
	ExtensionCookie                             ExtensionType = 44
	ExtensionPSKKeyExchangeModes                ExtensionType = 45
	ExtensionCertificateAuthorities             ExtensionType = 47
	ExtensionOIDFilters                         ExtensionType = 48
	ExtensionPostHandshakeAuth                  ExtensionType = 49
	ExtensionSignatureAlgorithmsCert            ExtensionType = 50
	ExtensionKeyShare                           ExtensionType = 51
	ExtensionTransparencyInfo                   ExtensionType = 52
	ExtensionConnectionIDDeprecated             ExtensionType = 53 // draft code point, deprecated by RFC 9146
	ExtensionConnectionID                       ExtensionType = 54
	ExtensionExternalIDHash                     ExtensionType = 55
	ExtensionExternalSessionID                  ExtensionType = 56
	ExtensionQUICTransportParameters            ExtensionType = 57
	ExtensionTicketRequest                      ExtensionType = 58
	ExtensionDNSSECChain                        ExtensionType = 59
	ExtensionSequenceNumberEncryptionAlgorithms ExtensionType = 60
	ExtensionRRC                                ExtensionType = 61
	ExtensionTLSFlags                           ExtensionType = 62     // draft-ietf-tls-tlsflags
	ExtensionNextProtocolNegotiation            ExtensionType = 13172  // 0x3374, unregistered (draft-agl-tls-nextprotoneg)
	ExtensionApplicationSettingsOld             ExtensionType = 17513  // 0x4469, unregistered (ALPS, first code point)
	ExtensionApplicationSettings                ExtensionType = 17613  // 0x44cd, unregistered (ALPS)
	ExtensionChannelIDOld                       ExtensionType = 30031  // 0x754f, unregistered
	ExtensionChannelID                          ExtensionType = 30032  // 0x7550, unregistered
	ExtensionECHOuterExtensions                 ExtensionType = 0xfd00 // RFC 9849 §5.1
	ExtensionEncryptedClientHello               ExtensionType = 0xfe0d // RFC 9849 §5
	ExtensionQUICTransportParametersDraft       ExtensionType = 0xffa5 // unregistered (QUIC drafts before RFC 9001)
	ExtensionEncryptedServerName                ExtensionType = 0xffce // unregistered (draft-ietf-tls-esni before -07)
	ExtensionRenegotiationInfo                  ExtensionType = 0xff01 // RFC 5746
)

// ExtMessageSet is a set of ExtMessage values.
type ExtMessageSet uint16

// Sets of messages, for the extension table.
const (
	msgCH  ExtMessageSet = 1 << InClientHello
	msgSH  ExtMessageSet = 1 << InServerHello
	msgHRR ExtMessageSet = 1 << InHelloRetryRequest
	msgEE  ExtMessageSet = 1 << InEncryptedExtensions
	msgCT  ExtMessageSet = 1 << InCertificate
	msgCR  ExtMessageSet = 1 << InCertificateRequest
	msgNST ExtMessageSet = 1 << InNewSessionTicket
)

// Has reports whether m is in the set.
func (s ExtMessageSet) Has(m ExtMessage) bool { return m < 16 && s&(1<<m) != 0 }

// String lists the set in ExtMessage order with the RFC 8446 §4.2
// abbreviations, e.g. "CH, SH, HRR", or
// "-" for the empty set (the registry's mark for "not used in TLS 1.3").
func (s ExtMessageSet) String() string {
	if s == 0 {
		return "-"
	}
	var b strings.Builder
	for m := InClientHello; m <= InNewSessionTicket; m++ {
		if s.Has(m) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(m.String())
		}
	}
	return b.String()
}

// extFlags are the yes/no properties of an extension entry.
type extFlags uint8

const (
	extDTLSOnly     extFlags = 1 << iota // "DTLS-Only" column is Y
	extUnregistered                      // deployed without an IANA registration
)

// ExtensionInfo is one row of the extension table.
type ExtensionInfo struct {
	Type ExtensionType
	Name string // IANA name
	// TLS13 is the registry's "TLS 1.3" column: the messages the
	// extension may appear in under TLS 1.3 (RFC 8446 §4.2). Empty ("-")
	// means the extension is not used in TLS 1.3.
	TLS13 ExtMessageSet
	// TLS12 is where the extension may appear in a connection negotiated
	// at TLS 1.2 or earlier: ClientHello and ServerHello (RFC 5246
	// §7.4.1.4), or nothing for extensions defined only for TLS 1.3. A
	// ClientHello that offers TLS 1.3 is judged by the TLS13 column.
	TLS12       ExtMessageSet
	Recommended Recommendation
	flags       extFlags
}

// DTLSOnly reports the registry's "DTLS-Only" column.
func (e *ExtensionInfo) DTLSOnly() bool { return e.flags&extDTLSOnly != 0 }

// Registered reports whether IANA assigns the code point.
func (e *ExtensionInfo) Registered() bool { return e.flags&extUnregistered == 0 }

// AllowedIn reports whether the extension may appear in message m of a
// connection of the given version (tls13 selects the TLS 1.3 column).
func (e *ExtensionInfo) AllowedIn(m ExtMessage, tls13 bool) bool {
	if tls13 {
		return e.TLS13.Has(m)
	}
	return e.TLS12.Has(m)
}

const (
	hello12 = msgCH | msgSH // TLS <= 1.2 extensions: ClientHello and ServerHello
	no12    = 0             // defined for TLS 1.3 only
	no13    = 0             // "-" in the TLS 1.3 column
)

// extensionTable is the registry, sorted by value.
var extensionTable = []ExtensionInfo{
	{ExtensionServerName, "server_name", msgCH | msgEE | msgCR, hello12, RecommendedY, 0},
	{ExtensionMaxFragmentLength, "max_fragment_length", msgCH | msgEE, hello12, RecommendedN, 0},
	{ExtensionClientCertificateURL, "client_certificate_url", no13, hello12, RecommendedY, 0},
	{ExtensionTrustedCAKeys, "trusted_ca_keys", no13, hello12, RecommendedY, 0},
	{ExtensionTruncatedHMAC, "truncated_hmac", no13, hello12, RecommendedN, 0},
	{ExtensionStatusRequest, "status_request", msgCH | msgCR | msgCT, hello12, RecommendedY, 0},
	{ExtensionUserMapping, "user_mapping", no13, hello12, RecommendedY, 0},
	{ExtensionClientAuthz, "client_authz", no13, hello12, RecommendedN, 0},
	{ExtensionServerAuthz, "server_authz", no13, hello12, RecommendedN, 0},
	{ExtensionCertType, "cert_type", no13, hello12, RecommendedN, 0},
	{ExtensionSupportedGroups, "supported_groups", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionECPointFormats, "ec_point_formats", no13, hello12, RecommendedY, 0},
	{ExtensionSRP, "srp", no13, hello12, RecommendedN, 0},
	{ExtensionSignatureAlgorithms, "signature_algorithms", msgCH | msgCR, hello12, RecommendedY, 0},
	{ExtensionUseSRTP, "use_srtp", msgCH | msgEE, hello12, RecommendedY, extDTLSOnly},
	{ExtensionHeartbeat, "heartbeat", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionALPN, "application_layer_protocol_negotiation", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionStatusRequestV2, "status_request_v2", no13, hello12, RecommendedY, 0},
	{ExtensionSignedCertificateTimestamp, "signed_certificate_timestamp", msgCH | msgCR | msgCT, hello12, RecommendedN, 0},
	{ExtensionClientCertificateType, "client_certificate_type", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionServerCertificateType, "server_certificate_type", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionPadding, "padding", msgCH, msgCH, RecommendedY, 0},
	{ExtensionEncryptThenMAC, "encrypt_then_mac", no13, hello12, RecommendedY, 0},
	{ExtensionExtendedMasterSecret, "extended_master_secret", no13, hello12, RecommendedY, 0},
	{ExtensionTokenBinding, "token_binding", no13, hello12, RecommendedY, 0},
	{ExtensionCachedInfo, "cached_info", no13, hello12, RecommendedY, 0},
	{ExtensionTLSLTS, "tls_lts", no13, hello12, RecommendedN, 0},
	{ExtensionCompressCertificate, "compress_certificate", msgCH | msgCR, no12, RecommendedY, 0},
	{ExtensionRecordSizeLimit, "record_size_limit", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionPwdProtect, "pwd_protect", msgCH, msgCH, RecommendedN, 0},
	{ExtensionPwdClear, "pwd_clear", msgCH, msgCH, RecommendedN, 0},
	{ExtensionPasswordSalt, "password_salt", msgCH | msgSH | msgHRR, hello12, RecommendedN, 0},
	{ExtensionTicketPinning, "ticket_pinning", msgCH | msgEE, no12, RecommendedN, 0},
	{ExtensionTLSCertWithExternPSK, "tls_cert_with_extern_psk", msgCH | msgSH, no12, RecommendedN, 0},
	{ExtensionDelegatedCredential, "delegated_credential", msgCH | msgCR | msgCT, no12, RecommendedN, 0},
	{ExtensionSessionTicket, "session_ticket", no13, hello12, RecommendedY, 0},
	{ExtensionTLMSP, "TLMSP", no13, hello12, RecommendedN, 0},
	{ExtensionTLMSPProxying, "TLMSP_proxying", no13, hello12, RecommendedN, 0},
	{ExtensionTLMSPDelegate, "TLMSP_delegate", no13, hello12, RecommendedN, 0},
	{ExtensionSupportedEKTCiphers, "supported_ekt_ciphers", msgCH | msgEE, hello12, RecommendedY, extDTLSOnly},
	{ExtensionPreSharedKey, "pre_shared_key", msgCH | msgSH, no12, RecommendedY, 0},
	{ExtensionEarlyData, "early_data", msgCH | msgEE | msgNST, no12, RecommendedY, 0},
	{ExtensionSupportedVersions, "supported_versions", msgCH | msgSH | msgHRR, msgCH, RecommendedY, 0},
	{ExtensionCookie, "cookie", msgCH | msgHRR, no12, RecommendedY, 0},
	{ExtensionPSKKeyExchangeModes, "psk_key_exchange_modes", msgCH, no12, RecommendedY, 0},
	{ExtensionCertificateAuthorities, "certificate_authorities", msgCH | msgCR, no12, RecommendedY, 0},
	{ExtensionOIDFilters, "oid_filters", msgCR, no12, RecommendedY, 0},
	{ExtensionPostHandshakeAuth, "post_handshake_auth", msgCH, no12, RecommendedY, 0},
	{ExtensionSignatureAlgorithmsCert, "signature_algorithms_cert", msgCH | msgCR, msgCH, RecommendedY, 0},
	{ExtensionKeyShare, "key_share", msgCH | msgSH | msgHRR, no12, RecommendedY, 0},
	{ExtensionTransparencyInfo, "transparency_info", msgCH | msgCR | msgCT, hello12, RecommendedN, 0},
	{ExtensionConnectionIDDeprecated, "connection_id_deprecated", no13, hello12, RecommendedN, extDTLSOnly},
	{ExtensionConnectionID, "connection_id", msgCH | msgSH, hello12, RecommendedN, extDTLSOnly},
	{ExtensionExternalIDHash, "external_id_hash", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionExternalSessionID, "external_session_id", msgCH | msgEE, hello12, RecommendedY, 0},
	{ExtensionQUICTransportParameters, "quic_transport_parameters", msgCH | msgEE, no12, RecommendedY, 0},
	{ExtensionTicketRequest, "ticket_request", msgCH | msgEE, no12, RecommendedY, 0},
	{ExtensionDNSSECChain, "dnssec_chain", msgCH | msgCT, hello12, RecommendedN, 0},
	{ExtensionSequenceNumberEncryptionAlgorithms, "sequence_number_encryption_algorithms", msgCH | msgSH | msgHRR, no12, RecommendedN, extDTLSOnly},
	{ExtensionRRC, "rrc", msgCH | msgSH, hello12, RecommendedN, extDTLSOnly},
	{ExtensionTLSFlags, "tls_flags", msgCH | msgSH | msgHRR | msgEE | msgCT | msgCR | msgNST, no12, RecommendedN, 0},
	{ExtensionNextProtocolNegotiation, "next_protocol_negotiation", no13, hello12, RecommendedN, extUnregistered},
	{ExtensionApplicationSettingsOld, "application_settings_old", msgCH | msgEE, no12, RecommendedN, extUnregistered},
	{ExtensionApplicationSettings, "application_settings", msgCH | msgEE, no12, RecommendedN, extUnregistered},
	{ExtensionChannelIDOld, "channel_id_old", msgCH | msgEE, hello12, RecommendedN, extUnregistered},
	{ExtensionChannelID, "channel_id", msgCH | msgEE, hello12, RecommendedN, extUnregistered},
	{ExtensionECHOuterExtensions, "ech_outer_extensions", msgCH, no12, RecommendedY, 0},
	{ExtensionEncryptedClientHello, "encrypted_client_hello", msgCH | msgHRR | msgEE, no12, RecommendedY, 0},
	{ExtensionRenegotiationInfo, "renegotiation_info", no13, hello12, RecommendedY, 0},
	{ExtensionQUICTransportParametersDraft, "quic_transport_parameters_draft", msgCH | msgEE, no12, RecommendedN, extUnregistered},
	{ExtensionEncryptedServerName, "encrypted_server_name", msgCH | msgEE, no12, RecommendedN, extUnregistered},
}

var extensionIndex = indexBy(extensionTable, func(e *ExtensionInfo) ExtensionType { return e.Type })

// LookupExtension returns the table entry of t. It does not allocate.
// The entry is shared: the caller must not modify it.
func LookupExtension(t ExtensionType) (*ExtensionInfo, bool) {
	e, ok := extensionIndex[t]
	return e, ok
}

// ExtensionTypes returns the whole table, ordered by value. The caller
// must not modify it.
func ExtensionTypes() []ExtensionInfo { return extensionTable }

// String returns the IANA name, a GREASE mark, or "ExtensionType(0xNNNN)".
func (t ExtensionType) String() string {
	if e, ok := extensionIndex[t]; ok {
		return e.Name
	}
	if IsGREASE(uint16(t)) {
		return greaseName(uint16(t))
	}
	return unknownHex("ExtensionType", uint16(t))
}

// Known reports whether t is in the table (registered or deployed).
func (t ExtensionType) Known() bool {
	_, ok := extensionIndex[t]
	return ok
}

// IsGREASE reports whether t is one of the RFC 8701 reserved values.
func (t ExtensionType) IsGREASE() bool { return IsGREASE(uint16(t)) }

// TLSFlag is a flag number of the tls_flags extension (IANA "TLS Flags"
// table of the TLS Extensions group, draft-ietf-tls-tlsflags §4). Flags
// are bit positions in the extension body, 0 to 2039.
type TLSFlag uint16

// TLS flags.
const (
	// FlagResumptionAcrossNames marks a NewSessionTicket usable for any
	// name the server certificate covers (draft-ietf-tls-cross-sni-resumption).
	FlagResumptionAcrossNames TLSFlag = 8
)

// TLSFlagInfo is one row of the TLS Flags table.
type TLSFlagInfo struct {
	Flag        TLSFlag
	Name        string
	Messages    ExtMessageSet // the registry's "Message" column
	Recommended Recommendation
}

// tlsFlagTable is the registry (as of 2025), sorted by value.
var tlsFlagTable = []TLSFlagInfo{
	{FlagResumptionAcrossNames, "resumption_across_names", msgNST, RecommendedN},
}

// LookupTLSFlag returns the table entry of f. It does not allocate.
// The entry is shared: the caller must not modify it.
func LookupTLSFlag(f TLSFlag) (*TLSFlagInfo, bool) {
	for i := range tlsFlagTable {
		if tlsFlagTable[i].Flag == f {
			return &tlsFlagTable[i], true
		}
	}
	return nil, false
}

// String returns the IANA name or "TLSFlag(N)".
func (f TLSFlag) String() string {
	if e, ok := LookupTLSFlag(f); ok {
		return e.Name
	}
	return unknownName("TLSFlag", uint64(f))
}

// Known reports whether f is assigned in the registry.
func (f TLSFlag) Known() bool {
	_, ok := LookupTLSFlag(f)
	return ok
}
