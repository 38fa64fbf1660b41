package main

import (
	"github.com/tlswire/tlswire/wire"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

// fpCache memoises fingerprints. A capture holds many connections from the
// same few client and server stacks, whose hellos differ only in randoms,
// session IDs and key shares, which no fingerprint reads; hashing (MD5 and
// four SHA-256 per ClientHello) is most of the cost of a fingerprint.
//
// The key is every input the wire/fingerprint functions read, encoded
// unambiguously: the transport, legacy_version, the cipher suites, every
// extension type in order, and the bodies of the extensions whose content
// the fingerprints use (supported_groups, ec_point_formats,
// signature_algorithms, ALPN, supported_versions). TestFingerprintCache
// checks it against direct computation. SSL 2.0 hellos are not cached.
type fpCache struct {
	key    []byte
	client map[string]clientFP
	server map[string]serverFP
}

type clientFP struct {
	ja3 fingerprint.JA3
	ja4 fingerprint.JA4
}

type serverFP struct {
	ja3s fingerprint.JA3
	ja4s fingerprint.JA4S
}

// fpCacheMax bounds each map; a full map is cleared.
const fpCacheMax = 4096

func newFPCache() *fpCache {
	return &fpCache{client: map[string]clientFP{}, server: map[string]serverFP{}}
}

// fingerprintInput reports whether the body of extension t is read by a fingerprint.
func fingerprintInput(t wire.ExtensionType) bool {
	switch t {
	case wire.ExtensionSupportedGroups, wire.ExtensionECPointFormats, wire.ExtensionSignatureAlgorithms,
		wire.ExtensionALPN, wire.ExtensionSupportedVersions:
		return true
	}
	return false
}

func appendKeyExtensions(k []byte, exts wire.Extensions) []byte {
	k = append(k, byte(len(exts)>>24), byte(len(exts)>>16), byte(len(exts)>>8), byte(len(exts)))
	for _, e := range exts {
		k = append(k, byte(e.Type>>8), byte(e.Type))
		if fingerprintInput(e.Type) {
			n := len(e.Data)
			k = append(k, 1, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
			k = append(k, e.Data...)
		} else {
			k = append(k, 0)
		}
	}
	return k
}

// clientFingerprints returns JA3 and JA4 of ch sent over t.
func (c *fpCache) clientFingerprints(ch *wire.ClientHello, t fingerprint.Transport) (fingerprint.JA3, fingerprint.JA4) {
	if ch.SSLv2 {
		return fingerprint.ClientJA3(ch), fingerprint.Client(ch, t)
	}
	k := append(c.key[:0], byte(t), byte(ch.LegacyVersion>>8), byte(ch.LegacyVersion))
	n := len(ch.CipherSuites)
	k = append(k, byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
	for _, s := range ch.CipherSuites {
		k = append(k, byte(s>>8), byte(s))
	}
	k = appendKeyExtensions(k, ch.Extensions)
	c.key = k
	if fp, ok := c.client[string(k)]; ok {
		return fp.ja3, fp.ja4
	}
	fp := clientFP{fingerprint.ClientJA3(ch), fingerprint.Client(ch, t)}
	if len(c.client) >= fpCacheMax {
		clear(c.client)
	}
	c.client[string(k)] = fp
	return fp.ja3, fp.ja4
}

// serverFingerprints returns JA3S and JA4S of sh sent over t.
func (c *fpCache) serverFingerprints(sh *wire.ServerHello, t fingerprint.Transport) (fingerprint.JA3, fingerprint.JA4S) {
	k := append(c.key[:0], byte(t), byte(sh.LegacyVersion>>8), byte(sh.LegacyVersion),
		byte(sh.CipherSuite>>8), byte(sh.CipherSuite))
	k = appendKeyExtensions(k, sh.Extensions)
	c.key = k
	if fp, ok := c.server[string(k)]; ok {
		return fp.ja3s, fp.ja4s
	}
	fp := serverFP{fingerprint.ServerJA3(sh), fingerprint.Server(sh, t)}
	if len(c.server) >= fpCacheMax {
		clear(c.server)
	}
	c.server[string(k)] = fp
	return fp.ja3s, fp.ja4s
}
