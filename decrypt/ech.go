package decrypt

import (
	"bytes"
	"crypto"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hkdf"
	"crypto/hpke"
	"crypto/x509"
	"encoding/pem"
	"errors"

	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/cryptobyte"

	"github.com/tlswire/tlswire/wire"
)

// ErrECH: the ClientHello's encrypted_client_hello payload does not open
// with the key (wrong key or config, or an ECH the server rejected or the
// client only GREASEd).
var ErrECH = errors.New("ECH payload does not open")

// ECHContext opens the ClientHelloInner of one connection that used
// Encrypted Client Hello (RFC 9849 §5, §7.1): the HPKE context of the first
// ClientHelloOuter, which also opens the second one after a
// HelloRetryRequest (§6.1.5).
type ECHContext struct {
	recipient *hpke.Recipient // from the server's private key
	aead      cipher.AEAD     // from ECH_SECRET: the key schedule's key
	nonce     []byte          // and base_nonce
	seq       uint64
}

// echInfo is the HPKE info of ECH: "tls ech" || 0x00 || ECHConfig (§6.1).
func echInfo(config []byte) []byte {
	return append([]byte("tls ech\x00"), config...)
}

// echOuter is what the ClientHelloOuter's encrypted_client_hello
// extension holds, and the AAD of its payload.
type echOuter struct {
	hello wire.ClientHello
	ext   wire.EncryptedClientHelloExtension
	aad   []byte // ClientHelloOuterAAD: the body, payload zeroed (§5.2)
}

// parseOuter decodes a ClientHelloOuter handshake message (with its
// 4-byte header).
func parseOuter(msg []byte) (*echOuter, error) {
	o := new(echOuter)
	if err := o.hello.Unmarshal(msg); err != nil {
		return nil, err
	}
	data, ok := o.hello.Extensions.Find(wire.ExtensionEncryptedClientHello)
	if !ok {
		return nil, setupError("ClientHello", "encrypted_client_hello", "no ECH extension", ErrNoKey)
	}
	if err := o.ext.Unmarshal(data, wire.InClientHello); err != nil {
		return nil, err
	}
	if o.ext.Type != 0 {
		return nil, setupError("ClientHello", "encrypted_client_hello", "not an outer ClientHello", wire.ErrValue)
	}
	// The payload ends the extension data (ECHClientHello, RFC 9849 §5);
	// the extension's place follows from the lengths of what precedes it.
	h := &o.hello
	off := 4 + 2 + len(h.Random) + 1 + len(h.SessionID) + 2 + 2*len(h.CipherSuites) + 1 + len(h.CompressionMethods) + 2
	for _, e := range h.Extensions {
		off += 4
		if e.Type == wire.ExtensionEncryptedClientHello {
			break
		}
		off += len(e.Data)
	}
	off += len(data) - len(o.ext.Payload)
	if off < 4 || off+len(o.ext.Payload) > len(msg) || !bytes.Equal(msg[off:off+len(o.ext.Payload)], o.ext.Payload) {
		return nil, setupError("ClientHello", "encrypted_client_hello", "payload not found", wire.ErrValue)
	}
	o.aad = append([]byte(nil), msg[4:]...)
	clear(o.aad[off-4 : off-4+len(o.ext.Payload)])
	return o, nil
}

// NewECHContextFromSecret makes the context of a connection from the
// key log's ECH_SECRET (the HPKE shared secret) and ECH_CONFIG (the
// ECHConfig the client used) lines, and the ClientHelloOuter message: the
// HPKE key schedule of RFC 9180 §5.1 in mode_base.
func NewECHContextFromSecret(outer, sharedSecret, config []byte) (*ECHContext, error) {
	o, err := parseOuter(outer)
	if err != nil {
		return nil, err
	}
	kdf, ok := hpkeKDFs[o.ext.CipherSuite.KDFID]
	if !ok {
		return nil, setupError("ECH", "kdf_id", "", ErrUnsupported)
	}
	aeadp, ok := hpkeAEADs[o.ext.CipherSuite.AEADID]
	if !ok {
		return nil, setupError("ECH", "aead_id", "", ErrUnsupported)
	}
	var cfg wire.ECHConfigList
	if err := cfg.Unmarshal(append([]byte{byte(len(config) >> 8), byte(len(config))}, config...)); err != nil || len(cfg) != 1 {
		return nil, setupError("ECH", "ECH_CONFIG", "not one ECHConfig", wire.ErrValue)
	}
	suiteID := []byte{'H', 'P', 'K', 'E', byte(cfg[0].KEMID >> 8), byte(cfg[0].KEMID),
		byte(o.ext.CipherSuite.KDFID >> 8), byte(o.ext.CipherSuite.KDFID),
		byte(o.ext.CipherSuite.AEADID >> 8), byte(o.ext.CipherSuite.AEADID)}
	ls := labeledKDF{h: kdf, suiteID: suiteID}
	pskIDHash := ls.extract(nil, "psk_id_hash", nil)
	infoHash := ls.extract(nil, "info_hash", echInfo(config))
	context := append(append([]byte{0}, pskIDHash...), infoHash...) // mode_base
	secret := ls.extract(sharedSecret, "secret", nil)
	key := ls.expand(secret, "key", context, aeadp.keyLen)
	nonce := ls.expand(secret, "base_nonce", context, 12)
	aead, err := aeadp.new(key)
	if err != nil {
		return nil, setupError("ECH", "key", err.Error(), ErrUnsupported)
	}
	return &ECHContext{aead: aead, nonce: nonce}, nil
}

// hpkeKDFs and hpkeAEADs are the HPKE algorithms ECH configs use
// (RFC 9180 §7.2, §7.3).
var hpkeKDFs = map[uint16]crypto.Hash{0x0001: crypto.SHA256, 0x0002: crypto.SHA384, 0x0003: crypto.SHA512}

var hpkeAEADs = map[uint16]struct {
	keyLen int
	new    func([]byte) (cipher.AEAD, error)
}{
	0x0001: {16, newGCM},
	0x0002: {32, newGCM},
	0x0003: {32, chacha20poly1305.New},
}

// labeledKDF is LabeledExtract and LabeledExpand of RFC 9180 §4.
type labeledKDF struct {
	h       crypto.Hash
	suiteID []byte
}

func (l labeledKDF) extract(salt []byte, label string, ikm []byte) []byte {
	in := append(append(append([]byte("HPKE-v1"), l.suiteID...), label...), ikm...)
	prk, err := hkdf.Extract(l.h.New, in, salt)
	if err != nil {
		panic("decrypt: HPKE LabeledExtract: " + err.Error())
	}
	return prk
}

func (l labeledKDF) expand(prk []byte, label string, info []byte, n int) []byte {
	in := append(append(append([]byte{byte(n >> 8), byte(n), 'H', 'P', 'K', 'E', '-', 'v', '1'}, l.suiteID...), label...), info...)
	out, err := hkdf.Expand(l.h.New, prk, string(in), n)
	if err != nil {
		panic("decrypt: HPKE LabeledExpand: " + err.Error())
	}
	return out
}

// ECHKeys are the ECH private keys of servers, each with its ECHConfig,
// for captures whose key log has no ECH_SECRET. The zero value is empty
// and ready.
type ECHKeys struct {
	keys []echKey
}

type echKey struct {
	config wire.ECHConfig
	raw    []byte // the ECHConfig as encoded: the HPKE info
	priv   hpke.PrivateKey
}

// Add adds a server key: config is one encoded ECHConfig (RFC 9849 §4)
// and privateKey its KEM private key, serialized as RFC 9180 §7.1.2
// says (as in tls.EncryptedClientHelloKey).
func (k *ECHKeys) Add(config, privateKey []byte) error {
	var list wire.ECHConfigList
	if err := list.Unmarshal(append([]byte{byte(len(config) >> 8), byte(len(config))}, config...)); err != nil || len(list) != 1 {
		return setupError("ECH key", "ECHConfig", "not one ECHConfig", wire.ErrValue)
	}
	kem, err := hpke.NewKEM(list[0].KEMID)
	if err != nil {
		return setupError("ECH key", "kem_id", err.Error(), ErrUnsupported)
	}
	priv, err := kem.NewPrivateKey(privateKey)
	if err != nil {
		return setupError("ECH key", "private key", err.Error(), wire.ErrValue)
	}
	k.keys = append(k.keys, echKey{config: list[0], raw: append([]byte(nil), config...), priv: priv})
	return nil
}

// AddPEM adds the keys of a PEM file as ECH servers load them
// (draft-farrell-tls-pemesni): a "PRIVATE KEY" block (PKCS #8, an X25519
// or NIST curve key) and an "ECHCONFIG" block (an ECHConfigList); every
// config whose public key is the private key's is added.
func (k *ECHKeys) AddPEM(data []byte) (int, error) {
	var privs []*ecdh.PrivateKey
	var lists []wire.ECHConfigList
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		switch b.Type {
		case "PRIVATE KEY":
			key, err := x509.ParsePKCS8PrivateKey(b.Bytes)
			if err != nil {
				return 0, setupError("ECH key", "PRIVATE KEY", err.Error(), wire.ErrValue)
			}
			switch key := key.(type) {
			case *ecdh.PrivateKey:
				privs = append(privs, key)
			case interface {
				ECDH() (*ecdh.PrivateKey, error)
			}:
				if e, err := key.ECDH(); err == nil {
					privs = append(privs, e)
				}
			}
		case "ECHCONFIG":
			var l wire.ECHConfigList
			if err := l.Unmarshal(b.Bytes); err != nil {
				return 0, err
			}
			lists = append(lists, l)
		}
	}
	n := 0
	for _, l := range lists {
		raw := encodedConfigs(l)
		for i, c := range l {
			for _, p := range privs {
				if string(p.PublicKey().Bytes()) != string(c.PublicKey) {
					continue
				}
				if err := k.Add(raw[i], p.Bytes()); err != nil {
					return n, err
				}
				n++
			}
		}
	}
	if n == 0 {
		return 0, setupError("ECH key", "PEM", "no ECHConfig with its private key", ErrNoKey)
	}
	return n, nil
}

// encodedConfigs re-encodes each ECHConfig of a list on its own.
func encodedConfigs(l wire.ECHConfigList) [][]byte {
	out := make([][]byte, len(l))
	for i := range l {
		b, err := wire.ECHConfigList(l[i : i+1]).Append(nil)
		if err == nil && len(b) >= 2 {
			out[i] = b[2:]
		}
	}
	return out
}

// Len returns the number of keys.
func (k *ECHKeys) Len() int { return len(k.keys) }

// NewContext makes the context of a connection from the ClientHelloOuter
// message, with the key whose config_id (and then whose decryption)
// matches.
func (k *ECHKeys) NewContext(outer []byte) (*ECHContext, error) {
	o, err := parseOuter(outer)
	if err != nil {
		return nil, err
	}
	kdf, err := hpke.NewKDF(o.ext.CipherSuite.KDFID)
	if err != nil {
		return nil, setupError("ECH", "kdf_id", err.Error(), ErrUnsupported)
	}
	aead, err := hpke.NewAEAD(o.ext.CipherSuite.AEADID)
	if err != nil {
		return nil, setupError("ECH", "aead_id", err.Error(), ErrUnsupported)
	}
	for _, key := range k.keys {
		if key.config.ConfigID != o.ext.ConfigID {
			continue
		}
		r, err := hpke.NewRecipient(o.ext.Enc, key.priv, kdf, aead, echInfo(key.raw))
		if err != nil {
			continue
		}
		c := &ECHContext{recipient: r}
		// Check the key on this hello; the context is then at seq 1.
		if _, err := c.open(o); err == nil {
			fresh, _ := hpke.NewRecipient(o.ext.Enc, key.priv, kdf, aead, echInfo(key.raw))
			return &ECHContext{recipient: fresh}, nil
		}
	}
	return nil, setupError("ECH", "config_id", "no key opens this ClientHello", ErrNoKey)
}

// Open opens the next ClientHelloOuter of the connection (the first, then
// the one after a HelloRetryRequest) and returns its ClientHelloInner as
// a handshake message, header included, decoded from the
// EncodedClientHelloInner (§5.1: legacy_session_id and the
// ech_outer_extensions references are filled in from the outer hello,
// the padding removed).
func (c *ECHContext) Open(outer []byte) ([]byte, error) {
	o, err := parseOuter(outer)
	if err != nil {
		return nil, err
	}
	return c.open(o)
}

func (c *ECHContext) open(o *echOuter) ([]byte, error) {
	var encoded []byte
	var err error
	if c.recipient != nil {
		encoded, err = c.recipient.Open(o.aad, o.ext.Payload)
	} else {
		nonce := append([]byte(nil), c.nonce...)
		for i := range 8 {
			nonce[len(nonce)-1-i] ^= byte(c.seq >> (8 * i))
		}
		encoded, err = c.aead.Open(nil, nonce, o.ext.Payload, o.aad)
		if err == nil {
			c.seq++
		}
	}
	if err != nil {
		return nil, setupError("ECH", "payload", "", ErrECH)
	}
	return decodeInner(encoded, &o.hello)
}

// decodeInner rebuilds a ClientHelloInner message from an
// EncodedClientHelloInner and its ClientHelloOuter (RFC 9849 §5.1).
func decodeInner(encoded []byte, outer *wire.ClientHello) ([]byte, error) {
	bad := func(field string) ([]byte, error) {
		return nil, &wire.Error{Message: "EncodedClientHelloInner", Field: field, Offset: -1, Err: wire.ErrValue}
	}
	s := cryptobyte.String(encoded)
	var version uint16
	var random, sid, suites, comp, exts cryptobyte.String
	if !s.ReadUint16(&version) || !s.ReadBytes((*[]byte)(&random), 32) ||
		!s.ReadUint8LengthPrefixed(&sid) || !s.ReadUint16LengthPrefixed(&suites) ||
		!s.ReadUint8LengthPrefixed(&comp) || !s.ReadUint16LengthPrefixed(&exts) {
		return bad("ClientHello")
	}
	for _, b := range s {
		if b != 0 {
			return bad("padding")
		}
	}
	if len(sid) != 0 {
		return bad("legacy_session_id")
	}
	var out []byte
	out = append(out, byte(wire.TypeClientHello), 0, 0, 0, byte(version>>8), byte(version))
	out = append(out, random...)
	out = append(out, byte(len(outer.SessionID)))
	out = append(out, outer.SessionID...)
	out = append(out, byte(len(suites)>>8), byte(len(suites)))
	out = append(out, suites...)
	out = append(out, byte(len(comp)))
	out = append(out, comp...)
	extStart := len(out)
	out = append(out, 0, 0)
	for !exts.Empty() {
		var typ uint16
		var data cryptobyte.String
		if !exts.ReadUint16(&typ) || !exts.ReadUint16LengthPrefixed(&data) {
			return bad("extensions")
		}
		if wire.ExtensionType(typ) != wire.ExtensionECHOuterExtensions {
			out = appendExtension(out, typ, data)
			continue
		}
		// Copy the referenced outer extensions, in order (§5.1).
		var refs cryptobyte.String
		if !data.ReadUint8LengthPrefixed(&refs) || !data.Empty() || len(refs)%2 != 0 {
			return bad("ech_outer_extensions")
		}
		next := 0
		for !refs.Empty() {
			var ref uint16
			refs.ReadUint16(&ref)
			if wire.ExtensionType(ref) == wire.ExtensionEncryptedClientHello {
				return bad("ech_outer_extensions")
			}
			for next < len(outer.Extensions) && outer.Extensions[next].Type != wire.ExtensionType(ref) {
				next++
			}
			if next == len(outer.Extensions) {
				return bad("ech_outer_extensions")
			}
			out = appendExtension(out, ref, outer.Extensions[next].Data)
			next++
		}
	}
	n := len(out) - extStart - 2
	out[extStart], out[extStart+1] = byte(n>>8), byte(n)
	body := len(out) - 4
	if body >= 1<<24 || n >= 1<<16 {
		return bad("extensions")
	}
	out[1], out[2], out[3] = byte(body>>16), byte(body>>8), byte(body)
	// What was copied from the encoded hello must make a ClientHello
	// (non-empty cipher suites and compression methods, well-formed
	// extensions).
	var ch wire.ClientHello
	if err := ch.Unmarshal(out); err != nil {
		return nil, err
	}
	return out, nil
}

func appendExtension(b []byte, typ uint16, data []byte) []byte {
	b = append(b, byte(typ>>8), byte(typ), byte(len(data)>>8), byte(len(data)))
	return append(b, data...)
}
