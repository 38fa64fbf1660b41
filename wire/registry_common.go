package wire

// Shared pieces of the registry tables (registry_*.go). Every registry is
// kept as data: a [256]string for 8-bit code points, or a slice of entries
// with a map index built once at package initialisation for wider ones.
// Lookups of known values never allocate; only the "Type(N)" rendering of
// an unassigned value does.

import "strconv"

// Recommendation is the "Recommended" column of the TLS registries
// (RFC 8447 §5, draft-ietf-tls-rfc8447bis: Y, N or D).
type Recommendation uint8

// Values of the Recommended column.
const (
	// RecommendedN: not evaluated by the IETF, or limited applicability.
	// It is the zero value: registry entries are "N" unless marked.
	RecommendedN Recommendation = iota
	// RecommendedY: recommended by the IETF.
	RecommendedY
	// RecommendedD: discouraged; SHOULD NOT or MUST NOT be used.
	RecommendedD
)

var recommendationNames = [...]string{RecommendedN: "N", RecommendedY: "Y", RecommendedD: "D"}

// String returns "Y", "N" or "D".
func (r Recommendation) String() string {
	if int(r) < len(recommendationNames) {
		return recommendationNames[r]
	}
	return "Recommendation(" + strconv.Itoa(int(r)) + ")"
}

// greaseNames holds the rendering of the 16 GREASE values of RFC 8701 §2
// (0x0a0a, 0x1a1a, ... 0xfafa), so that naming them does not allocate.
var greaseNames = func() (n [16]string) {
	for i := range n {
		v := uint16(i)<<12 | 0x0a00 | uint16(i)<<4 | 0x0a
		n[i] = "GREASE(0x" + hex4(v) + ")"
	}
	return n
}()

// greaseName returns the GREASE rendering of v, which must satisfy IsGREASE.
func greaseName(v uint16) string { return greaseNames[v>>12] }

// hex4 formats v as four lower-case hex digits.
func hex4(v uint16) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[v>>12], digits[v>>8&0xf], digits[v>>4&0xf], digits[v&0xf]})
}

// unknownName renders an unassigned value as "Type(N)" (decimal, like the
// other String methods of the package). It allocates.
func unknownName(typ string, v uint64) string {
	return typ + "(" + strconv.FormatUint(v, 10) + ")"
}

// unknownHex renders an unassigned value as "Type(0xNNNN)", the form the
// 16-bit registries (cipher suites, groups, signature schemes, extensions)
// are usually written in. It allocates.
func unknownHex(typ string, v uint16) string {
	return typ + "(0x" + hex4(v) + ")"
}

// indexBy builds the lookup map of a registry table once, at package
// initialisation; it panics on a duplicate key, which is a bug in the table.
func indexBy[K comparable, E any](tab []E, key func(*E) K) map[K]*E {
	m := make(map[K]*E, len(tab))
	for i := range tab {
		k := key(&tab[i])
		if _, dup := m[k]; dup {
			panic("wire: duplicate registry entry")
		}
		m[k] = &tab[i]
	}
	return m
}

// codeName is a row of a small registry kept as a list: a value and its name.
type codeName[T comparable] struct {
	v    T
	name string
}

// lookupName returns the name of v in tab. It does not allocate.
func lookupName[T comparable](tab []codeName[T], v T) (string, bool) {
	for i := range tab {
		if tab[i].v == v {
			return tab[i].name, true
		}
	}
	return "", false
}
