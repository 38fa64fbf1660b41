package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The -v message tree: a message's JSON rendering (docs/json.md) shown as
// an indented field-per-line tree, like tshark -V but compact. A number
// and its name (`k`, `k_name`) share a line, "name (number)"; parallel
// lists of numbers and names (`cipher_suites`, `cipher_suite_names`) give
// one line per value (up to three that fit share the key's line); an object in a list that is a registry value (an
// extension) is titled by its name and number; long hex strings are cut
// to their first bytes and their length.

// jnode is a parsed JSON value with the members of objects in order.
type jnode struct {
	members []jmember // object
	elems   []*jnode  // array
	scalar  string    // string, number, bool (decoded text)
	str     bool      // scalar is a JSON string
	kind    byte      // '{', '[' or 's'
}

type jmember struct {
	key string
	val *jnode
}

// parseJSON parses one JSON value keeping the member order.
func parseJSON(d *json.Decoder) (*jnode, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch v := t.(type) {
	case json.Delim:
		n := &jnode{kind: byte(v)}
		for d.More() {
			if v == '{' {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				val, err := parseJSON(d)
				if err != nil {
					return nil, err
				}
				n.members = append(n.members, jmember{fmt.Sprint(k), val})
			} else {
				e, err := parseJSON(d)
				if err != nil {
					return nil, err
				}
				n.elems = append(n.elems, e)
			}
		}
		_, err := d.Token() // the closing delimiter
		return n, err
	case string:
		return &jnode{kind: 's', scalar: v, str: true}, nil
	case json.Number:
		return &jnode{kind: 's', scalar: v.String()}, nil
	case bool:
		return &jnode{kind: 's', scalar: strconv.FormatBool(v)}, nil
	}
	return &jnode{kind: 's', scalar: "null"}, nil
}

// appendTree appends the tree of the JSON object js, each line starting
// with indent. JSON it cannot parse (never from wire) is appended as is.
func appendTree(b, js []byte, indent string) []byte {
	d := json.NewDecoder(bytes.NewReader(js))
	d.UseNumber()
	n, err := parseJSON(d)
	if err != nil || n.kind != '{' {
		b = append(b, indent...)
		b = append(b, js...)
		return append(b, '\n')
	}
	ms := n.members
	if len(ms) >= 2 && ms[0].key == "type" && ms[1].key == "name" {
		ms = ms[2:] // the message line above names it
	}
	return appendMembers(b, ms, indent)
}

// treeHexMax is the length of the longest hex string shown whole.
const treeHexMax = 64

// scalarText is how a scalar reads in the tree: strings that are long
// lower-case hex are cut, other strings quoted only when they would not
// read unambiguously.
func scalarText(n *jnode) string {
	s := n.scalar
	if !n.str {
		return s
	}
	if s == "" {
		return `""`
	}
	if len(s) > treeHexMax && len(s)%2 == 0 && strings.Trim(s, "0123456789abcdef") == "" {
		return s[:32] + "... (" + strconv.Itoa(len(s)/2) + " bytes)"
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f || r == utf8.RuneError {
			return strconv.Quote(s)
		}
	}
	return s
}

// numberAndName is "name (number)", the number in hex when it is a 16-bit
// code point (cipher suites, groups, extensions, signature schemes).
func numberAndName(num, name string) string {
	if v, err := strconv.ParseUint(num, 10, 64); err == nil && v > 255 && v <= 0xffff {
		num = fmt.Sprintf("0x%04x", v)
	}
	return name + " (" + num + ")"
}

// appendMembers appends an object's members, one per line (a list or an
// object nests below its key).
func appendMembers(b []byte, ms []jmember, indent string) []byte {
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		b = append(b, indent...)
		b = append(b, m.key...)
		b = append(b, ':')
		next := func(suffix string) *jnode {
			if i+1 < len(ms) && ms[i+1].key == suffix {
				return ms[i+1].val
			}
			return nil
		}
		switch m.val.kind {
		case 's':
			b = append(b, ' ')
			if nm := next(m.key + "_name"); nm != nil && nm.kind == 's' {
				b = append(b, numberAndName(m.val.scalar, nm.scalar)...)
				i++
			} else {
				b = append(b, scalarText(m.val)...)
			}
			b = append(b, '\n')
		case '{':
			if len(m.val.members) == 0 {
				b = append(b, " {}\n"...)
				continue
			}
			b = append(b, '\n')
			b = appendMembers(b, m.val.members, indent+"  ")
		case '[':
			var names *jnode
			if i+1 < len(ms) && strings.HasSuffix(ms[i+1].key, "_names") && ms[i+1].val.kind == '[' && len(ms[i+1].val.elems) == len(m.val.elems) {
				names = ms[i+1].val
				i++
			}
			b = appendList(b, m.val.elems, names, indent)
		}
	}
	return b
}

// appendList appends a list after its key: scalars on the key's line
// when they fit, else one per line; objects one after the other, each
// titled by its name when it has one.
func appendList(b []byte, elems []*jnode, names *jnode, indent string) []byte {
	if len(elems) == 0 {
		return append(b, " (none)\n"...)
	}
	scalars := true
	for _, e := range elems {
		scalars = scalars && e.kind == 's'
	}
	if scalars {
		texts := make([]string, len(elems))
		for j, e := range elems {
			texts[j] = scalarText(e)
			if names != nil && names.elems[j].kind == 's' {
				texts[j] = numberAndName(e.scalar, names.elems[j].scalar)
			}
		}
		if one := strings.Join(texts, ", "); len(one)+len(indent) <= 100 && (names == nil || len(texts) <= 3) {
			b = append(b, ' ')
			b = append(b, one...)
			return append(b, '\n')
		}
		b = append(b, '\n')
		for _, t := range texts {
			b = append(b, indent...)
			b = append(b, "  "...)
			b = append(b, t...)
			b = append(b, '\n')
		}
		return b
	}
	b = append(b, '\n')
	for _, e := range elems {
		b = append(b, indent...)
		b = append(b, "  -"...)
		ms := e.members
		// A registry object (an extension, a QUIC parameter): its name
		// and number on the dash's line.
		if len(ms) >= 2 && (ms[0].key == "type" || ms[0].key == "id") && ms[1].key == "name" && ms[0].val.kind == 's' && ms[1].val.kind == 's' {
			b = append(b, ' ')
			b = append(b, numberAndName(ms[0].val.scalar, ms[1].val.scalar)...)
			ms = ms[2:]
		}
		b = append(b, '\n')
		switch e.kind {
		case '{':
			b = appendMembers(b, ms, indent+"    ")
		case '[':
			b = appendList(append(append(b, indent...), "    items:"...), e.elems, nil, indent+"    ")
		default:
			b = append(append(append(b, indent...), "    "...), scalarText(e)...)
			b = append(b, '\n')
		}
	}
	return b
}
