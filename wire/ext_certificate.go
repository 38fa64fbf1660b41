package wire

import "golang.org/x/crypto/cryptobyte"

// Extensions about certificates: which are acceptable, how they are
// compressed, and what accompanies them.

// CertificateAuthoritiesExtension is the certificate_authorities extension
// (RFC 8446 §4.2.4), the same in the ClientHello and CertificateRequest.
type CertificateAuthoritiesExtension struct {
	// Authorities is authorities<3..2^16-1> of DistinguishedName
	// opaque<1..2^16-1> (DER X.501 names).
	Authorities [][]byte
}

// ExtensionType returns certificate_authorities (47).
func (*CertificateAuthoritiesExtension) ExtensionType() ExtensionType {
	return ExtensionCertificateAuthorities
}

// Unmarshal decodes extension_data; in is not used.
func (e *CertificateAuthoritiesExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Authorities, err = extOpaqueList("certificate_authorities", "authorities", "DistinguishedName",
		data, 2, 3, 2, 1, e.Authorities)
	return err
}

// Append appends extension_data.
func (e *CertificateAuthoritiesExtension) Append(b []byte) ([]byte, error) {
	return extAppendOpaqueList(b, "certificate_authorities", "authorities", "DistinguishedName", 2, 2, e.Authorities)
}

// Len is the length Append appends.
func (e *CertificateAuthoritiesExtension) Len() int { return 2 + opaqueListLen(2, e.Authorities) }

// appendJSON appends the distinguished names in hex.
func (e *CertificateAuthoritiesExtension) appendJSON(b []byte) []byte {
	return jHexList(b, "authorities", e.Authorities)
}

// OIDFilter is one filter of oid_filters (RFC 8446 §4.2.5).
type OIDFilter struct {
	// OID is certificate_extension_oid<1..2^8-1> (DER, without tag and length).
	OID []byte
	// Values is certificate_extension_values<0..2^16-1> (DER).
	Values []byte
}

// OIDFiltersExtension is the oid_filters extension (RFC 8446 §4.2.5),
// found in the CertificateRequest.
type OIDFiltersExtension struct {
	// Filters is filters<0..2^16-1>.
	Filters []OIDFilter
}

// ExtensionType returns oid_filters (48).
func (*OIDFiltersExtension) ExtensionType() ExtensionType { return ExtensionOIDFilters }

// Unmarshal decodes extension_data; in is not used.
func (e *OIDFiltersExtension) Unmarshal(data []byte, _ ExtMessage) error {
	e.Filters = e.Filters[:0]
	p := extParser("oid_filters", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	if !p.vec16(&s, "filters", 0, &list) || !p.end(s, "filters") {
		return p.err
	}
	for len(list) > 0 {
		var f OIDFilter
		if !p.bytes8(&list, "certificate_extension_oid", 1, &f.OID) ||
			!p.bytes16(&list, "certificate_extension_values", 0, &f.Values) {
			return p.err
		}
		e.Filters = append(e.Filters, f)
	}
	return nil
}

// Append appends extension_data.
func (e *OIDFiltersExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "oid_filters"}
	at := a.open(2)
	for _, f := range e.Filters {
		a.vec8("certificate_extension_oid", f.OID)
		a.vec16("certificate_extension_values", f.Values)
	}
	a.close(at, 2, "filters")
	return a.result(b)
}

// Len is the length Append appends.
func (e *OIDFiltersExtension) Len() int {
	n := 2
	for _, f := range e.Filters {
		n += 3 + len(f.OID) + len(f.Values)
	}
	return n
}

// appendJSON appends the filters: each OID and its values in hex.
func (e *OIDFiltersExtension) appendJSON(b []byte) []byte {
	b = append(jKey(b, "filters"), '[')
	for i, f := range e.Filters {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHexString(jOpen(b, "certificate_extension_oid"), f.OID)
		b = append(jHex(b, "certificate_extension_values", f.Values), '}')
	}
	return append(b, ']')
}

// SignedCertificateTimestampExtension is the signed_certificate_timestamp
// extension (RFC 6962 §3.3, RFC 8446 §4.4.2): empty in the ClientHello (and
// CertificateRequest), a SignedCertificateTimestampList in the ServerHello
// (TLS <= 1.2) and in a TLS 1.3 CertificateEntry.
type SignedCertificateTimestampExtension struct {
	// In selects the form: InClientHello or InCertificateRequest for the
	// empty form, any other message for the list.
	In ExtMessage
	// SCTs is sct_list<1..2^16-1> of SerializedSCT opaque<1..2^16-1>.
	SCTs [][]byte
}

// ExtensionType returns signed_certificate_timestamp (18).
func (*SignedCertificateTimestampExtension) ExtensionType() ExtensionType {
	return ExtensionSignedCertificateTimestamp
}

func sctEmptyForm(in ExtMessage) bool { return in == InClientHello || in == InCertificateRequest }

// Unmarshal decodes extension_data as it appears in message in.
func (e *SignedCertificateTimestampExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.SCTs = e.SCTs[:0]
	if sctEmptyForm(in) {
		return extEmpty("signed_certificate_timestamp", data)
	}
	var err error
	e.SCTs, err = extOpaqueList("signed_certificate_timestamp", "sct_list", "SerializedSCT", data, 2, 1, 2, 1, e.SCTs)
	return err
}

// Append appends extension_data.
func (e *SignedCertificateTimestampExtension) Append(b []byte) ([]byte, error) {
	if sctEmptyForm(e.In) {
		return b, nil
	}
	return extAppendOpaqueList(b, "signed_certificate_timestamp", "sct_list", "SerializedSCT", 2, 2, e.SCTs)
}

// Len is the length Append appends.
func (e *SignedCertificateTimestampExtension) Len() int {
	if sctEmptyForm(e.In) {
		return 0
	}
	return 2 + opaqueListLen(2, e.SCTs)
}

// appendJSON appends the SCTs in hex, in the messages that carry them.
func (e *SignedCertificateTimestampExtension) appendJSON(b []byte) []byte {
	if sctEmptyForm(e.In) {
		return b
	}
	return jHexList(b, "sct_list", e.SCTs)
}

// TransparencyInfoExtension is the transparency_info extension (RFC 9162
// §6.5): empty in the ClientHello and CertificateRequest, a TransItemList
// in a CertificateEntry.
type TransparencyInfoExtension struct {
	// In selects the form: InClientHello or InCertificateRequest for the
	// empty form, any other message for the list.
	In ExtMessage
	// Items is trans_item_list<1..2^16-1> of SerializedTransItem opaque<1..2^16-1>.
	Items [][]byte
}

// ExtensionType returns transparency_info (52).
func (*TransparencyInfoExtension) ExtensionType() ExtensionType { return ExtensionTransparencyInfo }

// Unmarshal decodes extension_data as it appears in message in.
func (e *TransparencyInfoExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Items = e.Items[:0]
	if sctEmptyForm(in) {
		return extEmpty("transparency_info", data)
	}
	var err error
	e.Items, err = extOpaqueList("transparency_info", "trans_item_list", "SerializedTransItem", data, 2, 1, 2, 1, e.Items)
	return err
}

// Append appends extension_data.
func (e *TransparencyInfoExtension) Append(b []byte) ([]byte, error) {
	if sctEmptyForm(e.In) {
		return b, nil
	}
	return extAppendOpaqueList(b, "transparency_info", "trans_item_list", "SerializedTransItem", 2, 2, e.Items)
}

// Len is the length Append appends.
func (e *TransparencyInfoExtension) Len() int {
	if sctEmptyForm(e.In) {
		return 0
	}
	return 2 + opaqueListLen(2, e.Items)
}

// appendJSON appends the TransItems in hex, in the messages that carry them.
func (e *TransparencyInfoExtension) appendJSON(b []byte) []byte {
	if sctEmptyForm(e.In) {
		return b
	}
	return jHexList(b, "items", e.Items)
}

// CompressCertificateExtension is the compress_certificate extension
// (RFC 8879 §3), in the ClientHello and CertificateRequest.
type CompressCertificateExtension struct {
	// Algorithms is algorithms<2..2^8-2> (CertCompressionAlgorithm).
	Algorithms []uint16
}

// ExtensionType returns compress_certificate (27).
func (*CompressCertificateExtension) ExtensionType() ExtensionType {
	return ExtensionCompressCertificate
}

// Unmarshal decodes extension_data; in is not used.
func (e *CompressCertificateExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Algorithms, err = extU16List("compress_certificate", "algorithms", data, 1, 2, e.Algorithms)
	return err
}

// Append appends extension_data.
func (e *CompressCertificateExtension) Append(b []byte) ([]byte, error) {
	return extAppendU16List(b, "compress_certificate", "algorithms", 1, e.Algorithms)
}

// Len is the length Append appends.
func (e *CompressCertificateExtension) Len() int { return 1 + 2*len(e.Algorithms) }

// appendJSON appends the compression algorithms with their names.
func (e *CompressCertificateExtension) appendJSON(b []byte) []byte {
	return jRegList[CertCompressionAlgorithm](b, "algorithms", "algorithm_names", e.Algorithms, grease16)
}

// DelegatedCredential is a DelegatedCredential (RFC 9345 §4).
type DelegatedCredential struct {
	// ValidTime is cred.valid_time (seconds after the certificate's notBefore).
	ValidTime uint32
	// DCCertVerifyAlgorithm is cred.dc_cert_verify_algorithm.
	DCCertVerifyAlgorithm uint16
	// SubjectPublicKeyInfo is cred.ASN1_subjectPublicKeyInfo<1..2^24-1>.
	SubjectPublicKeyInfo []byte
	// Algorithm is algorithm, the scheme of Signature.
	Algorithm uint16
	// Signature is signature<1..2^16-1>.
	Signature []byte
}

// DelegatedCredentialExtension is the delegated_credential extension
// (RFC 9345 §4.1): a SignatureSchemeList in the ClientHello and
// CertificateRequest, a DelegatedCredential in a CertificateEntry.
type DelegatedCredentialExtension struct {
	// In selects the form: InCertificate for the credential, any other
	// message for the scheme list.
	In ExtMessage
	// Algorithms is signature_algorithms<2..2^16-2>.
	Algorithms []uint16
	// Credential is the DelegatedCredential (CertificateEntry).
	Credential DelegatedCredential
}

// ExtensionType returns delegated_credential (34).
func (*DelegatedCredentialExtension) ExtensionType() ExtensionType {
	return ExtensionDelegatedCredential
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *DelegatedCredentialExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Algorithms = e.Algorithms[:0]
	e.Credential = DelegatedCredential{}
	if in != InCertificate {
		var err error
		e.Algorithms, err = extU16List("delegated_credential", "signature_algorithms", data, 2, 2, e.Algorithms)
		return err
	}
	c := &e.Credential
	p := extParser("delegated_credential", &data)
	s := cryptobyte.String(data)
	if !p.u32(&s, "valid_time", &c.ValidTime) || !p.u16(&s, "dc_cert_verify_algorithm", &c.DCCertVerifyAlgorithm) ||
		!p.bytes24(&s, "ASN1_subjectPublicKeyInfo", 1, &c.SubjectPublicKeyInfo) ||
		!p.u16(&s, "algorithm", &c.Algorithm) || !p.bytes16(&s, "signature", 1, &c.Signature) ||
		!p.end(s, "signature") {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *DelegatedCredentialExtension) Append(b []byte) ([]byte, error) {
	if e.In != InCertificate {
		return extAppendU16List(b, "delegated_credential", "signature_algorithms", 2, e.Algorithms)
	}
	c := &e.Credential
	a := appender{b: b, msg: "delegated_credential"}
	a.u32(c.ValidTime)
	a.u16(c.DCCertVerifyAlgorithm)
	a.vec24("ASN1_subjectPublicKeyInfo", c.SubjectPublicKeyInfo)
	a.u16(c.Algorithm)
	a.vec16("signature", c.Signature)
	return a.result(b)
}

// Len is the length Append appends.
func (e *DelegatedCredentialExtension) Len() int {
	if e.In != InCertificate {
		return 2 + 2*len(e.Algorithms)
	}
	return 4 + 2 + 3 + len(e.Credential.SubjectPublicKeyInfo) + 2 + 2 + len(e.Credential.Signature)
}

// appendJSON appends the credential (Certificate entry) or the signature
// schemes accepted for one (ClientHello, CertificateRequest).
func (e *DelegatedCredentialExtension) appendJSON(b []byte) []byte {
	if e.In != InCertificate {
		return jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
	}
	c := &e.Credential
	b = jUint(b, "valid_time", uint64(c.ValidTime))
	b = jReg(b, "dc_cert_verify_algorithm", SignatureScheme(c.DCCertVerifyAlgorithm), grease16)
	b = jHex(b, "subject_public_key_info", c.SubjectPublicKeyInfo)
	b = jReg(b, "algorithm", SignatureScheme(c.Algorithm), grease16)
	return jHex(b, "signature", c.Signature)
}
