package wire

// SignatureAlgorithmsExtension is the signature_algorithms extension
// (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1), the same in the ClientHello and
// CertificateRequest.
type SignatureAlgorithmsExtension struct {
	// Algorithms is supported_signature_algorithms<2..2^16-2>, SignatureScheme
	// values in wire order.
	Algorithms []uint16
}

// ExtensionType returns signature_algorithms (13).
func (*SignatureAlgorithmsExtension) ExtensionType() ExtensionType {
	return ExtensionSignatureAlgorithms
}

// Unmarshal decodes extension_data; in is not used.
func (e *SignatureAlgorithmsExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Algorithms, err = extU16List("signature_algorithms", "supported_signature_algorithms", data, 2, 2, e.Algorithms)
	return err
}

// Append appends extension_data.
func (e *SignatureAlgorithmsExtension) Append(b []byte) ([]byte, error) {
	return extAppendU16List(b, "signature_algorithms", "supported_signature_algorithms", 2, e.Algorithms)
}

// Len is the length Append appends.
func (e *SignatureAlgorithmsExtension) Len() int { return 2 + 2*len(e.Algorithms) }

// appendJSON appends the signature schemes with their names.
func (e *SignatureAlgorithmsExtension) appendJSON(b []byte) []byte {
	return jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
}

// SignatureAlgorithmsCertExtension is the signature_algorithms_cert
// extension (RFC 8446 §4.2.3): the same body as signature_algorithms,
// listing the schemes acceptable in certificates.
type SignatureAlgorithmsCertExtension struct {
	// Algorithms is supported_signature_algorithms<2..2^16-2>.
	Algorithms []uint16
}

// ExtensionType returns signature_algorithms_cert (50).
func (*SignatureAlgorithmsCertExtension) ExtensionType() ExtensionType {
	return ExtensionSignatureAlgorithmsCert
}

// Unmarshal decodes extension_data; in is not used.
func (e *SignatureAlgorithmsCertExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Algorithms, err = extU16List("signature_algorithms_cert", "supported_signature_algorithms", data, 2, 2, e.Algorithms)
	return err
}

// Append appends extension_data.
func (e *SignatureAlgorithmsCertExtension) Append(b []byte) ([]byte, error) {
	return extAppendU16List(b, "signature_algorithms_cert", "supported_signature_algorithms", 2, e.Algorithms)
}

// Len is the length Append appends.
func (e *SignatureAlgorithmsCertExtension) Len() int { return 2 + 2*len(e.Algorithms) }

// appendJSON appends the signature schemes with their names.
func (e *SignatureAlgorithmsCertExtension) appendJSON(b []byte) []byte {
	return jRegList[SignatureScheme](b, "signature_schemes", "signature_scheme_names", e.Algorithms, grease16)
}
