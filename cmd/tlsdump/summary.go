package main

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/wire"
)

// summary counts flows per value of a few properties (-summary), and the
// server names seen with each JA4.
type summary struct {
	flows    int
	tables   [len(summaryTables)]map[string]int
	sniByJA4 map[string]map[string]int
}

// summaryTable is one counted property: its title in the text output,
// its key in the JSON object, and how a flow gives its value.
type summaryTable struct {
	title, key string
	value      func(fi *flowInfo) string // "" when the flow lacks it
}

// ja4Table is the index of the JA4 table in summaryTables, whose rows
// order the server names by JA4.
const ja4Table = 5

// summaryTables are the tables, in output order.
var summaryTables = [...]summaryTable{
	{"version", "version", func(fi *flowInfo) string {
		if fi.version == 0 {
			return ""
		}
		return versionName(fi.version)
	}},
	{"cipher", "cipher", func(fi *flowInfo) string {
		switch {
		case fi.hasCipher:
			return wire.CipherSuite(fi.cipher).String()
		case fi.hasSSLv2Cipher:
			return fi.sslv2Cipher.String()
		}
		return ""
	}},
	{"server name", "server_name", func(fi *flowInfo) string { return fi.sni }},
	{"alpn", "alpn", func(fi *flowInfo) string { return fi.alpn }},
	{"ja3", "ja3", func(fi *flowInfo) string {
		if len(fi.clientHellos) == 0 {
			return ""
		}
		return fi.ja3.Hash
	}},
	{"ja4", "ja4", func(fi *flowInfo) string {
		if len(fi.clientHellos) == 0 {
			return ""
		}
		return fi.ja4.JA4
	}},
	{"ja4s", "ja4s", func(fi *flowInfo) string {
		if !fi.hasJA3S {
			return ""
		}
		return fi.ja4s.JA4S
	}},
}

func newSummary() *summary {
	s := &summary{sniByJA4: map[string]map[string]int{}}
	for i := range s.tables {
		s.tables[i] = map[string]int{}
	}
	return s
}

// none labels flows that lack the counted property.
const none = "(none)"

// orNone returns v, or none for "".
func orNone(v string) string {
	if v == "" {
		return none
	}
	return v
}

// add counts one flow.
func (s *summary) add(fi *flowInfo) {
	s.flows++
	for i, t := range summaryTables {
		s.tables[i][orNone(t.value(fi))]++
	}
	if len(fi.clientHellos) > 0 {
		m := s.sniByJA4[fi.ja4.JA4]
		if m == nil {
			m = map[string]int{}
			s.sniByJA4[fi.ja4.JA4] = m
		}
		m[orNone(fi.sni)]++
	}
}

// merge adds the counts of o.
func (s *summary) merge(o *summary) {
	s.flows += o.flows
	for i := range s.tables {
		addCounts(s.tables[i], o.tables[i])
	}
	for k, v := range o.sniByJA4 {
		m := s.sniByJA4[k]
		if m == nil {
			m = map[string]int{}
			s.sniByJA4[k] = m
		}
		addCounts(m, v)
	}
}

func addCounts(dst, src map[string]int) {
	for k, v := range src {
		dst[k] += v
	}
}

// count is one row of a table.
type count struct {
	value string
	n     int
}

// rows sorts a table by decreasing count then value, and cuts it to top
// rows (all when top is 0); other is the number of flows in the rows cut.
func rows(m map[string]int, top int) (out []count, other int) {
	for k, v := range m {
		out = append(out, count{k, v})
	}
	slices.SortFunc(out, func(x, y count) int { return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.value, y.value)) })
	if top > 0 && len(out) > top {
		for _, c := range out[top:] {
			other += c.n
		}
		out = out[:top]
	}
	return out, other
}

// appendRowsText appends one "   count  value" line per row, indented by
// pad more, and a line for the rows cut.
func appendRowsText(b []byte, rs []count, other int, pad string) []byte {
	line := func(n int, v string) {
		s := strconv.Itoa(n)
		b = append(b, pad...)
		for i := len(s); i < 8; i++ {
			b = append(b, ' ')
		}
		b = append(b, s...)
		b = append(b, "  "...)
		b = append(b, v...)
		b = append(b, '\n')
	}
	for _, r := range rs {
		line(r.n, r.value)
	}
	if other > 0 {
		line(other, "(others)")
	}
	return b
}

// appendText writes the tables, each sorted by decreasing count then
// value and cut to top rows, then the server names of each JA4 listed.
func (s *summary) appendText(b []byte, top int) []byte {
	b = append(b, "flows "...)
	b = strconv.AppendInt(b, int64(s.flows), 10)
	b = append(b, '\n')
	for i, t := range summaryTables {
		b = append(b, '\n')
		b = append(b, t.title...)
		b = append(b, '\n')
		rs, other := rows(s.tables[i], top)
		b = appendRowsText(b, rs, other, "")
	}
	b = append(b, "\nserver names by ja4\n"...)
	ja4s, _ := rows(s.tables[ja4Table], top)
	for _, j := range ja4s {
		if j.value == none {
			continue
		}
		b = append(b, "  "...)
		b = append(b, j.value...)
		b = append(b, '\n')
		rs, other := rows(s.sniByJA4[j.value], top)
		b = appendRowsText(b, rs, other, "  ")
	}
	return b
}

// appendRowsJSON appends `,"key":[{"value":v,"count":n},...]` and
// `"key_others":n` when rows were cut.
func appendRowsJSON(b []byte, key string, rs []count, other int) []byte {
	b = append(jsonappend.Key(b, key), '[')
	for i, r := range rs {
		b = jsonappend.Text(jsonappend.Open(elem(b, i), "value"), r.value)
		b = append(jint(b, "count", r.n), '}')
	}
	b = append(b, ']')
	if other > 0 {
		b = jint(b, key+"_others", other)
	}
	return b
}

// appendJSON writes the summary as one JSON object and a newline
// (docs/json.md, "tlsdump summary object").
func (s *summary) appendJSON(b []byte, top int) []byte {
	b = strconv.AppendInt(jsonappend.Open(b, "flows"), int64(s.flows), 10)
	for i, t := range summaryTables {
		rs, other := rows(s.tables[i], top)
		b = appendRowsJSON(b, t.key, rs, other)
	}
	b = append(jsonappend.Key(b, "server_names_by_ja4"), '[')
	ja4s, _ := rows(s.tables[ja4Table], top)
	n := 0
	for _, j := range ja4s {
		if j.value == none {
			continue
		}
		b = jsonappend.Text(jsonappend.Open(elem(b, n), "ja4"), j.value)
		b = jint(b, "count", j.n)
		rs, other := rows(s.sniByJA4[j.value], top)
		b = append(appendRowsJSON(b, "server_names", rs, other), '}')
		n++
	}
	return append(b, ']', '}', '\n')
}
