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

// FuzzConn drives a TLS 1.3 Conn with records sealed under the keys it
// expects: each input byte run is the plaintext of one record whose content
// type and direction come from its first byte, so arbitrary handshake
// bytes (message headers split anywhere, Finished, KeyUpdate,
// EndOfEarlyData) reach the key changes. The sealer follows the same
// changes by the same rules written out plainly; every record must open.
func FuzzConn(f *testing.F) {
	f.Add([]byte{0x16, byte(wire.TypeFinished), 0, 0, 1, 0, 0x17, 'h', 'i'})
	f.Add([]byte{0x96, byte(wire.TypeKeyUpdate), 0, 0, 1, 0, 0x97, 'x'})
	f.Add([]byte{0x16, 20, 0, 0, 0, 0x16, 20, 0, 0, 0, 0x96, 20, 0, 0, 0})
	f.Fuzz(func(t *testing.T, in []byte) {
		suite := uint16(wire.TLS_AES_128_GCM_SHA256)
		secret := func(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
		conn, err := NewConn(Params{Version: wire.VersionTLS13, Suite: suite}, Secrets{
			ClientHandshakeTrafficSecret: secret(2), ClientTrafficSecret0: secret(3),
			ServerHandshakeTrafficSecret: secret(4), ServerTrafficSecret0: secret(5)})
		if err != nil {
			t.Fatal(err)
		}
		var sealers [2]*sealer
		var phase [2]int // 0: handshake key, 1: application keys
		var trackers [2]messageTracker
		for d, b := range []byte{2, 4} {
			c, _ := NewTLS13(suite, secret(b))
			sealers[d] = &sealer{c: c}
		}
		for len(in) > 0 {
			head := in[0]
			in = in[1:]
			n := min(len(in), int(head&0x0f)+1)
			payload := in[:n]
			in = in[n:]
			d := int(head >> 7)
			typ := wire.ContentHandshake
			if head&0x40 != 0 {
				typ = wire.ContentApplicationData
			}
			s := sealers[d]
			rec := s.seal(typ, payload)
			gotTyp, out, dec, err := conn.Open(d == 0, nil, rec)
			if err != nil || !dec || gotTyp != typ || !bytes.Equal(out, payload) {
				t.Fatalf("direction %d record %x: %v %v", d, payload, gotTyp, err)
			}
			if typ != wire.ContentHandshake {
				continue
			}
			ev := trackers[d].feed(payload)
			switch {
			case ev&eventFinished != 0 && phase[d] == 0:
				phase[d] = 1
				c, _ := NewTLS13(suite, secret(byte(3+2*d)))
				sealers[d] = &sealer{c: c}
			case ev&eventKeyUpdate != 0 && phase[d] == 1:
				if err := s.c.KeyUpdate(); err != nil {
					t.Fatal(err)
				}
				s.seq = 0
			}
		}
	})
}
