package decrypt

import (
	"bytes"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// TestConnKeyChanges: a TLS 1.3 client direction with 0-RTT accepted
// (early key until EndOfEarlyData), with 0-RTT rejected (the first
// handshake record fails under the early key and opens under the next),
// and a KeyUpdate after the handshake.
func TestConnKeyChanges(t *testing.T) {
	suite := uint16(wire.TLS_AES_128_GCM_SHA256)
	secret := func(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }
	s := Secrets{ClientEarlyTrafficSecret: secret(1), ClientHandshakeTrafficSecret: secret(2), ClientTrafficSecret0: secret(3),
		ServerHandshakeTrafficSecret: secret(4), ServerTrafficSecret0: secret(5)}
	newSealer := func(b byte) *sealer {
		c, err := NewTLS13(suite, secret(b))
		if err != nil {
			t.Fatal(err)
		}
		return &sealer{c: c}
	}
	msg := func(typ wire.HandshakeType, body ...byte) []byte {
		return append([]byte{byte(typ), 0, byte(len(body) >> 8), byte(len(body))}, body...)
	}
	finished := msg(wire.TypeFinished, make([]byte, 32)...)
	keyUpdate := msg(wire.TypeKeyUpdate, 0)
	for _, accepted := range []bool{true, false} {
		early, hs, app := newSealer(1), newSealer(2), newSealer(3)
		type step struct {
			s       *sealer
			typ     wire.ContentType
			payload []byte
		}
		steps := []step{{early, wire.ContentApplicationData, []byte("0-RTT request")}}
		if accepted {
			steps = append(steps, step{early, wire.ContentHandshake, msg(wire.TypeEndOfEarlyData)})
		}
		steps = append(steps,
			step{hs, wire.ContentHandshake, finished[:10]}, // a Finished split across two records
			step{hs, wire.ContentHandshake, finished[10:]},
			step{app, wire.ContentApplicationData, []byte("request")},
			step{app, wire.ContentHandshake, keyUpdate},
		)
		conn, err := NewConn(Params{Version: wire.VersionTLS13, Suite: suite}, s)
		if err != nil {
			t.Fatal(err)
		}
		for i, st := range steps {
			typ, out, dec, err := conn.Open(true, nil, st.s.seal(st.typ, st.payload))
			if err != nil || !dec || typ != st.typ || !bytes.Equal(out, st.payload) {
				t.Fatalf("accepted=%v step %d: %v %v %v", accepted, i, typ, dec, err)
			}
		}
		if err := app.c.KeyUpdate(); err != nil {
			t.Fatal(err)
		}
		app.seq = 0
		if _, out, _, err := conn.Open(true, nil, app.seal(wire.ContentApplicationData, []byte("after"))); err != nil || string(out) != "after" {
			t.Errorf("accepted=%v: after KeyUpdate: %v", accepted, err)
		}
	}
}
