package wire

import "golang.org/x/crypto/cryptobyte"

// Smaller structured extensions: use_srtp, trusted_ca_keys, cached_info,
// token_binding and ticket_request.

// UseSRTPExtension is the use_srtp extension (RFC 5764 §4.1.1), the same
// in both hellos.
type UseSRTPExtension struct {
	// Profiles is SRTPProtectionProfiles<2..2^16-1>.
	Profiles []uint16
	// MKI is srtp_mki<0..255>.
	MKI []byte
}

// ExtensionType returns use_srtp (14).
func (*UseSRTPExtension) ExtensionType() ExtensionType { return ExtensionUseSRTP }

// Unmarshal decodes extension_data; in is not used.
func (e *UseSRTPExtension) Unmarshal(data []byte, _ ExtMessage) error {
	p := extParser("use_srtp", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	var ok bool
	e.MKI = nil
	if !p.vec16(&s, "SRTPProtectionProfiles", 2, &list) {
		e.Profiles = e.Profiles[:0]
		return p.err
	}
	if e.Profiles, ok = p.u16list(list, "SRTPProtectionProfiles", e.Profiles); !ok ||
		!p.bytes8(&s, "srtp_mki", 0, &e.MKI) || !p.end(s, "srtp_mki") {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *UseSRTPExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "use_srtp"}
	a.u16list(2, "SRTPProtectionProfiles", e.Profiles)
	a.vec8("srtp_mki", e.MKI)
	return a.result(b)
}

// Len is the length Append appends.
func (e *UseSRTPExtension) Len() int { return 2 + 2*len(e.Profiles) + 1 + len(e.MKI) }

// appendJSON appends the protection profiles with their names and the MKI.
func (e *UseSRTPExtension) appendJSON(b []byte) []byte {
	b = jRegList[SRTPProtectionProfile](b, "profiles", "profile_names", e.Profiles, greaseNone)
	return jHex(b, "mki", e.MKI)
}

// Trusted authority identifier types (RFC 6066 §6).
const (
	TrustedAuthorityPreAgreed    uint8 = 0
	TrustedAuthorityKeySHA1Hash  uint8 = 1
	TrustedAuthorityX509Name     uint8 = 2
	TrustedAuthorityCertSHA1Hash uint8 = 3
)

// TrustedAuthority is one TrustedAuthority (RFC 6066 §6).
type TrustedAuthority struct {
	// IdentifierType is identifier_type.
	IdentifierType uint8
	// Identifier is the SHA1Hash (20 bytes) or the DistinguishedName
	// opaque<1..2^16-1> (without its prefix); empty for pre_agreed.
	Identifier []byte
}

// TrustedCAKeysExtension is the trusted_ca_keys extension (RFC 6066 §6):
// TrustedAuthorities in the ClientHello, empty in the ServerHello.
type TrustedCAKeysExtension struct {
	// In selects the form: InClientHello for the list, else empty.
	In ExtMessage
	// Authorities is trusted_authorities_list<0..2^16-1>.
	Authorities []TrustedAuthority
}

// ExtensionType returns trusted_ca_keys (3).
func (*TrustedCAKeysExtension) ExtensionType() ExtensionType { return ExtensionTrustedCAKeys }

// Unmarshal decodes extension_data as it appears in message in. An
// identifier type other than the four of RFC 6066 cannot be delimited
// and is reported as ErrValue.
func (e *TrustedCAKeysExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Authorities = e.Authorities[:0]
	if in != InClientHello {
		return extEmpty("trusted_ca_keys", data)
	}
	p := extParser("trusted_ca_keys", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	if !p.vec16(&s, "trusted_authorities_list", 0, &list) || !p.end(s, "trusted_authorities_list") {
		return p.err
	}
	for len(list) > 0 {
		var ta TrustedAuthority
		at := list
		if !p.u8(&list, "identifier_type", &ta.IdentifierType) {
			return p.err
		}
		ok := true
		switch ta.IdentifierType {
		case TrustedAuthorityPreAgreed:
			ta.Identifier = list[:0]
		case TrustedAuthorityKeySHA1Hash, TrustedAuthorityCertSHA1Hash:
			ok = p.bytes(&list, "SHA1Hash", 20, &ta.Identifier)
		case TrustedAuthorityX509Name:
			ok = p.bytes16(&list, "DistinguishedName", 1, &ta.Identifier)
		default:
			ok = p.fail(at, "identifier_type", ErrValue)
		}
		if !ok {
			return p.err
		}
		e.Authorities = append(e.Authorities, ta)
	}
	return nil
}

// Append appends extension_data.
func (e *TrustedCAKeysExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return b, nil
	}
	a := appender{b: b, msg: "trusted_ca_keys"}
	at := a.open(2)
	for _, ta := range e.Authorities {
		a.u8(ta.IdentifierType)
		switch ta.IdentifierType {
		case TrustedAuthorityPreAgreed:
		case TrustedAuthorityKeySHA1Hash, TrustedAuthorityCertSHA1Hash:
			if len(ta.Identifier) != 20 {
				a.fail("SHA1Hash", ErrLength)
			}
			a.raw(ta.Identifier)
		case TrustedAuthorityX509Name:
			a.vec16("DistinguishedName", ta.Identifier)
		default:
			a.fail("identifier_type", ErrValue)
		}
	}
	a.close(at, 2, "trusted_authorities_list")
	return a.result(b)
}

// Len is the length Append appends.
func (e *TrustedCAKeysExtension) Len() int {
	if e.In != InClientHello {
		return 0
	}
	n := 2
	for _, ta := range e.Authorities {
		n += 1 + len(ta.Identifier)
		if ta.IdentifierType == TrustedAuthorityX509Name {
			n += 2
		}
	}
	return n
}

// trustedAuthorityTypeNames names IdentifierType of RFC 6066 §6.
var trustedAuthorityTypeNames = [256]string{0: "pre_agreed", 1: "key_sha1_hash", 2: "x509_name", 3: "cert_sha1_hash"}

// appendJSON appends trusted_authorities_list (ClientHello); the server's
// acknowledgement is empty.
func (e *TrustedCAKeysExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return b
	}
	b = append(jKey(b, "trusted_authorities_list"), '[')
	for i, a := range e.Authorities {
		if i > 0 {
			b = append(b, ',')
		}
		b = jNamed(append(b, '{'), "identifier_type", uint64(a.IdentifierType), tableName(&trustedAuthorityTypeNames, a.IdentifierType))
		b = append(jHex(b, "identifier", a.Identifier), '}')
	}
	return append(b, ']')
}

// CachedObject is one CachedObject (RFC 7924 §3).
type CachedObject struct {
	// Type is the CachedInformationType (1 cert, 2 cert_req).
	Type uint8
	// HashValue is hash_value<1..255> (ClientHello only).
	HashValue []byte
}

// CachedInfoExtension is the cached_info extension (RFC 7924 §3): the
// client lists objects with their hashes, the server echoes the types.
type CachedInfoExtension struct {
	// In selects the form: InClientHello for objects with hash_value,
	// any other message for types only.
	In ExtMessage
	// Objects is cached_info<1..2^16-1>.
	Objects []CachedObject
}

// ExtensionType returns cached_info (25).
func (*CachedInfoExtension) ExtensionType() ExtensionType { return ExtensionCachedInfo }

// Unmarshal decodes extension_data as it appears in message in.
func (e *CachedInfoExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Objects = e.Objects[:0]
	p := extParser("cached_info", &data)
	s := cryptobyte.String(data)
	var list cryptobyte.String
	if !p.vec16(&s, "cached_info", 1, &list) || !p.end(s, "cached_info") {
		return p.err
	}
	for len(list) > 0 {
		var o CachedObject
		if !p.u8(&list, "type", &o.Type) || (in == InClientHello && !p.bytes8(&list, "hash_value", 1, &o.HashValue)) {
			return p.err
		}
		e.Objects = append(e.Objects, o)
	}
	return nil
}

// Append appends extension_data.
func (e *CachedInfoExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "cached_info"}
	at := a.open(2)
	for _, o := range e.Objects {
		a.u8(o.Type)
		if e.In == InClientHello {
			a.vec8("hash_value", o.HashValue)
		}
	}
	a.close(at, 2, "cached_info")
	return a.result(b)
}

// Len is the length Append appends.
func (e *CachedInfoExtension) Len() int {
	n := 2 + len(e.Objects)
	if e.In == InClientHello {
		for _, o := range e.Objects {
			n += 1 + len(o.HashValue)
		}
	}
	return n
}

// appendJSON appends the cached objects: their types, and in the
// ClientHello their hash values.
func (e *CachedInfoExtension) appendJSON(b []byte) []byte {
	b = append(jKey(b, "cached_info"), '[')
	for i, o := range e.Objects {
		if i > 0 {
			b = append(b, ',')
		}
		b = jOpenReg(b, "cached_type", CachedInformationType(o.Type), greaseNone)
		if e.In == InClientHello {
			b = jHex(b, "hash_value", o.HashValue)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// TokenBindingExtension is the token_binding extension (RFC 8472 §2 and
// §3), TokenBindingParameters in both hellos.
type TokenBindingExtension struct {
	// Major and Minor are token_binding_version.
	Major, Minor uint8
	// KeyParameters is key_parameters_list<1..2^8-1>.
	KeyParameters []byte
}

// ExtensionType returns token_binding (24).
func (*TokenBindingExtension) ExtensionType() ExtensionType { return ExtensionTokenBinding }

// Unmarshal decodes extension_data; in is not used.
func (e *TokenBindingExtension) Unmarshal(data []byte, _ ExtMessage) error {
	p := extParser("token_binding", &data)
	s := cryptobyte.String(data)
	e.KeyParameters = nil
	if !p.u8(&s, "major", &e.Major) || !p.u8(&s, "minor", &e.Minor) ||
		!p.bytes8(&s, "key_parameters_list", 1, &e.KeyParameters) || !p.end(s, "key_parameters_list") {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *TokenBindingExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "token_binding"}
	a.u8(e.Major)
	a.u8(e.Minor)
	a.vec8("key_parameters_list", e.KeyParameters)
	return a.result(b)
}

// Len is the length Append appends.
func (e *TokenBindingExtension) Len() int { return 3 + len(e.KeyParameters) }

// appendJSON appends the protocol version and the key parameters with
// their names.
func (e *TokenBindingExtension) appendJSON(b []byte) []byte {
	b = jUint(b, "major", uint64(e.Major))
	b = jUint(b, "minor", uint64(e.Minor))
	return jRegList[TokenBindingKeyParameters](b, "key_parameters", "key_parameter_names", e.KeyParameters, greaseNone)
}

// TicketRequestExtension is the ticket_request extension (RFC 9149 §3):
// new_session_count and resumption_count in the ClientHello,
// expected_count in EncryptedExtensions.
type TicketRequestExtension struct {
	// In selects the form: InClientHello for the two counts, any other
	// message for expected_count.
	In ExtMessage
	// NewSessionCount is new_session_count (ClientHello).
	NewSessionCount uint8
	// ResumptionCount is resumption_count (ClientHello).
	ResumptionCount uint8
	// ExpectedCount is expected_count (EncryptedExtensions).
	ExpectedCount uint8
}

// ExtensionType returns ticket_request (58).
func (*TicketRequestExtension) ExtensionType() ExtensionType { return ExtensionTicketRequest }

// Unmarshal decodes extension_data as it appears in message in.
func (e *TicketRequestExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.NewSessionCount, e.ResumptionCount, e.ExpectedCount = 0, 0, 0
	if in != InClientHello {
		return extU8("ticket_request", "expected_count", data, &e.ExpectedCount)
	}
	p := extParser("ticket_request", &data)
	s := cryptobyte.String(data)
	if !p.u8(&s, "new_session_count", &e.NewSessionCount) || !p.u8(&s, "resumption_count", &e.ResumptionCount) ||
		!p.end(s, "resumption_count") {
		return p.err
	}
	return nil
}

// Append appends extension_data.
func (e *TicketRequestExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return append(b, e.ExpectedCount), nil
	}
	return append(b, e.NewSessionCount, e.ResumptionCount), nil
}

// Len is the length Append appends.
func (e *TicketRequestExtension) Len() int {
	if e.In != InClientHello {
		return 1
	}
	return 2
}

// appendJSON appends the requested counts (ClientHello) or the expected
// count (EncryptedExtensions).
func (e *TicketRequestExtension) appendJSON(b []byte) []byte {
	if e.In != InClientHello {
		return jUint(b, "expected_count", uint64(e.ExpectedCount))
	}
	b = jUint(b, "new_session_count", uint64(e.NewSessionCount))
	return jUint(b, "resumption_count", uint64(e.ResumptionCount))
}
