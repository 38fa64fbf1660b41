package wire

import (
	"strconv"

	"golang.org/x/crypto/cryptobyte"
)

// ECHClientHello types (RFC 9849 §5).
const (
	ECHClientHelloOuter uint8 = 0
	ECHClientHelloInner uint8 = 1
)

// ECHConfigVersion is the ECHConfig version whose contents this package
// decodes (RFC 9849 §4).
const ECHConfigVersion uint16 = 0xfe0d

// HPKESymmetricCipherSuite is an HpkeSymmetricCipherSuite (RFC 9849 §4).
type HPKESymmetricCipherSuite struct {
	KDFID  uint16 // kdf_id
	AEADID uint16 // aead_id
}

// appendJSON appends the suite as an object: kdf_id and aead_id with their
// names.
func (s HPKESymmetricCipherSuite) appendJSON(b []byte) []byte {
	b = jOpenReg(b, "kdf_id", HPKEKDF(s.KDFID), greaseNone)
	b = jReg(b, "aead_id", HPKEAEAD(s.AEADID), greaseNone)
	return append(b, '}')
}

// ECHConfig is one ECHConfig (RFC 9849 §4). For Version 0xfe0d the
// ECHConfigContents fields are decoded and Contents is nil; for other
// versions only Contents is set.
type ECHConfig struct {
	// Version is version.
	Version uint16
	// Contents is the raw contents of an ECHConfig of another version.
	Contents []byte

	// ConfigID is key_config.config_id.
	ConfigID uint8
	// KEMID is key_config.kem_id.
	KEMID uint16
	// PublicKey is key_config.public_key<1..2^16-1>.
	PublicKey []byte
	// CipherSuites is key_config.cipher_suites<4..2^16-4>.
	CipherSuites []HPKESymmetricCipherSuite
	// MaximumNameLength is maximum_name_length.
	MaximumNameLength uint8
	// PublicName is public_name<1..255>.
	PublicName []byte
	// Extensions is extensions<0..2^16-1> (ECHConfigExtension has the
	// layout of a TLS extension).
	Extensions Extensions
}

// ECHConfigList is an ECHConfigList (RFC 9849 §4), as carried in
// retry_configs and in DNS HTTPS/SVCB "ech" parameters.
type ECHConfigList []ECHConfig

// Unmarshal decodes an ECHConfigList with its 2-byte length prefix into
// l[:0], reusing the capacity of l and of its elements.
func (l *ECHConfigList) Unmarshal(data []byte) error {
	p := extParser("ECHConfigList", &data)
	s := cryptobyte.String(data)
	if !p.echConfigList(&s, l) || !p.end(s, "ECHConfigList") {
		return p.err
	}
	return nil
}

func (p *parser) echConfigList(s *cryptobyte.String, l *ECHConfigList) bool {
	*l = (*l)[:0]
	var body cryptobyte.String
	if !p.vec16(s, "ECHConfigList", 1, &body) {
		return false
	}
	for len(body) > 0 {
		var c *ECHConfig
		*l, c = extGrow(*l)
		var contents cryptobyte.String
		if !p.u16(&body, "version", &c.Version) || !p.vec16(&body, "length", 0, &contents) {
			return false
		}
		c.Contents, c.PublicKey, c.PublicName = nil, nil, nil
		c.ConfigID, c.KEMID, c.MaximumNameLength = 0, 0, 0
		c.CipherSuites = c.CipherSuites[:0]
		c.Extensions = c.Extensions[:0]
		if c.Version != ECHConfigVersion {
			c.Contents = contents
			continue
		}
		var suites, exts cryptobyte.String
		var ok bool
		if !p.u8(&contents, "config_id", &c.ConfigID) || !p.u16(&contents, "kem_id", &c.KEMID) ||
			!p.bytes16(&contents, "public_key", 1, &c.PublicKey) ||
			!p.vec16(&contents, "cipher_suites", 4, &suites) {
			return false
		}
		if len(suites)%4 != 0 {
			return p.fail(suites, "cipher_suites", ErrLength)
		}
		for len(suites) > 0 {
			var cs HPKESymmetricCipherSuite
			suites.ReadUint16(&cs.KDFID)
			suites.ReadUint16(&cs.AEADID)
			c.CipherSuites = append(c.CipherSuites, cs)
		}
		if !p.u8(&contents, "maximum_name_length", &c.MaximumNameLength) ||
			!p.bytes8(&contents, "public_name", 1, &c.PublicName) ||
			!p.vec16(&contents, "extensions", 0, &exts) || !p.end(contents, "extensions") {
			return false
		}
		if c.Extensions, ok = p.extensions(exts, "extensions", c.Extensions); !ok {
			return false
		}
	}
	return true
}

// Append appends the list with its 2-byte length prefix.
func (l ECHConfigList) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ECHConfigList"}
	a.echConfigList(l)
	return a.result(b)
}

func (a *appender) echConfigList(l ECHConfigList) {
	at := a.open(2)
	for i := range l {
		c := &l[i]
		a.u16(c.Version)
		if c.Version != ECHConfigVersion {
			a.vec16("length", c.Contents)
			continue
		}
		ct := a.open(2)
		a.u8(c.ConfigID)
		a.u16(c.KEMID)
		a.vec16("public_key", c.PublicKey)
		cs := a.open(2)
		for _, s := range c.CipherSuites {
			a.u16(s.KDFID)
			a.u16(s.AEADID)
		}
		a.close(cs, 2, "cipher_suites")
		a.u8(c.MaximumNameLength)
		a.vec8("public_name", c.PublicName)
		a.extensions("extensions", c.Extensions)
		a.close(ct, 2, "length")
	}
	a.close(at, 2, "ECHConfigList")
}

// Len is the length Append appends.
func (l ECHConfigList) Len() int {
	n := 2
	for i := range l {
		c := &l[i]
		if c.Version != ECHConfigVersion {
			n += 4 + len(c.Contents)
			continue
		}
		n += 4 + 1 + 2 + 2 + len(c.PublicKey) + 2 + 4*len(c.CipherSuites) + 1 + 1 + len(c.PublicName) + 2 + c.Extensions.bodyLen()
	}
	return n
}

// appendJSON appends `,"key":[ECHConfig objects]` (RFC 9849 §4). A
// version this package does not know is its contents in hex; ECHConfig
// extensions are rendered raw (they have no typed forms).
func (list ECHConfigList) appendJSON(b []byte, key string) []byte {
	b = append(jKey(b, key), '[')
	for i := range list {
		c := &list[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(jOpen(b, "version"), uint64(c.Version), 10)
		if c.Version != ECHConfigVersion {
			b = append(jHex(b, "contents", c.Contents), '}')
			continue
		}
		b = jUint(b, "config_id", uint64(c.ConfigID))
		b = jReg(b, "kem_id", HPKEKEM(c.KEMID), greaseNone)
		b = jHex(b, "public_key", c.PublicKey)
		b = append(jKey(b, "cipher_suites"), '[')
		for j, s := range c.CipherSuites {
			if j > 0 {
				b = append(b, ',')
			}
			b = s.appendJSON(b)
		}
		b = append(b, ']')
		b = jUint(b, "maximum_name_length", uint64(c.MaximumNameLength))
		b = jText(b, "public_name", c.PublicName)
		b = append(jKey(b, "extensions"), '[')
		for j := range c.Extensions {
			if j > 0 {
				b = append(b, ',')
			}
			x := c.Extensions[j]
			b = append(jHex(appendExtensionHeadJSON(b, x.Type), "data", x.Data), '}')
		}
		b = append(b, ']', '}')
	}
	return append(b, ']')
}

// EncryptedClientHelloExtension is the encrypted_client_hello extension
// (RFC 9849 §5): an ECHClientHello in the ClientHello (outer or inner
// form), retry_configs in EncryptedExtensions and the 8-byte confirmation
// in the HelloRetryRequest.
type EncryptedClientHelloExtension struct {
	// In selects the form: InClientHello, InHelloRetryRequest, or any
	// other message for EncryptedExtensions.
	In ExtMessage
	// Type is the ECHClientHelloType (ClientHello).
	Type uint8
	// CipherSuite is cipher_suite (outer).
	CipherSuite HPKESymmetricCipherSuite
	// ConfigID is config_id (outer).
	ConfigID uint8
	// Enc is enc<0..2^16-1> (outer).
	Enc []byte
	// Payload is payload<1..2^16-1> (outer).
	Payload []byte
	// Other is the body after type for types other than outer and inner.
	Other []byte
	// RetryConfigs is retry_configs (EncryptedExtensions).
	RetryConfigs ECHConfigList
	// Confirmation is the 8-byte confirmation (HelloRetryRequest).
	Confirmation []byte
}

// ExtensionType returns encrypted_client_hello (0xfe0d).
func (*EncryptedClientHelloExtension) ExtensionType() ExtensionType {
	return ExtensionEncryptedClientHello
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *EncryptedClientHelloExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Type, e.ConfigID = 0, 0
	e.CipherSuite = HPKESymmetricCipherSuite{}
	e.Enc, e.Payload, e.Other, e.Confirmation = nil, nil, nil, nil
	e.RetryConfigs = e.RetryConfigs[:0]
	p := extParser("encrypted_client_hello", &data)
	s := cryptobyte.String(data)
	switch in {
	case InClientHello:
		if !p.u8(&s, "type", &e.Type) {
			return p.err
		}
		switch e.Type {
		case ECHClientHelloOuter:
			if !p.u16(&s, "kdf_id", &e.CipherSuite.KDFID) || !p.u16(&s, "aead_id", &e.CipherSuite.AEADID) ||
				!p.u8(&s, "config_id", &e.ConfigID) || !p.bytes16(&s, "enc", 0, &e.Enc) ||
				!p.bytes16(&s, "payload", 1, &e.Payload) || !p.end(s, "payload") {
				return p.err
			}
		case ECHClientHelloInner:
			if !p.end(s, "type") {
				return p.err
			}
		default:
			e.Other = s
		}
	case InHelloRetryRequest:
		if !p.bytes(&s, "confirmation", 8, &e.Confirmation) || !p.end(s, "confirmation") {
			return p.err
		}
	default:
		if !p.echConfigList(&s, &e.RetryConfigs) || !p.end(s, "retry_configs") {
			return p.err
		}
	}
	return nil
}

// Append appends extension_data.
func (e *EncryptedClientHelloExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "encrypted_client_hello"}
	switch e.In {
	case InClientHello:
		a.u8(e.Type)
		switch e.Type {
		case ECHClientHelloOuter:
			a.u16(e.CipherSuite.KDFID)
			a.u16(e.CipherSuite.AEADID)
			a.u8(e.ConfigID)
			a.vec16("enc", e.Enc)
			a.vec16("payload", e.Payload)
		case ECHClientHelloInner:
		default:
			a.raw(e.Other)
		}
	case InHelloRetryRequest:
		if len(e.Confirmation) != 8 {
			a.fail("confirmation", ErrLength)
		}
		a.raw(e.Confirmation)
	default:
		a.echConfigList(e.RetryConfigs)
	}
	return a.result(b)
}

// Len is the length Append appends.
func (e *EncryptedClientHelloExtension) Len() int {
	switch e.In {
	case InClientHello:
		switch e.Type {
		case ECHClientHelloOuter:
			return 1 + 4 + 1 + 2 + len(e.Enc) + 2 + len(e.Payload)
		case ECHClientHelloInner:
			return 1
		default:
			return 1 + len(e.Other)
		}
	case InHelloRetryRequest:
		return len(e.Confirmation)
	default:
		return e.RetryConfigs.Len()
	}
}

// echTypeNames names ECHClientHelloType (RFC 9849 §5).
var echTypeNames = [256]string{ECHClientHelloOuter: "outer", ECHClientHelloInner: "inner"}

// appendJSON appends the ClientHello form (outer or inner), the
// confirmation (HelloRetryRequest) or retry_configs (EncryptedExtensions).
func (e *EncryptedClientHelloExtension) appendJSON(b []byte) []byte {
	switch e.In {
	case InClientHello:
		b = jTable(b, "ech_type", &echTypeNames, e.Type)
		switch e.Type {
		case ECHClientHelloOuter:
			b = e.CipherSuite.appendJSON(jKey(b, "cipher_suite"))
			b = jUint(b, "config_id", uint64(e.ConfigID))
			b = jHex(b, "enc", e.Enc)
			return jHex(b, "payload", e.Payload)
		case ECHClientHelloInner:
			return b
		}
		return jHex(b, "data", e.Other)
	case InHelloRetryRequest:
		return jHex(b, "confirmation", e.Confirmation)
	}
	return e.RetryConfigs.appendJSON(b, "retry_configs")
}

// ECHOuterExtensionsExtension is the ech_outer_extensions extension
// (RFC 9849 §5.1), found only in an EncodedClientHelloInner.
type ECHOuterExtensionsExtension struct {
	// Types is OuterExtensions<2..254>.
	Types []ExtensionType
}

// ExtensionType returns ech_outer_extensions (0xfd00).
func (*ECHOuterExtensionsExtension) ExtensionType() ExtensionType { return ExtensionECHOuterExtensions }

// Unmarshal decodes extension_data; in is not used.
func (e *ECHOuterExtensionsExtension) Unmarshal(data []byte, _ ExtMessage) error {
	e.Types = e.Types[:0]
	p := extParser("ech_outer_extensions", &data)
	s := cryptobyte.String(data)
	var body cryptobyte.String
	if !p.vec8(&s, "OuterExtensions", 2, &body) || !p.end(s, "OuterExtensions") {
		return p.err
	}
	if len(body)%2 != 0 {
		p.fail(body, "OuterExtensions", ErrOddLength)
		return p.err
	}
	for len(body) > 0 {
		e.Types = append(e.Types, ExtensionType(body[0])<<8|ExtensionType(body[1]))
		body = body[2:]
	}
	return nil
}

// Append appends extension_data.
func (e *ECHOuterExtensionsExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "ech_outer_extensions"}
	at := a.open(1)
	for _, t := range e.Types {
		a.u16(uint16(t))
	}
	a.close(at, 1, "OuterExtensions")
	return a.result(b)
}

// Len is the length Append appends.
func (e *ECHOuterExtensionsExtension) Len() int { return 1 + 2*len(e.Types) }

// appendJSON appends the outer extension types with their names.
func (e *ECHOuterExtensionsExtension) appendJSON(b []byte) []byte {
	return jRegList[ExtensionType](b, "outer_extensions", "outer_extension_names", e.Types, grease16)
}
