package wire

// MarshalJSON methods: every message and record-layer value implements
// json.Marshaler through its appender, so library users can pass them to
// encoding/json. Hot paths should call the Append*JSON functions with a
// reused buffer instead.

// MarshalJSON renders m with AppendMessageJSON.
func (m *ClientHello) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerHello) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *HelloRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *HelloVerifyRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *NewSessionTicket) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *EndOfEarlyData) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *EncryptedExtensions) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *RequestConnectionID) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *NewConnectionID) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *Certificate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerKeyExchange) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateRequest) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *ServerHelloDone) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateVerify) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *ClientKeyExchange) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *Finished) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateURL) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *CertificateStatus) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *SupplementalData) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *KeyUpdate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *CompressedCertificate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *EKTKey) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *NextProtocol) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *MessageHash) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders m with AppendMessageJSON.
func (m *UnknownMessage) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }

// MarshalJSON renders r with AppendRecordJSON.
func (r *Record) MarshalJSON() ([]byte, error) { return AppendRecordJSON(nil, r), nil }

// MarshalJSON renders r with AppendDTLSRecordJSON.
func (r *DTLSRecord) MarshalJSON() ([]byte, error) { return AppendDTLSRecordJSON(nil, r), nil }

// MarshalJSON renders h with AppendDTLSHandshakeHeaderJSON.
func (h *DTLSHandshakeHeader) MarshalJSON() ([]byte, error) {
	return AppendDTLSHandshakeHeaderJSON(nil, h), nil
}

// MarshalJSON renders a with AppendAlertJSON.
func (a *Alert) MarshalJSON() ([]byte, error) { return AppendAlertJSON(nil, a), nil }

// MarshalJSON renders c with AppendChangeCipherSpecJSON.
func (c *ChangeCipherSpec) MarshalJSON() ([]byte, error) {
	return AppendChangeCipherSpecJSON(nil, c), nil
}

// MarshalJSON renders h with AppendHeartbeatJSON.
func (h *Heartbeat) MarshalJSON() ([]byte, error) { return AppendHeartbeatJSON(nil, h), nil }
