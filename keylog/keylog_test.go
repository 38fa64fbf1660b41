package keylog

import (
	"bytes"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// TestRealKeyLogs reads what crypto/tls's KeyLogWriter writes for TLS 1.2
// and TLS 1.3 and finds every secret under the ClientHello random of the
// recorded connection.
func TestRealKeyLogs(t *testing.T) {
	for _, tc := range []struct {
		version uint16
		want    []Label
	}{
		{tls.VersionTLS12, []Label{ClientRandom}},
		{tls.VersionTLS13, []Label{ClientHandshakeTrafficSecret, ServerHandshakeTrafficSecret, ClientTrafficSecret0, ServerTrafficSecret0}},
	} {
		var log bytes.Buffer
		conv, err := tlsgen.Run(tlsgen.Scenario{
			Client: &tls.Config{KeyLogWriter: &log, MinVersion: tc.version, MaxVersion: tc.version},
		})
		if err != nil {
			t.Fatal(err)
		}
		c2s, _ := conv.Streams()
		random := c2s[11 : 11+RandomLen] // record header 5, handshake header 4, version 2
		var s Store
		rep, err := s.Read(bytes.NewReader(log.Bytes()))
		if err != nil || len(rep.Errors) != 0 || rep.Ignored != 0 {
			t.Fatalf("%x: %+v %v", tc.version, rep, err)
		}
		e := s.Lookup(random)
		if e == nil {
			t.Fatalf("%x: no secrets for %x in\n%s", tc.version, random, log.Bytes())
		}
		for _, l := range tc.want {
			if len(e.Get(l)) == 0 {
				t.Errorf("%x: no %v", tc.version, l)
			}
		}
		if tc.version == tls.VersionTLS12 && len(e.MasterSecret()) != 48 {
			t.Errorf("master secret %x", e.MasterSecret())
		}
	}
}

const random1 = "0101010101010101010101010101010101010101010101010101010101010101"

func TestParseEveryLabel(t *testing.T) {
	var b strings.Builder
	b.WriteString("# a comment\n\n   \r\n")
	for l := range NumLabels {
		n := 32
		if l == ClientRandom {
			n = 48
		}
		b.WriteString(l.String() + " " + random1 + " " + strings.Repeat(hex.EncodeToString([]byte{byte(l)}), n) + "\r\n")
	}
	b.WriteString("SOME_FUTURE_LABEL " + random1 + " 00ff\n")
	b.WriteString("RSA 0102030405060708 " + strings.Repeat("ab", 48) + "\n")
	var s Store
	rep := s.Parse([]byte(b.String()))
	if len(rep.Errors) != 0 || rep.Secrets != int(NumLabels) || rep.Ignored != 2 || rep.Lines != int(NumLabels)+5 {
		t.Fatalf("%+v", rep)
	}
	r, _ := hex.DecodeString(random1)
	e := s.Lookup(r)
	for l := range NumLabels {
		if got := e.Get(l); len(got) == 0 || got[0] != byte(l) {
			t.Errorf("%v: %x", l, got)
		}
	}
	if e.Get(NumLabels) != nil || (*Secrets)(nil).Get(ClientRandom) != nil {
		t.Error("Get out of range")
	}
}

func TestMalformedLines(t *testing.T) {
	long := "CLIENT_RANDOM " + random1 + " " + strings.Repeat("00", MaxLineLen)
	for _, tc := range []struct {
		line  string
		field string
		off   int
		err   error
	}{
		{"CLIENT_RANDOM", "line", 13, ErrFields},
		{"CLIENT_RANDOM " + random1, "line", 78, ErrFields},
		{"CLIENT_RANDOM " + random1 + " 00 00", "line", 82, ErrFields},
		{"CLIENT_RANDOM 0101 " + strings.Repeat("00", 48), "client_random", 14, ErrLength},
		{"CLIENT_RANDOM " + random1[:63] + "x " + strings.Repeat("00", 48), "client_random", 77, ErrHex},
		{"CLIENT_RANDOM " + random1 + " " + strings.Repeat("00", 47) + "0", "secret", 79, ErrHex},
		{"CLIENT_RANDOM " + random1 + " " + strings.Repeat("00", 47) + "0g", "secret", 174, ErrHex},
		{"CLIENT_RANDOM " + random1 + " " + strings.Repeat("00", 32), "secret", 79, ErrLength},
		{"SERVER_TRAFFIC_SECRET_0 " + random1 + " 0000", "secret", 89, ErrLength},
		{long, "line", MaxLineLen, ErrLineTooLong},
	} {
		good := "CLIENT_RANDOM " + random1 + " " + strings.Repeat("ab", 48)
		in := "# first\n" + tc.line + "\n" + good + "\n"
		for _, read := range []func(*Store) Report{
			func(s *Store) Report { return s.Parse([]byte(in)) },
			func(s *Store) Report {
				r, err := s.Read(strings.NewReader(in))
				if err != nil {
					t.Fatal(err)
				}
				return r
			},
		} {
			var s Store
			rep := read(&s)
			if len(rep.Errors) != 1 || rep.Secrets != 1 || rep.Lines != 3 {
				t.Fatalf("%.40q: %+v", tc.line, rep)
			}
			e := rep.Errors[0]
			if e.Line != 2 || e.Field != tc.field || e.Offset != tc.off || !errors.Is(e, tc.err) {
				t.Errorf("%.40q: %v", tc.line, e)
			}
		}
	}
}

// TestHugeInput: a key log of very long lines costs the reader's buffer,
// not the lines; the error list is bounded.
func TestHugeInput(t *testing.T) {
	huge := strings.Repeat(strings.Repeat("A", 100_000)+"\n", 100)
	short := strings.Repeat("x\n", 1000)
	var s Store
	allocs := testing.AllocsPerRun(1, func() {
		rep, err := s.Read(io.MultiReader(strings.NewReader(huge), strings.NewReader(short)))
		if err != nil || rep.Lines != 1100 || len(rep.Errors) != MaxReportedErrors || rep.Dropped != 1100-MaxReportedErrors {
			t.Fatalf("%d lines, %d errors, %d dropped, %v", rep.Lines, len(rep.Errors), rep.Dropped, err)
		}
	})
	if allocs > 2*MaxReportedErrors+10 {
		t.Errorf("%v allocations", allocs)
	}
}

func TestLookupAllocs(t *testing.T) {
	var s Store
	s.Parse([]byte("CLIENT_RANDOM " + random1 + " " + strings.Repeat("ab", 48)))
	r, _ := hex.DecodeString(random1)
	if n := testing.AllocsPerRun(100, func() {
		if s.Lookup(r) == nil {
			t.Fatal("not found")
		}
	}); n != 0 {
		t.Errorf("Lookup: %v allocations", n)
	}
	if s.Lookup(r[:31]) != nil || s.Len() != 1 {
		t.Error("short random found")
	}
}

// TestConcurrentAdd adds while looking up (run with -race): a Secrets value
// once returned never changes.
func TestConcurrentAdd(t *testing.T) {
	var s Store
	r, _ := hex.DecodeString(random1)
	s.Parse([]byte("CLIENT_HANDSHAKE_TRAFFIC_SECRET " + random1 + " " + strings.Repeat("01", 32)))
	first := s.Lookup(r)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			s.Add([RandomLen]byte(r), ServerHandshakeTrafficSecret, bytes.Repeat([]byte{byte(i)}, 32))
		}
	})
	for range 200 {
		if e := s.Lookup(r); e == nil || len(e.Get(ClientHandshakeTrafficSecret)) != 32 {
			t.Fatal("lost a secret")
		}
	}
	wg.Wait()
	if first.Get(ServerHandshakeTrafficSecret) != nil {
		t.Error("a returned Secrets changed")
	}
	if got := s.Lookup(r).Get(ServerHandshakeTrafficSecret); got[0] != 199 {
		t.Errorf("last secret %x", got)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("CLIENT_RANDOM " + random1 + " " + strings.Repeat("ab", 48) + "\n# x\n"))
	f.Add([]byte("SERVER_HANDSHAKE_TRAFFIC_SECRET " + random1 + " " + strings.Repeat("AB", 48)))
	f.Add([]byte("ECH_CONFIG \t" + random1 + "  fe0d\r\nbad\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s, s2 Store
		rep := s.Parse(b)
		rep2, err := s2.Read(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if rep.Secrets != rep2.Secrets || len(rep.Errors) != len(rep2.Errors) || s.Len() != s2.Len() {
			t.Fatalf("Parse %+v, Read %+v", rep, rep2)
		}
		if rep.Secrets+rep.Ignored+len(rep.Errors)+rep.Dropped > rep.Lines {
			t.Fatalf("more outcomes than lines: %+v", rep)
		}
		for _, e := range rep.Errors {
			if e.Line < 1 || e.Line > rep.Lines || e.Offset < 0 || e.Offset > MaxLineLen {
				t.Fatalf("bad error position %v", e)
			}
		}
	})
}
