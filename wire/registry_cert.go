package wire

// Certificate-related TLS registries (IANA "TLS Extensions" and "TLS
// Parameters" groups, as of 2025; see docs/registries.md):
//   - TLS Certificate Types (RFC 6091, RFC 7250, RFC 8902)
//   - TLS ClientCertificateType Identifiers (tls-parameters-2, RFC 5246
//     §7.4.4, RFC 8422, RFC 9189)
//   - TLS Certificate Status Types (RFC 6066 §8, RFC 6961)
//   - TLS Certificate Compression Algorithm IDs (RFC 8879 §7.3)
//   - TLS CachedInformationType Values (RFC 7924 §8)

// CertificateType is a certificate type of the cert_type (RFC 6091) and
// client/server_certificate_type (RFC 7250) extensions.
type CertificateType uint8

// Certificate types.
const (
	CertTypeX509         CertificateType = 0
	CertTypeOpenPGP      CertificateType = 1 // RFC 6091
	CertTypeRawPublicKey CertificateType = 2 // RFC 7250
	CertType1609Dot2     CertificateType = 3 // IEEE 1609.2 / ETSI TS 103 097 (RFC 8902)
)

var certificateTypeNames = [256]string{
	CertTypeX509:         "X509",
	CertTypeOpenPGP:      "OpenPGP",
	CertTypeRawPublicKey: "RawPublicKey",
	CertType1609Dot2:     "1609Dot2",
}

// String returns the IANA name or "CertificateType(N)".
func (t CertificateType) String() string {
	if n := certificateTypeNames[t]; n != "" {
		return n
	}
	return unknownName("CertificateType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t CertificateType) Known() bool { return certificateTypeNames[t] != "" }

// ClientCertificateType is an entry of certificate_types in a TLS <= 1.2
// CertificateRequest (RFC 5246 §7.4.4).
type ClientCertificateType uint8

// Client certificate types.
const (
	ClientCertRSASign                ClientCertificateType = 1
	ClientCertDSSSign                ClientCertificateType = 2
	ClientCertRSAFixedDH             ClientCertificateType = 3
	ClientCertDSSFixedDH             ClientCertificateType = 4
	ClientCertRSAEphemeralDHReserved ClientCertificateType = 5
	ClientCertDSSEphemeralDHReserved ClientCertificateType = 6
	ClientCertFortezzaDMSReserved    ClientCertificateType = 20
	ClientCertECDSASign              ClientCertificateType = 64 // RFC 8422
	ClientCertRSAFixedECDH           ClientCertificateType = 65 // RFC 8422
	ClientCertECDSAFixedECDH         ClientCertificateType = 66 // RFC 8422
	ClientCertGOSTSign256            ClientCertificateType = 67 // RFC 9189
	ClientCertGOSTSign512            ClientCertificateType = 68 // RFC 9189
)

var clientCertificateTypeNames = [256]string{
	ClientCertRSASign:                "rsa_sign",
	ClientCertDSSSign:                "dss_sign",
	ClientCertRSAFixedDH:             "rsa_fixed_dh",
	ClientCertDSSFixedDH:             "dss_fixed_dh",
	ClientCertRSAEphemeralDHReserved: "rsa_ephemeral_dh_RESERVED",
	ClientCertDSSEphemeralDHReserved: "dss_ephemeral_dh_RESERVED",
	ClientCertFortezzaDMSReserved:    "fortezza_dms_RESERVED",
	ClientCertECDSASign:              "ecdsa_sign",
	ClientCertRSAFixedECDH:           "rsa_fixed_ecdh",
	ClientCertECDSAFixedECDH:         "ecdsa_fixed_ecdh",
	ClientCertGOSTSign256:            "gost_sign256",
	ClientCertGOSTSign512:            "gost_sign512",
}

// String returns the IANA name or "ClientCertificateType(N)".
func (t ClientCertificateType) String() string {
	if n := clientCertificateTypeNames[t]; n != "" {
		return n
	}
	return unknownName("ClientCertificateType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t ClientCertificateType) Known() bool { return clientCertificateTypeNames[t] != "" }

// CertificateStatusType is the status_type of status_request,
// status_request_v2 and CertificateStatus (RFC 6066 §8, RFC 6961 §2.2).
type CertificateStatusType uint8

// Certificate status types.
const (
	CertStatusOCSP      CertificateStatusType = 1
	CertStatusOCSPMulti CertificateStatusType = 2 // RFC 6961
)

var certificateStatusTypeNames = [256]string{
	CertStatusOCSP:      "ocsp",
	CertStatusOCSPMulti: "ocsp_multi",
}

// String returns the IANA name or "CertificateStatusType(N)".
func (t CertificateStatusType) String() string {
	if n := certificateStatusTypeNames[t]; n != "" {
		return n
	}
	return unknownName("CertificateStatusType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t CertificateStatusType) Known() bool { return certificateStatusTypeNames[t] != "" }

// CertCompressionAlgorithm is a certificate compression algorithm of the
// compress_certificate extension (RFC 8879 §3).
type CertCompressionAlgorithm uint16

// Certificate compression algorithms.
const (
	CertCompressionZlib   CertCompressionAlgorithm = 1
	CertCompressionBrotli CertCompressionAlgorithm = 2
	CertCompressionZstd   CertCompressionAlgorithm = 3
)

var certCompressionAlgorithmNames = [...]string{
	CertCompressionZlib:   "zlib",
	CertCompressionBrotli: "brotli",
	CertCompressionZstd:   "zstd",
}

// String returns the IANA name, a GREASE mark, or
// "CertCompressionAlgorithm(N)".
func (a CertCompressionAlgorithm) String() string {
	if int(a) < len(certCompressionAlgorithmNames) && certCompressionAlgorithmNames[a] != "" {
		return certCompressionAlgorithmNames[a]
	}
	if IsGREASE(uint16(a)) {
		return greaseName(uint16(a))
	}
	return unknownName("CertCompressionAlgorithm", uint64(a))
}

// Known reports whether a is assigned in the registry.
func (a CertCompressionAlgorithm) Known() bool {
	return int(a) < len(certCompressionAlgorithmNames) && certCompressionAlgorithmNames[a] != ""
}

// CachedInformationType is a CachedObject type of the cached_info
// extension (RFC 7924 §3).
type CachedInformationType uint8

// Cached information types.
const (
	CachedInfoCert    CachedInformationType = 1
	CachedInfoCertReq CachedInformationType = 2
)

var cachedInformationTypeNames = [256]string{
	CachedInfoCert:    "cert",
	CachedInfoCertReq: "cert_req",
}

// String returns the IANA name or "CachedInformationType(N)".
func (t CachedInformationType) String() string {
	if n := cachedInformationTypeNames[t]; n != "" {
		return n
	}
	return unknownName("CachedInformationType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t CachedInformationType) Known() bool { return cachedInformationTypeNames[t] != "" }
