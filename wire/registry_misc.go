package wire

// Small TLS registries, each a table indexed by value. Sources (IANA
// "Transport Layer Security (TLS) Parameters" and "TLS Extensions"
// groups, as of 2025; see docs/registries.md):
//   - TLS PskKeyExchangeMode (tls-pskkeyexchangemode, RFC 8446 §4.2.9)
//   - TLS KeyUpdate request values (RFC 8446 §4.6.3; no IANA registry)
//   - TLS Compression Method Identifiers (tls-parameters-3, RFC 3749, RFC 3943)
//   - Heartbeat Modes and Heartbeat Message Types (heartbeat-modes,
//     heartbeat-message-types, RFC 6520)
//   - MaxFragmentLength values (RFC 6066 §4; no IANA registry)
//   - DTLS-SRTP Protection Profiles (srtp-protection-1, RFC 5764, RFC 7714,
//     RFC 8269, RFC 8723)
//   - Server Name Indication NameType (RFC 6066 §3)
//   - Client Certificate URL CertChainType (RFC 6066 §5)
//   - TLS Supplemental Data Formats (tls-parameters-12, RFC 4680)
//   - TLS UserMappingType Values (tls-parameters-14, RFC 4681)
//   - TLS Authorization Data Formats (authorization-data, RFC 5878)
//   - Token Binding Key Parameters (tokbind-key-params, RFC 8471)

// PSKKeyExchangeMode is a psk_key_exchange_modes value (RFC 8446 §4.2.9).
type PSKKeyExchangeMode uint8

// PSK key exchange modes.
const (
	PSKModeKE    PSKKeyExchangeMode = 0 // psk_ke
	PSKModeDHEKE PSKKeyExchangeMode = 1 // psk_dhe_ke
)

var pskKeyExchangeModeNames = [256]string{PSKModeKE: "psk_ke", PSKModeDHEKE: "psk_dhe_ke"}

// String returns the IANA name or "PSKKeyExchangeMode(N)".
func (m PSKKeyExchangeMode) String() string {
	if n := pskKeyExchangeModeNames[m]; n != "" {
		return n
	}
	return unknownName("PSKKeyExchangeMode", uint64(m))
}

// Known reports whether m is assigned in the registry.
func (m PSKKeyExchangeMode) Known() bool { return pskKeyExchangeModeNames[m] != "" }

// KeyUpdateRequest is the request_update field of KeyUpdate (RFC 8446 §4.6.3).
type KeyUpdateRequest uint8

// KeyUpdate request values.
const (
	KeyUpdateNotRequested KeyUpdateRequest = 0
	KeyUpdateRequested    KeyUpdateRequest = 1
)

var keyUpdateRequestNames = [256]string{
	KeyUpdateNotRequested: "update_not_requested",
	KeyUpdateRequested:    "update_requested",
}

// String returns the RFC name or "KeyUpdateRequest(N)".
func (r KeyUpdateRequest) String() string {
	if n := keyUpdateRequestNames[r]; n != "" {
		return n
	}
	return unknownName("KeyUpdateRequest", uint64(r))
}

// Known reports whether r is defined by RFC 8446.
func (r KeyUpdateRequest) Known() bool { return keyUpdateRequestNames[r] != "" }

// CompressionMethod is a ClientHello compression method (RFC 5246
// §7.4.1.2, IANA "TLS Compression Method Identifiers").
type CompressionMethod uint8

// Compression methods.
const (
	CompressionNull    CompressionMethod = 0
	CompressionDeflate CompressionMethod = 1  // RFC 3749
	CompressionLZS     CompressionMethod = 64 // RFC 3943
)

var compressionMethodNames = [256]string{
	CompressionNull:    "null",
	CompressionDeflate: "DEFLATE",
	CompressionLZS:     "LZS",
}

// String returns the IANA name or "CompressionMethod(N)".
func (c CompressionMethod) String() string {
	if n := compressionMethodNames[c]; n != "" {
		return n
	}
	return unknownName("CompressionMethod", uint64(c))
}

// Known reports whether c is assigned in the registry.
func (c CompressionMethod) Known() bool { return compressionMethodNames[c] != "" }

// HeartbeatMode is the mode of the heartbeat extension (RFC 6520 §2).
type HeartbeatMode uint8

// Heartbeat modes.
const (
	HeartbeatPeerAllowedToSend    HeartbeatMode = 1
	HeartbeatPeerNotAllowedToSend HeartbeatMode = 2
)

var heartbeatModeNames = [256]string{
	HeartbeatPeerAllowedToSend:    "peer_allowed_to_send",
	HeartbeatPeerNotAllowedToSend: "peer_not_allowed_to_send",
}

// String returns the IANA name or "HeartbeatMode(N)".
func (m HeartbeatMode) String() string {
	if n := heartbeatModeNames[m]; n != "" {
		return n
	}
	return unknownName("HeartbeatMode", uint64(m))
}

// Known reports whether m is assigned in the registry.
func (m HeartbeatMode) Known() bool { return heartbeatModeNames[m] != "" }

// HeartbeatMessageType is the type of a heartbeat message (RFC 6520 §3).
type HeartbeatMessageType uint8

// Heartbeat message types.
const (
	HeartbeatRequest  HeartbeatMessageType = 1
	HeartbeatResponse HeartbeatMessageType = 2
)

var heartbeatMessageTypeNames = [256]string{
	HeartbeatRequest:  "heartbeat_request",
	HeartbeatResponse: "heartbeat_response",
}

// String returns the IANA name or "HeartbeatMessageType(N)".
func (t HeartbeatMessageType) String() string {
	if n := heartbeatMessageTypeNames[t]; n != "" {
		return n
	}
	return unknownName("HeartbeatMessageType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t HeartbeatMessageType) Known() bool { return heartbeatMessageTypeNames[t] != "" }

// MaxFragmentLength is a max_fragment_length value (RFC 6066 §4).
type MaxFragmentLength uint8

// Maximum fragment lengths.
const (
	MaxFragmentLength512  MaxFragmentLength = 1 // 2^9
	MaxFragmentLength1024 MaxFragmentLength = 2 // 2^10
	MaxFragmentLength2048 MaxFragmentLength = 3 // 2^11
	MaxFragmentLength4096 MaxFragmentLength = 4 // 2^12
)

var maxFragmentLengthNames = [256]string{
	MaxFragmentLength512:  "2^9",
	MaxFragmentLength1024: "2^10",
	MaxFragmentLength2048: "2^11",
	MaxFragmentLength4096: "2^12",
}

// String returns the RFC 6066 name ("2^9" ... "2^12") or "MaxFragmentLength(N)".
func (l MaxFragmentLength) String() string {
	if n := maxFragmentLengthNames[l]; n != "" {
		return n
	}
	return unknownName("MaxFragmentLength", uint64(l))
}

// Known reports whether l is defined by RFC 6066.
func (l MaxFragmentLength) Known() bool { return maxFragmentLengthNames[l] != "" }

// Bytes returns the fragment length l stands for, or 0 if l is unknown.
func (l MaxFragmentLength) Bytes() int {
	if !l.Known() {
		return 0
	}
	return 1 << (8 + l)
}

// SRTPProtectionProfile is a DTLS-SRTP protection profile (RFC 5764 §4.1.2).
type SRTPProtectionProfile uint16

// SRTP protection profiles.
const (
	SRTP_AES128_CM_HMAC_SHA1_80              SRTPProtectionProfile = 0x0001
	SRTP_AES128_CM_HMAC_SHA1_32              SRTPProtectionProfile = 0x0002
	SRTP_NULL_HMAC_SHA1_80                   SRTPProtectionProfile = 0x0005
	SRTP_NULL_HMAC_SHA1_32                   SRTPProtectionProfile = 0x0006
	SRTP_AEAD_AES_128_GCM                    SRTPProtectionProfile = 0x0007 // RFC 7714
	SRTP_AEAD_AES_256_GCM                    SRTPProtectionProfile = 0x0008 // RFC 7714
	DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM SRTPProtectionProfile = 0x0009 // RFC 8723
	DOUBLE_AEAD_AES_256_GCM_AEAD_AES_256_GCM SRTPProtectionProfile = 0x000a // RFC 8723
	SRTP_ARIA_128_CTR_HMAC_SHA1_80           SRTPProtectionProfile = 0x000b // RFC 8269
	SRTP_ARIA_128_CTR_HMAC_SHA1_32           SRTPProtectionProfile = 0x000c // RFC 8269
	SRTP_ARIA_256_CTR_HMAC_SHA1_80           SRTPProtectionProfile = 0x000d // RFC 8269
	SRTP_ARIA_256_CTR_HMAC_SHA1_32           SRTPProtectionProfile = 0x000e // RFC 8269
	SRTP_AEAD_ARIA_128_GCM                   SRTPProtectionProfile = 0x000f // RFC 8269
	SRTP_AEAD_ARIA_256_GCM                   SRTPProtectionProfile = 0x0010 // RFC 8269
)

var srtpProtectionProfileNames = [...]string{
	SRTP_AES128_CM_HMAC_SHA1_80:              "SRTP_AES128_CM_HMAC_SHA1_80",
	SRTP_AES128_CM_HMAC_SHA1_32:              "SRTP_AES128_CM_HMAC_SHA1_32",
	SRTP_NULL_HMAC_SHA1_80:                   "SRTP_NULL_HMAC_SHA1_80",
	SRTP_NULL_HMAC_SHA1_32:                   "SRTP_NULL_HMAC_SHA1_32",
	SRTP_AEAD_AES_128_GCM:                    "SRTP_AEAD_AES_128_GCM",
	SRTP_AEAD_AES_256_GCM:                    "SRTP_AEAD_AES_256_GCM",
	DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM: "DOUBLE_AEAD_AES_128_GCM_AEAD_AES_128_GCM",
	DOUBLE_AEAD_AES_256_GCM_AEAD_AES_256_GCM: "DOUBLE_AEAD_AES_256_GCM_AEAD_AES_256_GCM",
	SRTP_ARIA_128_CTR_HMAC_SHA1_80:           "SRTP_ARIA_128_CTR_HMAC_SHA1_80",
	SRTP_ARIA_128_CTR_HMAC_SHA1_32:           "SRTP_ARIA_128_CTR_HMAC_SHA1_32",
	SRTP_ARIA_256_CTR_HMAC_SHA1_80:           "SRTP_ARIA_256_CTR_HMAC_SHA1_80",
	SRTP_ARIA_256_CTR_HMAC_SHA1_32:           "SRTP_ARIA_256_CTR_HMAC_SHA1_32",
	SRTP_AEAD_ARIA_128_GCM:                   "SRTP_AEAD_ARIA_128_GCM",
	SRTP_AEAD_ARIA_256_GCM:                   "SRTP_AEAD_ARIA_256_GCM",
}

// String returns the IANA name or "SRTPProtectionProfile(0xNNNN)".
func (p SRTPProtectionProfile) String() string {
	if int(p) < len(srtpProtectionProfileNames) && srtpProtectionProfileNames[p] != "" {
		return srtpProtectionProfileNames[p]
	}
	return unknownHex("SRTPProtectionProfile", uint16(p))
}

// Known reports whether p is assigned in the registry.
func (p SRTPProtectionProfile) Known() bool {
	return int(p) < len(srtpProtectionProfileNames) && srtpProtectionProfileNames[p] != ""
}

// NameType is the name_type of a server_name entry (RFC 6066 §3).
type NameType uint8

// NameTypeHostName is the only defined name type.
const NameTypeHostName NameType = 0

var nameTypeNames = [256]string{NameTypeHostName: "host_name"}

// String returns the RFC name or "NameType(N)".
func (t NameType) String() string {
	if n := nameTypeNames[t]; n != "" {
		return n
	}
	return unknownName("NameType", uint64(t))
}

// Known reports whether t is defined.
func (t NameType) Known() bool { return nameTypeNames[t] != "" }

// CertChainType is the type of a CertificateURL message (RFC 6066 §5).
type CertChainType uint8

// Certificate chain types.
const (
	CertChainIndividualCerts CertChainType = 0
	CertChainPKIPath         CertChainType = 1
)

var certChainTypeNames = [256]string{
	CertChainIndividualCerts: "individual_certs",
	CertChainPKIPath:         "pkipath",
}

// String returns the RFC name or "CertChainType(N)".
func (t CertChainType) String() string {
	if n := certChainTypeNames[t]; n != "" {
		return n
	}
	return unknownName("CertChainType", uint64(t))
}

// Known reports whether t is defined.
func (t CertChainType) Known() bool { return certChainTypeNames[t] != "" }

// SupplementalDataType is the type of a SupplementalData entry (RFC 4680 §2).
type SupplementalDataType uint16

// Supplemental data types.
const (
	SupplementalUserMappingData SupplementalDataType = 0     // RFC 4681
	SupplementalAuthzData       SupplementalDataType = 16386 // RFC 5878
)

var supplementalDataTypeTable = []codeName[SupplementalDataType]{
	{SupplementalUserMappingData, "user_mapping_data"},
	{SupplementalAuthzData, "authz_data"},
}

// String returns the IANA name or "SupplementalDataType(N)".
func (t SupplementalDataType) String() string {
	if n, ok := lookupName(supplementalDataTypeTable, t); ok {
		return n
	}
	return unknownName("SupplementalDataType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t SupplementalDataType) Known() bool {
	_, ok := lookupName(supplementalDataTypeTable, t)
	return ok
}

// UserMappingType is a user_mapping extension entry (RFC 4681 §2).
type UserMappingType uint8

// UserMappingUPNDomainHint is the only registered user mapping type.
const UserMappingUPNDomainHint UserMappingType = 64

var userMappingTypeNames = [256]string{UserMappingUPNDomainHint: "upn_domain_hint"}

// String returns the IANA name or "UserMappingType(N)".
func (t UserMappingType) String() string {
	if n := userMappingTypeNames[t]; n != "" {
		return n
	}
	return unknownName("UserMappingType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t UserMappingType) Known() bool { return userMappingTypeNames[t] != "" }

// AuthzDataFormat is an authorization data format of the client_authz and
// server_authz extensions (RFC 5878 §3).
type AuthzDataFormat uint8

// Authorization data formats.
const (
	AuthzX509AttrCert            AuthzDataFormat = 0
	AuthzSAMLAssertion           AuthzDataFormat = 1
	AuthzX509AttrCertURL         AuthzDataFormat = 2
	AuthzSAMLAssertionURL        AuthzDataFormat = 3
	AuthzKeynoteAssertionList    AuthzDataFormat = 64
	AuthzKeynoteAssertionListURL AuthzDataFormat = 65
	AuthzDTCPAuthorization       AuthzDataFormat = 66
)

var authzDataFormatNames = [256]string{
	AuthzX509AttrCert:            "x509_attr_cert",
	AuthzSAMLAssertion:           "saml_assertion",
	AuthzX509AttrCertURL:         "x509_attr_cert_url",
	AuthzSAMLAssertionURL:        "saml_assertion_url",
	AuthzKeynoteAssertionList:    "keynote_assertion_list",
	AuthzKeynoteAssertionListURL: "keynote_assertion_list_url",
	AuthzDTCPAuthorization:       "dtcp_authorization",
}

// String returns the IANA name or "AuthzDataFormat(N)".
func (f AuthzDataFormat) String() string {
	if n := authzDataFormatNames[f]; n != "" {
		return n
	}
	return unknownName("AuthzDataFormat", uint64(f))
}

// Known reports whether f is assigned in the registry.
func (f AuthzDataFormat) Known() bool { return authzDataFormatNames[f] != "" }

// TokenBindingKeyParameters is a Token Binding key parameters value
// (RFC 8471 §3, IANA "Token Binding Key Parameters").
type TokenBindingKeyParameters uint8

// Token Binding key parameters.
const (
	TokenBindingRSA2048PKCS15 TokenBindingKeyParameters = 0
	TokenBindingRSA2048PSS    TokenBindingKeyParameters = 1
	TokenBindingECDSAP256     TokenBindingKeyParameters = 2
)

var tokenBindingKeyParametersNames = [256]string{
	TokenBindingRSA2048PKCS15: "rsa2048_pkcs1.5",
	TokenBindingRSA2048PSS:    "rsa2048_pss",
	TokenBindingECDSAP256:     "ecdsap256",
}

// String returns the IANA name or "TokenBindingKeyParameters(N)".
func (p TokenBindingKeyParameters) String() string {
	if n := tokenBindingKeyParametersNames[p]; n != "" {
		return n
	}
	return unknownName("TokenBindingKeyParameters", uint64(p))
}

// Known reports whether p is assigned in the registry.
func (p TokenBindingKeyParameters) Known() bool { return tokenBindingKeyParametersNames[p] != "" }
