package decrypt

import (
	"bytes"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// TestOpenAllocs: once a Cipher is set up, opening a record allocates
// nothing, for every kind of protection.
func TestOpenAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, tc := range []struct {
		version uint16
		suite   wire.CipherSuite
		etm     bool
	}{
		{wire.VersionTLS13, wire.TLS_AES_128_GCM_SHA256, false},
		{wire.VersionTLS13, wire.TLS_CHACHA20_POLY1305_SHA256, false},
		{wire.VersionTLS13, wire.TLS_AES_128_CCM_SHA256, false},
		{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false},
		{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, false},
		{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, false},
		{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, true},
		{wire.VersionTLS12, wire.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, false},
		{wire.VersionDTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false},
	} {
		s, c := pair(t, tc.version, uint16(tc.suite), tc.etm)
		rec := s.seal(wire.ContentHandshake, bytes.Repeat([]byte{7}, 1000))
		buf := make([]byte, 0, 2048)
		if n := testing.AllocsPerRun(50, func() {
			c.SetSeq(0)
			if _, _, err := c.Open(buf[:0], rec); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s %s: %v allocations per record", wire.VersionName(tc.version), tc.suite, n)
		}
	}
}

// TestConnAllocs: Conn.Open, the per-record call of a capture reader.
func TestConnAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	secret := bytes.Repeat([]byte{0x13}, 32)
	conn, err := NewConn(Params{Version: wire.VersionTLS13, Suite: uint16(wire.TLS_AES_128_GCM_SHA256)},
		Secrets{ServerHandshakeTrafficSecret: secret, ClientHandshakeTrafficSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := pair(t, wire.VersionTLS13, uint16(wire.TLS_AES_128_GCM_SHA256), false)
	rec := s.seal(wire.ContentHandshake, []byte{byte(wire.TypeCertificate), 0, 0, 2, 0, 0})
	buf := make([]byte, 0, 2048)
	if n := testing.AllocsPerRun(50, func() {
		conn.dir[1].cur.SetSeq(0)
		if _, _, ok, err := conn.Open(false, buf[:0], rec); err != nil || !ok {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("%v allocations per record", n)
	}
}

// TestQUICAllocs: opening a QUIC packet allocates nothing, with AES and
// ChaCha20 header protection.
func TestQUICAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, suite := range []wire.CipherSuite{wire.TLS_AES_128_GCM_SHA256, wire.TLS_CHACHA20_POLY1305_SHA256} {
		k, err := NewQUIC(QUICVersion1, uint16(suite), bytes.Repeat([]byte{1}, 32))
		if err != nil {
			t.Fatal(err)
		}
		hdr := []byte{0x41, 0xaa, 0xbb, 0x00, 0x05}
		pkt := sealQUIC(k, hdr, 3, 5, bytes.Repeat([]byte{1}, 1200))
		work := make([]byte, len(pkt))
		buf := make([]byte, 0, 2048)
		if n := testing.AllocsPerRun(50, func() {
			copy(work, pkt)
			if _, _, err := k.Open(buf[:0], work, 3, 4); err != nil {
				t.Fatal(err)
			}
		}); n != 0 {
			t.Errorf("%s: %v allocations per packet", suite, n)
		}
	}
}
