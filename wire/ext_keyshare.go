package wire

import "golang.org/x/crypto/cryptobyte"

// KeyShareEntry is one key share (RFC 8446 §4.2.8).
type KeyShareEntry struct {
	// Group is the NamedGroup.
	Group uint16
	// KeyExchange is key_exchange<1..2^16-1>.
	KeyExchange []byte
}

// appendJSON appends the entry as an object: the group with its name and
// key_exchange in hex.
func (k *KeyShareEntry) appendJSON(b []byte) []byte {
	b = jOpenReg(b, "group", NamedGroup(k.Group), grease16)
	return append(jHex(b, "key_exchange", k.KeyExchange), '}')
}

// KeyShareExtension is the key_share extension (RFC 8446 §4.2.8). Its body
// is a KeyShareClientHello (client_shares) in the ClientHello, a
// KeyShareServerHello (server_share) in the ServerHello and a
// KeyShareHelloRetryRequest (selected_group) in the HelloRetryRequest.
type KeyShareExtension struct {
	// In selects the form: InClientHello, InHelloRetryRequest, or any
	// other message for the ServerHello form.
	In ExtMessage
	// ClientShares is client_shares<0..2^16-1> (ClientHello).
	ClientShares []KeyShareEntry
	// ServerShare is server_share (ServerHello).
	ServerShare KeyShareEntry
	// SelectedGroup is selected_group (HelloRetryRequest).
	SelectedGroup uint16
}

// ExtensionType returns key_share (51).
func (*KeyShareExtension) ExtensionType() ExtensionType { return ExtensionKeyShare }

// Unmarshal decodes extension_data as it appears in message in.
func (e *KeyShareExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.ClientShares = e.ClientShares[:0]
	e.ServerShare = KeyShareEntry{}
	e.SelectedGroup = 0
	if in == InClientHello && e.clientSharesFast(data) {
		return nil
	}
	e.ClientShares = e.ClientShares[:0]
	p := extParser("key_share", &data)
	s := cryptobyte.String(data)
	switch in {
	case InClientHello:
		var list cryptobyte.String
		if !p.vec16(&s, "client_shares", 0, &list) || !p.end(s, "client_shares") {
			return p.err
		}
		for len(list) > 0 {
			var k KeyShareEntry
			if !p.keyShareEntry(&list, &k) {
				return p.err
			}
			e.ClientShares = append(e.ClientShares, k)
		}
	case InHelloRetryRequest:
		if !p.u16(&s, "selected_group", &e.SelectedGroup) || !p.end(s, "selected_group") {
			return p.err
		}
	default:
		if !p.keyShareEntry(&s, &e.ServerShare) || !p.end(s, "server_share") {
			return p.err
		}
	}
	return nil
}

// clientSharesFast decodes a well-formed client_shares body by index,
// without a parser, and reports whether it was well formed; otherwise the
// parser reads it again and reports the error.
func (e *KeyShareExtension) clientSharesFast(data []byte) bool {
	if len(data) < 2 || int(data[0])<<8|int(data[1]) != len(data)-2 {
		return false
	}
	for list := data[2:]; len(list) > 0; {
		if len(list) < 4 {
			return false
		}
		end := 4 + (int(list[2])<<8 | int(list[3]))
		if end == 4 || end > len(list) {
			return false
		}
		e.ClientShares = append(e.ClientShares, KeyShareEntry{
			Group:       uint16(list[0])<<8 | uint16(list[1]),
			KeyExchange: list[4:end:end],
		})
		list = list[end:]
	}
	return true
}

func (p *parser) keyShareEntry(s *cryptobyte.String, k *KeyShareEntry) bool {
	return p.u16(s, "group", &k.Group) && p.bytes16(s, "key_exchange", 1, &k.KeyExchange)
}

// Append appends extension_data.
func (e *KeyShareExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "key_share"}
	switch e.In {
	case InClientHello:
		// The length is known up front (Len): no prefix to back-patch.
		if n := e.Len() - 2; n > 0xffff {
			a.fail("client_shares", ErrTooLarge)
		} else {
			a.u16(uint16(n))
		}
		for _, k := range e.ClientShares {
			a.u16(k.Group)
			a.vec16("key_exchange", k.KeyExchange)
		}
	case InHelloRetryRequest:
		a.u16(e.SelectedGroup)
	default:
		a.u16(e.ServerShare.Group)
		a.vec16("key_exchange", e.ServerShare.KeyExchange)
	}
	return a.result(b)
}

// Len is the length Append appends.
func (e *KeyShareExtension) Len() int {
	switch e.In {
	case InClientHello:
		n := 2
		for _, k := range e.ClientShares {
			n += 4 + len(k.KeyExchange)
		}
		return n
	case InHelloRetryRequest:
		return 2
	default:
		return 4 + len(e.ServerShare.KeyExchange)
	}
}

// Validate checks that client_shares names each group at most once (RFC
// 8446 §4.2.8).
func (e *KeyShareExtension) Validate() error {
	if e.In != InClientHello {
		return nil
	}
	for i, k := range e.ClientShares {
		for _, o := range e.ClientShares[:i] {
			if o.Group == k.Group {
				return &Error{Message: "key_share", Field: "client_shares", Offset: -1, Err: ErrValue}
			}
		}
	}
	return nil
}

// appendJSON appends client_shares (ClientHello), selected_group
// (HelloRetryRequest) or server_share (ServerHello).
func (e *KeyShareExtension) appendJSON(b []byte) []byte {
	switch e.In {
	case InClientHello:
		b = append(jKey(b, "client_shares"), '[')
		for i := range e.ClientShares {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.ClientShares[i].appendJSON(b)
		}
		return append(b, ']')
	case InHelloRetryRequest:
		return jReg(b, "selected_group", NamedGroup(e.SelectedGroup), grease16)
	}
	return e.ServerShare.appendJSON(jKey(b, "server_share"))
}
