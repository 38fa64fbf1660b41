package decrypt

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

var (
	testMaster = bytes.Repeat([]byte{0x4d}, MasterSecretLen)
	testClient = bytes.Repeat([]byte{0xc1}, 32)
	testServer = bytes.Repeat([]byte{0x5e}, 32)
)

// pair returns a sealer and an opener of the client direction.
func pair(t testing.TB, version, suite uint16, etm bool) (*sealer, *Cipher) {
	t.Helper()
	p := Params{Version: version, Suite: suite, ClientRandom: testClient, ServerRandom: testServer, EncryptThenMAC: etm}
	if version == wire.VersionTLS13 {
		secret := bytes.Repeat([]byte{0x13}, 32)
		if s, _ := lookupSuite(suite, version); s != nil {
			secret = secret[:0]
			secret = append(secret, bytes.Repeat([]byte{0x13}, s.prf.Size())...)
		}
		a, err := NewTLS13(suite, secret)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := NewTLS13(suite, secret)
		return &sealer{c: a}, b
	}
	a, _, err := NewTLS12(p, testMaster)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := NewTLS12(p, testMaster)
	return &sealer{c: a}, b
}

// roundTripCases are the versions and suites no in-process stack speaks.
var roundTripCases = []struct {
	version uint16
	suite   wire.CipherSuite
	etm     bool
}{
	{wire.VersionTLS13, wire.TLS_AES_256_GCM_SHA384, false},
	{wire.VersionTLS13, wire.TLS_CHACHA20_POLY1305_SHA256, false},
	{wire.VersionTLS13, wire.TLS_AES_128_CCM_SHA256, false},
	{wire.VersionTLS13, wire.TLS_AES_128_CCM_8_SHA256, false},
	{wire.VersionTLS12, wire.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, false},
	{wire.VersionTLS12, wire.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, false},
	{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, false},
	{wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, true},
	{wire.VersionTLS10, wire.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, true},
	{wire.VersionTLS11, wire.TLS_RSA_WITH_3DES_EDE_CBC_SHA, true},
	{wire.VersionTLS12, 0x0002, false}, // TLS_RSA_WITH_NULL_SHA
	{wire.VersionDTLS10, wire.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, false},
	{wire.VersionDTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, false},
	{wire.VersionDTLS12, wire.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, false},
	{wire.VersionDTLS12, wire.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, false},
	{wire.VersionDTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, true},
}

func TestRoundTrip(t *testing.T) {
	for _, tc := range roundTripCases {
		name := fmt.Sprintf("%s/%s/etm=%v", wire.VersionName(tc.version), tc.suite, tc.etm)
		t.Run(name, func(t *testing.T) {
			s, c := pair(t, tc.version, uint16(tc.suite), tc.etm)
			dtls := wire.IsDTLSVersion(tc.version)
			var records [][]byte
			var sent [][]byte
			for i, n := range []int{0, 1, 15, 16, 100, 1 << 14} {
				msg := bytes.Repeat([]byte{byte(i + 1)}, n)
				s.padLen = i % 3
				if dtls {
					s.seq = 1<<48 | uint64(10+2*i) // epoch 1, gaps in the sequence
				}
				records = append(records, s.seal(wire.ContentHandshake, msg))
				sent = append(sent, msg)
			}
			order := []int{0, 1, 2, 3, 4, 5}
			if dtls {
				order = []int{5, 0, 3, 1, 4, 2} // DTLS records stand alone
			}
			buf := make([]byte, 0, 1<<15)
			for _, i := range order {
				typ, out, err := c.Open(buf[:0], records[i])
				if err != nil {
					t.Fatalf("record %d: %v", i, err)
				}
				if typ != wire.ContentHandshake || !bytes.Equal(out, sent[i]) {
					t.Fatalf("record %d: type %v, %d bytes", i, typ, len(out))
				}
			}
		})
	}
}

// TestHostileRecords: altered, cut, short and badly padded records fail
// with errors that say where and why, and the sequence number stays.
func TestHostileRecords(t *testing.T) {
	for _, tc := range roundTripCases {
		name := fmt.Sprintf("%s/%s/etm=%v", wire.VersionName(tc.version), tc.suite, tc.etm)
		s, c := pair(t, tc.version, uint16(tc.suite), tc.etm)
		rec := s.seal(wire.ContentHandshake, []byte("finished message bytes"))
		hl := c.HeaderLen()
		check := func(what string, r []byte, causes ...error) {
			t.Helper()
			seq := c.Seq()
			_, _, err := c.Open(nil, r)
			var we *wire.Error
			if !errors.As(err, &we) || we.Offset < 0 || we.Offset > len(r) {
				t.Errorf("%s: %s: %v", name, what, err)
				return
			}
			for _, cause := range causes {
				if errors.Is(err, cause) {
					if c.Seq() != seq {
						t.Errorf("%s: %s: sequence number moved", name, what)
					}
					return
				}
			}
			t.Errorf("%s: %s: %v, want one of %v", name, what, err, causes)
		}
		for i := hl; i < len(rec); i += 7 {
			bad := bytes.Clone(rec)
			bad[i] ^= 0x20
			check(fmt.Sprintf("byte %d flipped", i), bad, ErrAuthentication, ErrPadding, ErrNoContentType)
		}
		check("header cut", rec[:hl-1], wire.ErrTruncated)
		check("record cut", rec[:len(rec)-3], wire.ErrLength)
		for n := 0; n < len(rec)-hl; n += 5 {
			short := append(bytes.Clone(rec[:hl]), rec[hl:hl+n]...)
			short[hl-2], short[hl-1] = byte(n>>8), byte(n)
			check(fmt.Sprintf("%d-byte payload", n), short, wire.ErrTruncated, wire.ErrLength, ErrAuthentication, ErrPadding, ErrNoContentType)
		}
		n := wire.MaxRecordLen + 1
		huge := append(bytes.Clone(rec[:hl]), make([]byte, n)...)
		huge[hl-2], huge[hl-1] = byte(n>>8), byte(n)
		check("too long", huge, wire.ErrTooLarge)
		if _, out, err := c.Open(nil, rec); err != nil || string(out) != "finished message bytes" {
			t.Errorf("%s: the good record after the bad ones: %v", name, err)
		}
		if !c.dtls {
			// Replayed: the sequence number has moved on (DTLS records
			// carry theirs; replay detection is the reader's window).
			check("replayed", rec, ErrAuthentication, ErrPadding)
		}
	}
}

// TestTLS13NoContentType: a plaintext of zeros only has no content type
// (RFC 8446 §5.4), and KeyUpdate changes the key.
func TestTLS13NoContentType(t *testing.T) {
	s, c := pair(t, wire.VersionTLS13, uint16(wire.TLS_AES_128_GCM_SHA256), false)
	rec := s.seal(0, nil)
	if _, _, err := c.Open(nil, rec); !errors.Is(err, ErrNoContentType) {
		t.Errorf("all zero: %v", err)
	}
	if err := s.c.KeyUpdate(); err != nil {
		t.Fatal(err)
	}
	s.seq = 0
	rec = s.seal(wire.ContentApplicationData, []byte("after the update"))
	if _, _, err := c.Open(nil, rec); !errors.Is(err, ErrAuthentication) {
		t.Errorf("old key: %v", err)
	}
	if err := c.KeyUpdate(); err != nil {
		t.Fatal(err)
	}
	if _, out, err := c.Open(nil, rec); err != nil || string(out) != "after the update" {
		t.Errorf("new key: %q %v", out, err)
	}
}

// TestUnsupported: suites and versions not decrypted say so.
func TestUnsupported(t *testing.T) {
	for _, tc := range []struct {
		version uint16
		suite   uint16
	}{
		{wire.VersionTLS12, 0x0041},                                       // TLS_RSA_WITH_CAMELLIA_128_CBC_SHA
		{wire.VersionTLS12, 0x0003},                                       // export RC4
		{wire.VersionTLS12, uint16(wire.TLS_AES_128_GCM_SHA256)},          // a TLS 1.3 suite
		{wire.VersionTLS13, uint16(wire.TLS_RSA_WITH_AES_128_GCM_SHA256)}, // a TLS 1.2 suite
		{wire.VersionTLS13, uint16(wire.TLS_SHA256_SHA256)},               // integrity only
		{wire.VersionSSL30, uint16(wire.TLS_RSA_WITH_AES_128_CBC_SHA)},
		{wire.VersionTLS12, 0x0000},
		{wire.VersionTLS12, 0x00ff},
		{wire.VersionTLS12, 0xfafa},
	} {
		if Supported(tc.suite, tc.version) {
			t.Errorf("%04x at %04x: Supported", tc.suite, tc.version)
		}
		var err error
		if tc.version == wire.VersionTLS13 {
			_, err = NewTLS13(tc.suite, make([]byte, 32))
		} else {
			_, _, err = NewTLS12(Params{Version: tc.version, Suite: tc.suite, ClientRandom: testClient, ServerRandom: testServer}, testMaster)
		}
		if !errors.Is(err, ErrUnsupported) {
			t.Errorf("%04x at %04x: %v", tc.suite, tc.version, err)
		}
	}
	if _, err := NewTLS13(uint16(wire.TLS_AES_128_GCM_SHA256), make([]byte, 48)); !errors.Is(err, ErrUnsupported) {
		t.Errorf("secret of the wrong length: %v", err)
	}
	if _, err := NewConn(Params{Version: wire.VersionDTLS13, Suite: uint16(wire.TLS_AES_128_GCM_SHA256)}, Secrets{}); !errors.Is(err, ErrUnsupported) {
		t.Errorf("DTLS 1.3: %v", err)
	}
}

// TestDTLSConn: a DTLS Conn decrypts by epoch, in any order: a
// retransmitted epoch 0 record after epoch 1 ones stays plaintext.
func TestDTLSConn(t *testing.T) {
	p := Params{Version: wire.VersionDTLS12, Suite: uint16(wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256), ClientRandom: testClient, ServerRandom: testServer}
	conn, err := NewConn(p, Secrets{MasterSecret: testMaster})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := pair(t, p.Version, p.Suite, false)
	s.seq = 1 << 48
	fin := s.seal(wire.ContentHandshake, []byte{byte(wire.TypeFinished), 0, 0, 0})
	plain := []byte{byte(wire.ContentHandshake), 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2, 0xab, 0xcd}
	s.seq = 2 << 48
	later := s.seal(wire.ContentApplicationData, []byte("x"))
	for i, tc := range []struct {
		rec       []byte
		decrypted bool
		err       error
	}{{fin, true, nil}, {plain, false, nil}, {later, false, ErrNoKey}} {
		_, out, dec, err := conn.Open(true, nil, tc.rec)
		if dec != tc.decrypted || !errors.Is(err, tc.err) || err == nil && len(out) == 0 {
			t.Errorf("record %d: decrypted %v, %v", i, dec, err)
		}
	}
}
