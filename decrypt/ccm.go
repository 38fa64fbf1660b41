package decrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"errors"
)

// ccm is AES-CCM (RFC 3610, NIST SP 800-38C) as a cipher.AEAD, for the
// CCM and CCM_8 suites (RFC 6655, RFC 7251, RFC 8446 §B.4), which the
// standard library does not have. Its scratch blocks live in the value, so
// sealing and opening allocate nothing; a value is therefore not safe for
// concurrent use (each Cipher owns its own).
type ccm struct {
	b         cipher.Block
	nonceSize int // 7..13 bytes; the length field takes the other 15-nonceSize
	tagSize   int // 4, 6, 8, 10, 12, 14 or 16
	mac, ctr  [aes.BlockSize]byte
	s         [aes.BlockSize]byte
	tag       [aes.BlockSize]byte
}

func newCCM16(key []byte) (cipher.AEAD, error) { return newCCM(key, 12, 16) }
func newCCM8(key []byte) (cipher.AEAD, error)  { return newCCM(key, 12, 8) }

// newCCM returns AES-CCM with the given nonce and tag sizes.
func newCCM(key []byte, nonceSize, tagSize int) (*ccm, error) {
	if nonceSize < 7 || nonceSize > 13 || tagSize < 4 || tagSize > 16 || tagSize%2 != 0 {
		return nil, errors.New("decrypt: invalid CCM parameters")
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return &ccm{b: b, nonceSize: nonceSize, tagSize: tagSize}, nil
}

func (c *ccm) NonceSize() int { return c.nonceSize }
func (c *ccm) Overhead() int  { return c.tagSize }

// maxLen is the longest message the length field can express.
func (c *ccm) maxLen() uint64 {
	l := 15 - c.nonceSize
	if l >= 8 {
		return 1<<63 - 1
	}
	return 1<<(8*l) - 1
}

// cbcMAC computes the unencrypted tag T of RFC 3610 §2.2 into c.tag.
func (c *ccm) cbcMAC(nonce, plaintext, aad []byte) {
	l := 15 - c.nonceSize
	flags := byte((c.tagSize-2)/2)<<3 | byte(l-1)
	if len(aad) > 0 {
		flags |= 0x40
	}
	c.mac[0] = flags
	copy(c.mac[1:], nonce)
	n := uint64(len(plaintext))
	for i := 15; i > c.nonceSize; i-- {
		c.mac[i] = byte(n)
		n >>= 8
	}
	c.b.Encrypt(c.mac[:], c.mac[:])
	if len(aad) > 0 {
		// The length of the associated data, then the data, zero-padded to
		// a block (RFC 3610 §2.2).
		var hdr [6]byte
		var h []byte
		if len(aad) < 0xff00 {
			hdr[0], hdr[1] = byte(len(aad)>>8), byte(len(aad))
			h = hdr[:2]
		} else {
			hdr[0], hdr[1] = 0xff, 0xfe
			hdr[2], hdr[3], hdr[4], hdr[5] = byte(len(aad)>>24), byte(len(aad)>>16), byte(len(aad)>>8), byte(len(aad))
			h = hdr[:6]
		}
		i := copy(c.s[:], h)
		a := aad
		for {
			k := copy(c.s[i:], a)
			a = a[k:]
			i += k
			if i < aes.BlockSize && len(a) == 0 {
				clear(c.s[i:])
			}
			subtle.XORBytes(c.mac[:], c.mac[:], c.s[:])
			c.b.Encrypt(c.mac[:], c.mac[:])
			i = 0
			if len(a) == 0 {
				break
			}
		}
	}
	for p := plaintext; len(p) > 0; {
		k := subtle.XORBytes(c.mac[:], c.mac[:], p)
		p = p[k:]
		c.b.Encrypt(c.mac[:], c.mac[:])
	}
	copy(c.tag[:], c.mac[:])
}

// setCounter sets the counter block A_i (RFC 3610 §2.3).
func (c *ccm) setCounter(nonce []byte, i uint64) {
	c.ctr[0] = byte(14 - c.nonceSize) // L-1
	copy(c.ctr[1:], nonce)
	for j := 15; j > c.nonceSize; j-- {
		c.ctr[j] = byte(i)
		i >>= 8
	}
}

// xorKeystream encrypts or decrypts src into dst with the counter blocks
// A_1, A_2, ... (RFC 3610 §2.3).
func (c *ccm) xorKeystream(dst, src, nonce []byte) {
	for i := uint64(1); len(src) > 0; i++ {
		c.setCounter(nonce, i)
		c.b.Encrypt(c.s[:], c.ctr[:])
		k := subtle.XORBytes(dst, src, c.s[:])
		dst, src = dst[k:], src[k:]
	}
}

// tagMask sets c.s to S_0, the block the tag is encrypted with.
func (c *ccm) tagMask(nonce []byte) {
	c.setCounter(nonce, 0)
	c.b.Encrypt(c.s[:], c.ctr[:])
}

// Seal encrypts and authenticates plaintext (RFC 3610 §2).
func (c *ccm) Seal(dst, nonce, plaintext, aad []byte) []byte {
	if len(nonce) != c.nonceSize || uint64(len(plaintext)) > c.maxLen() {
		panic("decrypt: bad CCM nonce or message length")
	}
	c.cbcMAC(nonce, plaintext, aad)
	ret, out := sliceForAppend(dst, len(plaintext)+c.tagSize)
	c.xorKeystream(out, plaintext, nonce)
	c.tagMask(nonce)
	subtle.XORBytes(out[len(plaintext):], c.tag[:c.tagSize], c.s[:c.tagSize])
	return ret
}

var errOpen = errors.New("decrypt: message authentication failed")

// Open decrypts and verifies ciphertext (RFC 3610 §2.5). As with the
// standard library's AEADs, dst may be ciphertext[:0].
func (c *ccm) Open(dst, nonce, ciphertext, aad []byte) ([]byte, error) {
	if len(nonce) != c.nonceSize || len(ciphertext) < c.tagSize || uint64(len(ciphertext)-c.tagSize) > c.maxLen() {
		return nil, errOpen
	}
	n := len(ciphertext) - c.tagSize
	var received [aes.BlockSize]byte
	c.tagMask(nonce)
	subtle.XORBytes(received[:c.tagSize], ciphertext[n:], c.s[:c.tagSize])
	ret, out := sliceForAppend(dst, n)
	c.xorKeystream(out, ciphertext[:n], nonce)
	c.cbcMAC(nonce, out, aad)
	if subtle.ConstantTimeCompare(c.tag[:c.tagSize], received[:c.tagSize]) != 1 {
		clear(out)
		return nil, errOpen
	}
	return ret, nil
}

// sliceForAppend extends in by n bytes and returns the whole slice and
// the new tail.
func sliceForAppend(in []byte, n int) (head, tail []byte) {
	if total := len(in) + n; cap(in) >= total {
		head = in[:total]
	} else {
		head = make([]byte, total)
		copy(head, in)
	}
	tail = head[len(in):]
	return
}
