package tlsgen

import (
	"bytes"
	"crypto/tls"
	"slices"
	"testing"
)

// handshakeTypes splits concatenated handshake messages and returns their types.
func handshakeTypes(t *testing.T, b []byte) []byte {
	var types []byte
	for len(b) > 0 {
		if len(b) < 4 {
			t.Fatalf("partial handshake header %x", b)
		}
		n := 4 + (int(b[1])<<16 | int(b[2])<<8 | int(b[3]))
		if len(b) < n {
			t.Fatalf("partial handshake message of type %d", b[0])
		}
		types = append(types, b[0])
		b = b[n:]
	}
	return types
}

func TestQUICHandshake(t *testing.T) {
	p, err := TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	client := &tls.Config{ServerName: "example.test", RootCAs: p.Pool, ClientSessionCache: tls.NewLRUClientSessionCache(2)}
	server := &tls.Config{Certificates: []tls.Certificate{p.ECDSA}}
	server.SetSessionTicketKeys([][32]byte{{1, 2, 3}})
	// Handshake types per side and level: the full handshake, then the
	// resumed one (no Certificate/CertificateVerify).
	want := [2]map[string][]byte{
		{"client/Initial": {1}, "server/Initial": {2}, "server/Handshake": {8, 11, 15, 20}, "client/Handshake": {20}, "server/Application": {4}},
		{"client/Initial": {1}, "server/Initial": {2}, "server/Handshake": {8, 20}, "client/Handshake": {20}, "server/Application": {4}},
	}
	for round := range want {
		msgs, err := QUICHandshake(client, server)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, m := range msgs {
			k := peerName(m.ClientToServer) + "/" + m.Level.String()
			got[k] = append(got[k], handshakeTypes(t, m.Data)...)
		}
		for k, w := range want[round] {
			if !slices.Equal(got[k], w) {
				t.Errorf("round %d: %s: types %v, want %v", round, k, got[k], w)
			}
		}
		if len(got) != len(want[round]) {
			t.Errorf("round %d: levels %v", round, got)
		}
		// The hellos carry the transport parameters verbatim.
		if !bytes.Contains(msgs[0].Data, transportParams(false)) {
			t.Errorf("round %d: client transport parameters missing from the ClientHello", round)
		}
	}
}
