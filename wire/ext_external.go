package wire

// ExternalIDHashExtension is the external_id_hash extension (RFC 8844
// §3.2, ExternalIdentityHash): the SHA-256 hash of the identity assertion
// (WebRTC identity or SIP PASSPoRT) the peers exchanged in signaling. The
// body is the same in every message that carries it (ClientHello, TLS 1.2
// ServerHello, TLS 1.3 EncryptedExtensions).
type ExternalIDHashExtension struct {
	// BindingHash is binding_hash<0..32>: empty for an endpoint without an
	// identity binding, 32 bytes otherwise. RFC 8844 makes any other
	// length a decode_error for the receiver; this codec decodes and
	// re-encodes every length byte for byte, and leaves that judgement to
	// the caller (see Valid).
	BindingHash []byte
}

// ExtensionType returns external_id_hash (55).
func (*ExternalIDHashExtension) ExtensionType() ExtensionType { return ExtensionExternalIDHash }

// Unmarshal decodes extension_data; in is not used.
func (e *ExternalIDHashExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("external_id_hash", "binding_hash", data, 0, &e.BindingHash)
}

// Append appends extension_data.
func (e *ExternalIDHashExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "external_id_hash", "binding_hash", 1, e.BindingHash)
}

// Len is the length Append appends.
func (e *ExternalIDHashExtension) Len() int { return 1 + len(e.BindingHash) }

// Valid reports whether BindingHash has one of the two lengths RFC 8844
// §3.2 allows: 0 or 32.
func (e *ExternalIDHashExtension) Valid() bool {
	return len(e.BindingHash) == 0 || len(e.BindingHash) == 32
}

// appendJSON appends the binding hash in hex.
func (e *ExternalIDHashExtension) appendJSON(b []byte) []byte {
	return jHex(b, "binding_hash", e.BindingHash)
}

// ExternalSessionIDExtension is the external_session_id extension (RFC
// 8844 §4.3, ExternalSessionId): the unique session identifier that the
// peer assigned in signaling, for SDP the value of the tls-id attribute
// in ASCII. The body is the same in every message that carries it.
type ExternalSessionIDExtension struct {
	// SessionID is session_id<20..255>.
	SessionID []byte
}

// ExtensionType returns external_session_id (56).
func (*ExternalSessionIDExtension) ExtensionType() ExtensionType {
	return ExtensionExternalSessionID
}

// Unmarshal decodes extension_data; in is not used.
func (e *ExternalSessionIDExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("external_session_id", "session_id", data, 20, &e.SessionID)
}

// Append appends extension_data. A SessionID shorter than 20 bytes fails
// with ErrVectorTooShort.
func (e *ExternalSessionIDExtension) Append(b []byte) ([]byte, error) {
	if len(e.SessionID) < 20 {
		a := appender{b: b, msg: "external_session_id"}
		a.fail("session_id", ErrVectorTooShort)
		return a.result(b)
	}
	return extAppendVec(b, "external_session_id", "session_id", 1, e.SessionID)
}

// Len is the length Append appends.
func (e *ExternalSessionIDExtension) Len() int { return 1 + len(e.SessionID) }

// appendJSON appends the session ID in hex.
func (e *ExternalSessionIDExtension) appendJSON(b []byte) []byte {
	return jHex(b, "session_id", e.SessionID)
}
