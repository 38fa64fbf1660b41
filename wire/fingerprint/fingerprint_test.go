package fingerprint

import (
	"strconv"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// chromeVector is a Chrome 143 ClientHello as published by browserleaks
// (JA3 text and hash, JA4, JA4_r, JA4_o, JA4_ro of the same hello). The
// hello is rebuilt from its JA4_ro (wire order) and JA3 string, with
// GREASE values added where Chrome puts them, so every form is checked
// against values computed by other implementations.
var chromeVector = struct {
	ja3Full, ja3Hash, ja4, ja4r, ja4o, ja4ro string
}{
	ja3Full: "771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,45-51-16-65037-23-17613-0-11-10-43-65281-35-18-5-13-27,4588-29-23-24,0",
	ja3Hash: "98487aa16281980e7d1120d399efb6a4",
	ja4:     "t13d1516h2_8daaf6152771_d8a2da3f94cd",
	ja4r:    "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_0005,000a,000b,000d,0012,0017,001b,0023,002b,002d,0033,44cd,fe0d,ff01_0403,0804,0401,0503,0805,0501,0806,0601",
	ja4o:    "t13d1516h2_acb858a92679_f96a17c57971",
	ja4ro:   "t13d1516h2_1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035_002d,0033,0010,fe0d,0017,44cd,0000,000b,000a,002b,ff01,0023,0012,0005,000d,001b_0403,0804,0401,0503,0805,0501,0806,0601",
}

func u16body(prefix int, vs ...uint16) []byte {
	var b []byte
	n := 2 * len(vs)
	if prefix == 2 {
		b = append(b, byte(n>>8))
	}
	b = append(b, byte(n))
	for _, v := range vs {
		b = append(b, byte(v>>8), byte(v))
	}
	return b
}

func parseDecimals(t *testing.T, s string) []uint16 {
	var out []uint16
	for _, f := range strings.Split(s, "-") {
		v, err := strconv.ParseUint(f, 10, 16)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, uint16(v))
	}
	return out
}

func chromeHello(t *testing.T) *wire.ClientHello {
	f := strings.Split(chromeVector.ja3Full, ",")
	ch := &wire.ClientHello{
		LegacyVersion:      wire.VersionTLS12,
		Random:             make([]byte, 32),
		CipherSuites:       append([]uint16{0x3a3a}, parseDecimals(t, f[1])...),
		CompressionMethods: []byte{0},
	}
	ch.Extensions = append(ch.Extensions, wire.Extension{Type: 0x9a9a})
	for _, e := range parseDecimals(t, f[2]) {
		var data []byte
		switch wire.ExtensionType(e) {
		case wire.ExtensionServerName:
			data = []byte{0, 14, 0, 0, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm'}
		case wire.ExtensionALPN:
			data = []byte{0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1'}
		case wire.ExtensionSupportedGroups:
			data = u16body(2, append([]uint16{0xdada}, parseDecimals(t, f[3])...)...)
		case wire.ExtensionECPointFormats:
			data = []byte{1, 0}
		case wire.ExtensionSignatureAlgorithms:
			data = u16body(2, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)
		case wire.ExtensionSupportedVersions:
			data = u16body(1, 0x4a4a, 0x0304, 0x0303)
		}
		ch.Extensions = append(ch.Extensions, wire.Extension{Type: wire.ExtensionType(e), Data: data})
	}
	ch.Extensions = append(ch.Extensions, wire.Extension{Type: 0x2a2a, Data: []byte{0}})
	return ch
}

func TestClientFingerprintsAgainstPublishedVector(t *testing.T) {
	ch := chromeHello(t)
	ja3 := ClientJA3(ch)
	if ja3.Full != chromeVector.ja3Full || ja3.Hash != chromeVector.ja3Hash {
		t.Errorf("JA3 = %q %s", ja3.Full, ja3.Hash)
	}
	got := Client(ch, TCP)
	for _, c := range []struct{ name, got, want string }{
		{"ja4", got.JA4, chromeVector.ja4},
		{"ja4_r", got.Raw, chromeVector.ja4r},
		{"ja4_o", got.Orig, chromeVector.ja4o},
		{"ja4_ro", got.RawO, chromeVector.ja4ro},
	} {
		if c.got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, c.got, c.want)
		}
	}
}

func TestALPNCode(t *testing.T) {
	for in, want := range map[string]string{
		"h2": "h2", "http/1.1": "h1", "h3": "h3", "": "00", "x": "xx",
		"\xab\xcd": "ad", "h\x00": "60", "/x": "28",
	} {
		if got := alpnCode([]byte(in)); got != want {
			t.Errorf("alpnCode(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVersionChoice(t *testing.T) {
	ch := &wire.ClientHello{LegacyVersion: wire.VersionDTLS12, Extensions: wire.Extensions{
		{Type: wire.ExtensionSupportedVersions, Data: u16body(1, 0xfefd, 0xfefc, 0xfeff)},
	}}
	if got := Client(ch, DTLS).Part1[:3]; got != "dd3" {
		t.Errorf("DTLS: %q, want dd3 (newest DTLS version, not numerically highest)", got)
	}
	ch = &wire.ClientHello{LegacyVersion: wire.VersionTLS12, Extensions: wire.Extensions{
		{Type: wire.ExtensionSupportedVersions, Data: u16body(1, 0x7f1c, 0x0303)},
	}}
	if got := Client(ch, TCP).Part1[:4]; got != "t00i" {
		t.Errorf("draft: %q, want t00i (a draft outranks TLS 1.2 and has no code)", got)
	}
	ch = &wire.ClientHello{LegacyVersion: 0x0301}
	if got := Client(ch, TCP); got.Part1 != "t10i000000" || !strings.HasSuffix(got.JA4, "_000000000000_000000000000") {
		t.Errorf("empty hello: %+v", got)
	}
}

func TestServerFingerprints(t *testing.T) {
	// crypto/tls TLS 1.3 ServerHello: supported_versions and key_share.
	sh := &wire.ServerHello{LegacyVersion: wire.VersionTLS12, CipherSuite: 0x1301, Random: make([]byte, 32),
		Extensions: wire.Extensions{{Type: 43, Data: []byte{3, 4}}, {Type: 51, Data: []byte{0, 29, 0, 0}}}}
	got := Server(sh, TCP)
	want := "t130200_1301_" + hash12("002b,0033")
	if got.JA4S != want || got.Raw != "t130200_1301_002b,0033" {
		t.Errorf("JA4S = %+v, want %s", got, want)
	}
	if j := ServerJA3(sh); j.Full != "771,4865,43-51" {
		t.Errorf("JA3S = %q", j.Full)
	}
}
