package wire

// Extensions that carry a list in the ClientHello and the selected
// element in the server's reply.

// CertTypeExtension is the cert_type extension (RFC 6091 §3.1): a list of
// CertificateType values (0 X.509, 1 OpenPGP) in the
// ClientHello, the selected one in the ServerHello (or EncryptedExtensions).
type CertTypeExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for the single selected value.
	In ExtMessage
	// Types is certificate_types<1..2^8-1> (ClientHello).
	Types []byte
	// Selected is certificate_type (server).
	Selected uint8
}

// ExtensionType returns cert_type (9).
func (*CertTypeExtension) ExtensionType() ExtensionType { return ExtensionCertType }

// Unmarshal decodes extension_data as it appears in message in.
func (e *CertTypeExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In, e.Types, e.Selected = in, nil, 0
	if in != InClientHello {
		return extU8("cert_type", "certificate_type", data, &e.Selected)
	}
	return extOpaque8("cert_type", "certificate_types", data, 1, &e.Types)
}

// Append appends extension_data.
func (e *CertTypeExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU8(b, e.Selected)
	}
	return extAppendVec(b, "cert_type", "certificate_types", 1, e.Types)
}

// Len is the length Append appends.
func (e *CertTypeExtension) Len() int {
	if e.In != InClientHello {
		return 1
	}
	return 1 + len(e.Types)
}

// appendCertTypesJSON renders the cert_type family (RFC 6091, RFC 7250):
// the offered types in the ClientHello, the selected type elsewhere.
func appendCertTypesJSON(b []byte, in ExtMessage, types []byte, selected uint8) []byte {
	if in == InClientHello {
		return jRegList[CertificateType](b, "certificate_types", "certificate_type_names", types, greaseNone)
	}
	return jReg(b, "certificate_type", CertificateType(selected), greaseNone)
}

// appendJSON appends the offered certificate types or the selected one.
func (e *CertTypeExtension) appendJSON(b []byte) []byte {
	return appendCertTypesJSON(b, e.In, e.Types, e.Selected)
}

// ClientCertificateTypeExtension is the client_certificate_type extension (RFC
// 7250 §3): a list of certificate types (0 X.509, 2 RawPublicKey) in the
// ClientHello, the selected one in the ServerHello (or EncryptedExtensions).
type ClientCertificateTypeExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for the single selected value.
	In ExtMessage
	// Types is client_certificate_types<1..2^8-1> (ClientHello).
	Types []byte
	// Selected is client_certificate_type (server).
	Selected uint8
}

// ExtensionType returns client_certificate_type (19).
func (*ClientCertificateTypeExtension) ExtensionType() ExtensionType {
	return ExtensionClientCertificateType
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *ClientCertificateTypeExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In, e.Types, e.Selected = in, nil, 0
	if in != InClientHello {
		return extU8("client_certificate_type", "client_certificate_type", data, &e.Selected)
	}
	return extOpaque8("client_certificate_type", "client_certificate_types", data, 1, &e.Types)
}

// Append appends extension_data.
func (e *ClientCertificateTypeExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU8(b, e.Selected)
	}
	return extAppendVec(b, "client_certificate_type", "client_certificate_types", 1, e.Types)
}

// Len is the length Append appends.
func (e *ClientCertificateTypeExtension) Len() int {
	if e.In != InClientHello {
		return 1
	}
	return 1 + len(e.Types)
}

// appendJSON appends the offered certificate types or the selected one.
func (e *ClientCertificateTypeExtension) appendJSON(b []byte) []byte {
	return appendCertTypesJSON(b, e.In, e.Types, e.Selected)
}

// ServerCertificateTypeExtension is the server_certificate_type extension (RFC
// 7250 §3): a list of certificate types (0 X.509, 2 RawPublicKey) in the
// ClientHello, the selected one in the ServerHello (or EncryptedExtensions).
type ServerCertificateTypeExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for the single selected value.
	In ExtMessage
	// Types is server_certificate_types<1..2^8-1> (ClientHello).
	Types []byte
	// Selected is server_certificate_type (server).
	Selected uint8
}

// ExtensionType returns server_certificate_type (20).
func (*ServerCertificateTypeExtension) ExtensionType() ExtensionType {
	return ExtensionServerCertificateType
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *ServerCertificateTypeExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In, e.Types, e.Selected = in, nil, 0
	if in != InClientHello {
		return extU8("server_certificate_type", "server_certificate_type", data, &e.Selected)
	}
	return extOpaque8("server_certificate_type", "server_certificate_types", data, 1, &e.Types)
}

// Append appends extension_data.
func (e *ServerCertificateTypeExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU8(b, e.Selected)
	}
	return extAppendVec(b, "server_certificate_type", "server_certificate_types", 1, e.Types)
}

// Len is the length Append appends.
func (e *ServerCertificateTypeExtension) Len() int {
	if e.In != InClientHello {
		return 1
	}
	return 1 + len(e.Types)
}

// appendJSON appends the offered certificate types or the selected one.
func (e *ServerCertificateTypeExtension) appendJSON(b []byte) []byte {
	return appendCertTypesJSON(b, e.In, e.Types, e.Selected)
}

// SupportedEKTCiphersExtension is the supported_ekt_ciphers extension (RFC
// 8870 §5.2): a list of EKTCipherType values in the
// ClientHello, the selected one in the ServerHello (or EncryptedExtensions).
type SupportedEKTCiphersExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for the single selected value.
	In ExtMessage
	// Types is supported_ciphers<1..255> (ClientHello).
	Types []byte
	// Selected is selected_cipher (server).
	Selected uint8
}

// ExtensionType returns supported_ekt_ciphers (39).
func (*SupportedEKTCiphersExtension) ExtensionType() ExtensionType {
	return ExtensionSupportedEKTCiphers
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *SupportedEKTCiphersExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In, e.Types, e.Selected = in, nil, 0
	if in != InClientHello {
		return extU8("supported_ekt_ciphers", "selected_cipher", data, &e.Selected)
	}
	return extOpaque8("supported_ekt_ciphers", "supported_ciphers", data, 1, &e.Types)
}

// Append appends extension_data.
func (e *SupportedEKTCiphersExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU8(b, e.Selected)
	}
	return extAppendVec(b, "supported_ekt_ciphers", "supported_ciphers", 1, e.Types)
}

// Len is the length Append appends.
func (e *SupportedEKTCiphersExtension) Len() int {
	if e.In != InClientHello {
		return 1
	}
	return 1 + len(e.Types)
}

// ektCipher is a value of the IANA "EKT Ciphers" registry (RFC 8870
// §7.4), named for JSON.
type ektCipher uint8

var ektCipherNames = [256]string{1: "AESKW128", 2: "AESKW256"}

// Known reports whether c is registered.
func (c ektCipher) Known() bool { return ektCipherNames[c] != "" }

// String returns the registry name, empty for an unregistered value.
func (c ektCipher) String() string { return ektCipherNames[c] }

// appendJSON appends the offered EKT ciphers (ClientHello) or the selected
// one, with their names.
func (e *SupportedEKTCiphersExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		return jRegList[ektCipher](b, "ekt_ciphers", "ekt_cipher_names", e.Types, greaseNone)
	}
	return jReg(b, "ekt_cipher", ektCipher(e.Selected), greaseNone)
}
