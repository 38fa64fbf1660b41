package tlsgen

import (
	"crypto/tls"
	"testing"
)

func TestScenariosRun(t *testing.T) {
	ss, err := Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range ss {
		c, err := Run(s)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		c2s, s2c := c.Streams()
		if len(c2s) < 100 || len(s2c) < 100 || c2s[0] != 22 || s2c[0] != 22 {
			t.Fatalf("%s: unexpected streams %d/%d", s.Name, len(c2s), len(s2c))
		}
		if s.Resume && !c.State.DidResume {
			t.Errorf("%s: did not resume", s.Name)
		}
		if s.Name == "tls13-hrr" && c.State.CurveID != tls.CurveP384 {
			t.Errorf("%s: curve %v", s.Name, c.State.CurveID)
		}
	}
}
