package tlsgen

import (
	"bytes"
	"testing"
	"testing/cryptotest"
)

// TestDeterministic checks that with a fixed random seed every scenario
// records the same bytes twice: the corpus generator relies on it.
func TestDeterministic(t *testing.T) {
	record := func() [][]byte {
		cryptotest.SetGlobalRandom(t, 7)
		ResetPKI()
		ss, err := Scenarios()
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		for _, s := range ss {
			c, err := Run(s)
			if err != nil {
				t.Fatalf("%s: %v", s.Name, err)
			}
			a, b := c.Streams()
			out = append(out, a, b)
		}
		return out
	}
	x, y := record(), record()
	for i := range x {
		if !bytes.Equal(x[i], y[i]) {
			t.Errorf("stream %d differs between two seeded runs", i)
		}
	}
	ResetPKI()
}
