package wire

// Extensions whose extension_data is always empty.

// ClientCertificateURLExtension is the client_certificate_url extension (RFC
// 6066 §5), sent empty in the ClientHello and ServerHello.
type ClientCertificateURLExtension struct{}

// ExtensionType returns client_certificate_url (2).
func (*ClientCertificateURLExtension) ExtensionType() ExtensionType {
	return ExtensionClientCertificateURL
}

// Unmarshal checks that extension_data is empty; in is not used.
func (*ClientCertificateURLExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("client_certificate_url", data)
}

// Append appends nothing: the body is empty.
func (*ClientCertificateURLExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*ClientCertificateURLExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*ClientCertificateURLExtension) appendJSON(b []byte) []byte { return b }

// TruncatedHMACExtension is the truncated_hmac extension (RFC 6066 §7), sent
// empty in the ClientHello and ServerHello.
type TruncatedHMACExtension struct{}

// ExtensionType returns truncated_hmac (4).
func (*TruncatedHMACExtension) ExtensionType() ExtensionType { return ExtensionTruncatedHMAC }

// Unmarshal checks that extension_data is empty; in is not used.
func (*TruncatedHMACExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("truncated_hmac", data)
}

// Append appends nothing: the body is empty.
func (*TruncatedHMACExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*TruncatedHMACExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*TruncatedHMACExtension) appendJSON(b []byte) []byte { return b }

// EncryptThenMACExtension is the encrypt_then_mac extension (RFC 7366 §2),
// sent empty in the ClientHello and ServerHello.
type EncryptThenMACExtension struct{}

// ExtensionType returns encrypt_then_mac (22).
func (*EncryptThenMACExtension) ExtensionType() ExtensionType { return ExtensionEncryptThenMAC }

// Unmarshal checks that extension_data is empty; in is not used.
func (*EncryptThenMACExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("encrypt_then_mac", data)
}

// Append appends nothing: the body is empty.
func (*EncryptThenMACExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*EncryptThenMACExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*EncryptThenMACExtension) appendJSON(b []byte) []byte { return b }

// ExtendedMasterSecretExtension is the extended_master_secret extension (RFC
// 7627 §5.1), sent empty in the ClientHello and ServerHello.
type ExtendedMasterSecretExtension struct{}

// ExtensionType returns extended_master_secret (23).
func (*ExtendedMasterSecretExtension) ExtensionType() ExtensionType {
	return ExtensionExtendedMasterSecret
}

// Unmarshal checks that extension_data is empty; in is not used.
func (*ExtendedMasterSecretExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("extended_master_secret", data)
}

// Append appends nothing: the body is empty.
func (*ExtendedMasterSecretExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*ExtendedMasterSecretExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*ExtendedMasterSecretExtension) appendJSON(b []byte) []byte { return b }

// TLSLTSExtension is the tls_lts extension (draft-gutmann-tls-lts §2), sent
// empty in the ClientHello and ServerHello.
type TLSLTSExtension struct{}

// ExtensionType returns tls_lts (26).
func (*TLSLTSExtension) ExtensionType() ExtensionType { return ExtensionTLSLTS }

// Unmarshal checks that extension_data is empty; in is not used.
func (*TLSLTSExtension) Unmarshal(data []byte, _ ExtMessage) error { return extEmpty("tls_lts", data) }

// Append appends nothing: the body is empty.
func (*TLSLTSExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*TLSLTSExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*TLSLTSExtension) appendJSON(b []byte) []byte { return b }

// TLSCertWithExternPSKExtension is the tls_cert_with_extern_psk extension (RFC
// 8773 §4), sent empty in the ClientHello and ServerHello.
type TLSCertWithExternPSKExtension struct{}

// ExtensionType returns tls_cert_with_extern_psk (33).
func (*TLSCertWithExternPSKExtension) ExtensionType() ExtensionType {
	return ExtensionTLSCertWithExternPSK
}

// Unmarshal checks that extension_data is empty; in is not used.
func (*TLSCertWithExternPSKExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("tls_cert_with_extern_psk", data)
}

// Append appends nothing: the body is empty.
func (*TLSCertWithExternPSKExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*TLSCertWithExternPSKExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*TLSCertWithExternPSKExtension) appendJSON(b []byte) []byte { return b }

// PostHandshakeAuthExtension is the post_handshake_auth extension (RFC 8446
// §4.2.6), sent empty in the ClientHello.
type PostHandshakeAuthExtension struct{}

// ExtensionType returns post_handshake_auth (49).
func (*PostHandshakeAuthExtension) ExtensionType() ExtensionType { return ExtensionPostHandshakeAuth }

// Unmarshal checks that extension_data is empty; in is not used.
func (*PostHandshakeAuthExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("post_handshake_auth", data)
}

// Append appends nothing: the body is empty.
func (*PostHandshakeAuthExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*PostHandshakeAuthExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*PostHandshakeAuthExtension) appendJSON(b []byte) []byte { return b }

// RRCExtension is the rrc extension (draft-ietf-tls-dtls-rrc §3, "RRC
// Extension"; DTLS only), sent empty in the ClientHello and ServerHello
// ("the extension_data field of this extension is empty"; pion/dtls
// encodes and checks it the same way).
type RRCExtension struct{}

// ExtensionType returns rrc (61).
func (*RRCExtension) ExtensionType() ExtensionType { return ExtensionRRC }

// Unmarshal checks that extension_data is empty; in is not used.
func (*RRCExtension) Unmarshal(data []byte, _ ExtMessage) error { return extEmpty("rrc", data) }

// Append appends nothing: the body is empty.
func (*RRCExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*RRCExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*RRCExtension) appendJSON(b []byte) []byte { return b }

// ChannelIDExtension is the channel_id extension at 30032
// (draft-balfanz-tls-channelid-01; unregistered), sent empty in the
// ClientHello and in the ServerHello or EncryptedExtensions, as BoringSSL
// sends and checks it (ext_channel_id_add_clienthello, "CBS_len(contents)
// != 0" on both sides).
type ChannelIDExtension struct{}

// ExtensionType returns channel_id (30032).
func (*ChannelIDExtension) ExtensionType() ExtensionType { return ExtensionChannelID }

// Unmarshal checks that extension_data is empty; in is not used.
func (*ChannelIDExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("channel_id", data)
}

// Append appends nothing: the body is empty.
func (*ChannelIDExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*ChannelIDExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*ChannelIDExtension) appendJSON(b []byte) []byte { return b }

// ChannelIDOldExtension is channel_id at its first code point 30031
// (unregistered), also sent empty: Chromium's OpenSSL-era t1_lib.c sent
// TLSEXT_TYPE_channel_id (30031) or TLSEXT_TYPE_channel_id_new (30032)
// with a zero length, by configuration.
type ChannelIDOldExtension struct{}

// ExtensionType returns channel_id_old (30031).
func (*ChannelIDOldExtension) ExtensionType() ExtensionType { return ExtensionChannelIDOld }

// Unmarshal checks that extension_data is empty; in is not used.
func (*ChannelIDOldExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extEmpty("channel_id_old", data)
}

// Append appends nothing: the body is empty.
func (*ChannelIDOldExtension) Append(b []byte) ([]byte, error) { return b, nil }

// Len returns 0.
func (*ChannelIDOldExtension) Len() int { return 0 }

// appendJSON appends nothing: type and name say everything.
func (*ChannelIDOldExtension) appendJSON(b []byte) []byte { return b }
