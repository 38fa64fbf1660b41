package wire

// JSON rendering of messages and extensions: the building blocks of the
// appendJSON methods of every message and extension type, json_msg.go,
// json_ext.go and json_record.go, on the comma and text rules of
// internal/jsonappend. The schema is described in docs/json.md. Everything appends to a caller's buffer by hand (no
// encoding/json, no reflection, no intermediate maps): rendering a decoded
// message into a buffer with room allocates nothing.
//
// The rules, applied everywhere:
//   - A registry value renders as its number under the field's key and its
//     name under the key plus "_name" ("cipher_suite":4865,
//     "cipher_suite_name":"TLS_AES_128_GCM_SHA256"); a list of them as two
//     parallel arrays ("cipher_suites":[...], "cipher_suite_names":[...]).
//     The name is the IANA name, "GREASE" for an RFC 8701 reserved value
//     (and the other registries' reserved GREASE ranges), or "unassigned".
//   - Objects that are themselves a registry value (a message, an
//     extension) carry it as "type" and "name".
//   - Opaque bytes are lower-case hex strings.
//   - Text on the wire (host names, ALPN protocols, URLs, identities) is a
//     JSON string: valid UTF-8 as is, JSON-escaped; every byte that is not
//     part of valid UTF-8 as the four characters \xNN.

import (
	"strconv"

	"github.com/tlswire/tlswire/internal/jsonappend"
)

// Names used for values that are not in their registry.
const (
	jsonGREASE     = "GREASE"
	jsonUnassigned = "unassigned"
)

// registryValue is a registry type with Known and String; String must not
// allocate for known values (registry_common.go).
type registryValue interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
	Known() bool
	String() string
}

// greaseRule says which reserved GREASE values a registry has.
type greaseRule uint8

const (
	greaseNone greaseRule = iota
	grease16              // RFC 8701 §2: 0x?a?a with equal bytes (IsGREASE)
	greasePSK             // RFC 8701 §2: PSK modes 0x0b + n*0x1f
	greaseQUIC            // RFC 9000 §18.1: transport parameter IDs 31*N+27
)

// isGREASEUnder reports whether v is a GREASE value under rule g.
func isGREASEUnder(g greaseRule, v uint64) bool {
	switch g {
	case grease16:
		return v <= 0xffff && IsGREASE(uint16(v))
	case greasePSK:
		return v <= 0xff && v >= 0x0b && (v-0x0b)%0x1f == 0
	case greaseQUIC:
		return v >= 27 && (v-27)%31 == 0
	}
	return false
}

// regName returns the JSON name of v: its registry name, "GREASE" or
// "unassigned". It does not allocate.
func regName[T registryValue](v T, g greaseRule) string {
	if isGREASEUnder(g, uint64(v)) {
		return jsonGREASE
	}
	if v.Known() {
		return v.String()
	}
	return jsonUnassigned
}

// jKey appends `,"key":`.
func jKey(b []byte, key string) []byte { return jsonappend.Key(b, key) }

// jOpen appends `{"key":`, the start of an object and its first member.
func jOpen(b []byte, key string) []byte { return jsonappend.Open(b, key) }

// jUint appends `,"key":v`.
func jUint(b []byte, key string, v uint64) []byte {
	return strconv.AppendUint(jKey(b, key), v, 10)
}

// jBool appends `,"key":true` or false.
func jBool(b []byte, key string, v bool) []byte {
	return strconv.AppendBool(jKey(b, key), v)
}

// jHex appends `,"key":"hex"`.
func jHex(b []byte, key string, data []byte) []byte {
	return appendHexString(jKey(b, key), data)
}

// jHexIf appends `,"key":"hex"` when data is not nil (the field belongs to
// the decoded form).
func jHexIf(b []byte, key string, data []byte) []byte {
	if data == nil {
		return b
	}
	return jHex(b, key, data)
}

// jText appends `,"key":"text"` (see appendJSONText).
func jText[S string | []byte](b []byte, key string, s S) []byte {
	return appendJSONText(jKey(b, key), s)
}

// jReg appends `,"key":N,"key_name":"name"`.
func jReg[T registryValue](b []byte, key string, v T, g greaseRule) []byte {
	b = strconv.AppendUint(jKey(b, key), uint64(v), 10)
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, `_name":`...)
	return appendJSONText(b, regName(v, g))
}

// jNamed appends `"key":N,"key_name":"name"`, a value and its name
// without a separator before them.
func jNamed(b []byte, key string, v uint64, name string) []byte {
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, '"', ':')
	b = strconv.AppendUint(b, v, 10)
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, `_name":`...)
	return appendJSONText(b, name)
}

// jOpenReg appends `{"key":N,"key_name":"name"`, the start of an object
// whose first member is a registry value.
func jOpenReg[T registryValue](b []byte, key string, v T, g greaseRule) []byte {
	return jNamed(append(b, '{'), key, uint64(v), regName(v, g))
}

// tableName is regName for an 8-bit value named by a local table.
func tableName(tab *[256]string, v uint8) string {
	if tab[v] != "" {
		return tab[v]
	}
	return jsonUnassigned
}

// jTable appends `,"key":N,"key_name":"name"` for a value named by tab.
func jTable(b []byte, key string, tab *[256]string, v uint8) []byte {
	return jNamed(append(b, ','), key, uint64(v), tableName(tab, v))
}

// jRegList appends `,"key":[N,...],"namesKey":["name",...]` for a list of
// values of registry T stored as E.
func jRegList[T registryValue, E ~uint8 | ~uint16 | ~uint32](b []byte, key, namesKey string, vs []E, g greaseRule) []byte {
	b = append(jKey(b, key), '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendUint(b, uint64(v), 10)
	}
	b = append(jKey(append(b, ']'), namesKey), '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(b, regName(T(v), g))
	}
	return append(b, ']')
}

// jHexList appends `,"key":["hex",...]`.
func jHexList(b []byte, key string, list [][]byte) []byte {
	b = append(jKey(b, key), '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendHexString(b, v)
	}
	return append(b, ']')
}

// jTextList appends `,"key":["text",...]`.
func jTextList(b []byte, key string, list [][]byte) []byte {
	b = append(jKey(b, key), '[')
	for i, v := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONText(b, v)
	}
	return append(b, ']')
}

// appendHexString appends data as a quoted lower-case hex string.
func appendHexString(b, data []byte) []byte { return jsonappend.Hex(b, data) }

const hexDigits = "0123456789abcdef"

// AppendJSONText appends s as a JSON string by the rule every tlswire
// JSON output follows (docs/json.md), for callers that render fields next
// to the wire's (tlsdump's flow objects do). It does not allocate beyond
// growing b.
func AppendJSONText(b []byte, s string) []byte { return jsonappend.Text(b, s) }

// appendJSONText appends s as a JSON string (jsonappend.Text).
func appendJSONText[S string | []byte](b []byte, s S) []byte { return jsonappend.Text(b, s) }
