package wire

import "golang.org/x/crypto/cryptobyte"

// ESNINonceLen is the length of the server's nonce in
// encrypted_server_name (draft-ietf-tls-esni-01 to -06 §5, uint8 nonce[16]).
const ESNINonceLen = 16

// ServerESNIResponseType values (draft-ietf-tls-esni-04 to -06 §5): the
// response_type of the EncryptedExtensions form of encrypted_server_name.
const (
	ESNIResponseAccept       uint8 = 0 // esni_accept: the nonce follows
	ESNIResponseRetryRequest uint8 = 1 // esni_retry_request: retry_keys follow
)

// EncryptedServerNameExtension is the encrypted_server_name extension of
// draft-ietf-tls-esni-01 to -06 (§5, code point 0xffce; -07 replaced it
// with encrypted_client_hello): a ClientEncryptedSNI in the ClientHello,
// the same in every draft, and a ServerEncryptedSNI in EncryptedExtensions,
// which has two forms:
//
//   - drafts -01 to -03: struct { uint8 nonce[16]; } ServerEncryptedSNI;
//   - drafts -04 to -06: struct { ServerESNIResponseType response_type;
//     select (response_type) { case esni_accept: uint8 nonce[16];
//     case esni_retry_request: ESNIKeys retry_keys<1..2^16-1>; } }
//     (-05 and -06 name the element type ESNIConfig).
//
// Unmarshal tells them apart by length: a 16-byte body is the earlier
// form, anything else the later one. This is unambiguous for well-formed
// bodies: an esni_accept is 17 bytes, and an esni_retry_request at least
// 23, since one ESNIKeys or ESNIConfig (version, public_name<1..>, keys
// holding at least one KeyShareEntry, cipher_suites<2..>, a uint16 and
// extensions) takes at least 20 bytes. A 16-byte retry_keys body would
// carry 13 bytes, less than one such structure: it decodes as the earlier
// form's nonce, and Append refuses to produce one. A response_type the
// drafts do not define leaves the rest of the body undelimited and fails
// with ErrValue, as trusted_ca_keys does for an unknown identifier type.
//
// docs/registries.md has the draft texts this follows.
type EncryptedServerNameExtension struct {
	// In selects the form: InClientHello for ClientEncryptedSNI, any other
	// message for ServerEncryptedSNI.
	In ExtMessage
	// CipherSuite is suite (ClientHello).
	CipherSuite uint16
	// KeyShare is key_share, a KeyShareEntry (ClientHello).
	KeyShare KeyShareEntry
	// RecordDigest is record_digest<0..2^16-1> (ClientHello).
	RecordDigest []byte
	// EncryptedSNI is encrypted_sni<0..2^16-1> (ClientHello).
	EncryptedSNI []byte
	// HasResponseType selects the EncryptedExtensions form: set for the
	// draft -04 to -06 ServerEncryptedSNI, which starts with
	// response_type; unset for the bare nonce of drafts -01 to -03.
	HasResponseType bool
	// ResponseType is response_type (-04 to -06): ESNIResponseAccept or
	// ESNIResponseRetryRequest.
	ResponseType uint8
	// Nonce is nonce[16]: the whole body of drafts -01 to -03, or the
	// esni_accept case of -04 to -06.
	Nonce []byte
	// RetryKeys is the content of retry_keys<1..2^16-1> (esni_retry_request):
	// one or more ESNIKeys (-04) or ESNIConfig (-05, -06) structures back
	// to back. They are kept as bytes: each has no length of its own and
	// the drafts changed their fields between versions, so a structure of
	// a version this package does not know could not be skipped.
	RetryKeys []byte
}

// ExtensionType returns encrypted_server_name (0xffce).
func (*EncryptedServerNameExtension) ExtensionType() ExtensionType {
	return ExtensionEncryptedServerName
}

// Unmarshal decodes extension_data as it appears in message in.
func (e *EncryptedServerNameExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.CipherSuite, e.KeyShare = 0, KeyShareEntry{}
	e.RecordDigest, e.EncryptedSNI = nil, nil
	e.HasResponseType, e.ResponseType = false, 0
	e.Nonce, e.RetryKeys = nil, nil
	p := extParser("encrypted_server_name", &data)
	s := cryptobyte.String(data)
	if in != InClientHello {
		if len(data) == ESNINonceLen {
			p.bytes(&s, "nonce", ESNINonceLen, &e.Nonce)
			return nil
		}
		e.HasResponseType = true
		at := s
		if !p.u8(&s, "response_type", &e.ResponseType) {
			return p.err
		}
		switch e.ResponseType {
		case ESNIResponseAccept:
			if !p.bytes(&s, "nonce", ESNINonceLen, &e.Nonce) || !p.end(s, "nonce") {
				return p.err
			}
		case ESNIResponseRetryRequest:
			if !p.bytes16(&s, "retry_keys", 1, &e.RetryKeys) || !p.end(s, "retry_keys") {
				return p.err
			}
		default:
			p.fail(at, "response_type", ErrValue)
			return p.err
		}
		return nil
	}
	if !p.u16(&s, "suite", &e.CipherSuite) || !p.keyShareEntry(&s, &e.KeyShare) ||
		!p.bytes16(&s, "record_digest", 0, &e.RecordDigest) ||
		!p.bytes16(&s, "encrypted_sni", 0, &e.EncryptedSNI) || !p.end(s, "encrypted_sni") {
		return p.err
	}
	return nil
}

// Append appends extension_data. A nonce that is not 16 bytes fails with
// ErrLength, and so does a retry_keys of 13 bytes (the encoding would be
// 16 bytes long, which Unmarshal reads as the nonce of drafts -01 to
// -03); a response_type the drafts do not define fails with ErrValue.
func (e *EncryptedServerNameExtension) Append(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "encrypted_server_name"}
	if e.In != InClientHello {
		if !e.HasResponseType {
			if len(e.Nonce) != ESNINonceLen {
				a.fail("nonce", ErrLength)
			}
			a.raw(e.Nonce)
			return a.result(b)
		}
		a.u8(e.ResponseType)
		switch e.ResponseType {
		case ESNIResponseAccept:
			if len(e.Nonce) != ESNINonceLen {
				a.fail("nonce", ErrLength)
			}
			a.raw(e.Nonce)
		case ESNIResponseRetryRequest:
			if len(e.RetryKeys) == ESNINonceLen-3 {
				a.fail("retry_keys", ErrLength)
			}
			a.vec16("retry_keys", e.RetryKeys)
		default:
			a.fail("response_type", ErrValue)
		}
		return a.result(b)
	}
	a.u16(e.CipherSuite)
	a.u16(e.KeyShare.Group)
	a.vec16("key_exchange", e.KeyShare.KeyExchange)
	a.vec16("record_digest", e.RecordDigest)
	a.vec16("encrypted_sni", e.EncryptedSNI)
	return a.result(b)
}

// Len is the length Append appends.
func (e *EncryptedServerNameExtension) Len() int {
	if e.In != InClientHello {
		if !e.HasResponseType {
			return len(e.Nonce)
		}
		switch e.ResponseType {
		case ESNIResponseAccept:
			return 1 + len(e.Nonce)
		case ESNIResponseRetryRequest:
			return 1 + 2 + len(e.RetryKeys)
		}
		return 1
	}
	return 2 + 4 + len(e.KeyShare.KeyExchange) + 2 + len(e.RecordDigest) + 2 + len(e.EncryptedSNI)
}

// esniResponseTypeNames names ServerESNIResponseType (draft-ietf-tls-esni-04 §5).
var esniResponseTypeNames = [256]string{ESNIResponseAccept: "esni_accept", ESNIResponseRetryRequest: "esni_retry_request"}

// appendJSON appends ClientEncryptedSNI in the ClientHello; elsewhere the
// nonce (drafts -01 to -03) or response_type and what it selects (-04 to
// -06).
func (e *EncryptedServerNameExtension) appendJSON(b []byte) []byte {
	switch {
	case e.In == InClientHello:
		b = jReg(b, "suite", CipherSuite(e.CipherSuite), grease16)
		b = e.KeyShare.appendJSON(jKey(b, "key_share"))
		b = jHex(b, "record_digest", e.RecordDigest)
		return jHex(b, "encrypted_sni", e.EncryptedSNI)
	case !e.HasResponseType:
		return jHex(b, "nonce", e.Nonce)
	}
	b = jTable(b, "response_type", &esniResponseTypeNames, e.ResponseType)
	if e.ResponseType == ESNIResponseRetryRequest {
		return jHex(b, "retry_keys", e.RetryKeys)
	}
	return jHex(b, "nonce", e.Nonce)
}
