package decrypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"fmt"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// BenchmarkOpen decrypts a 100-byte and a 16 KiB record. The anchor,
// measured in the same run, is the standard library's AES-128-GCM Open of
// the same plaintext length with no record handling: the ratio of a case to
// it is the cost of the record layer and of the cipher.
func BenchmarkOpen(b *testing.B) {
	for _, size := range []int{100, 16 << 10} {
		b.Run(fmt.Sprintf("anchor-stdlib-AES-GCM/%d", size), func(b *testing.B) {
			block, _ := aes.NewCipher(make([]byte, 16))
			g, _ := cipher.NewGCM(block)
			nonce := make([]byte, 12)
			ct := g.Seal(nil, nonce, make([]byte, size), nil)
			buf := make([]byte, 0, size)
			b.SetBytes(int64(size))
			for b.Loop() {
				if _, err := g.Open(buf[:0], nonce, ct, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		for _, tc := range []struct {
			name    string
			version uint16
			suite   wire.CipherSuite
		}{
			{"TLS13-AES-128-GCM", wire.VersionTLS13, wire.TLS_AES_128_GCM_SHA256},
			{"TLS12-AES-128-GCM", wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
			{"TLS12-ChaCha20-Poly1305", wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256},
			{"TLS12-AES-128-CBC-SHA256", wire.VersionTLS12, wire.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256},
		} {
			b.Run(fmt.Sprintf("%s/%d", tc.name, size), func(b *testing.B) {
				s, c := pair(b, tc.version, uint16(tc.suite), false)
				rec := s.seal(wire.ContentApplicationData, bytes.Repeat([]byte{1}, size))
				buf := make([]byte, 0, len(rec))
				b.SetBytes(int64(size))
				for b.Loop() {
					c.SetSeq(0)
					if _, _, err := c.Open(buf[:0], rec); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkQUICOpen opens a 1200-byte 1-RTT packet (header protection
// and payload).
func BenchmarkQUICOpen(b *testing.B) {
	for _, suite := range []wire.CipherSuite{wire.TLS_AES_128_GCM_SHA256, wire.TLS_CHACHA20_POLY1305_SHA256} {
		b.Run(suite.String(), func(b *testing.B) {
			k, _ := NewQUIC(QUICVersion1, uint16(suite), bytes.Repeat([]byte{1}, 32))
			pkt := sealQUIC(k, []byte{0x41, 0xaa, 0xbb, 0x00, 0x05}, 3, 5, make([]byte, 1200))
			work := make([]byte, len(pkt))
			buf := make([]byte, 0, len(pkt))
			b.SetBytes(int64(len(pkt)))
			for b.Loop() {
				copy(work, pkt)
				if _, _, err := k.Open(buf[:0], work, 3, 4); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
