package keylog

import (
	"bytes"
	"encoding/binary"
	"os"
	"testing"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
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

// TestChromeKeyLog reads the key log Chrome wrote into a real capture and
// finds the secrets of every TLS 1.3 and QUIC connection of the capture by
// its ClientHello random.
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
		rep := s.Parse(b)
		if len(rep.Errors) != 0 || rep.Secrets == 0 {
			t.Fatalf("%+v", rep)
		}
	}
	r, err := pcap.NewReader(bytes.NewReader(data), pcap.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var found, tls13 int
	for f, err := range r.Flows() {
		if err != nil {
			t.Fatal(err)
		}
		var ch wire.ClientHello
		var sh wire.ServerHello
		var hasCH, hasSH bool
		for _, m := range f.Messages {
			switch m.Type {
			case wire.TypeClientHello:
				hasCH = hasCH || ch.Unmarshal(m.Raw) == nil
			case wire.TypeServerHello:
				hasSH = hasSH || sh.Unmarshal(m.Raw) == nil
			}
		}
		if !hasCH || !hasSH || sh.SelectedVersion() != wire.VersionTLS13 {
			continue
		}
		tls13++
		e := s.Lookup(ch.Random)
		if e == nil {
			t.Errorf("%s %s flow: no secrets for %x", f.Protocol, f.Transport, ch.Random)
			continue
		}
		for _, l := range []Label{ClientHandshakeTrafficSecret, ServerHandshakeTrafficSecret, ClientTrafficSecret0, ServerTrafficSecret0} {
			if len(e.Get(l)) != 32 && len(e.Get(l)) != 48 {
				t.Errorf("%x: %v is %d bytes", ch.Random, l, len(e.Get(l)))
			}
		}
		found++
	}
	if tls13 == 0 {
		t.Fatal("no TLS 1.3 handshake in the capture")
	}
	t.Logf("%d Decryption Secrets Blocks, %d connections with secrets; secrets for %d of %d TLS 1.3/QUIC handshakes", len(blocks), s.Len(), found, tls13)
}
