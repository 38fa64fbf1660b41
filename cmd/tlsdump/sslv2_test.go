package main

import (
	"path/filepath"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

func TestSSLv2Messages(t *testing.T) {
	// SERVER-HELLO: no hit, X.509, version 2, a 3-byte "certificate",
	// two specs, a 2-byte connection id.
	sh := []byte{4, 0, 1, 0, 2, 0, 3, 0, 6, 0, 2, 0xaa, 0xbb, 0xcc, 0x07, 0x00, 0xc0, 0x01, 0x00, 0x80, 0x11, 0x22}
	got, err := parseSSLv2ServerHello(sh)
	if err != nil || got.version != 2 || string(got.cert) != "\xaa\xbb\xcc" || len(got.cipherSpecs) != 2 ||
		got.cipherSpecs[0] != wire.SSL_CK_DES_192_EDE3_CBC_WITH_MD5 || got.cipherSpecs[1] != wire.SSL_CK_RC4_128_WITH_MD5 || string(got.connectionID) != "\x11\x22" {
		t.Errorf("SERVER-HELLO: %+v, %v", got, err)
	}
	cmk := []byte{2, 0x01, 0x00, 0x80, 0, 1, 0, 2, 0, 1, 0xa, 0xb, 0xc, 0xd}
	if k, err := parseSSLv2ClientMasterKey(cmk); err != nil || k != wire.SSL_CK_RC4_128_WITH_MD5 {
		t.Errorf("CLIENT-MASTER-KEY: %v, %v", k, err)
	}
	// Every truncation and a wrong type fail without panicking.
	for i := range sh {
		if _, err := parseSSLv2ServerHello(sh[:i]); err == nil {
			t.Errorf("SERVER-HELLO cut to %d bytes accepted", i)
		}
	}
	for i := range cmk {
		if _, err := parseSSLv2ClientMasterKey(cmk[:i]); err == nil {
			t.Errorf("CLIENT-MASTER-KEY cut to %d bytes accepted", i)
		}
	}
	bad := append([]byte(nil), sh...)
	bad[8] = 5 // specs not a multiple of 3
	if _, err := parseSSLv2ServerHello(bad); err == nil {
		t.Error("cipher specs of 5 bytes accepted")
	}
}

// TestSSLv2Capture: Zeek's ssl-v2.pcap, checked by hand against tshark
// 4.0: SSL 2.0, six server specs, the client chose
// SSL_CK_DES_192_EDE3_CBC_WITH_MD5 (0x0700c0), a 903-byte certificate.
func TestSSLv2Capture(t *testing.T) {
	dir := capturesDir(t)
	if dir == "" {
		t.Skip("no shared captures (../shared/captures)")
	}
	o := decodeLines(t, mustRun(t, "-json", filepath.Join(dir, "zeek", "Traces", "tls", "ssl-v2.pcap")))[0]
	if o["version"] != "SSL 2.0" || o["cipher"] != "SSL_CK_DES_192_EDE3_CBC_WITH_MD5" || o["cipher_spec"] != float64(0x0700c0) || o["established"] != true {
		t.Errorf("flow %v", o)
	}
	if specs, _ := o["server_cipher_specs"].([]any); len(specs) != 6 {
		t.Errorf("server specs %v", o["server_cipher_specs"])
	}
	if certs, _ := o["certificates"].([]any); len(certs) != 1 || certs[0].(map[string]any)["len"] != float64(903) {
		t.Errorf("certificates %v", o["certificates"])
	}
}
