package wire

import "golang.org/x/crypto/cryptobyte"

// ServerName is one entry of a server_name_list (RFC 6066 §3).
type ServerName struct {
	// NameType is name_type; 0 is host_name.
	NameType NameType
	// Name is the HostName<1..2^16-1> (for other name types, the opaque
	// value with its 2-byte prefix removed).
	Name []byte
}

// ServerNameExtension is the server_name extension (RFC 6066 §3, RFC 8446
// §4.2). In the ClientHello it carries a ServerNameList; in the ServerHello
// (TLS <= 1.2) and EncryptedExtensions it is empty.
type ServerNameExtension struct {
	// In selects the form: InClientHello for server_name_list, any other
	// message for the empty acknowledgement.
	In ExtMessage
	// Names is server_name_list<1..2^16-1> (ClientHello only).
	Names []ServerName
}

// ExtensionType returns server_name (0).
func (*ServerNameExtension) ExtensionType() ExtensionType { return ExtensionServerName }

// HostName returns the first host_name entry, or nil.
func (e *ServerNameExtension) HostName() []byte {
	for _, n := range e.Names {
		if n.NameType == NameTypeHostName {
			return n.Name
		}
	}
	return nil
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *ServerNameExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Names = e.Names[:0]
	if in != InClientHello {
		return extEmpty("server_name", data)
	}
	if e.namesFast(data) {
		return nil
	}
	e.Names = e.Names[:0]
	p := extParser("server_name", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	if !p.vec16(&s, "server_name_list", 1, &list) || !p.end(s, "server_name_list") {
		return p.err
	}
	for len(list) > 0 {
		var n ServerName
		min := 0
		if !p.u8(&list, "name_type", (*uint8)(&n.NameType)) {
			return p.err
		}
		if n.NameType == NameTypeHostName {
			min = 1
		}
		if !p.bytes16(&list, "host_name", min, &n.Name) {
			return p.err
		}
		e.Names = append(e.Names, n)
	}
	return nil
}

// namesFast decodes a well-formed server_name_list by index, without a
// parser, and reports whether it was well formed; otherwise the parser
// reads it again and reports the error.
func (e *ServerNameExtension) namesFast(data []byte) bool {
	if len(data) < 3 || int(data[0])<<8|int(data[1]) != len(data)-2 {
		return false
	}
	for list := data[2:]; len(list) > 0; {
		if len(list) < 3 {
			return false
		}
		end := 3 + (int(list[1])<<8 | int(list[2]))
		if end > len(list) || end == 3 && NameType(list[0]) == NameTypeHostName {
			return false
		}
		e.Names = append(e.Names, ServerName{NameType: NameType(list[0]), Name: list[3:end:end]})
		list = list[end:]
	}
	return true
}

// Append appends extension_data.
func (e *ServerNameExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return b, nil
	}
	a := appender{b: b, msg: "server_name"}
	at := a.open(2)
	for _, n := range e.Names {
		a.u8(uint8(n.NameType))
		a.vec16("host_name", n.Name)
	}
	a.close(at, 2, "server_name_list")
	return a.result(b)
}

// Len is the length Append appends.
func (e *ServerNameExtension) Len() int {
	if e.In != InClientHello {
		return 0
	}
	n := 2
	for _, x := range e.Names {
		n += 3 + len(x.Name)
	}
	return n
}

// Validate checks the rules of RFC 6066 §3: the list holds at most one
// name of each name_type, and a host_name has no trailing dot.
func (e *ServerNameExtension) Validate() error {
	for i, n := range e.Names {
		if n.NameType == NameTypeHostName && len(n.Name) > 0 && n.Name[len(n.Name)-1] == '.' {
			return &Error{Message: "server_name", Field: "host_name", Offset: -1, Err: ErrValue}
		}
		for _, m := range e.Names[:i] {
			if m.NameType == n.NameType {
				return &Error{Message: "server_name", Field: "name_type", Offset: -1, Err: ErrValue}
			}
		}
	}
	return nil
}

// appendJSON appends server_name_list (ClientHello); the server's
// acknowledgement is empty.
func (e *ServerNameExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return b
	}
	b = append(jKey(b, "server_name_list"), '[')
	for i, n := range e.Names {
		if i > 0 {
			b = append(b, ',')
		}
		b = jOpenReg(b, "name_type", n.NameType, greaseNone)
		b = append(jText(b, "host_name", n.Name), '}')
	}
	return append(b, ']')
}
