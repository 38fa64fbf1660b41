package decrypt

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// FuzzOpen opens arbitrary records under every kind of protection, and
// arbitrary QUIC packets: no panic, and every error a *wire.Error with an
// offset inside the input. A record sealed by the test sealer (the seeds)
// must open; any change to one must not open to different bytes.
func FuzzOpen(f *testing.F) {
	for i, tc := range roundTripCases {
		s, _ := pair(f, tc.version, uint16(tc.suite), tc.etm)
		f.Add(uint8(i), s.seal(wire.ContentHandshake, []byte("fuzz seed plaintext")))
	}
	f.Add(uint8(200), []byte{0x41, 0xaa, 0xbb, 0, 5, 1, 2, 3})
	f.Fuzz(func(t *testing.T, which uint8, rec []byte) {
		if int(which) >= len(roundTripCases) {
			k, err := NewQUIC(QUICVersion1, uint16(wire.TLS_AES_128_GCM_SHA256), bytes.Repeat([]byte{1}, 32))
			if err != nil {
				t.Fatal(err)
			}
			pnOff := int(which) - len(roundTripCases)
			if _, _, err := k.Open(nil, bytes.Clone(rec), pnOff, int64(which)-100); err != nil {
				checkError(t, err, len(rec))
			}
			return
		}
		tc := roundTripCases[which]
		_, c := pair(t, tc.version, uint16(tc.suite), tc.etm)
		_, out, err := c.Open(nil, rec)
		if err != nil {
			checkError(t, err, len(rec))
			return
		}
		if len(out) > len(rec) {
			t.Fatalf("%d bytes of plaintext from a %d-byte record", len(out), len(rec))
		}
	})
}

func checkError(t *testing.T, err error, n int) {
	t.Helper()
	var we *wire.Error
	if !errors.As(err, &we) || we.Offset < 0 || we.Offset > n {
		t.Fatalf("error without a position in the input: %v", err)
	}
}

// FuzzDecodeInner decodes arbitrary EncodedClientHelloInner bytes against
// an outer hello: no panic, and what it returns is a ClientHello wire
// decodes.
func FuzzDecodeInner(f *testing.F) {
	f.Add(append(append([]byte{3, 3}, make([]byte, 32)...), 0, 0, 2, 0x13, 0x01, 1, 0, 0, 9, 0xfd, 0, 0, 5, 4, 0, 0, 0, 16, 0, 0))
	outer := &wire.ClientHello{SessionID: []byte{1, 2}, Extensions: wire.Extensions{{Type: wire.ExtensionServerName, Data: []byte{0, 1}}, {Type: wire.ExtensionALPN, Data: []byte{0, 2}}}}
	f.Fuzz(func(t *testing.T, enc []byte) {
		msg, err := decodeInner(enc, outer)
		if err != nil {
			return
		}
		var ch wire.ClientHello
		if err := ch.Unmarshal(msg); err != nil {
			t.Fatalf("inner hello does not decode: %v", err)
		}
	})
}
