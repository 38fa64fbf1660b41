package wire

// newMessageFuncs maps each decoded handshake type to a constructor. To
// add a message type, add its constructor here (see the package comment).
var newMessageFuncs = [256]func() Message{
	TypeClientHello:        func() Message { return new(ClientHello) },
	TypeServerHello:        func() Message { return new(ServerHello) },
	TypeCertificate:        func() Message { return new(Certificate) },
	TypeServerKeyExchange:  func() Message { return new(ServerKeyExchange) },
	TypeCertificateRequest: func() Message { return new(CertificateRequest) },
	TypeCertificateVerify:  func() Message { return new(CertificateVerify) },
	TypeClientKeyExchange:  func() Message { return new(ClientKeyExchange) },
}

// NewMessage returns a new zero value of the type that decodes handshake
// type t, or an *UnknownMessage for types this package keeps raw.
func NewMessage(t HandshakeType) Message {
	if f := newMessageFuncs[t]; f != nil {
		return f()
	}
	return &UnknownMessage{HandshakeType: t}
}
