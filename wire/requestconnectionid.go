package wire

import "golang.org/x/crypto/cryptobyte"

// RequestConnectionID asks the DTLS 1.3 peer for new connection IDs
// (RFC 9147 §9, which spells it RequestConnectionId):
// struct { uint8 num_cids; } RequestConnectionId.
type RequestConnectionID struct {
	// NumCIDs is num_cids, the number of CIDs wanted.
	NumCIDs uint8
}

// Type returns TypeRequestConnectionID.
func (*RequestConnectionID) Type() HandshakeType { return TypeRequestConnectionID }

// Unmarshal decodes a complete RequestConnectionID handshake message (with
// header). A DTLS message's body is usually decoded with UnmarshalBody after
// reassembly instead.
func (m *RequestConnectionID) Unmarshal(msg []byte) error {
	return unmarshalMessage(m, msg, Context{})
}

// Append appends the message with its TLS handshake header.
func (m *RequestConnectionID) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its TLS handshake header.
func (m *RequestConnectionID) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a RequestConnectionID body. ctx is not used.
func (m *RequestConnectionID) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("RequestConnectionID", body)
	s := cryptobyte.String(body)
	if !p.u8(&s, "num_cids", &m.NumCIDs) || !p.end(s, "num_cids") {
		return p.err
	}
	return nil
}

// BodyLen is 1.
func (*RequestConnectionID) BodyLen() int { return 1 }

// AppendBody appends the RequestConnectionID body.
func (m *RequestConnectionID) AppendBody(b []byte) ([]byte, error) {
	return append(b, m.NumCIDs), nil
}

// appendJSON appends num_cids.
func (m *RequestConnectionID) appendJSON(b []byte, _ *extScratch) []byte {
	return jUint(b, "num_cids", uint64(m.NumCIDs))
}

// appendSummary appends num_cids.
func (m *RequestConnectionID) appendSummary(b []byte, _ *extScratch) []byte {
	return sCount(append(b, "RequestConnectionID"...), "num_cids", int(m.NumCIDs))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *RequestConnectionID) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
