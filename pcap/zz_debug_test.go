package pcap

import (
	"os"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	for _, p := range strings.Split(os.Getenv("PCAP_DUMP"), ",") {
		if p == "" {
			continue
		}
		fh, _ := os.Open(p)
		r, err := NewReader(fh, Options{})
		if err != nil {
			t.Log(err)
			continue
		}
		for f, err := range r.Flows() {
			if err != nil {
				t.Log("ERR", err)
				continue
			}
			t.Log(f)
			for _, m := range f.Messages {
				t.Logf("   %v %v %d v2=%v", m.Dir, m.Type, len(m.Raw), m.SSLv2)
			}
			for _, p := range f.Problems {
				t.Logf("   problem %v", p)
			}
			t.Logf("   enc %+v alerts %d missing %v retrans %v", f.Encrypted, len(f.Alerts), f.MissingBytes, f.Retransmitted)
		}
		t.Logf("%+v", r.Stats())
	}
}
