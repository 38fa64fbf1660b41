package decrypt

import (
	"crypto"
	"crypto/hmac"
	"hash"

	"github.com/tlswire/tlswire/wire"
)

// MasterSecretLen is the length of a TLS 1.0-1.2 master secret
// (RFC 5246 §8.1).
const MasterSecretLen = 48

// pHash is P_hash of RFC 5246 §5: HMAC_hash(secret, A(i) + seed)... until
// dst is full.
func pHash(dst []byte, h func() hash.Hash, secret, seed []byte) {
	mac := hmac.New(h, secret)
	mac.Write(seed)
	a := mac.Sum(nil) // A(1)
	for len(dst) > 0 {
		mac.Reset()
		mac.Write(a)
		mac.Write(seed)
		dst = dst[copy(dst, mac.Sum(nil)):]
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(a[:0])
	}
}

// prf fills dst with PRF(secret, label, seed) of version: P_MD5 xor P_SHA1
// over the two halves of the secret for TLS 1.0/1.1 and DTLS 1.0
// (RFC 2246 §5, RFC 4346 §5), P_<suite hash> for TLS 1.2 and DTLS 1.2
// (RFC 5246 §5).
func prf(dst []byte, version uint16, h crypto.Hash, secret []byte, label string, seed ...[]byte) {
	var ls []byte
	ls = append(ls, label...)
	for _, s := range seed {
		ls = append(ls, s...)
	}
	if recordVersion(version) == wire.VersionTLS12 {
		pHash(dst, h.New, secret, ls)
		return
	}
	half := (len(secret) + 1) / 2
	pHash(dst, crypto.MD5.New, secret[:half], ls)
	x := make([]byte, len(dst))
	pHash(x, crypto.SHA1.New, secret[len(secret)-half:], ls)
	for i := range dst {
		dst[i] ^= x[i]
	}
}

// recordVersion maps a DTLS version to the TLS version whose record
// protection and PRF it uses: DTLS 1.0 is TLS 1.1 (RFC 4347 §4.1), DTLS 1.2
// is TLS 1.2 (RFC 6347), DTLS 1.3 is TLS 1.3 (RFC 9147).
func recordVersion(v uint16) uint16 {
	switch v {
	case wire.VersionDTLS10, wire.VersionDTLS10OpenSSLPre:
		return wire.VersionTLS11
	case wire.VersionDTLS12:
		return wire.VersionTLS12
	case wire.VersionDTLS13:
		return wire.VersionTLS13
	}
	return v
}

// MasterSecret derives the master secret of a TLS 1.0-1.2 or DTLS
// connection from its premaster secret (RFC 5246 §8.1): PRF(
// pre_master_secret, "master secret", ClientHello.random +
// ServerHello.random)[0..47].
func MasterSecret(version, suite uint16, premaster, clientRandom, serverRandom []byte) ([]byte, error) {
	p, err := lookupSuite(suite, recordVersion(version))
	if err != nil {
		return nil, err
	}
	out := make([]byte, MasterSecretLen)
	prf(out, version, p.prf, premaster, "master secret", clientRandom, serverRandom)
	return out, nil
}

// ExtendedMasterSecret derives the master secret of a connection that
// negotiated extended_master_secret (RFC 7627 §4): PRF(pre_master_secret,
// "extended master secret", session_hash)[0..47], where sessionHash is
// SessionHash of the handshake messages up to the ClientKeyExchange.
func ExtendedMasterSecret(version, suite uint16, premaster, sessionHash []byte) ([]byte, error) {
	p, err := lookupSuite(suite, recordVersion(version))
	if err != nil {
		return nil, err
	}
	out := make([]byte, MasterSecretLen)
	prf(out, version, p.prf, premaster, "extended master secret", sessionHash)
	return out, nil
}

// SessionHash is the session_hash of RFC 7627 §3: the hash of the
// handshake messages from the ClientHello up to and including the
// ClientKeyExchange (headers included; for DTLS, in their TLS form, without
// the fragment fields, RFC 6347 §4.2.6), with the PRF hash of TLS 1.2 or
// MD5||SHA-1 before it. TranscriptHash gives the same hash incrementally.
func SessionHash(version, suite uint16, messages []byte) ([]byte, error) {
	h, err := TranscriptHash(version, suite)
	if err != nil {
		return nil, err
	}
	h.Write(messages)
	return h.Sum(nil), nil
}

// TranscriptHash returns the hash of a TLS 1.0-1.2 handshake transcript,
// for SessionHash fed one message at a time (a capture reader writes each
// handshake message into it as it goes): the suite's PRF hash for TLS 1.2
// and DTLS 1.2, MD5||SHA-1 before (RFC 5246 §7.4.9, RFC 2246 §7.4.9).
func TranscriptHash(version, suite uint16) (hash.Hash, error) {
	p, err := lookupSuite(suite, recordVersion(version))
	if err != nil {
		return nil, err
	}
	if recordVersion(version) == wire.VersionTLS12 {
		return p.prf.New(), nil
	}
	return &md5sha1{md5: crypto.MD5.New(), sha1: crypto.SHA1.New()}, nil
}

// md5sha1 is the MD5||SHA-1 hash of the TLS 1.0/1.1 handshake.
type md5sha1 struct{ md5, sha1 hash.Hash }

func (h *md5sha1) Write(b []byte) (int, error) {
	h.md5.Write(b)
	return h.sha1.Write(b)
}
func (h *md5sha1) Sum(b []byte) []byte { return h.sha1.Sum(h.md5.Sum(b)) }
func (h *md5sha1) Reset()              { h.md5.Reset(); h.sha1.Reset() }
func (h *md5sha1) Size() int           { return h.md5.Size() + h.sha1.Size() }
func (h *md5sha1) BlockSize() int      { return h.sha1.BlockSize() }
