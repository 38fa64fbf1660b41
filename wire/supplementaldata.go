package wire

import "golang.org/x/crypto/cryptobyte"

// SupplementalDataEntry is one entry of a SupplementalData message
// (RFC 4680 §2): struct { SupplementalDataType supp_data_type;
// uint16 supp_data_length; select(type) { } } SupplementalDataEntry.
// The data is kept opaque; supp_data_length is the length of Data.
type SupplementalDataEntry struct {
	// DataType is supp_data_type (IANA "TLS Supplemental Data Formats";
	// user_mapping_data is 0, RFC 4681).
	DataType uint16
	// Data is the entry's data, supp_data_length bytes (aliases the input).
	Data []byte
}

// SupplementalData carries application data in the handshake when both
// sides negotiated a supplemental data format (RFC 4680 §2):
// struct { SupplementalDataEntry supp_data<1..2^24-1>; } SupplementalData.
type SupplementalData struct {
	// Entries is supp_data in wire order (reused by UnmarshalBody).
	Entries []SupplementalDataEntry
}

// Type returns TypeSupplementalData.
func (*SupplementalData) Type() HandshakeType { return TypeSupplementalData }

// Unmarshal decodes a complete SupplementalData handshake message (with header).
func (m *SupplementalData) Unmarshal(msg []byte) error { return unmarshalMessage(m, msg, Context{}) }

// Append appends the message with its handshake header.
func (m *SupplementalData) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *SupplementalData) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a SupplementalData body. ctx is not used.
func (m *SupplementalData) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("SupplementalData", body)
	s := cryptobyte.String(body)
	m.Entries = m.Entries[:0]
	var list cryptobyte.String
	if !p.vec24(&s, "supp_data", 1, &list) || !p.end(s, "supp_data") {
		return p.err
	}
	for len(list) > 0 {
		var e SupplementalDataEntry
		if !p.u16(&list, "supp_data_type", &e.DataType) ||
			!p.bytes16(&list, "supp_data_length", 0, &e.Data) {
			return p.err
		}
		m.Entries = append(m.Entries, e)
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *SupplementalData) BodyLen() int {
	n := 3
	for i := range m.Entries {
		n += 2 + 2 + len(m.Entries[i].Data)
	}
	return n
}

// AppendBody appends the SupplementalData body.
func (m *SupplementalData) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "SupplementalData"}
	at := a.open(3)
	for i := range m.Entries {
		a.u16(m.Entries[i].DataType)
		a.vec16("supp_data_length", m.Entries[i].Data)
	}
	a.close(at, 3, "supp_data")
	return a.result(b)
}

// Validate checks that supp_data is not empty (RFC 4680 §2: <1..2^24-1>),
// which Unmarshal guarantees but a constructed value may break.
func (m *SupplementalData) Validate() error {
	if len(m.Entries) == 0 {
		return &Error{Message: "SupplementalData", Field: "supp_data", Offset: -1, Err: ErrVectorTooShort}
	}
	return nil
}

// appendJSON appends the entries: each type with its name and the data.
func (m *SupplementalData) appendJSON(b []byte, _ *extScratch) []byte {
	b = append(jKey(b, "supp_data"), '[')
	for i, e := range m.Entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = jOpenReg(b, "supp_data_type", SupplementalDataType(e.DataType), greaseNone)
		b = append(jHex(b, "supp_data", e.Data), '}')
	}
	return append(b, ']')
}

// appendSummary appends the number of entries.
func (m *SupplementalData) appendSummary(b []byte, _ *extScratch) []byte {
	return sCount(append(b, "SupplementalData"...), "entries", len(m.Entries))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *SupplementalData) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
