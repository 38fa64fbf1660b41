package wire

import (
	"errors"

	"golang.org/x/crypto/cryptobyte"
)

// EncryptedExtensions carries the TLS 1.3 server's extensions that are not
// needed to establish the keys (RFC 8446 §4.3.1):
// struct { Extension extensions<0..2^16-1>; } EncryptedExtensions.
type EncryptedExtensions struct {
	// Extensions in wire order.
	Extensions Extensions
}

// Type returns TypeEncryptedExtensions.
func (*EncryptedExtensions) Type() HandshakeType { return TypeEncryptedExtensions }

// Unmarshal decodes a complete EncryptedExtensions handshake message (with header).
func (m *EncryptedExtensions) Unmarshal(msg []byte) error {
	return unmarshalMessage(m, msg, Context{})
}

// Append appends the message with its handshake header.
func (m *EncryptedExtensions) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *EncryptedExtensions) Len() int { return MessageLen(m) }

// UnmarshalBody decodes an EncryptedExtensions body. ctx is not used.
func (m *EncryptedExtensions) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("EncryptedExtensions", body)
	s := cryptobyte.String(body)
	var ok bool
	if m.Extensions, ok = p.extensionsBlock(&s, "extensions", m.Extensions); !ok || !p.end(s, "extensions") {
		return p.err
	}
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *EncryptedExtensions) BodyLen() int { return 2 + m.Extensions.bodyLen() }

// AppendBody appends the EncryptedExtensions body.
func (m *EncryptedExtensions) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "EncryptedExtensions"}
	a.extensions("extensions", m.Extensions)
	return a.result(b)
}

// Validate checks the RFC 8446 §4.2 rules for the extensions block: no
// duplicates and only extensions allowed in EncryptedExtensions (for
// example, a key_share or supported_versions here is a protocol error).
func (m *EncryptedExtensions) Validate() error {
	return errors.Join(validateExtensionList("EncryptedExtensions", m.Extensions, InEncryptedExtensions)...)
}

// appendJSON appends the extensions.
func (m *EncryptedExtensions) appendJSON(b []byte, sc *extScratch) []byte {
	return appendExtensionsJSON(b, "extensions", m.Extensions, InEncryptedExtensions, sc)
}

// appendSummary appends the number of extensions and the selected ALPN
// protocol.
func (m *EncryptedExtensions) appendSummary(b []byte, sc *extScratch) []byte {
	b = append(b, "EncryptedExtensions"...)
	b = sCount(b, "exts", len(m.Extensions))
	return sALPN(b, sc, m.Extensions, InEncryptedExtensions)
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *EncryptedExtensions) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
