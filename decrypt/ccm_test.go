package decrypt

import (
	"bytes"
	"testing"
)

// TestCCMVectors: NIST SP 800-38C Appendix C examples 1-4 (example 4
// has 65,536 bytes of associated data, the 6-byte length encoding) and
// RFC 3610 packet vectors 1 and 2.
func TestCCMVectors(t *testing.T) {
	seq := func(from, n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(from + i)
		}
		return b
	}
	nistKey := seq(0x40, 16)
	rfcKey := seq(0xc0, 16)
	for _, v := range []struct {
		name             string
		key, nonce, aad  []byte
		plaintext        []byte
		tagSize          int
		ciphertextAndTag string
	}{
		{"SP 800-38C C.1", nistKey, seq(0x10, 7), seq(0, 8), seq(0x20, 4), 4, "7162015b4dac255d"},
		{"SP 800-38C C.2", nistKey, seq(0x10, 8), seq(0, 16), seq(0x20, 16), 6, "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd"},
		{"SP 800-38C C.3", nistKey, seq(0x10, 12), seq(0, 20), seq(0x20, 24), 8, "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951"},
		{"SP 800-38C C.4", nistKey, seq(0x10, 13), seq(0, 65536), seq(0x20, 32), 14,
			"69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b"},
		{"RFC 3610 #1", rfcKey, []byte{0, 0, 0, 3, 2, 1, 0, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5}, seq(0, 8), seq(8, 23), 8,
			"588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0"},
		{"RFC 3610 #2", rfcKey, []byte{0, 0, 0, 4, 3, 2, 1, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5}, seq(0, 8), seq(8, 24), 8,
			"72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916"},
	} {
		c, err := newCCM(v.key, len(v.nonce), v.tagSize)
		if err != nil {
			t.Fatal(err)
		}
		want := unhexRFC(t, v.ciphertextAndTag)
		if got := c.Seal(nil, v.nonce, v.plaintext, v.aad); !bytes.Equal(got, want) {
			t.Errorf("%s: Seal = %x", v.name, got)
		}
		got, err := c.Open(nil, v.nonce, want, v.aad)
		if err != nil || !bytes.Equal(got, v.plaintext) {
			t.Errorf("%s: Open = %x, %v", v.name, got, err)
		}
		// In place, then altered.
		buf := bytes.Clone(want)
		if got, err := c.Open(buf[:0], v.nonce, buf, v.aad); err != nil || !bytes.Equal(got, v.plaintext) {
			t.Errorf("%s: in place: %v", v.name, err)
		}
		bad := bytes.Clone(want)
		bad[len(bad)-1] ^= 1
		if _, err := c.Open(nil, v.nonce, bad, v.aad); err == nil {
			t.Errorf("%s: altered tag accepted", v.name)
		}
		if _, err := c.Open(nil, v.nonce, want[:v.tagSize-1], v.aad); err == nil {
			t.Errorf("%s: shorter than the tag accepted", v.name)
		}
	}
	for _, p := range [][2]int{{6, 16}, {14, 16}, {12, 3}, {12, 18}, {12, 7}} {
		if _, err := newCCM(nistKey, p[0], p[1]); err == nil {
			t.Errorf("nonce %d tag %d accepted", p[0], p[1])
		}
	}
}
