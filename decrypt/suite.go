package decrypt

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	_ "crypto/md5" // registers crypto.MD5 (HMAC-MD5, the TLS 1.0/1.1 PRF)
	"crypto/rc4"
	_ "crypto/sha1" // registers crypto.SHA1
	_ "crypto/sha256"
	_ "crypto/sha512" // registers crypto.SHA384

	"golang.org/x/crypto/chacha20poly1305"

	"github.com/tlswire/tlswire/wire"
)

// mode is how a bulk cipher protects a record.
type mode uint8

const (
	modeNull   mode = iota // no encryption, MAC only (RFC 5246 §6.2.3.1)
	modeStream             // RC4 with a MAC (RFC 5246 §6.2.3.1)
	modeCBC                // block cipher with a MAC (RFC 5246 §6.2.3.2, RFC 7366)
	modeAEAD               // AEAD (RFC 5246 §6.2.3.3, RFC 8446 §5.2)
)

// cipherParams is one row of the bulk cipher table: what a wire.BulkCipher
// needs to protect records.
type cipherParams struct {
	mode   mode
	keyLen int
	// fixedIV is the implicit part of the nonce taken from the key block in
	// TLS 1.2 (4 bytes for GCM and CCM, RFC 5288 §3, RFC 6655 §3; 12 for
	// ChaCha20-Poly1305, RFC 7905 §2); for CBC, the block size (the TLS 1.0
	// IV, RFC 2246 §6.3).
	fixedIV int
	// explicitNonce is the per-record nonce carried before the ciphertext
	// in TLS 1.2 (8 bytes for GCM and CCM; 0 for ChaCha20-Poly1305).
	explicitNonce int
	tagLen        int // AEAD tag
	blockLen      int // CBC block
	newAEAD       func(key []byte) (cipher.AEAD, error)
	newBlock      func(key []byte) (cipher.Block, error)
}

// ciphers is the table of the bulk ciphers this package decrypts, by the
// registry's wire.BulkCipher. Anything else is ErrUnsupported: Camellia,
// ARIA, SEED, IDEA, RC2, SM4, GOST, AEGIS, and every export cipher.
var ciphers = map[wire.BulkCipher]cipherParams{
	wire.CipherNULL:              {mode: modeNull},
	wire.CipherRC4_128:           {mode: modeStream, keyLen: 16},
	wire.CipherDES_CBC:           {mode: modeCBC, keyLen: 8, fixedIV: 8, blockLen: 8, newBlock: des.NewCipher},
	wire.Cipher3DES_EDE_CBC:      {mode: modeCBC, keyLen: 24, fixedIV: 8, blockLen: 8, newBlock: des.NewTripleDESCipher},
	wire.CipherAES_128_CBC:       {mode: modeCBC, keyLen: 16, fixedIV: 16, blockLen: 16, newBlock: aes.NewCipher},
	wire.CipherAES_256_CBC:       {mode: modeCBC, keyLen: 32, fixedIV: 16, blockLen: 16, newBlock: aes.NewCipher},
	wire.CipherAES_128_GCM:       {mode: modeAEAD, keyLen: 16, fixedIV: 4, explicitNonce: 8, tagLen: 16, newAEAD: newGCM},
	wire.CipherAES_256_GCM:       {mode: modeAEAD, keyLen: 32, fixedIV: 4, explicitNonce: 8, tagLen: 16, newAEAD: newGCM},
	wire.CipherAES_128_CCM:       {mode: modeAEAD, keyLen: 16, fixedIV: 4, explicitNonce: 8, tagLen: 16, newAEAD: newCCM16},
	wire.CipherAES_256_CCM:       {mode: modeAEAD, keyLen: 32, fixedIV: 4, explicitNonce: 8, tagLen: 16, newAEAD: newCCM16},
	wire.CipherAES_128_CCM_8:     {mode: modeAEAD, keyLen: 16, fixedIV: 4, explicitNonce: 8, tagLen: 8, newAEAD: newCCM8},
	wire.CipherAES_256_CCM_8:     {mode: modeAEAD, keyLen: 32, fixedIV: 4, explicitNonce: 8, tagLen: 8, newAEAD: newCCM8},
	wire.CipherChaCha20_Poly1305: {mode: modeAEAD, keyLen: 32, fixedIV: 12, tagLen: 16, newAEAD: chacha20poly1305.New},
}

// macHashes maps the registry's MAC hash to its crypto.Hash.
var macHashes = map[wire.MACHash]crypto.Hash{
	wire.HashMD5:    crypto.MD5,
	wire.HashSHA1:   crypto.SHA1,
	wire.HashSHA256: crypto.SHA256,
	wire.HashSHA384: crypto.SHA384,
}

// suiteParams is what record protection needs of one cipher suite at one
// version.
type suiteParams struct {
	info   *wire.CipherSuiteInfo
	cipher cipherParams
	mac    crypto.Hash // 0 for AEAD suites
	macLen int
	// prf is the TLS 1.2 PRF hash (SHA-384 for the SHA384 suites, SHA-256
	// otherwise, RFC 5246 §5) or the TLS 1.3 HKDF hash (RFC 8446 §7.1).
	prf crypto.Hash
}

// lookupSuite returns the parameters of suite id at version (a TLS or
// DTLS version), or ErrUnsupported.
func lookupSuite(id, version uint16) (*suiteParams, error) {
	info, ok := wire.LookupCipherSuite(wire.CipherSuite(id))
	if !ok || info.SCSV() {
		return nil, setupError("cipher suite", "cipher_suite", wire.CipherSuite(id).String(), ErrUnsupported)
	}
	unsupported := func(why string) (*suiteParams, error) {
		return nil, setupError("cipher suite", "cipher_suite", info.Name+": "+why, ErrUnsupported)
	}
	if info.TLS13() != (version == wire.VersionTLS13) {
		return unsupported("not a suite of version " + wire.VersionName(version))
	}
	if info.Export() {
		return unsupported("export ciphers are not decrypted")
	}
	c, ok := ciphers[info.Cipher]
	if !ok {
		return unsupported(info.Cipher.String() + " is not decrypted")
	}
	p := &suiteParams{info: info, cipher: c, prf: crypto.SHA256}
	if info.Hash == wire.HashSHA384 {
		p.prf = crypto.SHA384
	}
	if info.TLS13() {
		if c.mode != modeAEAD {
			return unsupported("integrity-only suites are not decrypted")
		}
		p.cipher.fixedIV, p.cipher.explicitNonce = 12, 0
		return p, nil
	}
	if c.mode != modeAEAD {
		h, ok := macHashes[info.Hash]
		if !ok {
			return unsupported("MAC " + info.Hash.String() + " is not supported")
		}
		p.mac, p.macLen = h, h.Size()
	}
	if c.mode == modeNull && info.Cipher == wire.CipherNULL && info.Hash == wire.HashNULL {
		return unsupported("TLS_NULL_WITH_NULL_NULL protects nothing")
	}
	return p, nil
}

// newRC4 returns the RC4 keystream of a key.
func newRC4(key []byte) (*rc4.Cipher, error) { return rc4.NewCipher(key) }

// newGCM is AES-GCM with a 12-byte nonce and a 16-byte tag.
func newGCM(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// Supported reports whether records of cipher suite id at version can be
// decrypted by this package.
func Supported(id, version uint16) bool {
	_, err := lookupSuite(id, recordVersion(version))
	return err == nil && version != wire.VersionSSL30
}
