package tlsgen

import (
	"crypto/ecdh"
	"crypto/rand"
	"crypto/tls"

	"golang.org/x/crypto/cryptobyte"
)

// ECHKeys is an Encrypted Client Hello configuration for tests: the
// ECHConfigList a client is given and the key a server decrypts with.
type ECHKeys struct {
	ConfigList []byte                        // ECHConfigList (RFC 9849 §4)
	ServerKeys []tls.EncryptedClientHelloKey // for tls.Config.EncryptedClientHelloKeys
}

// NewECHKeys makes a one-config ECHConfigList (version 0xfe0d, DHKEM
// X25519/HKDF-SHA256, HKDF-SHA256 with AES-128-GCM and ChaCha20-Poly1305)
// for publicName, and the matching server key.
func NewECHKeys(configID uint8, publicName string) (*ECHKeys, error) {
	key, err := ecdh.X25519().GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddUint16(0xfe0d) // ECHConfig.version
	b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
		b.AddUint8(configID)
		b.AddUint16(0x0020) // DHKEM(X25519, HKDF-SHA256)
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes(key.PublicKey().Bytes()) })
		b.AddUint16LengthPrefixed(func(b *cryptobyte.Builder) {
			b.AddUint16(0x0001) // HKDF-SHA256
			b.AddUint16(0x0001) // AES-128-GCM
			b.AddUint16(0x0001)
			b.AddUint16(0x0003) // ChaCha20-Poly1305
		})
		b.AddUint8(0) // maximum_name_length
		b.AddUint8LengthPrefixed(func(b *cryptobyte.Builder) { b.AddBytes([]byte(publicName)) })
		b.AddUint16(0) // extensions
	})
	config, err := b.Bytes()
	if err != nil {
		return nil, err
	}
	list := append([]byte{byte(len(config) >> 8), byte(len(config))}, config...)
	return &ECHKeys{
		ConfigList: list,
		ServerKeys: []tls.EncryptedClientHelloKey{{Config: config, PrivateKey: key.Bytes(), SendAsRetry: true}},
	}, nil
}
