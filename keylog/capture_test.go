package keylog

import (
	"encoding/binary"
	"os"
	"testing"
)

// chromeCapture is a public capture of Chrome talking to Cloudflare over
// TCP and QUIC, with the browser's key log in a pcapng Decryption Secrets
// Block (../shared/captures/README.md).
const chromeCapture = "../../shared/captures/foxio-ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng"

// decryptionSecrets returns the payloads of the TLS Decryption Secrets
// Blocks of a pcapng file (pcapng §4.7: block type 0x0000000A, secrets
// type 0x544c534b).
func decryptionSecrets(t *testing.T, b []byte) [][]byte {
	t.Helper()
	var order binary.ByteOrder = binary.LittleEndian
	var out [][]byte
	for len(b) >= 12 {
		if binary.LittleEndian.Uint32(b) == 0x0a0d0d0a { // Section Header Block: its byte-order magic
			if binary.BigEndian.Uint32(b[8:]) == 0x1a2b3c4d {
				order = binary.BigEndian
			} else {
				order = binary.LittleEndian
			}
		}
		typ, n := order.Uint32(b), int(order.Uint32(b[4:]))
		if n < 12 || n > len(b) {
			t.Fatalf("bad pcapng block length %d", n)
		}
		if typ == 0x0000000a && order.Uint32(b[8:]) == 0x544c534b {
			l := int(order.Uint32(b[12:]))
			out = append(out, b[16:16+l])
		}
		b = b[n:]
	}
	return out
}

// TestChromeKeyLog reads the key log Chrome wrote into a real capture:
// no malformed line, and every connection in it has its four TLS 1.3
// traffic secrets, all of one hash length. (package decrypt's capture
// tests decrypt the capture's TCP and QUIC connections with it.)
func TestChromeKeyLog(t *testing.T) {
	data, err := os.ReadFile(chromeCapture)
	if err != nil {
		t.Skipf("capture not present: %v", err)
	}
	blocks := decryptionSecrets(t, data)
	if len(blocks) == 0 {
		t.Fatal("no Decryption Secrets Block")
	}
	var s Store
	for _, b := range blocks {
		if rep := s.Parse(b); len(rep.Errors) != 0 || rep.Secrets == 0 || rep.Ignored != 0 {
			t.Fatalf("%+v", rep)
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for random, e := range s.m {
		n := len(e.Get(ClientHandshakeTrafficSecret))
		for _, l := range []Label{ClientHandshakeTrafficSecret, ServerHandshakeTrafficSecret, ClientTrafficSecret0, ServerTrafficSecret0} {
			if got := len(e.Get(l)); got != n || n != 32 && n != 48 {
				t.Errorf("%x: %v is %d bytes", random, l, got)
			}
		}
	}
	if s.Len() < 2 {
		t.Errorf("%d connections in the key log; the capture has a TCP and a QUIC one", s.Len())
	}
}
