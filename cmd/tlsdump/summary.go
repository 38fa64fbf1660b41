package main

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/tlswire/tlswire/wire"
)

// summary counts flows per negotiated version, cipher, server name and
// JA4 (-summary).
type summary struct {
	flows   int
	version map[string]int
	cipher  map[string]int
	sni     map[string]int
	ja4     map[string]int
}

func newSummary() *summary {
	return &summary{version: map[string]int{}, cipher: map[string]int{}, sni: map[string]int{}, ja4: map[string]int{}}
}

// none labels flows that lack the counted property.
const none = "(none)"

// add counts one flow.
func (s *summary) add(fi *flowInfo) {
	s.flows++
	v, c, n, j := none, none, none, none
	if fi.version != 0 {
		v = versionName(fi.version)
	}
	if fi.hasCipher {
		c = wire.CipherSuite(fi.cipher).String()
	}
	if fi.sni != "" {
		n = fi.sni
	}
	if len(fi.clientHellos) > 0 {
		j = fi.ja4.JA4
	}
	s.version[v]++
	s.cipher[c]++
	s.sni[n]++
	s.ja4[j]++
}

// merge adds the counts of o.
func (s *summary) merge(o *summary) {
	s.flows += o.flows
	for _, p := range [][2]map[string]int{{s.version, o.version}, {s.cipher, o.cipher}, {s.sni, o.sni}, {s.ja4, o.ja4}} {
		for k, v := range p[1] {
			p[0][k] += v
		}
	}
}

// appendText writes the tables, each sorted by decreasing count then name.
func (s *summary) appendText(b []byte) []byte {
	b = append(b, "flows "...)
	b = strconv.AppendInt(b, int64(s.flows), 10)
	b = append(b, '\n')
	for _, t := range []struct {
		name string
		m    map[string]int
	}{{"version", s.version}, {"cipher", s.cipher}, {"server name", s.sni}, {"ja4", s.ja4}} {
		b = append(b, '\n')
		b = append(b, t.name...)
		b = append(b, '\n')
		keys := make([]string, 0, len(t.m))
		for k := range t.m {
			keys = append(keys, k)
		}
		slices.SortFunc(keys, func(x, y string) int {
			return cmp.Or(cmp.Compare(t.m[y], t.m[x]), cmp.Compare(x, y))
		})
		for _, k := range keys {
			n := strconv.Itoa(t.m[k])
			for i := len(n); i < 8; i++ {
				b = append(b, ' ')
			}
			b = append(b, n...)
			b = append(b, "  "...)
			b = append(b, k...)
			b = append(b, '\n')
		}
	}
	return b
}
