package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"reflect"
	"testing"
)

// sslv2HelloCapture is the SSL 2.0 compatible ClientHello record (2-byte
// header included) sent by a client in packet 4 (TCP 50754 -> 443) of
// captures/arkime/pcap/https2-301-get.pcap from the shared capture set,
// extracted by hand with a throwaway gopacket/pcapgo program. It offers TLS
// 1.0 (0x0301), 29 cipher specs (6 of them SSL 2.0 only, such as 0x0700c0
// SSL_CK_DES_192_EDE3_CBC_WITH_MD5), no session ID and a 32-byte challenge.
const sslv2HelloCapture = "8080" + "01" + "0301" + "0057" + "0000" + "0020" +
	"00003900003800003500001600001300000a0700c000003300003200002f00009a00009900009603008000000500000401008000001500001200000906004000001400001100000800000604008000000302008000" + "00ff" +
	"865d9b211adf037310435cf3b0d939812ba5af5f81aafecdfdc46a5ad4dcb646"

func mustHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSSLv2CapturedHello(t *testing.T) {
	rec := mustHex(t, sslv2HelloCapture)
	if len(rec) != 130 {
		t.Fatalf("vector is %d bytes", len(rec))
	}
	if !IsSSLv2ClientHello(rec) {
		t.Fatal("IsSSLv2ClientHello = false")
	}
	var m ClientHello
	if err := m.UnmarshalSSLv2(rec); err != nil {
		t.Fatal(err)
	}
	wantSpecs := []uint32{0x000039, 0x000038, 0x000035, 0x000016, 0x000013, 0x00000a, 0x0700c0,
		0x000033, 0x000032, 0x00002f, 0x00009a, 0x000099, 0x000096, 0x030080, 0x000005, 0x000004,
		0x010080, 0x000015, 0x000012, 0x000009, 0x060040, 0x000014, 0x000011, 0x000008, 0x000006,
		0x040080, 0x000003, 0x020080, 0x0000ff}
	var wantSuites []uint16
	for _, v := range wantSpecs {
		if v>>16 == 0 {
			wantSuites = append(wantSuites, uint16(v))
		}
	}
	if !m.SSLv2 || m.LegacyVersion != VersionTLS10 || !reflect.DeepEqual(m.SSLv2CipherSpecs, wantSpecs) ||
		!reflect.DeepEqual(m.CipherSuites, wantSuites) || len(m.SessionID) != 0 ||
		!bytes.Equal(m.Random, rec[98:]) || len(m.Random) != 32 ||
		m.Cookie != nil || m.CompressionMethods != nil || m.ExtensionsPresent || len(m.Extensions) != 0 {
		t.Fatalf("decoded %+v", m)
	}
	if len(wantSuites) != 23 {
		t.Fatalf("%d TLS suites", len(wantSuites))
	}
	out, err := AppendSSLv2Record(nil, &m)
	if err != nil || !bytes.Equal(out, rec) {
		t.Fatalf("AppendSSLv2Record = %x, %v", out, err)
	}
	body, err := m.AppendBody(nil)
	if err != nil || !bytes.Equal(body, rec[SSLv2HeaderLen:]) || m.BodyLen() != len(body) {
		t.Fatalf("AppendBody = %x (BodyLen %d), %v", body, m.BodyLen(), err)
	}
}

func TestSSLv2ConstructedForms(t *testing.T) {
	for _, m := range []ClientHello{
		{SSLv2: true, LegacyVersion: VersionSSL20, CipherSuites: []uint16{0x0004},
			SSLv2CipherSpecs: []uint32{0x010080, 0x000004}, Random: bytes.Repeat([]byte{7}, 16)},
		{SSLv2: true, LegacyVersion: VersionTLS12, CipherSuites: []uint16{0x002f, 0x00ff},
			SSLv2CipherSpecs: []uint32{0x00002f, 0x0000ff},
			SessionID:        bytes.Repeat([]byte{1}, 16), Random: bytes.Repeat([]byte{9}, 32)},
		{SSLv2: true, LegacyVersion: VersionSSL30,
			SSLv2CipherSpecs: []uint32{0x0700c0}, Random: bytes.Repeat([]byte{2}, 20)},
	} {
		rec, err := AppendSSLv2Record(nil, &m)
		if err != nil {
			t.Fatal(err)
		}
		if !IsSSLv2ClientHello(rec) {
			t.Fatalf("IsSSLv2ClientHello(%x) = false", rec)
		}
		var got ClientHello
		if err := got.UnmarshalSSLv2(rec); err != nil {
			t.Fatal(err)
		}
		if len(got.SessionID) == 0 {
			got.SessionID = m.SessionID // nil vs empty alias
		}
		if !reflect.DeepEqual(got, m) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", got, m)
		}
	}

	// Only CipherSuites set: written as 0x00XXXX specs.
	m := ClientHello{LegacyVersion: VersionTLS10, CipherSuites: []uint16{0xc02f, 0x0035}, Random: make([]byte, 16)}
	rec, err := AppendSSLv2Record(nil, &m)
	if err != nil {
		t.Fatal(err)
	}
	var got ClientHello
	if err := got.UnmarshalSSLv2(rec); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.SSLv2CipherSpecs, []uint32{0x00c02f, 0x000035}) || !reflect.DeepEqual(got.CipherSuites, m.CipherSuites) {
		t.Fatalf("specs %x suites %x", got.SSLv2CipherSpecs, got.CipherSuites)
	}
}

func TestSSLv2AppendErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		m     ClientHello
		field string
		cause error
	}{
		"no specs":       {ClientHello{Random: make([]byte, 16)}, "cipher_specs", ErrVectorTooShort},
		"inconsistent":   {ClientHello{SSLv2CipherSpecs: []uint32{0x00002f}, CipherSuites: []uint16{0x0035}}, "cipher_specs", ErrValue},
		"missing suite":  {ClientHello{SSLv2CipherSpecs: []uint32{0x00002f}}, "cipher_specs", ErrValue},
		"spec 25 bits":   {ClientHello{SSLv2CipherSpecs: []uint32{0x1000000}}, "cipher_specs", ErrTooLarge},
		"long challenge": {ClientHello{CipherSuites: []uint16{1}, Random: make([]byte, 0x10000)}, "challenge_length", ErrTooLarge},
	} {
		orig := []byte{0xaa}
		out, err := appendSSLv2Hello(orig, &tc.m)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || !errors.Is(err, tc.cause) || !bytes.Equal(out, orig) {
			t.Errorf("%s: %x, %v", name, out, err)
		}
	}
	big := ClientHello{CipherSuites: make([]uint16, 11000)}
	if _, err := AppendSSLv2Record(nil, &big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("record over 2^15-1: %v", err)
	}
}

func TestSSLv2UnmarshalErrors(t *testing.T) {
	rec := mustHex(t, sslv2HelloCapture)
	mod := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), rec...)) }
	for name, tc := range map[string]struct {
		rec    []byte
		field  string
		offset int
		cause  error
	}{
		"3-byte header": {mod(func(b []byte) []byte { b[0] &^= 0x80; return b }), "msg_length", 0, ErrValue},
		"trailing":      {append(append([]byte(nil), rec...), 0), "msg_length", 130, ErrTrailingData},
		"msg_type":      {mod(func(b []byte) []byte { b[2] = 4; return b }), "msg_type", 2, ErrValue},
		"spec len 0":    {mod(func(b []byte) []byte { b[5], b[6] = 0, 0; return b }), "cipher_spec_length", 5, ErrVectorTooShort},
		"spec len %3":   {mod(func(b []byte) []byte { b[6]--; return b }), "cipher_spec_length", 5, ErrLength},
		"sid too long":  {mod(func(b []byte) []byte { b[8] = 1; return b }), "challenge", 99, ErrTruncated},
		"challenge+1":   {mod(func(b []byte) []byte { b[10]++; return b }), "challenge", 98, ErrTruncated},
		"challenge-1":   {mod(func(b []byte) []byte { b[10]--; return b }), "challenge", 129, ErrTrailingData},
		"empty":         {nil, "msg_length", 0, ErrTruncated},
	} {
		var m ClientHello
		err := m.UnmarshalSSLv2(tc.rec)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Offset != tc.offset || !errors.Is(err, tc.cause) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Every truncation is an error; every single-byte corruption is handled
	// without panicking, and what still parses round-trips.
	var m ClientHello
	for i := range rec {
		if err := m.UnmarshalSSLv2(rec[:i]); !errors.Is(err, ErrTruncated) {
			t.Fatalf("prefix %d: %v", i, err)
		}
		for _, x := range []byte{0x01, 0x80, 0xff} {
			b := append([]byte(nil), rec...)
			b[i] ^= x
			if m.UnmarshalSSLv2(b) == nil {
				out, err := AppendSSLv2Record(nil, &m)
				if err != nil || !bytes.Equal(out, b) {
					t.Fatalf("corrupt byte %d^%x: round trip %x, %v", i, x, out, err)
				}
			}
		}
	}
}

func TestIsSSLv2ClientHello(t *testing.T) {
	rec := mustHex(t, sslv2HelloCapture)
	for i, want := range []bool{false, false, false, true, true, true} {
		if got := IsSSLv2ClientHello(rec[:i]); got != (want && i >= 3) {
			t.Errorf("prefix %d: %v", i, got)
		}
	}
	for name, b := range map[string][]byte{
		"TLS record":   {0x16, 0x03, 0x01, 0x02, 0x00, 0x01},
		"msg_type 2":   {0x80, 0x80, 0x02, 0x03, 0x01},
		"short length": {0x80, 0x08, 0x01, 0x03, 0x01},
		"version 5.x":  {0x80, 0x80, 0x01, 0x05, 0x01},
	} {
		if IsSSLv2ClientHello(b) {
			t.Errorf("%s: true", name)
		}
	}
	if !IsSSLv2ClientHello([]byte{0x80, 0x2e, 0x01, 0x00, 0x02}) {
		t.Error("SSL 2.0 version: false")
	}
}

func TestSSLv2Allocs(t *testing.T) {
	skipAllocsUnderRace(t)
	rec := mustHex(t, sslv2HelloCapture)
	var m ClientHello
	if err := m.UnmarshalSSLv2(rec); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(100, func() {
		if err := m.UnmarshalSSLv2(rec); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("UnmarshalSSLv2: %v allocs", n)
	}
	if n := testing.AllocsPerRun(100, func() {
		if _, err := AppendSSLv2Record(buf[:0], &m); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("AppendSSLv2Record: %v allocs", n)
	}
}
