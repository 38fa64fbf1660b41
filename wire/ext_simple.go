package wire

// Extensions whose extension_data is a single integer or opaque vector.

// MaxFragmentLengthExtension is the max_fragment_length extension (RFC 6066
// §4), the same in the ClientHello and ServerHello (or EncryptedExtensions).
type MaxFragmentLengthExtension struct {
	// Length is MaxFragmentLength: 1 (2^9) to 4 (2^12).
	Length uint8
}

// ExtensionType returns max_fragment_length (1).
func (*MaxFragmentLengthExtension) ExtensionType() ExtensionType { return ExtensionMaxFragmentLength }

// Unmarshal decodes extension_data; in is not used.
func (e *MaxFragmentLengthExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extU8("max_fragment_length", "max_fragment_length", data, &e.Length)
}

// Append appends extension_data.
func (e *MaxFragmentLengthExtension) Append(b []byte) ([]byte, error) {
	return extAppendU8(b, e.Length)
}

// Len is the length Append appends.
func (e *MaxFragmentLengthExtension) Len() int {
	return 1
}

// appendJSON appends max_fragment_length with its name.
func (e *MaxFragmentLengthExtension) appendJSON(b []byte) []byte {
	return jReg(b, "max_fragment_length", MaxFragmentLength(e.Length), greaseNone)
}

// HeartbeatExtension is the heartbeat extension (RFC 6520 §2), the same in both hellos.
type HeartbeatExtension struct {
	// Mode is HeartbeatMode: 1 peer_allowed_to_send, 2 peer_not_allowed_to_send.
	Mode uint8
}

// ExtensionType returns heartbeat (15).
func (*HeartbeatExtension) ExtensionType() ExtensionType { return ExtensionHeartbeat }

// Unmarshal decodes extension_data; in is not used.
func (e *HeartbeatExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extU8("heartbeat", "mode", data, &e.Mode)
}

// Append appends extension_data.
func (e *HeartbeatExtension) Append(b []byte) ([]byte, error) {
	return extAppendU8(b, e.Mode)
}

// Len is the length Append appends.
func (e *HeartbeatExtension) Len() int {
	return 1
}

// appendJSON appends the heartbeat mode with its name.
func (e *HeartbeatExtension) appendJSON(b []byte) []byte {
	return jReg(b, "mode", HeartbeatMode(e.Mode), greaseNone)
}

// RecordSizeLimitExtension is the record_size_limit extension (RFC 8449 §4),
// the same in the ClientHello and ServerHello or EncryptedExtensions.
type RecordSizeLimitExtension struct {
	// Limit is RecordSizeLimit.
	Limit uint16
}

// ExtensionType returns record_size_limit (28).
func (*RecordSizeLimitExtension) ExtensionType() ExtensionType { return ExtensionRecordSizeLimit }

// Unmarshal decodes extension_data; in is not used.
func (e *RecordSizeLimitExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extU16("record_size_limit", "RecordSizeLimit", data, &e.Limit)
}

// Append appends extension_data.
func (e *RecordSizeLimitExtension) Append(b []byte) ([]byte, error) {
	return extAppendU16(b, e.Limit)
}

// Len is the length Append appends.
func (e *RecordSizeLimitExtension) Len() int {
	return 2
}

// appendJSON appends the record size limit.
func (e *RecordSizeLimitExtension) appendJSON(b []byte) []byte {
	return jUint(b, "record_size_limit", uint64(e.Limit))
}

// SRPExtension is the srp extension (RFC 5054 §2.8.1), sent in the ClientHello.
type SRPExtension struct {
	// Identity is srp_I<1..2^8-1>.
	Identity []byte
}

// ExtensionType returns srp (12).
func (*SRPExtension) ExtensionType() ExtensionType { return ExtensionSRP }

// Unmarshal decodes extension_data; in is not used.
func (e *SRPExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("srp", "srp_I", data, 1, &e.Identity)
}

// Append appends extension_data.
func (e *SRPExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "srp", "srp_I", 1, e.Identity)
}

// Len is the length Append appends.
func (e *SRPExtension) Len() int {
	return 1 + len(e.Identity)
}

// appendJSON appends the SRP identity as text.
func (e *SRPExtension) appendJSON(b []byte) []byte { return jText(b, "srp_I", e.Identity) }

// RenegotiationInfoExtension is the renegotiation_info extension (RFC 5746
// §3.2), the same in both hellos.
type RenegotiationInfoExtension struct {
	// RenegotiatedConnection is renegotiated_connection<0..255>: empty on an initial handshake.
	RenegotiatedConnection []byte
}

// ExtensionType returns renegotiation_info (0xff01).
func (*RenegotiationInfoExtension) ExtensionType() ExtensionType { return ExtensionRenegotiationInfo }

// Unmarshal decodes extension_data; in is not used.
func (e *RenegotiationInfoExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("renegotiation_info", "renegotiated_connection", data, 0, &e.RenegotiatedConnection)
}

// Append appends extension_data.
func (e *RenegotiationInfoExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "renegotiation_info", "renegotiated_connection", 1, e.RenegotiatedConnection)
}

// Len is the length Append appends.
func (e *RenegotiationInfoExtension) Len() int {
	return 1 + len(e.RenegotiatedConnection)
}

// appendJSON appends renegotiated_connection in hex.
func (e *RenegotiationInfoExtension) appendJSON(b []byte) []byte {
	return jHex(b, "renegotiated_connection", e.RenegotiatedConnection)
}

// SessionTicketExtension is the session_ticket extension (RFC 5077 §3.2), the
// opaque ticket in the ClientHello (possibly empty), empty in the ServerHello
// (and in any other message).
type SessionTicketExtension struct {
	// Ticket is the ticket: the whole extension_data.
	Ticket []byte
}

// ExtensionType returns session_ticket (35).
func (*SessionTicketExtension) ExtensionType() ExtensionType { return ExtensionSessionTicket }

// Unmarshal decodes extension_data as it appears in message in: in the
// ClientHello it is the ticket; in any other message (the ServerHello,
// where RFC 5077 §3.2 has the server announce a NewSessionTicket with an
// empty extension, and the messages it is not allowed in, such as the
// HelloRetryRequest) the body must be empty.
func (e *SessionTicketExtension) Unmarshal(data []byte, in ExtMessage) error {
	if in != InClientHello && len(data) != 0 {
		e.Ticket = nil
		return extEmpty("session_ticket", data)
	}
	e.Ticket = data
	return nil
}

// Append appends extension_data.
func (e *SessionTicketExtension) Append(b []byte) ([]byte, error) {
	return append(b, e.Ticket...), nil
}

// Len is the length Append appends.
func (e *SessionTicketExtension) Len() int {
	return len(e.Ticket)
}

// appendJSON appends the ticket in hex.
func (e *SessionTicketExtension) appendJSON(b []byte) []byte { return jHex(b, "ticket", e.Ticket) }

// ConnectionIDExtension is the connection_id extension (RFC 9146 §3), the same in both hellos.
type ConnectionIDExtension struct {
	// CID is cid<0..2^8-1>.
	CID []byte
}

// ExtensionType returns connection_id (54).
func (*ConnectionIDExtension) ExtensionType() ExtensionType { return ExtensionConnectionID }

// Unmarshal decodes extension_data; in is not used.
func (e *ConnectionIDExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("connection_id", "cid", data, 0, &e.CID)
}

// Append appends extension_data.
func (e *ConnectionIDExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "connection_id", "cid", 1, e.CID)
}

// Len is the length Append appends.
func (e *ConnectionIDExtension) Len() int {
	return 1 + len(e.CID)
}

// appendJSON appends the connection ID in hex.
func (e *ConnectionIDExtension) appendJSON(b []byte) []byte { return jHex(b, "cid", e.CID) }

// UserMappingExtension is the user_mapping extension (RFC 4681 §2), a
// UserMappingTypeList in both hellos (one element from the server).
type UserMappingExtension struct {
	// Types is user_mapping_types<1..2^8-1>.
	Types []byte
}

// ExtensionType returns user_mapping (6).
func (*UserMappingExtension) ExtensionType() ExtensionType { return ExtensionUserMapping }

// Unmarshal decodes extension_data; in is not used.
func (e *UserMappingExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("user_mapping", "user_mapping_types", data, 1, &e.Types)
}

// Append appends extension_data.
func (e *UserMappingExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "user_mapping", "user_mapping_types", 1, e.Types)
}

// Len is the length Append appends.
func (e *UserMappingExtension) Len() int {
	return 1 + len(e.Types)
}

// appendJSON appends the user mapping types with their names.
func (e *UserMappingExtension) appendJSON(b []byte) []byte {
	return jRegList[UserMappingType](b, "user_mapping_types", "user_mapping_type_names", e.Types, greaseNone)
}

// ClientAuthzExtension is the client_authz extension (RFC 5878 §3.1), an
// AuthzDataFormats list in both hellos.
type ClientAuthzExtension struct {
	// Formats is authz_format_list<1..2^8-1>.
	Formats []byte
}

// ExtensionType returns client_authz (7).
func (*ClientAuthzExtension) ExtensionType() ExtensionType { return ExtensionClientAuthz }

// Unmarshal decodes extension_data; in is not used.
func (e *ClientAuthzExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("client_authz", "authz_format_list", data, 1, &e.Formats)
}

// Append appends extension_data.
func (e *ClientAuthzExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "client_authz", "authz_format_list", 1, e.Formats)
}

// Len is the length Append appends.
func (e *ClientAuthzExtension) Len() int {
	return 1 + len(e.Formats)
}

// appendJSON appends the authorization data formats with their names.
func (e *ClientAuthzExtension) appendJSON(b []byte) []byte {
	return jRegList[AuthzDataFormat](b, "authz_formats", "authz_format_names", e.Formats, greaseNone)
}

// ServerAuthzExtension is the server_authz extension (RFC 5878 §3.2), an
// AuthzDataFormats list in both hellos.
type ServerAuthzExtension struct {
	// Formats is authz_format_list<1..2^8-1>.
	Formats []byte
}

// ExtensionType returns server_authz (8).
func (*ServerAuthzExtension) ExtensionType() ExtensionType { return ExtensionServerAuthz }

// Unmarshal decodes extension_data; in is not used.
func (e *ServerAuthzExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("server_authz", "authz_format_list", data, 1, &e.Formats)
}

// Append appends extension_data.
func (e *ServerAuthzExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "server_authz", "authz_format_list", 1, e.Formats)
}

// Len is the length Append appends.
func (e *ServerAuthzExtension) Len() int {
	return 1 + len(e.Formats)
}

// appendJSON appends the authorization data formats with their names.
func (e *ServerAuthzExtension) appendJSON(b []byte) []byte {
	return jRegList[AuthzDataFormat](b, "authz_formats", "authz_format_names", e.Formats, greaseNone)
}

// PwdProtectExtension is the pwd_protect extension (RFC 8492 §4.1), sent in the ClientHello.
type PwdProtectExtension struct {
	// Username is the protected username<1..2^8-1>.
	Username []byte
}

// ExtensionType returns pwd_protect (29).
func (*PwdProtectExtension) ExtensionType() ExtensionType { return ExtensionPwdProtect }

// Unmarshal decodes extension_data; in is not used.
func (e *PwdProtectExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("pwd_protect", "username", data, 1, &e.Username)
}

// Append appends extension_data.
func (e *PwdProtectExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "pwd_protect", "username", 1, e.Username)
}

// Len is the length Append appends.
func (e *PwdProtectExtension) Len() int {
	return 1 + len(e.Username)
}

// appendJSON appends the user name in hex: it is encrypted (RFC 8492 §4.2.1).
func (e *PwdProtectExtension) appendJSON(b []byte) []byte { return jHex(b, "username", e.Username) }

// PwdClearExtension is the pwd_clear extension (RFC 8492 §4.2), sent in the ClientHello.
type PwdClearExtension struct {
	// Username is username<1..2^8-1>.
	Username []byte
}

// ExtensionType returns pwd_clear (30).
func (*PwdClearExtension) ExtensionType() ExtensionType { return ExtensionPwdClear }

// Unmarshal decodes extension_data; in is not used.
func (e *PwdClearExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("pwd_clear", "username", data, 1, &e.Username)
}

// Append appends extension_data.
func (e *PwdClearExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "pwd_clear", "username", 1, e.Username)
}

// Len is the length Append appends.
func (e *PwdClearExtension) Len() int {
	return 1 + len(e.Username)
}

// appendJSON appends the user name as text.
func (e *PwdClearExtension) appendJSON(b []byte) []byte { return jText(b, "username", e.Username) }

// PasswordSaltExtension is the password_salt extension (RFC 8492 §4.3), sent
// in the ServerHello or HelloRetryRequest.
type PasswordSaltExtension struct {
	// Salt is salt<1..2^16-1>.
	Salt []byte
}

// ExtensionType returns password_salt (31).
func (*PasswordSaltExtension) ExtensionType() ExtensionType { return ExtensionPasswordSalt }

// Unmarshal decodes extension_data; in is not used.
func (e *PasswordSaltExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque16("password_salt", "salt", data, 1, &e.Salt)
}

// Append appends extension_data.
func (e *PasswordSaltExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "password_salt", "salt", 2, e.Salt)
}

// Len is the length Append appends.
func (e *PasswordSaltExtension) Len() int {
	return 2 + len(e.Salt)
}

// appendJSON appends the salt in hex.
func (e *PasswordSaltExtension) appendJSON(b []byte) []byte { return jHex(b, "salt", e.Salt) }

// ConnectionIDDeprecatedExtension is connection_id at its deprecated code
// point 53 (draft-ietf-tls-dtls-connection-id before RFC 9146), with the
// same body.
type ConnectionIDDeprecatedExtension struct {
	ConnectionIDExtension
}

// ExtensionType returns 53.
func (*ConnectionIDDeprecatedExtension) ExtensionType() ExtensionType {
	return ExtensionConnectionIDDeprecated
}

// appendJSON appends the connection ID in hex.
func (e *ConnectionIDDeprecatedExtension) appendJSON(b []byte) []byte { return jHex(b, "cid", e.CID) }
