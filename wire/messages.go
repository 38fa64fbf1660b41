package wire

// newMessageFuncs maps each decoded handshake type to a constructor. To
// add a message type, add its constructor here (see the package comment).
var newMessageFuncs = [256]func() Message{
	TypeHelloRequest:          func() Message { return new(HelloRequest) },
	TypeClientHello:           func() Message { return new(ClientHello) },
	TypeServerHello:           func() Message { return new(ServerHello) },
	TypeHelloVerifyRequest:    func() Message { return new(HelloVerifyRequest) },
	TypeNewSessionTicket:      func() Message { return new(NewSessionTicket) },
	TypeEndOfEarlyData:        func() Message { return new(EndOfEarlyData) },
	TypeEncryptedExtensions:   func() Message { return new(EncryptedExtensions) },
	TypeRequestConnectionID:   func() Message { return new(RequestConnectionID) },
	TypeNewConnectionID:       func() Message { return new(NewConnectionID) },
	TypeCertificate:           func() Message { return new(Certificate) },
	TypeServerKeyExchange:     func() Message { return new(ServerKeyExchange) },
	TypeCertificateRequest:    func() Message { return new(CertificateRequest) },
	TypeServerHelloDone:       func() Message { return new(ServerHelloDone) },
	TypeCertificateVerify:     func() Message { return new(CertificateVerify) },
	TypeClientKeyExchange:     func() Message { return new(ClientKeyExchange) },
	TypeFinished:              func() Message { return new(Finished) },
	TypeCertificateURL:        func() Message { return new(CertificateURL) },
	TypeCertificateStatus:     func() Message { return new(CertificateStatus) },
	TypeSupplementalData:      func() Message { return new(SupplementalData) },
	TypeKeyUpdate:             func() Message { return new(KeyUpdate) },
	TypeCompressedCertificate: func() Message { return new(CompressedCertificate) },
	TypeEKTKey:                func() Message { return new(EKTKey) },
	TypeNextProtocol:          func() Message { return new(NextProtocol) },
	TypeMessageHash:           func() Message { return new(MessageHash) },
}

// NewMessage returns a new zero value of the type that decodes handshake
// type t, or an *UnknownMessage for types this package keeps raw.
func NewMessage(t HandshakeType) Message {
	if f := newMessageFuncs[t]; f != nil {
		return f()
	}
	return &UnknownMessage{HandshakeType: t}
}
