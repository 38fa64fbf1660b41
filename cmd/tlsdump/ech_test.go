package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// echOuter is an outer ECHClientHello: HKDF-SHA256, AES-128-GCM, config
// id 7, a 32-byte enc (X25519), a 16-byte payload.
func echOuter() []byte {
	b := []byte{0, 0, 1, 0, 1, 7, 0, 32}
	b = append(b, bytes.Repeat([]byte{1}, 32)...)
	b = append(b, 0, 16)
	return append(b, bytes.Repeat([]byte{2}, 16)...)
}

func TestECH(t *testing.T) {
	ch := &wire.ClientHello{Extensions: wire.Extensions{{Type: wire.ExtensionServerName}, {Type: wire.ExtensionEncryptedClientHello, Data: echOuter()}}}
	hrr := &wire.ServerHello{Random: wire.HelloRetryRequestRandom, Extensions: wire.Extensions{{Type: wire.ExtensionEncryptedClientHello, Data: []byte{1, 2, 3, 4, 5, 6, 7, 8}}}}
	// retry_configs: one ECHConfig 0xfe0d, config id 9, X25519, one suite,
	// public name "public.example".
	name := "public.example"
	contents := []byte{9, 0, 0x20, 0, 32}
	contents = append(contents, bytes.Repeat([]byte{3}, 32)...)
	contents = append(contents, 0, 4, 0, 1, 0, 3, 0, byte(len(name)))
	contents = append(append(contents, name...), 0, 0)
	config := append([]byte{0xfe, 0x0d, 0, byte(len(contents))}, contents...)
	retry := append([]byte{0, byte(len(config))}, config...)

	fi := &flowInfo{clientHellos: []*wire.ClientHello{ch}, sni: "public.example"}
	fi.deriveECH()
	if fi.ech == nil || fi.ech.status() != "real or GREASE" || fi.ech.kem != wire.HPKEDHKEMX25519 || fi.ech.ext.ConfigID != 7 {
		t.Fatalf("offer: %+v", fi.ech)
	}
	fi = &flowInfo{clientHellos: []*wire.ClientHello{ch}, serverHellos: []*wire.ServerHello{hrr}}
	fi.deriveECH()
	if !fi.ech.accepted || fi.ech.status() != "accepted" {
		t.Errorf("HRR confirmation not seen: %+v", fi.ech)
	}
	var ee wire.EncryptedClientHelloExtension
	if err := ee.Unmarshal(retry, wire.InEncryptedExtensions); err != nil {
		t.Fatal(err)
	}
	fi = &flowInfo{clientHellos: []*wire.ClientHello{ch}, echRetry: ee.RetryConfigs, sni: "public.example"}
	fi.deriveECH()
	text := string(appendECHText(nil, fi.ech))
	js := string(appendECHJSON(nil, fi.ech, fi.sni))
	for _, want := range []string{"retry configs sent", "config id 7", "kem DHKEM(X25519, HKDF-SHA256)", "kdf HKDF-SHA256", "aead AES-128-GCM", "payload 16 bytes", "ech retry     public name public.example, config id 9"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
	for _, want := range []string{`"type_name":"outer"`, `"outer_server_name":"public.example"`, `"kem_id":32`, `"enc_len":32`, `"retry_configs":[{"version":65037,"config_id":9`, `"public_name":"public.example"`, `"aead_id":3,"aead_id_name":"ChaCha20Poly1305"`} {
		if !strings.Contains(js, want) {
			t.Errorf("JSON lacks %s:\n%s", want, js)
		}
	}
	// Malformed offers are left out, not fatal.
	bad := &wire.ClientHello{Extensions: wire.Extensions{{Type: wire.ExtensionEncryptedClientHello, Data: echOuter()[:20]}}}
	fi = &flowInfo{clientHellos: []*wire.ClientHello{bad}}
	fi.deriveECH()
	if fi.ech != nil {
		t.Error("a truncated ECH offer was reported")
	}
}

// TestECHCapture: Zeek's tls13-ech.pcap, two connections to
// cloudflare-ech.com offering ECH (a 186-byte extension, as tshark counts
// it: config id, X25519 enc of 32 bytes, 144-byte payload).
func TestECHCapture(t *testing.T) {
	dir := capturesDir(t)
	if dir == "" {
		t.Skip("no shared captures (../shared/captures)")
	}
	n := 0
	for _, o := range decodeLines(t, mustRun(t, "-json", filepath.Join(dir, "zeek", "Traces", "tls", "tls13-ech.pcap"))) {
		if o["client_hello"] == nil {
			continue // a connection picked up after its handshake
		}
		n++
		e, _ := o["ech"].(map[string]any)
		if e["type_name"] != "outer" || e["outer_server_name"] != "cloudflare-ech.com" || e["kem_id"] != float64(32) || e["enc_len"] != float64(32) || e["payload_len"] != float64(144) {
			t.Errorf("ech %v", e)
		}
	}
	if n != 2 {
		t.Errorf("%d ClientHellos, want 2", n)
	}
}
