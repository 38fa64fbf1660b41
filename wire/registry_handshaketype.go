package wire

import "strconv"

// HandshakeType is the msg_type of a handshake message (IANA "TLS
// HandshakeType" registry, RFC 8446 §4).
type HandshakeType uint8

// Handshake types, as registered by IANA (registry as of 2025-11).
const (
	TypeHelloRequest          HandshakeType = 0
	TypeClientHello           HandshakeType = 1
	TypeServerHello           HandshakeType = 2
	TypeHelloVerifyRequest    HandshakeType = 3
	TypeNewSessionTicket      HandshakeType = 4
	TypeEndOfEarlyData        HandshakeType = 5
	TypeHelloRetryRequest     HandshakeType = 6 // reserved: TLS 1.3 drafts only
	TypeEncryptedExtensions   HandshakeType = 8
	TypeRequestConnectionID   HandshakeType = 9
	TypeNewConnectionID       HandshakeType = 10
	TypeCertificate           HandshakeType = 11
	TypeServerKeyExchange     HandshakeType = 12
	TypeCertificateRequest    HandshakeType = 13
	TypeServerHelloDone       HandshakeType = 14
	TypeCertificateVerify     HandshakeType = 15
	TypeClientKeyExchange     HandshakeType = 16
	TypeClientCertificateReq  HandshakeType = 17 // TLMSP
	TypeFinished              HandshakeType = 20
	TypeCertificateURL        HandshakeType = 21
	TypeCertificateStatus     HandshakeType = 22
	TypeSupplementalData      HandshakeType = 23
	TypeKeyUpdate             HandshakeType = 24
	TypeCompressedCertificate HandshakeType = 25
	TypeEKTKey                HandshakeType = 26
	TypeNextProtocol          HandshakeType = 67
	TypeMessageHash           HandshakeType = 254
)

// handshakeTypeNames is the IANA TLS HandshakeType registry as data.
var handshakeTypeNames = [256]string{
	TypeHelloRequest:          "hello_request",
	TypeClientHello:           "client_hello",
	TypeServerHello:           "server_hello",
	TypeHelloVerifyRequest:    "hello_verify_request",
	TypeNewSessionTicket:      "new_session_ticket",
	TypeEndOfEarlyData:        "end_of_early_data",
	TypeHelloRetryRequest:     "hello_retry_request",
	TypeEncryptedExtensions:   "encrypted_extensions",
	TypeRequestConnectionID:   "request_connection_id",
	TypeNewConnectionID:       "new_connection_id",
	TypeCertificate:           "certificate",
	TypeServerKeyExchange:     "server_key_exchange",
	TypeCertificateRequest:    "certificate_request",
	TypeServerHelloDone:       "server_hello_done",
	TypeCertificateVerify:     "certificate_verify",
	TypeClientKeyExchange:     "client_key_exchange",
	TypeClientCertificateReq:  "client_certificate_request",
	TypeFinished:              "finished",
	TypeCertificateURL:        "certificate_url",
	TypeCertificateStatus:     "certificate_status",
	TypeSupplementalData:      "supplemental_data",
	TypeKeyUpdate:             "key_update",
	TypeCompressedCertificate: "compressed_certificate",
	TypeEKTKey:                "ekt_key",
	TypeNextProtocol:          "next_protocol",
	TypeMessageHash:           "message_hash",
}

// String returns the IANA name, or "HandshakeType(N)" for an unassigned value.
func (t HandshakeType) String() string {
	if n := handshakeTypeNames[t]; n != "" {
		return n
	}
	return "HandshakeType(" + strconv.Itoa(int(t)) + ")"
}

// Known reports whether t is assigned in the registry.
func (t HandshakeType) Known() bool { return handshakeTypeNames[t] != "" }
