package fingerprint

import (
	"crypto/md5"
	"encoding/hex"
	"strconv"

	"github.com/tlswire/tlswire/wire"
)

// JA3 is a JA3 or JA3S fingerprint: the string and its MD5.
type JA3 struct {
	Full string // e.g. "771,4865-4866-4867,0-23-65281,29-23-24,0"
	Hash string // lower-case hex MD5 of Full
}

func newJA3(full []byte) JA3 {
	sum := md5.Sum(full)
	return JA3{Full: string(full), Hash: hex.EncodeToString(sum[:])}
}

// appendDecimals appends values joined by '-', skipping GREASE when asked.
func appendDecimals[T ~uint8 | ~uint16 | ~uint32](b []byte, vs []T, dropGREASE bool) []byte {
	first := true
	for _, v := range vs {
		if dropGREASE && wire.IsGREASE(uint16(v)) {
			continue
		}
		if !first {
			b = append(b, '-')
		}
		first = false
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	return b
}

// ClientJA3 computes JA3 for a ClientHello: SSLVersion, Ciphers,
// Extensions, EllipticCurves, EllipticCurvePointFormats. SSLVersion is the
// hello's legacy_version. For an SSL 2.0 hello the 24-bit cipher specs are
// used as the cipher list (the other fields are empty).
func ClientJA3(ch *wire.ClientHello) JA3 {
	b := make([]byte, 0, 256)
	b = strconv.AppendUint(b, uint64(ch.LegacyVersion), 10)
	b = append(b, ',')
	if ch.SSLv2 {
		b = appendDecimals(b, ch.SSLv2CipherSpecs, false)
		return newJA3(append(b, ",,,"...))
	}
	b = appendDecimals(b, ch.CipherSuites, true)
	b = append(b, ',')
	exts := make([]uint16, 0, len(ch.Extensions))
	for _, e := range ch.Extensions {
		exts = append(exts, uint16(e.Type))
	}
	b = appendDecimals(b, exts, true)
	b = append(b, ',')
	b = appendDecimals(b, groups(ch.Extensions), true)
	b = append(b, ',')
	b = appendDecimals(b, pointFormats(ch.Extensions), false)
	return newJA3(b)
}

// ServerJA3 computes JA3S for a ServerHello: SSLVersion, Cipher, Extensions.
func ServerJA3(sh *wire.ServerHello) JA3 {
	b := make([]byte, 0, 64)
	b = strconv.AppendUint(b, uint64(sh.LegacyVersion), 10)
	b = append(b, ',')
	b = strconv.AppendUint(b, uint64(sh.CipherSuite), 10)
	b = append(b, ',')
	exts := make([]uint16, 0, len(sh.Extensions))
	for _, e := range sh.Extensions {
		exts = append(exts, uint16(e.Type))
	}
	b = appendDecimals(b, exts, true)
	return newJA3(b)
}
