package decrypt

import (
	"github.com/tlswire/tlswire/wire"
)

// NewTLS13 returns the read state of one direction of a TLS 1.3
// connection whose cipher suite is suite, from one of its traffic secrets
// (RFC 8446 §7.3): [sender]_write_key = HKDF-Expand-Label(Secret, "key",
// "", key_length), [sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "",
// iv_length). The secret is one of a key log's
// CLIENT_EARLY_TRAFFIC_SECRET, CLIENT/SERVER_HANDSHAKE_TRAFFIC_SECRET or
// CLIENT/SERVER_TRAFFIC_SECRET_0 lines; the sequence number starts at 0.
func NewTLS13(suite uint16, secret []byte) (*Cipher, error) {
	p, err := lookupSuite(suite, wire.VersionTLS13)
	if err != nil {
		return nil, err
	}
	if len(secret) != p.prf.Size() {
		return nil, setupError("TLS 1.3 keys", "secret", "its length is not the suite's hash length", ErrUnsupported)
	}
	c := &Cipher{suite: p, version: wire.VersionTLS13, tls13: true}
	if err := c.setTrafficSecret(secret); err != nil {
		return nil, err
	}
	return c, nil
}

// setTrafficSecret derives the write key and IV of secret.
func (c *Cipher) setTrafficSecret(secret []byte) error {
	p := c.suite
	key := expandLabel(p.prf.New, secret, "key", nil, p.cipher.keyLen)
	iv := expandLabel(p.prf.New, secret, "iv", nil, 12)
	aead, err := p.cipher.newAEAD(key)
	if err != nil {
		return setupError("TLS 1.3 keys", "key", err.Error(), ErrUnsupported)
	}
	c.aead, c.secret, c.seq = aead, secret, 0
	copy(c.iv[:], iv)
	return nil
}

// KeyUpdate moves a TLS 1.3 Cipher to the next application traffic secret,
// as its sender does after sending a KeyUpdate message (RFC 8446 §4.6.3,
// §7.2): application_traffic_secret_N+1 = HKDF-Expand-Label(
// application_traffic_secret_N, "traffic upd", "", Hash.length). The
// sequence number restarts at 0.
func (c *Cipher) KeyUpdate() error {
	if !c.tls13 {
		return setupError("KeyUpdate", "version", "only TLS 1.3 updates keys", ErrUnsupported)
	}
	next := expandLabel(c.suite.prf.New, c.secret, "traffic upd", nil, c.suite.prf.Size())
	return c.setTrafficSecret(next)
}
