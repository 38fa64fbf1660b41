package decrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"

	"golang.org/x/crypto/chacha20"

	"github.com/tlswire/tlswire/wire"
)

// QUIC versions whose packet protection this package knows.
const (
	// QUICVersion1 is QUIC version 1 (RFC 9000 §15, RFC 9001).
	QUICVersion1 uint32 = 0x00000001
	// QUICVersion2 is QUIC version 2 (RFC 9369).
	QUICVersion2 uint32 = 0x6b3343cf
)

// quicVersionParams are the constants of a QUIC version's packet
// protection: the Initial salt and the HKDF labels of the key, IV, header
// protection key and key update (RFC 9001 §5.1, §5.2, §6.1; RFC 9369
// §3.3.1, §3.3.2).
type quicVersionParams struct {
	salt                []byte
	key, iv, hp, update string
}

// quicV1Labels are the labels of version 1 and its drafts.
var quicV1Labels = quicVersionParams{key: "quic key", iv: "quic iv", hp: "quic hp", update: "quic ku"}

// quicVersions is the table of versions, by their first and last version
// number: drafts 23-28 and 29-32 use the version 1 labels with salts of
// their own (draft-ietf-quic-tls-23 §5.2, -29 §5.2); captures from
// 2019-2021 still have them.
var quicVersions = []struct {
	first, last uint32
	p           quicVersionParams
}{
	{QUICVersion1, QUICVersion1, withSalt(quicV1Labels,
		0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17, 0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a)},
	{QUICVersion2, QUICVersion2, quicVersionParams{
		salt: []byte{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93, 0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9},
		key:  "quicv2 key", iv: "quicv2 iv", hp: "quicv2 hp", update: "quicv2 ku",
	}},
	{0xff00001d, 0xff000020, withSalt(quicV1Labels,
		0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97, 0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99)},
	{0xff000017, 0xff00001c, withSalt(quicV1Labels,
		0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7, 0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02)},
}

func withSalt(p quicVersionParams, salt ...byte) quicVersionParams {
	p.salt = salt
	return p
}

// quicParams returns the parameters of version v.
func quicParams(v uint32) (*quicVersionParams, error) {
	for i := range quicVersions {
		if e := &quicVersions[i]; e.first <= v && v <= e.last {
			return &e.p, nil
		}
	}
	return nil, setupError("QUIC keys", "version", "unknown QUIC version", ErrUnsupported)
}

// QUICSupportedVersion reports whether this package knows the packet
// protection of QUIC version v.
func QUICSupportedVersion(v uint32) bool {
	_, err := quicParams(v)
	return err == nil
}

// QUICKeys are the packet protection keys of one direction at one
// encryption level of a QUIC connection (RFC 9001 §5): the AEAD key and
// IV and the header protection key. They allocate nothing per packet; they
// are not safe for concurrent use.
type QUICKeys struct {
	version uint32
	params  *quicVersionParams
	suite   *suiteParams
	secret  []byte
	aead    cipher.AEAD
	iv      [12]byte
	nonce   [12]byte
	hp      cipher.Block // AES header protection (RFC 9001 §5.4.3)
	hpKey   []byte       // ChaCha20 header protection key (RFC 9001 §5.4.4)
	mask    [16]byte
}

// NewQUIC returns the packet protection keys derived from a TLS 1.3
// secret (RFC 9001 §5.1): for Handshake packets, a key log's
// CLIENT/SERVER_HANDSHAKE_TRAFFIC_SECRET; for 1-RTT packets,
// CLIENT/SERVER_TRAFFIC_SECRET_0; for 0-RTT, CLIENT_EARLY_TRAFFIC_SECRET.
// suite is the TLS 1.3 cipher suite of the ServerHello (QUIC does not use
// TLS_AES_128_CCM_8_SHA256, RFC 9001 §5.3).
func NewQUIC(version uint32, suite uint16, secret []byte) (*QUICKeys, error) {
	vp, err := quicParams(version)
	if err != nil {
		return nil, err
	}
	p, err := lookupSuite(suite, wire.VersionTLS13)
	if err != nil {
		return nil, err
	}
	if p.cipher.tagLen != 16 {
		return nil, setupError("QUIC keys", "cipher_suite", p.info.Name+" is not used by QUIC", ErrUnsupported)
	}
	if len(secret) != p.prf.Size() {
		return nil, setupError("QUIC keys", "secret", "its length is not the suite's hash length", ErrUnsupported)
	}
	k := &QUICKeys{version: version, params: vp, suite: p}
	hpKey := expandLabel(p.prf.New, secret, vp.hp, nil, p.cipher.keyLen)
	if p.info.Cipher == wire.CipherChaCha20_Poly1305 {
		k.hpKey = hpKey
	} else if k.hp, err = aes.NewCipher(hpKey); err != nil {
		return nil, setupError("QUIC keys", "hp", err.Error(), ErrUnsupported)
	}
	if err := k.setSecret(secret); err != nil {
		return nil, err
	}
	return k, nil
}

// setSecret derives the AEAD key and IV of secret.
func (k *QUICKeys) setSecret(secret []byte) error {
	p := k.suite
	aead, err := p.cipher.newAEAD(expandLabel(p.prf.New, secret, k.params.key, nil, p.cipher.keyLen))
	if err != nil {
		return setupError("QUIC keys", "key", err.Error(), ErrUnsupported)
	}
	k.aead, k.secret = aead, secret
	copy(k.iv[:], expandLabel(p.prf.New, secret, k.params.iv, nil, 12))
	return nil
}

// QUICInitialSecrets returns client_initial_secret and
// server_initial_secret, derived from the Destination Connection ID of the
// client's first Initial packet (RFC 9001 §5.2, RFC 9369 §3.3.1).
func QUICInitialSecrets(version uint32, dcid []byte) (client, server []byte, err error) {
	vp, err := quicParams(version)
	if err != nil {
		return nil, nil, err
	}
	initial, err := hkdf.Extract(sha256.New, dcid, vp.salt)
	if err != nil {
		return nil, nil, setupError("QUIC keys", "dcid", err.Error(), ErrUnsupported)
	}
	client = expandLabel(sha256.New, initial, "client in", nil, sha256.Size)
	server = expandLabel(sha256.New, initial, "server in", nil, sha256.Size)
	return client, server, nil
}

// NewQUICInitial returns the Initial packet protection keys of both
// directions (AEAD_AES_128_GCM, RFC 9001 §5.2).
func NewQUICInitial(version uint32, dcid []byte) (client, server *QUICKeys, err error) {
	cs, ss, err := QUICInitialSecrets(version, dcid)
	if err != nil {
		return nil, nil, err
	}
	suite := uint16(wire.TLS_AES_128_GCM_SHA256)
	if client, err = NewQUIC(version, suite, cs); err != nil {
		return nil, nil, err
	}
	if server, err = NewQUIC(version, suite, ss); err != nil {
		return nil, nil, err
	}
	return client, server, nil
}

// Next returns the keys of the next key phase (RFC 9001 §6.1, RFC 9369
// §3.3.2): the secret is updated with the "quic ku" label; the header
// protection key stays.
func (k *QUICKeys) Next() (*QUICKeys, error) {
	n := &QUICKeys{version: k.version, params: k.params, suite: k.suite, hp: k.hp, hpKey: k.hpKey}
	next := expandLabel(k.suite.prf.New, k.secret, k.params.update, nil, k.suite.prf.Size())
	if err := n.setSecret(next); err != nil {
		return nil, err
	}
	return n, nil
}

// quicSampleLen is the header protection sample (RFC 9001 §5.4.2).
const quicSampleLen = 16

// headerMask sets k.mask[:5] to the header protection mask of sample
// (RFC 9001 §5.4.3, §5.4.4).
func (k *QUICKeys) headerMask(sample []byte) {
	if k.hp != nil {
		k.hp.Encrypt(k.mask[:], sample)
		return
	}
	counter := uint32(sample[0]) | uint32(sample[1])<<8 | uint32(sample[2])<<16 | uint32(sample[3])<<24
	c, err := chacha20.NewUnauthenticatedCipher(k.hpKey, sample[4:16])
	if err != nil {
		panic("decrypt: ChaCha20 header protection: " + err.Error()) // key and nonce sizes are fixed
	}
	c.SetCounter(counter)
	clear(k.mask[:5])
	c.XORKeyStream(k.mask[:5], k.mask[:5])
}

// Unprotect removes the header protection of the packet pkt in place
// (RFC 9001 §5.4): the low bits of the first byte (4 for a long header, 5
// for a short one, key phase included) and the packet number, which starts
// at pnOffset (after the Length field of a long header, after the
// Destination Connection ID of a short one). largest is the largest packet
// number received so far in the packet number space, -1 for none. It
// returns the full packet number and the header length, packet number
// included.
func (k *QUICKeys) Unprotect(pkt []byte, pnOffset int, largest int64) (pn uint64, hdrLen int, err error) {
	if pnOffset < 1 || len(pkt) < pnOffset+4+quicSampleLen {
		return 0, 0, recordError("QUIC packet", "Packet Number", min(max(pnOffset, 0), len(pkt)), wire.ErrTruncated)
	}
	k.headerMask(pkt[pnOffset+4 : pnOffset+4+quicSampleLen])
	if pkt[0]&0x80 != 0 {
		pkt[0] ^= k.mask[0] & 0x0f
	} else {
		pkt[0] ^= k.mask[0] & 0x1f
	}
	pnLen := int(pkt[0]&3) + 1
	var truncated uint64
	for i := range pnLen {
		pkt[pnOffset+i] ^= k.mask[1+i]
		truncated = truncated<<8 | uint64(pkt[pnOffset+i])
	}
	return DecodePacketNumber(largest, truncated, pnLen), pnOffset + pnLen, nil
}

// OpenPayload decrypts the payload of a packet whose header protection is
// removed (pkt[:hdrLen] is the header, the AAD), appending it to dst
// (RFC 9001 §5.3). dst must not overlap pkt unless it is
// pkt[hdrLen:hdrLen]; a failed open may clear dst's new bytes.
func (k *QUICKeys) OpenPayload(dst, pkt []byte, hdrLen int, pn uint64) ([]byte, error) {
	if hdrLen > len(pkt) || len(pkt)-hdrLen < k.aead.Overhead() {
		return dst, recordError("QUIC packet", "Packet Payload", min(hdrLen, len(pkt)), wire.ErrTruncated)
	}
	k.nonce = k.iv
	for i := range 8 {
		k.nonce[11-i] ^= byte(pn >> (8 * i))
	}
	out, err := k.aead.Open(dst, k.nonce[:], pkt[hdrLen:], pkt[:hdrLen])
	if err != nil {
		return dst, recordError("QUIC packet", "Packet Payload", hdrLen, ErrAuthentication)
	}
	return out, nil
}

// Open removes the header protection of pkt in place and decrypts its
// payload into dst: Unprotect then OpenPayload.
func (k *QUICKeys) Open(dst, pkt []byte, pnOffset int, largest int64) (pn uint64, out []byte, err error) {
	pn, hdrLen, err := k.Unprotect(pkt, pnOffset, largest)
	if err != nil {
		return 0, dst, err
	}
	out, err = k.OpenPayload(dst, pkt, hdrLen, pn)
	return pn, out, err
}

// DecodePacketNumber recovers a full packet number from the truncated
// one of pnLen bytes, given the largest packet number received so far in
// its space (-1 for none), as in RFC 9000 Appendix A.3.
func DecodePacketNumber(largest int64, truncated uint64, pnLen int) uint64 {
	const maxPN = 1<<62 - 1
	expected := uint64(largest + 1)
	win := uint64(1) << (8 * pnLen)
	hwin := win / 2
	candidate := expected&^(win-1) | truncated
	switch {
	case candidate+hwin <= expected && candidate < maxPN+1-win:
		return candidate + win
	case candidate > expected+hwin && candidate >= win:
		return candidate - win
	}
	return candidate
}

// QUICKeyPhases follows the key phase of 1-RTT packets of one direction
// (RFC 9001 §6): packets whose Key Phase bit differs from the current one
// are tried with the next keys, which become current when they succeed;
// the previous keys are kept for packets reordered across the update.
type QUICKeyPhases struct {
	prev, cur, next *QUICKeys
	phase           byte // 0 or 0x04, the Key Phase bit of cur
}

// NewQUICKeyPhases starts at key phase 0 with the keys of
// CLIENT/SERVER_TRAFFIC_SECRET_0.
func NewQUICKeyPhases(k *QUICKeys) (*QUICKeyPhases, error) {
	next, err := k.Next()
	if err != nil {
		return nil, err
	}
	return &QUICKeyPhases{cur: k, next: next}, nil
}

// Open opens a 1-RTT (short header) packet, in place for the header and
// into dst for the payload, as QUICKeys.Open does, with the keys its Key
// Phase bit selects.
func (p *QUICKeyPhases) Open(dst, pkt []byte, pnOffset int, largest int64) (pn uint64, out []byte, err error) {
	pn, hdrLen, err := p.cur.Unprotect(pkt, pnOffset, largest)
	if err != nil {
		return 0, dst, err
	}
	if pkt[0]&0x04 == p.phase {
		out, err = p.cur.OpenPayload(dst, pkt, hdrLen, pn)
		return pn, out, err
	}
	if p.prev != nil && int64(pn) <= largest {
		if out, err = p.prev.OpenPayload(dst, pkt, hdrLen, pn); err == nil {
			return pn, out, nil
		}
	}
	if out, err = p.next.OpenPayload(dst, pkt, hdrLen, pn); err != nil {
		return pn, dst, err
	}
	next, err := p.next.Next()
	if err != nil {
		return pn, dst, err
	}
	p.prev, p.cur, p.next = p.cur, p.next, next
	p.phase ^= 0x04
	return pn, out, nil
}
