package keylog

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// keyLogOf returns a TLS 1.3 key log of n connections (4 lines each).
func keyLogOf(n int) []byte {
	var b bytes.Buffer
	secret := hex.EncodeToString(bytes.Repeat([]byte{0x5a}, 32))
	for i := range n {
		var r [RandomLen]byte
		r[0], r[1], r[2] = byte(i), byte(i>>8), byte(i>>16)
		random := hex.EncodeToString(r[:])
		for _, l := range []Label{ClientHandshakeTrafficSecret, ServerHandshakeTrafficSecret, ClientTrafficSecret0, ServerTrafficSecret0} {
			b.WriteString(l.String() + " " + random + " " + secret + "\n")
		}
	}
	return b.Bytes()
}

// BenchmarkParse reads the key log of 20,000 TLS 1.3 connections, the
// size of the capture benchmark of issue #12.
func BenchmarkParse(b *testing.B) {
	log := keyLogOf(20000)
	b.SetBytes(int64(len(log)))
	for b.Loop() {
		var s Store
		if rep := s.Parse(log); rep.Secrets != 80000 {
			b.Fatal(rep)
		}
	}
}

// BenchmarkLookup finds one connection's secrets among 20,000.
func BenchmarkLookup(b *testing.B) {
	var s Store
	s.Parse(keyLogOf(20000))
	var r [RandomLen]byte
	r[0], r[1] = 0x34, 0x12
	for b.Loop() {
		if s.Lookup(r[:]) == nil {
			b.Fatal("not found")
		}
	}
}
