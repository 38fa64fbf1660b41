// Package tlsanchor is crypto/tls's own ClientHello and ServerHello codec
// (clientHelloMsg, serverHelloMsg), copied from the Go distribution because
// crypto/tls does not export it, and wrapped so that benchmarks can measure
// it beside package wire: it is the performance anchor that wire's numbers
// are compared with (docs/performance.md), and the reference of the
// ServerHello differential test of package fuzz (ServerHello.Fields). It is
// not meant for any other use.
//
// handshake_messages.go and common.go are copies of Go 1.26 source, under
// the Go license; this file is the only addition.
package tlsanchor

// ClientHello holds a ClientHello decoded by crypto/tls's clientHelloMsg.
type ClientHello struct{ msg clientHelloMsg }

// Unmarshal decodes a complete ClientHello handshake message (header
// included) exactly as crypto/tls does, reporting whether it is well formed.
// Like crypto/tls it resets the value and allocates its fields afresh.
func (h *ClientHello) Unmarshal(data []byte) bool { return h.msg.unmarshal(data) }

// Marshal encodes the ClientHello as crypto/tls does. The copy of the input
// that unmarshal keeps is dropped first, so the message is really encoded.
func (h *ClientHello) Marshal() ([]byte, error) {
	h.msg.original = nil
	return h.msg.marshal()
}

// NumCipherSuites returns the number of cipher suites decoded.
func (h *ClientHello) NumCipherSuites() int { return len(h.msg.cipherSuites) }

// UnmarshalClientHello decodes a ClientHello into a new value, as
// crypto/tls's readHandshake does for every message it receives.
func UnmarshalClientHello(data []byte) (*ClientHello, bool) {
	h := new(ClientHello)
	return h, h.Unmarshal(data)
}

// MarshalClientHello encodes h as crypto/tls does (see ClientHello.Marshal).
func MarshalClientHello(h *ClientHello) ([]byte, error) { return h.Marshal() }

// ServerHello holds a ServerHello decoded by crypto/tls's serverHelloMsg.
type ServerHello struct{ msg serverHelloMsg }

// Unmarshal decodes a complete ServerHello handshake message (header
// included) exactly as crypto/tls does, reporting whether it is well formed.
func (h *ServerHello) Unmarshal(data []byte) bool { return h.msg.unmarshal(data) }

// Marshal encodes the ServerHello as crypto/tls does, after dropping the
// copy of the input that unmarshal keeps.
func (h *ServerHello) Marshal() ([]byte, error) {
	h.msg.original = nil
	return h.msg.marshal()
}

// CipherSuite returns the selected cipher suite.
func (h *ServerHello) CipherSuite() uint16 { return h.msg.cipherSuite }

// UnmarshalServerHello decodes a ServerHello into a new value.
func UnmarshalServerHello(data []byte) (*ServerHello, bool) {
	h := new(ServerHello)
	return h, h.Unmarshal(data)
}

// MarshalServerHello encodes h as crypto/tls does (see ServerHello.Marshal).
func MarshalServerHello(h *ServerHello) ([]byte, error) { return h.Marshal() }

// ServerHelloFields are the fields crypto/tls's serverHelloMsg decodes, as
// the differential test of package fuzz compares them with wire's.
type ServerHelloFields struct {
	Version                      uint16
	Random, SessionID            []byte
	CipherSuite                  uint16
	CompressionMethod            uint8
	OCSPStapling                 bool // status_request present
	TicketSupported              bool // session_ticket present
	SecureRenegotiationSupported bool // renegotiation_info present
	SecureRenegotiation          []byte
	ExtendedMasterSecret         bool
	ALPNProtocol                 string
	SCTs                         [][]byte
	SupportedVersion             uint16
	ServerShareGroup             uint16
	ServerShareData              []byte
	SelectedIdentityPresent      bool
	SelectedIdentity             uint16
	SupportedPoints              []byte
	EncryptedClientHello         []byte
	ServerNameAck                bool // server_name present (and empty)
	Cookie                       []byte
	SelectedGroup                uint16 // key_share of the 2-byte (HelloRetryRequest) form
}

// Fields returns what Unmarshal decoded.
func (h *ServerHello) Fields() ServerHelloFields {
	m := &h.msg
	return ServerHelloFields{
		Version: m.vers, Random: m.random, SessionID: m.sessionId, CipherSuite: m.cipherSuite,
		CompressionMethod: m.compressionMethod, OCSPStapling: m.ocspStapling, TicketSupported: m.ticketSupported,
		SecureRenegotiationSupported: m.secureRenegotiationSupported, SecureRenegotiation: m.secureRenegotiation,
		ExtendedMasterSecret: m.extendedMasterSecret, ALPNProtocol: m.alpnProtocol, SCTs: m.scts,
		SupportedVersion: m.supportedVersion, ServerShareGroup: uint16(m.serverShare.group), ServerShareData: m.serverShare.data,
		SelectedIdentityPresent: m.selectedIdentityPresent, SelectedIdentity: m.selectedIdentity,
		SupportedPoints: m.supportedPoints, EncryptedClientHello: m.encryptedClientHello, ServerNameAck: m.serverNameAck,
		Cookie: m.cookie, SelectedGroup: uint16(m.selectedGroup),
	}
}
