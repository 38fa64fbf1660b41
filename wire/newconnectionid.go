package wire

import "golang.org/x/crypto/cryptobyte"

// ConnectionIDUsage is the usage field of a NewConnectionID (RFC 9147 §9:
// enum { cid_immediate(0), cid_spare(1), (255) } ConnectionIdUsage).
type ConnectionIDUsage uint8

// ConnectionIDUsage values (RFC 9147 §9).
const (
	// CIDImmediate: one of the new CIDs must be used for all future records.
	CIDImmediate ConnectionIDUsage = 0
	// CIDSpare: the new CIDs are spares; the current one may stay in use.
	CIDSpare ConnectionIDUsage = 1
)

// NewConnectionID gives the DTLS 1.3 peer connection IDs to use
// (RFC 9147 §9, which spells it NewConnectionId):
// opaque ConnectionId<0..2^8-1>;
// struct { ConnectionId cids<0..2^16-1>; ConnectionIdUsage usage; } NewConnectionId.
type NewConnectionID struct {
	// CIDs is cids, in wire order. Each entry aliases the input; the outer
	// slice is reused by UnmarshalBody.
	CIDs [][]byte
	// Usage is usage: CIDImmediate or CIDSpare (others are kept; see Validate).
	Usage ConnectionIDUsage
}

// Type returns TypeNewConnectionID.
func (*NewConnectionID) Type() HandshakeType { return TypeNewConnectionID }

// Unmarshal decodes a complete NewConnectionID handshake message (with
// header). A DTLS message's body is usually decoded with UnmarshalBody after
// reassembly instead.
func (m *NewConnectionID) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its TLS handshake header.
func (m *NewConnectionID) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its TLS handshake header.
func (m *NewConnectionID) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a NewConnectionID body. ctx is not used.
func (m *NewConnectionID) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("NewConnectionID", body)
	s := cryptobyte.String(body)
	m.CIDs = m.CIDs[:0]
	var list cryptobyte.String
	if !p.vec16(&s, "cids", 0, &list) {
		return p.err
	}
	for len(list) > 0 {
		var cid []byte
		if !p.bytes8(&list, "cids", 0, &cid) {
			return p.err
		}
		m.CIDs = append(m.CIDs, cid)
	}
	var usage uint8
	if !p.u8(&s, "usage", &usage) || !p.end(s, "usage") {
		return p.err
	}
	m.Usage = ConnectionIDUsage(usage)
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *NewConnectionID) BodyLen() int {
	n := 2 + 1
	for _, c := range m.CIDs {
		n += 1 + len(c)
	}
	return n
}

// AppendBody appends the NewConnectionID body.
func (m *NewConnectionID) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "NewConnectionID"}
	at := a.open(2)
	for _, c := range m.CIDs {
		a.vec8("cids", c)
	}
	a.close(at, 2, "cids")
	a.u8(uint8(m.Usage))
	return a.result(b)
}

// Validate checks that Usage is cid_immediate or cid_spare (RFC 9147 §9).
func (m *NewConnectionID) Validate() error {
	if m.Usage != CIDImmediate && m.Usage != CIDSpare {
		return &Error{Message: "NewConnectionID", Field: "usage", Offset: -1, Err: ErrValue}
	}
	return nil
}

// cidUsageNames names ConnectionIdUsage (RFC 9147 §9).
var cidUsageNames = [256]string{CIDImmediate: "cid_immediate", CIDSpare: "cid_spare"}

// appendJSON appends the connection IDs and their usage.
func (m *NewConnectionID) appendJSON(b []byte, _ *extScratch) []byte {
	b = jHexList(b, "cids", m.CIDs)
	return jTable(b, "usage", &cidUsageNames, uint8(m.Usage))
}

// appendSummary appends the number of connection IDs and their usage.
func (m *NewConnectionID) appendSummary(b []byte, _ *extScratch) []byte {
	b = sCount(append(b, "NewConnectionID"...), "cids", len(m.CIDs))
	return append(append(b, " usage="...), tableName(&cidUsageNames, uint8(m.Usage))...)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *NewConnectionID) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
