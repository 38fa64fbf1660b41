// Package jsonappend appends JSON to a caller's buffer by the rules every
// tlswire JSON output follows (docs/json.md), for wire's renderers and
// tlsdump's flow objects alike: a member is appended with the comma before
// it (Key), an object starts with its first member (Open), opaque bytes are
// lower-case hex strings (Hex), and wire text keeps its bytes (Text). None
// of them allocates beyond growing the buffer.
package jsonappend

import (
	"encoding/hex"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// Key appends `,"key":`, a member after the first.
func Key(b []byte, key string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// Open appends `{"key":`, the start of an object and its first member.
func Open(b []byte, key string) []byte {
	b = append(b, '{', '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// Hex appends data as a quoted lower-case hex string.
func Hex(b, data []byte) []byte {
	b = append(b, '"')
	b = hex.AppendEncode(b, data)
	return append(b, '"')
}

// Text appends s as a JSON string by the rule of every tlswire JSON
// output (docs/json.md). Valid UTF-8 is kept (with the
// JSON escapes for '"', '\\' and control characters, and \u007f for DEL);
// each byte that is not part of valid UTF-8 is written as the four
// characters \xNN (JSON "\\xNN"), so the result is always valid JSON and
// no byte is lost silently.
func Text[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			if n := utf8SeqLen(s, i); n > 0 {
				i += n
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, '\\', '\\', 'x', hexDigits[c>>4], hexDigits[c&0xf])
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// utf8SeqLen returns the length of the valid UTF-8 sequence starting at
// s[i] (a byte >= 0x80), or 0 if there is none (RFC 3629 §4: no overlong
// forms, no surrogates, nothing above U+10FFFF).
func utf8SeqLen[S string | []byte](s S, i int) int {
	c := s[i]
	lo, hi := byte(0x80), byte(0xbf) // range of the second byte
	var n int
	switch {
	case c >= 0xc2 && c <= 0xdf:
		n = 2
	case c == 0xe0:
		n, lo = 3, 0xa0
	case c == 0xed:
		n, hi = 3, 0x9f
	case c >= 0xe1 && c <= 0xef:
		n = 3
	case c == 0xf0:
		n, lo = 4, 0x90
	case c >= 0xf1 && c <= 0xf3:
		n = 4
	case c == 0xf4:
		n, hi = 4, 0x8f
	default:
		return 0
	}
	if i+n > len(s) || s[i+1] < lo || s[i+1] > hi {
		return 0
	}
	for j := i + 2; j < i+n; j++ {
		if s[j] < 0x80 || s[j] > 0xbf {
			return 0
		}
	}
	return n
}
