package fingerprint

import (
	"golang.org/x/crypto/cryptobyte"

	"github.com/tlswire/tlswire/wire"
)

// u16s returns the 16-bit values of a list body, GREASE removed.
func u16s(body []byte, keepGREASE bool) []uint16 {
	var out []uint16
	for len(body) >= 2 {
		v := uint16(body[0])<<8 | uint16(body[1])
		if keepGREASE || !wire.IsGREASE(v) {
			out = append(out, v)
		}
		body = body[2:]
	}
	return out
}

// listBody returns the content of a vector with a 1- or 2-byte length
// prefix, or nil when the data is malformed (fingerprints then treat the
// list as empty, as the reference implementations do).
func listBody(data []byte, prefix int) []byte {
	s := cryptobyte.String(data)
	var body cryptobyte.String
	var ok bool
	if prefix == 1 {
		ok = s.ReadUint8LengthPrefixed(&body)
	} else {
		ok = s.ReadUint16LengthPrefixed(&body)
	}
	if !ok {
		return nil
	}
	return body
}

// firstALPN returns the first protocol of an ALPN extension body.
func firstALPN(data []byte) []byte {
	s := cryptobyte.String(listBody(data, 2))
	var proto cryptobyte.String
	if !s.ReadUint8LengthPrefixed(&proto) {
		return nil
	}
	return proto
}

// supportedGroups, pointFormats, sigAlgs and versions read the extension
// bodies of a ClientHello.
func groups(exts wire.Extensions) []uint16 {
	d, _ := exts.Find(wire.ExtensionSupportedGroups)
	return u16s(listBody(d, 2), false)
}

func pointFormats(exts wire.Extensions) []byte {
	d, _ := exts.Find(wire.ExtensionECPointFormats)
	return listBody(d, 1)
}

func sigAlgs(exts wire.Extensions) []uint16 {
	d, _ := exts.Find(wire.ExtensionSignatureAlgorithms)
	return u16s(listBody(d, 2), false)
}

// clientVersions is the supported_versions list of a ClientHello, GREASE removed.
func clientVersions(exts wire.Extensions) []uint16 {
	d, ok := exts.Find(wire.ExtensionSupportedVersions)
	if !ok {
		return nil
	}
	return u16s(listBody(d, 1), false)
}
