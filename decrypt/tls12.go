package decrypt

import (
	"crypto/cipher"
	"crypto/hmac"

	"github.com/tlswire/tlswire/wire"
)

// Params are what the key block of a TLS 1.0-1.2 or DTLS 1.0/1.2
// connection depends on besides the master secret: the negotiated version
// and cipher suite and the two hello randoms (RFC 5246 §6.3), and whether
// the ServerHello accepted encrypt_then_mac (RFC 7366, CBC suites only).
type Params struct {
	Version        uint16 // ServerHello.server_version (TLS 1.0-1.2, DTLS 1.0/1.2)
	Suite          uint16 // ServerHello.cipher_suite
	ClientRandom   []byte // 32 bytes
	ServerRandom   []byte // 32 bytes
	EncryptThenMAC bool
	// ExtendedMasterSecret: the ServerHello accepted extended_master_secret
	// (RFC 7627); only an RSA key exchange needs it (RSAMasterSecret).
	ExtendedMasterSecret bool
}

// ParamsFromHellos returns the Params of the connection a ClientHello and
// its ServerHello (not a HelloRetryRequest) negotiated: the selected
// version (supported_versions for TLS 1.3), the cipher suite, both randoms,
// and whether the server accepted encrypt_then_mac (RFC 7366 §2) and
// extended_master_secret (RFC 7627 §5.2).
func ParamsFromHellos(ch *wire.ClientHello, sh *wire.ServerHello) Params {
	return Params{
		Version:              sh.SelectedVersion(),
		Suite:                sh.CipherSuite,
		ClientRandom:         ch.Random,
		ServerRandom:         sh.Random,
		EncryptThenMAC:       sh.Extensions.Has(wire.ExtensionEncryptThenMAC),
		ExtendedMasterSecret: sh.Extensions.Has(wire.ExtensionExtendedMasterSecret),
	}
}

// NewTLS12 returns the read states of both directions of a TLS 1.0-1.2 or
// DTLS 1.0/1.2 connection from its master secret (the CLIENT_RANDOM line
// of a key log, or MasterSecret): the key block PRF(master_secret, "key
// expansion", server_random + client_random) cut into MAC keys, keys and
// IVs (RFC 5246 §6.3). Unsupported versions and suites give
// ErrUnsupported; SSL 3.0 is not decrypted.
func NewTLS12(p Params, masterSecret []byte) (client, server *Cipher, err error) {
	rv := recordVersion(p.Version)
	if rv < wire.VersionTLS10 || rv > wire.VersionTLS12 {
		return nil, nil, setupError("TLS 1.2 keys", "version", wire.VersionName(p.Version), ErrUnsupported)
	}
	s, err := lookupSuite(p.Suite, rv)
	if err != nil {
		return nil, nil, err
	}
	if len(masterSecret) != MasterSecretLen {
		return nil, nil, setupError("TLS 1.2 keys", "master_secret", "not 48 bytes", ErrUnsupported)
	}
	if len(p.ClientRandom) != 32 || len(p.ServerRandom) != 32 {
		return nil, nil, setupError("TLS 1.2 keys", "random", "not 32 bytes", wire.ErrLength)
	}
	c := s.cipher
	ivLen := c.fixedIV
	if c.mode == modeCBC && rv != wire.VersionTLS10 {
		ivLen = 0 // explicit IVs from TLS 1.1 (RFC 4346 §6.3)
	}
	kb := make([]byte, 2*s.macLen+2*c.keyLen+2*ivLen)
	prf(kb, p.Version, s.prf, masterSecret, "key expansion", p.ServerRandom, p.ClientRandom)
	take := func(n int) []byte { b := kb[:n]; kb = kb[n:]; return b }
	cMAC, sMAC := take(s.macLen), take(s.macLen)
	cKey, sKey := take(c.keyLen), take(c.keyLen)
	cIV, sIV := take(ivLen), take(ivLen)
	etm := p.EncryptThenMAC && c.mode == modeCBC
	if client, err = newTLS12Cipher(s, p.Version, etm, cMAC, cKey, cIV); err != nil {
		return nil, nil, err
	}
	if server, err = newTLS12Cipher(s, p.Version, etm, sMAC, sKey, sIV); err != nil {
		return nil, nil, err
	}
	return client, server, nil
}

// newTLS12Cipher builds one direction from its slice of the key block.
func newTLS12Cipher(s *suiteParams, version uint16, etm bool, macKey, key, iv []byte) (*Cipher, error) {
	c := &Cipher{suite: s, version: version, dtls: wire.IsDTLSVersion(version), etm: etm}
	fail := func(err error) (*Cipher, error) {
		return nil, setupError("TLS 1.2 keys", "key", err.Error(), ErrUnsupported)
	}
	if s.mac != 0 {
		c.mac = hmac.New(s.mac.New, macKey)
	}
	var err error
	switch s.cipher.mode {
	case modeAEAD:
		if c.aead, err = s.cipher.newAEAD(key); err != nil {
			return fail(err)
		}
		copy(c.iv[:], iv)
	case modeCBC:
		if c.block, err = s.cipher.newBlock(key); err != nil {
			return fail(err)
		}
		c.cbc = cipher.NewCBCDecrypter(c.block, make([]byte, c.block.BlockSize()))
		copy(c.chain[:], iv)
	case modeStream:
		if c.stream, err = newRC4(key); err != nil {
			return fail(err)
		}
	}
	return c, nil
}
