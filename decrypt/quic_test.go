package decrypt

import (
	"bytes"
	"crypto/aes"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// unhexRFC decodes hex written as in the RFCs (whitespace ignored).
func unhexRFC(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 9001 Appendix A and RFC 9369 Appendix A: Initial secrets and keys
// of the client's Destination Connection ID 8394c8f03e515708, and the
// protected server Initial packet.
var quicInitialVectors = []struct {
	name                       string
	version                    uint32
	clientSecret, serverSecret string
	clientKey, clientIV, hp    string
	serverKey, serverIV, shp   string
	server, serverHdr          string
}{
	{
		name: "RFC 9001", version: QUICVersion1,
		clientSecret: "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea",
		serverSecret: "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b",
		clientKey:    "1f369613dd76d5467730efcbe3b1a22d", clientIV: "fa044b2f42a3fd3b46fb255c", hp: "9f50449e04a0e810283a1e9933adedd2",
		serverKey: "cf3a5331653c364c88f0f379b6067e37", serverIV: "0ac1493ca1905853b0bba03e", shp: "c206b8d9b9f0f37644430b490eeaa314",
		server: `cf000000010008f067a5502a4262b500 4075c0d95a482cd0991cd25b0aac406a
5816b6394100f37a1c69797554780bb3 8cc5a99f5ede4cf73c3ec2493a1839b3
dbcba3f6ea46c5b7684df3548e7ddeb9 c3bf9c73cc3f3bded74b562bfb19fb84
022f8ef4cdd93795d77d06edbb7aaf2f 58891850abbdca3d20398c276456cbc4
2158407dd074ee`,
		serverHdr: "c1000000010008f067a5502a4262b50040750001",
	},
	{
		name: "RFC 9369", version: QUICVersion2,
		clientSecret: "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b",
		serverSecret: "0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1",
		clientKey:    "8b1a0bc121284290a29e0971b5cd045d", clientIV: "91f73e2351d8fa91660e909f", hp: "45b95e15235d6f45a6b19cbcb0294ba9",
		serverKey: "82db637861d55e1d011f19ea71d5d2a7", serverIV: "dd13c276499c0249d3310652", shp: "edf6d05c83121201b436e16877593c3a",
		server: `dc6b3343cf0008f067a5502a4262b500 4075d92faaf16f05d8a4398c47089698
baeea26b91eb761d9b89237bbf872630 17915358230035f7fd3945d88965cf17
f9af6e16886c61bfc703106fbaf3cb4c fa52382dd16a393e42757507698075b2
c984c707f0a0812d8cd5a6881eaf21ce da98f4bd23f6fe1a3e2c43edd9ce7ca8
4bed8521e2e140`,
		serverHdr: "d16b3343cf0008f067a5502a4262b50040750001",
	},
}

// The unprotected payload of both server Initial packets (ACK and CRYPTO frames).
const quicServerPayload = `02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739
88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94
0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00
020304`

func TestQUICInitialVectors(t *testing.T) {
	dcid := unhexRFC(t, "8394c8f03e515708")
	for _, v := range quicInitialVectors {
		cs, ss, err := QUICInitialSecrets(v.version, dcid)
		if err != nil {
			t.Fatal(err)
		}
		if hex.EncodeToString(cs) != v.clientSecret || hex.EncodeToString(ss) != v.serverSecret {
			t.Errorf("%s: secrets %x %x", v.name, cs, ss)
		}
		client, server, err := NewQUICInitial(v.version, dcid)
		if err != nil {
			t.Fatal(err)
		}
		for _, side := range []struct {
			k           *QUICKeys
			key, iv, hp string
		}{{client, v.clientKey, v.clientIV, v.hp}, {server, v.serverKey, v.serverIV, v.shp}} {
			p := side.k.suite
			if got := hex.EncodeToString(expandLabel(p.prf.New, side.k.secret, side.k.params.key, nil, 16)); got != side.key {
				t.Errorf("%s: key %s", v.name, got)
			}
			if got := hex.EncodeToString(side.k.iv[:]); got != side.iv {
				t.Errorf("%s: iv %s", v.name, got)
			}
			var zero, mask [16]byte
			side.k.hp.Encrypt(mask[:], zero[:])
			want := unhexRFC(t, side.hp)
			var wantMask [16]byte
			b, err := aes.NewCipher(want)
			if err != nil {
				t.Fatal(err)
			}
			b.Encrypt(wantMask[:], zero[:])
			if mask != wantMask {
				t.Errorf("%s: hp key differs", v.name)
			}
		}
		pkt := unhexRFC(t, v.server)
		pn, payload, err := server.Open(nil, pkt, 18, -1)
		if err != nil {
			t.Fatalf("%s: %v", v.name, err)
		}
		if pn != 1 || !bytes.Equal(pkt[:20], unhexRFC(t, v.serverHdr)) || !bytes.Equal(payload, unhexRFC(t, quicServerPayload)) {
			t.Errorf("%s: pn %d header %x payload %x", v.name, pn, pkt[:20], payload)
		}
	}
	if _, _, err := NewQUICInitial(0x0a0a0a0a, dcid); !errors.Is(err, ErrUnsupported) {
		t.Errorf("unknown version: %v", err)
	}
}

// TestQUICChaCha20ShortHeader is RFC 9001 Appendix A.5: a 1-RTT packet
// under ChaCha20-Poly1305 with ChaCha20 header protection, and the key
// update of its secret.
func TestQUICChaCha20ShortHeader(t *testing.T) {
	secret := unhexRFC(t, "9ac312a7f877468ebe69422748ad00a15443f18203a07d6060f688f30f21632b")
	k, err := NewQUIC(QUICVersion1, uint16(wire.TLS_CHACHA20_POLY1305_SHA256), secret)
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(k.iv[:]) != "e0459b3474bdd0e44a41c144" ||
		hex.EncodeToString(k.hpKey) != "25a282b9e82f06f21f488917a4fc8f1b73573685608597d0efcb076b0ab7a7a4" {
		t.Errorf("iv %x hp %x", k.iv, k.hpKey)
	}
	next, err := k.Next()
	if err != nil {
		t.Fatal(err)
	}
	if hex.EncodeToString(next.secret) != "1223504755036d556342ee9361d253421a826c9ecdf3c7148684b36b714881f9" {
		t.Errorf("ku %x", next.secret)
	}
	pkt := unhexRFC(t, "4cfe4189655e5cd55c41f69080575d7999c25a5bfb")
	pn, payload, err := k.Open(nil, pkt, 1, 654360563)
	if err != nil {
		t.Fatal(err)
	}
	if pn != 654360564 || !bytes.Equal(pkt[:4], unhexRFC(t, "4200bff4")) || !bytes.Equal(payload, []byte{1}) {
		t.Errorf("pn %d header %x payload %x", pn, pkt[:4], payload)
	}
}

// sealQUIC protects a packet whose header (packet number included, pnLen
// bytes at pnOffset) is hdr, as a sender does (RFC 9001 §5.3, §5.4): the
// inverse of QUICKeys.Open, for round trips.
func sealQUIC(k *QUICKeys, hdr []byte, pnOffset int, pn uint64, payload []byte) []byte {
	k.nonce = k.iv
	for i := range 8 {
		k.nonce[11-i] ^= byte(pn >> (8 * i))
	}
	pkt := k.aead.Seal(append([]byte(nil), hdr...), k.nonce[:], payload, hdr)
	pnLen := int(hdr[0]&3) + 1
	k.headerMask(pkt[pnOffset+4 : pnOffset+4+quicSampleLen])
	if pkt[0]&0x80 != 0 {
		pkt[0] ^= k.mask[0] & 0x0f
	} else {
		pkt[0] ^= k.mask[0] & 0x1f
	}
	for i := range pnLen {
		pkt[pnOffset+i] ^= k.mask[1+i]
	}
	return pkt
}

// TestQUICRealStack takes the secrets of a QUIC handshake between two
// crypto/tls QUIC endpoints from the key log they write, and opens
// Handshake and 1-RTT packets carrying the real handshake flight, for
// both QUIC versions, with key updates.
func TestQUICRealStack(t *testing.T) {
	var log bytes.Buffer
	msgs, err := tlsgen.QUICHandshake(&tls.Config{KeyLogWriter: &log, ClientSessionCache: tls.NewLRUClientSessionCache(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var store keylog.Store
	if rep := store.Parse(log.Bytes()); len(rep.Errors) != 0 || rep.Secrets != 4 {
		t.Fatalf("key log: %+v", rep)
	}
	ch := msgs[0].Data
	sec := store.Lookup(ch[4+2 : 4+2+32])
	if sec == nil {
		t.Fatal("no secrets for the ClientHello random")
	}
	var sh wire.ServerHello
	if err := sh.Unmarshal(msgs[1].Data[:4+int(msgs[1].Data[3])|int(msgs[1].Data[2])<<8]); err != nil {
		t.Fatal(err)
	}
	var flight, ticket []byte
	for _, m := range msgs {
		switch {
		case !m.ClientToServer && m.Level == tls.QUICEncryptionLevelHandshake:
			flight = m.Data
		case !m.ClientToServer && m.Level == tls.QUICEncryptionLevelApplication:
			ticket = m.Data
		}
	}
	if len(flight) == 0 || len(ticket) == 0 {
		t.Fatal("no server Handshake flight or ticket")
	}
	for _, version := range []uint32{QUICVersion1, QUICVersion2} {
		// A Handshake packet (long header type 2 in v1, 3 in v2) with
		// the flight in a CRYPTO frame at offset 0.
		hs, err := NewQUIC(version, sh.CipherSuite, sec.Get(keylog.ServerHandshakeTrafficSecret))
		if err != nil {
			t.Fatal(err)
		}
		payload := append([]byte{0x06, 0x00, 0x80 | byte(len(flight)>>24), byte(len(flight) >> 16), byte(len(flight) >> 8), byte(len(flight))}, flight...)
		first := byte(0xe1) // long header, Handshake (v1), 2-byte packet number
		if version == QUICVersion2 {
			first = 0xf1
		}
		length := len(payload) + 2 + 16
		hdr := []byte{first, byte(version >> 24), byte(version >> 16), byte(version >> 8), byte(version), 0, 0,
			0x40 | byte(length>>8), byte(length), 0x00, 0x07}
		pkt := sealQUIC(hs, hdr, 9, 7, payload)
		buf := make([]byte, 0, 4096)
		pn, out, err := hs.Open(buf, pkt, 9, 3)
		if err != nil || pn != 7 || !bytes.Equal(out, payload) {
			t.Fatalf("%x: Handshake packet: pn %d, %v", version, pn, err)
		}
		var d wire.Decoder
		d.Context.Version = wire.VersionTLS13
		for msg := out[6:]; len(msg) > 0; {
			n := 4 + (int(msg[1])<<16 | int(msg[2])<<8 | int(msg[3]))
			if _, err := d.Decode(msg[:n]); err != nil {
				t.Fatalf("%v: %v", wire.HandshakeType(msg[0]), err)
			}
			msg = msg[n:]
		}

		// 1-RTT packets with the ticket: phase 0, then after two key updates.
		app, err := NewQUIC(version, sh.CipherSuite, sec.Get(keylog.ServerTrafficSecret0))
		if err != nil {
			t.Fatal(err)
		}
		send := app
		recv, err := NewQUICKeyPhases(app)
		if err != nil {
			t.Fatal(err)
		}
		frame := append([]byte{0x06, 0x00, byte(0x40 | len(ticket)>>8), byte(len(ticket))}, ticket...)
		phase := byte(0)
		for i, pn := range []uint64{0, 1, 2, 300, 301} {
			if i == 2 || i == 4 {
				if send, err = send.Next(); err != nil {
					t.Fatal(err)
				}
				phase ^= 0x04
			}
			hdr := []byte{0x41 | phase, 0xaa, 0xbb, byte(pn >> 8), byte(pn)} // 2-byte DCID, 2-byte packet number
			pkt := sealQUIC(send, hdr, 3, pn, frame)
			got, out, err := recv.Open(buf[:0], pkt, 3, int64(pn)-1)
			if err != nil || got != pn || !bytes.Equal(out, frame) {
				t.Fatalf("%x: 1-RTT packet %d: %d %v", version, pn, got, err)
			}
		}
		var nst wire.NewSessionTicket
		if err := nst.Unmarshal(ticket, wire.Context{Version: wire.VersionTLS13}); err != nil {
			t.Errorf("ticket: %v", err)
		}
	}
}

// TestQUICHostile: short packets, a wrong key, an offset past the end.
func TestQUICHostile(t *testing.T) {
	_, server, err := NewQUICInitial(QUICVersion1, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	if err != nil {
		t.Fatal(err)
	}
	pkt := unhexRFC(t, quicInitialVectors[0].server)
	for _, tc := range []struct {
		pkt   []byte
		pnOff int
		cause error
	}{
		{pkt[:20], 18, wire.ErrTruncated},
		{pkt, -3, wire.ErrTruncated},
		{pkt, len(pkt) + 10, wire.ErrTruncated},
		{append([]byte(nil), pkt...), 18, ErrAuthentication},
	} {
		if _, _, err := server.Open(nil, tc.pkt, tc.pnOff, -1); !errors.Is(err, tc.cause) {
			t.Errorf("offset %d, %d bytes: %v", tc.pnOff, len(tc.pkt), err)
		}
	}
	if _, err := server.OpenPayload(nil, pkt[:25], 20, 1); !errors.Is(err, wire.ErrTruncated) {
		t.Errorf("short payload: %v", err)
	}
	if _, err := NewQUIC(QUICVersion1, uint16(wire.TLS_AES_128_CCM_8_SHA256), make([]byte, 32)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("CCM_8: %v", err)
	}
}

// TestQUICConn: the per-level keys of a connection: the RFC 9001 server
// Initial, then Handshake and 1-RTT packets under a crypto/tls key log's
// secrets, and no key for 0-RTT.
func TestQUICConn(t *testing.T) {
	conn, err := NewQUICConn(QUICVersion1, unhexRFC(t, "8394c8f03e515708"))
	if err != nil {
		t.Fatal(err)
	}
	v := quicInitialVectors[0]
	if pn, out, err := conn.Open(false, QUICInitial, nil, unhexRFC(t, v.server), 18, -1); err != nil || pn != 1 || !bytes.Equal(out, unhexRFC(t, quicServerPayload)) {
		t.Fatalf("Initial: %d %v", pn, err)
	}
	var log bytes.Buffer
	if _, err := tlsgen.QUICHandshake(&tls.Config{KeyLogWriter: &log}, nil); err != nil {
		t.Fatal(err)
	}
	var store keylog.Store
	store.Parse(log.Bytes())
	lines := bytes.Fields(log.Bytes()) // label, client random, secret, ...
	sec := store.Lookup(unhexRFC(t, string(lines[1])))
	suite := uint16(wire.TLS_AES_128_GCM_SHA256)
	if err := conn.SetSecrets(suite, SecretsFromLog(sec)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		level  QUICLevel
		secret keylog.Label
		hdr    []byte
		pnOff  int
	}{
		{QUICHandshake, keylog.ServerHandshakeTrafficSecret, []byte{0xe1, 0, 0, 0, 1, 0, 0, 0x40, 0x30, 0, 3}, 9},
		{QUICApplication, keylog.ServerTrafficSecret0, []byte{0x41, 0xaa, 0xbb, 0, 3}, 3},
	} {
		k, err := NewQUIC(QUICVersion1, suite, sec.Get(tc.secret))
		if err != nil {
			t.Fatal(err)
		}
		payload := bytes.Repeat([]byte{1}, 30)
		pkt := sealQUIC(k, tc.hdr, tc.pnOff, 3, payload)
		if pn, out, err := conn.Open(false, tc.level, nil, pkt, tc.pnOff, 2); err != nil || pn != 3 || !bytes.Equal(out, payload) {
			t.Errorf("level %d: %d %v", tc.level, pn, err)
		}
	}
	if _, _, err := conn.Open(true, QUICEarlyData, nil, make([]byte, 40), 9, -1); !errors.Is(err, ErrNoKey) {
		t.Errorf("0-RTT without a secret: %v", err)
	}
}
