package tlsgen

import (
	"crypto/tls"
	"strings"
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
		if strings.HasPrefix(s.Name, "tls13-ech") && !c.State.ECHAccepted {
			t.Errorf("%s: ECH not accepted", s.Name)
		}
		if s.Name == "tls12-ocsp-sct" && (len(c.State.OCSPResponse) == 0 || len(c.State.SignedCertificateTimestamps) != 2) {
			t.Errorf("%s: staple %d bytes, %d SCTs", s.Name, len(c.State.OCSPResponse), len(c.State.SignedCertificateTimestamps))
		}
		if s.Name == "tls13-hrr" && c.State.CurveID != tls.CurveP384 {
			t.Errorf("%s: curve %v", s.Name, c.State.CurveID)
		}
	}
}
