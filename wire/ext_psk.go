package wire

import "golang.org/x/crypto/cryptobyte"

// PSKIdentity is one offered identity (RFC 8446 §4.2.11).
type PSKIdentity struct {
	// Identity is identity<1..2^16-1>.
	Identity []byte
	// ObfuscatedTicketAge is obfuscated_ticket_age.
	ObfuscatedTicketAge uint32
}

// PreSharedKeyExtension is the pre_shared_key extension (RFC 8446
// §4.2.11): OfferedPsks in the ClientHello, selected_identity in the
// ServerHello.
type PreSharedKeyExtension struct {
	// In selects the form: InClientHello for OfferedPsks, any other
	// message for selected_identity.
	In ExtMessage
	// Identities is identities<7..2^16-1> (ClientHello).
	Identities []PSKIdentity
	// Binders is binders<33..2^16-1> of PskBinderEntry opaque<32..255> (ClientHello).
	Binders [][]byte
	// SelectedIdentity is selected_identity (ServerHello).
	SelectedIdentity uint16
}

// ExtensionType returns pre_shared_key (41).
func (*PreSharedKeyExtension) ExtensionType() ExtensionType { return ExtensionPreSharedKey }

// Unmarshal decodes extension_data as it appears in message in.
func (e *PreSharedKeyExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Identities = e.Identities[:0]
	e.Binders = e.Binders[:0]
	e.SelectedIdentity = 0
	if in != InClientHello {
		return extU16("pre_shared_key", "selected_identity", data, &e.SelectedIdentity)
	}
	p := extParser("pre_shared_key", &data)
	s := cryptobyte.String(data)
	var ids, binders cryptobyte.String
	if !p.vec16(&s, "identities", 7, &ids) {
		return p.err
	}
	for len(ids) > 0 {
		var id PSKIdentity
		if !p.bytes16(&ids, "identity", 1, &id.Identity) || !p.u32(&ids, "obfuscated_ticket_age", &id.ObfuscatedTicketAge) {
			return p.err
		}
		e.Identities = append(e.Identities, id)
	}
	var ok bool
	if !p.vec16(&s, "binders", 33, &binders) || !p.end(s, "binders") {
		return p.err
	}
	if e.Binders, ok = p.opaqueList(binders, "PskBinderEntry", 1, 32, e.Binders); !ok {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *PreSharedKeyExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU16(b, e.SelectedIdentity)
	}
	a := appender{b: b, msg: "pre_shared_key"}
	at := a.open(2)
	for _, id := range e.Identities {
		a.vec16("identity", id.Identity)
		a.u32(id.ObfuscatedTicketAge)
	}
	a.close(at, 2, "identities")
	at = a.open(2)
	a.opaqueList("PskBinderEntry", 1, e.Binders)
	a.close(at, 2, "binders")
	return a.result(b)
}

// Len is the length Append appends.
func (e *PreSharedKeyExtension) Len() int {
	if e.In != InClientHello {
		return 2
	}
	return 2 + e.identitiesLen() + e.BindersLen()
}

func (e *PreSharedKeyExtension) identitiesLen() int {
	n := 0
	for _, id := range e.Identities {
		n += 6 + len(id.Identity)
	}
	return n
}

// BindersLen is the length of the encoded binders vector, length prefix
// included: the number of bytes at the end of the ClientHello excluded from
// the binder transcript (RFC 8446 §4.2.11.2).
func (e *PreSharedKeyExtension) BindersLen() int { return 2 + opaqueListLen(1, e.Binders) }

// EarlyDataExtension is the early_data extension (RFC 8446 §4.2.10): empty
// in the ClientHello and EncryptedExtensions, max_early_data_size in the
// NewSessionTicket.
type EarlyDataExtension struct {
	// In selects the form: InNewSessionTicket for max_early_data_size,
	// any other message for the empty form.
	In ExtMessage
	// MaxEarlyDataSize is max_early_data_size (NewSessionTicket).
	MaxEarlyDataSize uint32
}

// ExtensionType returns early_data (42).
func (*EarlyDataExtension) ExtensionType() ExtensionType { return ExtensionEarlyData }

// Unmarshal decodes extension_data as it appears in message in.
func (e *EarlyDataExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.MaxEarlyDataSize = 0
	if in == InNewSessionTicket {
		return extU32("early_data", "max_early_data_size", data, &e.MaxEarlyDataSize)
	}
	return extEmpty("early_data", data)
}

// Append appends extension_data.
func (e *EarlyDataExtension) Append(b []byte) ([]byte, error) {
	if e.In == InNewSessionTicket {
		return extAppendU32(b, e.MaxEarlyDataSize)
	}
	return b, nil
}

// Len is the length Append appends.
func (e *EarlyDataExtension) Len() int {
	if e.In == InNewSessionTicket {
		return 4
	}
	return 0
}

// appendJSON appends max_early_data_size (NewSessionTicket); elsewhere the
// body is empty.
func (e *EarlyDataExtension) appendJSON(b []byte) []byte {
	if e.In != InNewSessionTicket {
		return b
	}
	return jUint(b, "max_early_data_size", uint64(e.MaxEarlyDataSize))
}

// CookieExtension is the cookie extension (RFC 8446 §4.2.2), the same in
// the HelloRetryRequest and the second ClientHello.
type CookieExtension struct {
	// Cookie is cookie<1..2^16-1>.
	Cookie []byte
}

// ExtensionType returns cookie (44).
func (*CookieExtension) ExtensionType() ExtensionType { return ExtensionCookie }

// Unmarshal decodes extension_data; in is not used.
func (e *CookieExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque16("cookie", "cookie", data, 1, &e.Cookie)
}

// Append appends extension_data.
func (e *CookieExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "cookie", "cookie", 2, e.Cookie)
}

// Len is the length Append appends.
func (e *CookieExtension) Len() int { return 2 + len(e.Cookie) }

// appendJSON appends the cookie in hex.
func (e *CookieExtension) appendJSON(b []byte) []byte { return jHex(b, "cookie", e.Cookie) }

// PSKKeyExchangeModesExtension is the psk_key_exchange_modes extension
// (RFC 8446 §4.2.9).
type PSKKeyExchangeModesExtension struct {
	// Modes is ke_modes<1..255> (0 psk_ke, 1 psk_dhe_ke).
	Modes []byte
}

// ExtensionType returns psk_key_exchange_modes (45).
func (*PSKKeyExchangeModesExtension) ExtensionType() ExtensionType {
	return ExtensionPSKKeyExchangeModes
}

// Unmarshal decodes extension_data; in is not used.
func (e *PSKKeyExchangeModesExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("psk_key_exchange_modes", "ke_modes", data, 1, &e.Modes)
}

// Append appends extension_data.
func (e *PSKKeyExchangeModesExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "psk_key_exchange_modes", "ke_modes", 1, e.Modes)
}

// Len is the length Append appends.
func (e *PSKKeyExchangeModesExtension) Len() int { return 1 + len(e.Modes) }

// appendJSON appends the key exchange modes with their names.
func (e *PSKKeyExchangeModesExtension) appendJSON(b []byte) []byte {
	return jRegList[PSKKeyExchangeMode](b, "ke_modes", "ke_mode_names", e.Modes, greasePSK)
}

// Validate checks that there is one binder per identity (RFC 8446
// §4.2.11).
func (e *PreSharedKeyExtension) Validate() error {
	if e.In == InClientHello && len(e.Identities) != len(e.Binders) {
		return &Error{Message: "pre_shared_key", Field: "binders", Offset: -1, Err: ErrValue}
	}
	return nil
}

// appendJSON appends the offered identities and binders (ClientHello) or
// the selected identity (ServerHello).
func (e *PreSharedKeyExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return jUint(b, "selected_identity", uint64(e.SelectedIdentity))
	}
	b = append(jKey(b, "identities"), '[')
	for i, id := range e.Identities {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHexString(jOpen(b, "identity"), id.Identity)
		b = append(jUint(b, "obfuscated_ticket_age", uint64(id.ObfuscatedTicketAge)), '}')
	}
	b = append(b, ']')
	return jHexList(b, "binders", e.Binders)
}
