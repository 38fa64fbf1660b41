package wire

// Placeholder until the SSLv2 record work lands: see UnmarshalSSLv2.

func sslv2HelloLen(m *ClientHello) int { return 0 }

func appendSSLv2Hello(b []byte, m *ClientHello) ([]byte, error) {
	return b, &Error{Message: "ClientHello", Field: "sslv2", Offset: -1, Err: ErrContext}
}
