package decrypt

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"

	"github.com/tlswire/tlswire/wire"
)

// RSAKeys are server RSA private keys, for connections whose cipher suite
// uses the RSA key exchange (TLS_RSA_WITH_*, RFC 5246 §7.4.7.1): the
// client encrypts the premaster secret to the server's certificate, so
// the server's private key recovers it from the ClientKeyExchange. Keys
// are matched to a connection by the public key of its server
// certificate. The zero value is empty and ready; a RSAKeys is safe for
// concurrent lookups once filled.
type RSAKeys struct {
	keys []*rsa.PrivateKey
}

// AddPEM adds every RSA private key of a PEM file: "RSA PRIVATE KEY"
// (PKCS #1) and "PRIVATE KEY" (PKCS #8) blocks; other blocks (certificates,
// non-RSA keys) are skipped. It returns how many keys it added, and an
// error for a key block that does not parse or a file without any key.
func (k *RSAKeys) AddPEM(data []byte) (int, error) {
	n := 0
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		var key any
		var err error
		switch b.Type {
		case "RSA PRIVATE KEY":
			key, err = x509.ParsePKCS1PrivateKey(b.Bytes)
		case "PRIVATE KEY":
			key, err = x509.ParsePKCS8PrivateKey(b.Bytes)
		default:
			continue
		}
		if err != nil {
			return n, setupError("RSA key", b.Type, err.Error(), wire.ErrValue)
		}
		if rk, ok := key.(*rsa.PrivateKey); ok {
			k.keys = append(k.keys, rk)
			n++
		}
	}
	if n == 0 {
		return 0, setupError("RSA key", "PEM", "no RSA private key in the file", ErrNoKey)
	}
	return n, nil
}

// Len returns the number of keys.
func (k *RSAKeys) Len() int { return len(k.keys) }

// ForCertificate returns the private key of the server certificate (DER,
// the first entry of the Certificate message), or nil.
func (k *RSAKeys) ForCertificate(certDER []byte) *rsa.PrivateKey {
	cert, err := x509.ParseCertificate(certDER)
	if err != nil {
		return nil
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil
	}
	for _, key := range k.keys {
		if key.N.Cmp(pub.N) == 0 && key.E == pub.E {
			return key
		}
	}
	return nil
}

// preMasterLen is the length of an RSA premaster secret: client_version
// and 46 random bytes (RFC 5246 §7.4.7.1).
const preMasterLen = 48

// ErrPreMaster: the RSA-encrypted premaster secret does not decrypt to
// 48 bytes under the key (the key is not the certificate's, or the
// ClientKeyExchange is damaged).
var ErrPreMaster = errors.New("RSA premaster secret does not decrypt")

// DecryptPreMaster recovers the premaster secret of an RSA key exchange
// from the EncryptedPreMasterSecret of the ClientKeyExchange
// (RFC 5246 §7.4.7.1, PKCS #1 v1.5 padding). Passive decryption does not
// care about the padding oracle the RFC's countermeasures defend against.
func DecryptPreMaster(key *rsa.PrivateKey, encrypted []byte) ([]byte, error) {
	if key == nil {
		return nil, setupError("ClientKeyExchange", "exchange_keys", "no RSA key", ErrNoKey)
	}
	//lint:ignore SA1019 decrypting what a TLS client encrypted with PKCS #1 v1.5 is the point.
	pms, err := rsa.DecryptPKCS1v15(nil, key, encrypted)
	if err != nil || len(pms) != preMasterLen {
		return nil, setupError("ClientKeyExchange", "exchange_keys", "", ErrPreMaster)
	}
	return pms, nil
}

// RSAMasterSecret derives the master secret of an RSA key exchange:
// the premaster secret decrypted from encrypted with the key of the
// server certificate certDER, then MasterSecret, or ExtendedMasterSecret
// of sessionHash (SessionHash, TranscriptHash) when p.ExtendedMasterSecret
// is set. For TLS 1.0-1.2 with the RSA key exchange, a reader makes its
// Conn from this master secret once it has seen the ClientKeyExchange.
func (k *RSAKeys) RSAMasterSecret(p Params, certDER, encrypted, sessionHash []byte) ([]byte, error) {
	key := k.ForCertificate(certDER)
	if key == nil {
		return nil, setupError("RSA key", "certificate", "no key for the server certificate", ErrNoKey)
	}
	pms, err := DecryptPreMaster(key, encrypted)
	if err != nil {
		return nil, err
	}
	if p.ExtendedMasterSecret {
		if len(sessionHash) == 0 {
			return nil, setupError("RSA key", "session_hash", "extended_master_secret without a session hash", wire.ErrContext)
		}
		return ExtendedMasterSecret(p.Version, p.Suite, pms, sessionHash)
	}
	return MasterSecret(p.Version, p.Suite, pms, p.ClientRandom, p.ServerRandom)
}
