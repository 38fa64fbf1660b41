package resumption

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// FuzzObserve decodes a run of handshake messages (4-byte headers) in a
// TLS 1.2 or TLS 1.3 context, feeds them to a Handshake and an Index twice
// (issuer and resumer), and checks that the JSON output stays valid.
func FuzzObserve(f *testing.F) {
	ticket := ticketBytes(7)
	seed := func(ms ...wire.Message) []byte {
		var b []byte
		for _, m := range ms {
			var err error
			if b, err = wire.AppendMessage(b, m); err != nil {
				f.Fatal(err)
			}
		}
		return b
	}
	f.Add(seed(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), CipherSuites: []uint16{0xc02f}, CompressionMethods: []byte{0},
		Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket, Data: ticket}}},
		&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), CipherSuite: 0xc02f, ExtensionsPresent: true,
			Extensions: wire.Extensions{{Type: wire.ExtensionSessionTicket}}},
		&wire.NewSessionTicket{Lifetime: 300, Ticket: ticket}), false)
	psk := &wire.PreSharedKeyExtension{In: wire.InClientHello, Identities: []wire.PSKIdentity{{Identity: ticket, ObfuscatedTicketAge: 9}}, Binders: [][]byte{make([]byte, 32)}}
	pskData, err := psk.Append(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed(&wire.ClientHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), CipherSuites: []uint16{0x1301}, CompressionMethods: []byte{0},
		Extensions: wire.Extensions{{Type: wire.ExtensionEarlyData}, {Type: wire.ExtensionPreSharedKey, Data: pskData}}},
		&wire.ServerHello{LegacyVersion: wire.VersionTLS12, Random: make([]byte, 32), CipherSuite: 0x1301, ExtensionsPresent: true,
			Extensions: wire.Extensions{{Type: wire.ExtensionSupportedVersions, Data: []byte{3, 4}}, {Type: wire.ExtensionPreSharedKey, Data: []byte{0, 0}}}},
		&wire.EncryptedExtensions{Extensions: wire.Extensions{{Type: wire.ExtensionEarlyData}}},
		&wire.NewSessionTicket{TLS13: true, Lifetime: 300, AgeAdd: 5, Nonce: []byte{0}, Ticket: ticket}), true)
	f.Fuzz(func(t *testing.T, data []byte, decrypted bool) {
		x := NewIndex(Options{MaxEntries: 4})
		for n := range 2 {
			h := Handshake{Decrypted: decrypted}
			var d wire.Decoder
			for b := data; len(b) >= 4; {
				l := 4 + (int(b[1])<<16 | int(b[2])<<8 | int(b[3]))
				if l > len(b) {
					break
				}
				if m, err := d.Decode(b[:l]); err == nil {
					h.Observe(m, t0)
				}
				b = b[l:]
			}
			fl := x.Add(ref(n, ""), &h)
			out := append(fl.AppendJSON([]byte{'{'}), '}')
			if !json.Valid(out) {
				t.Fatalf("invalid JSON: %s", out)
			}
			_ = fl.AppendText(nil)
			var s Summary
			s.Add(fl)
			for _, line := range bytes.Split(bytes.TrimSuffix(s.AppendJSON(nil), []byte("\n")), []byte("\n")) {
				if !json.Valid(line) {
					t.Fatalf("invalid summary JSON: %s", line)
				}
			}
		}
	})
}
