package wire

import "golang.org/x/crypto/cryptobyte"

// ALPNExtension is the application_layer_protocol_negotiation extension
// (RFC 7301 §3.1). The ClientHello lists the offered protocols; the
// ServerHello or EncryptedExtensions carries exactly one (see Validate).
type ALPNExtension struct {
	// Protocols is protocol_name_list<2..2^16-1> of ProtocolName opaque<1..2^8-1>.
	Protocols [][]byte
}

// ExtensionType returns application_layer_protocol_negotiation (16).
func (*ALPNExtension) ExtensionType() ExtensionType { return ExtensionALPN }

// Unmarshal decodes extension_data; the form does not depend on in.
func (e *ALPNExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Protocols, err = extOpaqueList("application_layer_protocol_negotiation", "protocol_name_list",
		"ProtocolName", data, 2, 2, 1, 1, e.Protocols)
	return err
}

// Append appends extension_data.
func (e *ALPNExtension) Append(b []byte) ([]byte, error) {
	return extAppendOpaqueList(b, "application_layer_protocol_negotiation", "protocol_name_list",
		"ProtocolName", 2, 1, e.Protocols)
}

// Len is the length Append appends.
func (e *ALPNExtension) Len() int { return 2 + opaqueListLen(1, e.Protocols) }

// Validate checks the rule of RFC 7301 §3.1 that the server's reply names
// exactly one protocol (in is the message the extension appears in).
func (e *ALPNExtension) Validate(in ExtMessage) error {
	if in != InClientHello && len(e.Protocols) != 1 {
		return &Error{Message: "application_layer_protocol_negotiation", Field: "protocol_name_list", Offset: -1, Err: ErrValue}
	}
	return nil
}

// appendJSON appends the protocol names as text.
func (e *ALPNExtension) appendJSON(b []byte) []byte { return jTextList(b, "protocols", e.Protocols) }

// NextProtocolNegotiationExtension is the next_protocol_negotiation
// extension (draft-agl-tls-nextprotoneg-04 §3): empty in the ClientHello;
// in the ServerHello a concatenation of opaque<1..2^8-1> protocol names
// with no outer length.
type NextProtocolNegotiationExtension struct {
	// In selects the form: InClientHello for the empty one, else the list.
	In ExtMessage
	// Protocols are the server's advertised protocols.
	Protocols [][]byte
}

// ExtensionType returns next_protocol_negotiation (13172).
func (*NextProtocolNegotiationExtension) ExtensionType() ExtensionType {
	return ExtensionNextProtocolNegotiation
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *NextProtocolNegotiationExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Protocols = e.Protocols[:0]
	if in == InClientHello {
		return extEmpty("next_protocol_negotiation", data)
	}
	p := extParser("next_protocol_negotiation", &data)
	var ok bool
	if e.Protocols, ok = p.opaqueList(cryptobyte.String(data), "protocol", 1, 1, e.Protocols); !ok {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *NextProtocolNegotiationExtension) Append(b []byte) ([]byte, error) {
	if e.In == InClientHello {
		return b, nil
	}
	a := appender{b: b, msg: "next_protocol_negotiation"}
	a.opaqueList("protocol", 1, e.Protocols)
	return a.result(b)
}

// Len is the length Append appends.
func (e *NextProtocolNegotiationExtension) Len() int {
	if e.In == InClientHello {
		return 0
	}
	return opaqueListLen(1, e.Protocols)
}

// appendJSON appends the server's protocols; the ClientHello form is empty.
func (e *NextProtocolNegotiationExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		return b
	}
	return jTextList(b, "protocols", e.Protocols)
}

// ApplicationSettingsExtension is the application_settings (ALPS)
// extension (draft-vvv-tls-alps-01 §4), code point 17613 (the older 17513
// is ApplicationSettingsOldExtension). In the ClientHello it lists the ALPN
// protocols for which settings are supported (an ALPN-style
// protocol_name_list); in EncryptedExtensions (and the client's
// ClientEncryptedExtensions) it carries opaque application settings.
type ApplicationSettingsExtension struct {
	// In selects the form: InClientHello for the list, else the settings.
	In ExtMessage
	// Protocols is supported_protocols<2..2^16-1> (ClientHello).
	Protocols [][]byte
	// Settings is the raw application_settings (other messages).
	Settings []byte
}

// ExtensionType returns application_settings (17613).
func (*ApplicationSettingsExtension) ExtensionType() ExtensionType {
	return ExtensionApplicationSettings
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *ApplicationSettingsExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Protocols = e.Protocols[:0]
	e.Settings = nil
	if in != InClientHello {
		e.Settings = data
		return nil
	}
	var err error
	e.Protocols, err = extOpaqueList("application_settings", "supported_protocols",
		"ProtocolName", data, 2, 2, 1, 1, e.Protocols)
	return err
}

// Append appends extension_data.
func (e *ApplicationSettingsExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return append(b, e.Settings...), nil
	}
	return extAppendOpaqueList(b, "application_settings", "supported_protocols", "ProtocolName", 2, 1, e.Protocols)
}

// Len is the length Append appends.
func (e *ApplicationSettingsExtension) Len() int {
	if e.In != InClientHello {
		return len(e.Settings)
	}
	return 2 + opaqueListLen(1, e.Protocols)
}

// appendJSON appends the protocols (ClientHello) or the settings in hex
// (EncryptedExtensions). The old code point's type embeds this one and
// shares it.
func (e *ApplicationSettingsExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		return jTextList(b, "protocols", e.Protocols)
	}
	return jHex(b, "settings", e.Settings)
}

// ApplicationSettingsOldExtension is application_settings at its original
// code point 17513, with the same body as ApplicationSettingsExtension.
type ApplicationSettingsOldExtension struct {
	ApplicationSettingsExtension
}

// ExtensionType returns 17513.
func (*ApplicationSettingsOldExtension) ExtensionType() ExtensionType {
	return ExtensionApplicationSettingsOld
}
