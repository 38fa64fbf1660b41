package pcap

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"io"

	"golang.org/x/crypto/hkdf"
)

// QUIC versions whose Initial packets this package can decrypt.
const (
	// QUICVersion1 is QUIC version 1 (RFC 9000 §15).
	QUICVersion1 uint32 = 0x00000001
	// QUICVersion2 is QUIC version 2 (RFC 9369 §3.1).
	QUICVersion2 uint32 = 0x6b3343cf
)

// Draft versions of QUIC whose Initial packets use the version 1 packet
// layout, frame types and labels with their own salts. They are still
// found in captures from 2019-2021 (Chrome and others shipped draft 29).
const (
	quicDraft23 uint32 = 0xff000017 // draft-ietf-quic-tls-23 .. -28 share a salt
	quicDraft28 uint32 = 0xff00001c
	quicDraft29 uint32 = 0xff00001d // draft-ietf-quic-tls-29 .. -32 share a salt
	quicDraft32 uint32 = 0xff000020
)

// Initial salts (RFC 9001 §5.2 for version 1, RFC 9369 §3.3.1 for version
// 2, draft-ietf-quic-tls-23 §5.2 and draft-ietf-quic-tls-29 §5.2).
var (
	quicSaltV1 = []byte{
		0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
		0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a,
	}
	quicSaltV2 = []byte{
		0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
		0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9,
	}
	quicSaltDraft23 = []byte{
		0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
		0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02,
	}
	quicSaltDraft29 = []byte{
		0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
		0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99,
	}
)

// quicVersionParams are the per-version constants of Initial packet
// protection: the salt and the HKDF labels of the packet protection key,
// IV and header protection key (RFC 9001 §5.1, RFC 9369 §3.3).
type quicVersionParams struct {
	salt                       []byte
	keyLabel, ivLabel, hpLabel string
}

// quicParams returns the Initial protection parameters of version v, or
// false for a version this package does not know.
func quicParams(v uint32) (quicVersionParams, bool) {
	switch v {
	case QUICVersion1:
		return quicVersionParams{quicSaltV1, "quic key", "quic iv", "quic hp"}, true
	case QUICVersion2:
		return quicVersionParams{quicSaltV2, "quicv2 key", "quicv2 iv", "quicv2 hp"}, true
	}
	switch {
	case v >= quicDraft29 && v <= quicDraft32:
		return quicVersionParams{quicSaltDraft29, "quic key", "quic iv", "quic hp"}, true
	case v >= quicDraft23 && v <= quicDraft28:
		return quicVersionParams{quicSaltDraft23, "quic key", "quic iv", "quic hp"}, true
	}
	return quicVersionParams{}, false
}

// quicSupportedVersion reports whether Initial packets of version v can be decrypted.
func quicSupportedVersion(v uint32) bool {
	_, ok := quicParams(v)
	return ok
}

// Initial packets are protected with AEAD_AES_128_GCM and AES-based
// header protection (RFC 9001 §5.2, §5.4.3).
const (
	quicKeyLen    = 16 // AES-128 key
	quicIVLen     = 12 // AEAD nonce
	quicTagLen    = 16 // GCM tag
	quicSampleLen = 16 // header protection sample (RFC 9001 §5.4.2)
	quicSecretLen = sha256.Size
)

// quicKeys are the Initial packet protection keys of one direction of one
// version. They are built once and reused for every packet.
type quicKeys struct {
	version uint32 // 0 when not derived
	aead    cipher.AEAD
	hp      cipher.Block
	iv      [quicIVLen]byte
}

// quicExpandLabel is HKDF-Expand-Label (RFC 8446 §7.1) with an empty
// context, as used by QUIC (RFC 9001 §5.1).
func quicExpandLabel(dst, secret []byte, label string) {
	const prefix = "tls13 "
	info := make([]byte, 0, 4+len(prefix)+len(label))
	info = append(info, byte(len(dst)>>8), byte(len(dst)), byte(len(prefix)+len(label)))
	info = append(info, prefix...)
	info = append(info, label...)
	info = append(info, 0) // empty context
	if _, err := io.ReadFull(hkdf.Expand(sha256.New, secret, info), dst); err != nil {
		// HKDF-SHA256 can produce up to 255*32 bytes; the outputs here are
		// at most 32 bytes, so this cannot fail.
		panic("pcap: HKDF-Expand-Label: " + err.Error())
	}
}

// quicInitialSecrets derives client_initial_secret and
// server_initial_secret from the client's first Destination Connection ID
// (RFC 9001 §5.2).
func quicInitialSecrets(p quicVersionParams, dcid []byte) (client, server [quicSecretLen]byte) {
	initial := hkdf.Extract(sha256.New, dcid, p.salt)
	quicExpandLabel(client[:], initial, "client in")
	quicExpandLabel(server[:], initial, "server in")
	return client, server
}

// quicKeyMaterial is the raw output of the packet protection key schedule
// for one direction (RFC 9001 §5.1); kept separate so tests can compare it
// with the published vectors.
type quicKeyMaterial struct {
	key, hp [quicKeyLen]byte
	iv      [quicIVLen]byte
}

// quicDeriveKeyMaterial expands the packet protection key, IV and header
// protection key from an Initial secret.
func quicDeriveKeyMaterial(p quicVersionParams, secret []byte) quicKeyMaterial {
	var m quicKeyMaterial
	quicExpandLabel(m.key[:], secret, p.keyLabel)
	quicExpandLabel(m.iv[:], secret, p.ivLabel)
	quicExpandLabel(m.hp[:], secret, p.hpLabel)
	return m
}

// derive sets k to the Initial keys of version v for one direction,
// computed from the client's first Destination Connection ID.
func (k *quicKeys) derive(v uint32, dcid []byte, client bool) bool {
	p, ok := quicParams(v)
	if !ok {
		return false
	}
	cs, ss := quicInitialSecrets(p, dcid)
	secret := ss[:]
	if client {
		secret = cs[:]
	}
	m := quicDeriveKeyMaterial(p, secret)
	block, err := aes.NewCipher(m.key[:])
	if err != nil {
		return false
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return false
	}
	hp, err := aes.NewCipher(m.hp[:])
	if err != nil {
		return false
	}
	k.version, k.aead, k.hp, k.iv = v, aead, hp, m.iv
	return true
}
