package decrypt

import (
	"crypto/cipher"

	"github.com/tlswire/tlswire/wire"
)

// sealer protects records as a sender does, the inverse of Cipher.Open,
// for round trips of what no stack in process speaks (DTLS,
// encrypt_then_mac, CCM, the TLS 1.3 suites crypto/tls does not choose).
// It uses a Cipher made from the same keys as the one that opens.
type sealer struct {
	c      *Cipher
	seq    uint64 // TLS: implicit; DTLS: epoch<<48 | sequence number
	padLen int    // TLS 1.3 padding, CBC extra padding blocks
}

// seal returns a whole record of type typ carrying payload.
func (s *sealer) seal(typ wire.ContentType, payload []byte) []byte {
	c := s.c
	seq := s.seq
	s.seq++
	var hdr []byte
	if c.dtls {
		hdr = []byte{byte(typ), byte(c.version >> 8), byte(c.version), byte(seq >> 56), byte(seq >> 48),
			byte(seq >> 40), byte(seq >> 32), byte(seq >> 24), byte(seq >> 16), byte(seq >> 8), byte(seq), 0, 0}
	} else {
		v := c.version
		if c.tls13 {
			v = wire.VersionTLS12
		}
		hdr = []byte{byte(typ), byte(v >> 8), byte(v), 0, 0}
	}
	var body []byte
	switch {
	case c.tls13:
		hdr[0] = byte(wire.ContentApplicationData)
		inner := append(append([]byte(nil), payload...), byte(typ))
		inner = append(inner, make([]byte, s.padLen)...)
		n := len(inner) + c.aead.Overhead()
		hdr[3], hdr[4] = byte(n>>8), byte(n)
		c.nonceXOR(seq)
		body = c.aead.Seal(nil, c.nonce[:], inner, hdr)
	case c.suite.cipher.mode == modeAEAD:
		aad := append([]byte(nil), c.setAAD(hdr, seq, len(payload))...)
		if explicit := c.suite.cipher.explicitNonce; explicit > 0 {
			copy(c.nonce[:4], c.iv[:4])
			for i := range 8 {
				c.nonce[4+i] = byte(seq >> (56 - 8*i))
			}
			body = append(body, c.nonce[4:12]...)
		} else {
			c.nonceXOR(seq)
		}
		body = c.aead.Seal(body, c.nonce[:c.aead.NonceSize()], payload, aad)
	case c.suite.cipher.mode == modeCBC:
		bs := c.suite.cipher.blockLen
		data := append([]byte(nil), payload...)
		if !c.etm {
			data = append(data, s.mac(hdr, seq, payload)...)
		}
		pad := bs - len(data)%bs - 1 + s.padLen*bs
		for range pad + 1 {
			data = append(data, byte(pad))
		}
		iv := make([]byte, bs)
		if recordVersion(c.version) == wire.VersionTLS10 {
			copy(iv, c.chain[:bs])
		} else {
			for i := range iv {
				iv[i] = byte(seq) + byte(i)
			}
			body = append(body, iv...)
		}
		enc := make([]byte, len(data))
		cipher.NewCBCEncrypter(c.block, iv).CryptBlocks(enc, data)
		copy(c.chain[:bs], enc[len(enc)-bs:])
		body = append(body, enc...)
		if c.etm {
			body = append(body, s.mac(hdr, seq, body)...)
		}
	default:
		data := append(append([]byte(nil), payload...), s.mac(hdr, seq, payload)...)
		if c.stream != nil {
			c.stream.XORKeyStream(data, data)
		}
		body = data
	}
	n := len(hdr)
	hdr[n-2], hdr[n-1] = byte(len(body)>>8), byte(len(body))
	return append(hdr, body...)
}

func (s *sealer) mac(hdr []byte, seq uint64, data []byte) []byte {
	s.c.mac.Reset()
	s.c.mac.Write(s.c.setAAD(hdr, seq, len(data)))
	s.c.mac.Write(data)
	return s.c.mac.Sum(nil)
}
