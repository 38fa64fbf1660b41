package decrypt

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// TestConnKeyChanges: a TLS 1.3 client direction with 0-RTT accepted
// (early key until EndOfEarlyData), with 0-RTT rejected (the first
// handshake record fails under the early key and opens under the next),
// post-handshake authentication, and a KeyUpdate after the handshake.
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
			// Post-handshake authentication (RFC 8446 §4.6.2): a Finished
			// under the application key changes nothing.
			step{app, wire.ContentHandshake, msg(wire.TypeCertificate, 0, 0, 0, 0)},
			step{app, wire.ContentHandshake, finished},
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

// TestConnRenegotiation: a TLS 1.2 connection renegotiates inside its
// protected records; after Renegotiate, each direction moves to the new
// keys at its own (protected) ChangeCipherSpec.
func TestConnRenegotiation(t *testing.T) {
	suite := uint16(wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
	p1 := Params{Version: wire.VersionTLS12, Suite: suite, ClientRandom: testClient, ServerRandom: testServer}
	p2 := Params{Version: wire.VersionTLS12, Suite: suite, ClientRandom: testServer, ServerRandom: testClient}
	master2 := bytes.Repeat([]byte{0x77}, MasterSecretLen)
	conn, err := NewConn(p1, Secrets{MasterSecret: testMaster})
	if err != nil {
		t.Fatal(err)
	}
	old0, old1, _ := NewTLS12(p1, testMaster)
	new0, new1, _ := NewTLS12(p2, master2)
	olds := [2]*sealer{{c: old0}, {c: old1}}
	news := [2]*sealer{{c: new0}, {c: new1}}
	ccs := []byte{byte(wire.ContentChangeCipherSpec), 3, 3, 0, 1, 1}
	type step struct {
		dir    int
		rec    []byte
		typ    wire.ContentType
		before func()
	}
	fin := []byte{byte(wire.TypeFinished), 0, 0, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	steps := []step{
		{dir: 0, rec: ccs, typ: wire.ContentChangeCipherSpec},
		{dir: 0, rec: olds[0].seal(wire.ContentHandshake, fin), typ: wire.ContentHandshake},
		{dir: 1, rec: ccs, typ: wire.ContentChangeCipherSpec},
		{dir: 1, rec: olds[1].seal(wire.ContentHandshake, fin), typ: wire.ContentHandshake},
		{dir: 0, rec: olds[0].seal(wire.ContentHandshake, []byte{byte(wire.TypeClientHello), 0, 0, 0}), typ: wire.ContentHandshake},
		{dir: 1, rec: olds[1].seal(wire.ContentHandshake, []byte{byte(wire.TypeServerHello), 0, 0, 0}), typ: wire.ContentHandshake,
			before: func() {
				if err := conn.Renegotiate(p2, Secrets{MasterSecret: master2}); err != nil {
					t.Fatal(err)
				}
			}},
		{dir: 0, rec: olds[0].seal(wire.ContentChangeCipherSpec, []byte{1}), typ: wire.ContentChangeCipherSpec},
		{dir: 0, rec: news[0].seal(wire.ContentHandshake, fin), typ: wire.ContentHandshake},
		{dir: 1, rec: olds[1].seal(wire.ContentApplicationData, []byte("late, old keys")), typ: wire.ContentApplicationData},
		{dir: 1, rec: olds[1].seal(wire.ContentChangeCipherSpec, []byte{1}), typ: wire.ContentChangeCipherSpec},
		{dir: 1, rec: news[1].seal(wire.ContentHandshake, fin), typ: wire.ContentHandshake},
		{dir: 0, rec: news[0].seal(wire.ContentApplicationData, []byte("new keys")), typ: wire.ContentApplicationData},
	}
	for i, st := range steps {
		if st.before != nil {
			st.before()
		}
		typ, _, _, err := conn.Open(st.dir == 0, nil, st.rec)
		if err != nil || typ != st.typ {
			t.Fatalf("step %d: %v %v", i, typ, err)
		}
	}
	c13, err := NewConn(Params{Version: wire.VersionTLS13, Suite: uint16(wire.TLS_AES_128_GCM_SHA256)}, Secrets{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c13.Renegotiate(p2, Secrets{MasterSecret: master2}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("TLS 1.3 renegotiation: %v", err)
	}
	if err := conn.Renegotiate(p2, Secrets{}); !errors.Is(err, ErrNoKey) {
		t.Errorf("renegotiation without a key: %v", err)
	}
}
