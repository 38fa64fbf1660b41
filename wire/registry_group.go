package wire

// IANA "TLS Supported Groups" registry (tls-parameters-8, RFC 8446 §4.2.7,
// RFC 8422 §5.1.1, RFC 7919). Data: tls-parameters-8.csv with the
// draft-connolly-tls-mlkem-key-agreement-05 and
// draft-kwiatkowski-tls-ecdhe-mlkem-03 entries and the rfc8447bis-14 "D"
// markings (2025). See docs/registries.md.

// NamedGroup is a key exchange group code point (RFC 8446 §4.2.7
// NamedGroup; "NamedCurve" in RFC 4492).
type NamedGroup uint16

// Commonly used groups.
const (
	CurveSECP256K1       NamedGroup = 22
	CurveP256            NamedGroup = 23 // secp256r1
	CurveP384            NamedGroup = 24 // secp384r1
	CurveP521            NamedGroup = 25 // secp521r1
	BrainpoolP256r1      NamedGroup = 26
	BrainpoolP384r1      NamedGroup = 27
	BrainpoolP512r1      NamedGroup = 28
	X25519               NamedGroup = 29
	X448                 NamedGroup = 30
	BrainpoolP256r1TLS13 NamedGroup = 31
	BrainpoolP384r1TLS13 NamedGroup = 32
	BrainpoolP512r1TLS13 NamedGroup = 33
	GC256A               NamedGroup = 34
	GC256B               NamedGroup = 35
	GC256C               NamedGroup = 36
	GC256D               NamedGroup = 37
	GC512A               NamedGroup = 38
	GC512B               NamedGroup = 39
	GC512C               NamedGroup = 40
	CurveSM2             NamedGroup = 41
	FFDHE2048            NamedGroup = 256
	FFDHE3072            NamedGroup = 257
	FFDHE4096            NamedGroup = 258
	FFDHE6144            NamedGroup = 259
	FFDHE8192            NamedGroup = 260
	MLKEM512             NamedGroup = 0x0200
	MLKEM768             NamedGroup = 0x0201
	MLKEM1024            NamedGroup = 0x0202
	SecP256r1MLKEM768    NamedGroup = 0x11eb
	X25519MLKEM768       NamedGroup = 0x11ec
	SecP384r1MLKEM1024   NamedGroup = 0x11ed
	// X25519Kyber768Draft00 is the pre-standard hybrid, obsoleted by X25519MLKEM768.
	X25519Kyber768Draft00 NamedGroup = 0x6399
	// SecP256r1Kyber768Draft00 is obsoleted by SecP256r1MLKEM768.
	SecP256r1Kyber768Draft00     NamedGroup = 0x639a
	ArbitraryExplicitPrimeCurves NamedGroup = 0xff01
	ArbitraryExplicitChar2Curves NamedGroup = 0xff02
)

// GroupKind classifies a group by the mathematics of its key exchange.
type GroupKind uint8

// Group kinds.
const (
	GroupEC     GroupKind = iota + 1 // elliptic curve (ECDHE, RFC 8422, RFC 8446)
	GroupFFDHE                       // finite field (RFC 7919)
	GroupPQ                          // post-quantum KEM only (ML-KEM)
	GroupHybrid                      // ECDHE combined with a post-quantum KEM
)

var groupKindNames = [...]string{GroupEC: "EC", GroupFFDHE: "FFDHE", GroupPQ: "PQ", GroupHybrid: "hybrid"}

// String returns "EC", "FFDHE", "PQ" or "hybrid".
func (k GroupKind) String() string {
	if int(k) < len(groupKindNames) && groupKindNames[k] != "" {
		return groupKindNames[k]
	}
	return unknownName("GroupKind", uint64(k))
}

// NamedGroupInfo is one row of the supported groups table.
type NamedGroupInfo struct {
	ID          NamedGroup
	Name        string // IANA description
	Kind        GroupKind
	DTLSOK      bool
	Recommended Recommendation
	Obsolete    bool // marked OBSOLETE by the registry
}

// namedGroupTable is the registry, sorted by value.
var namedGroupTable = []NamedGroupInfo{
	{1, "sect163k1", GroupEC, true, RecommendedD, false},
	{2, "sect163r1", GroupEC, true, RecommendedD, false},
	{3, "sect163r2", GroupEC, true, RecommendedD, false},
	{4, "sect193r1", GroupEC, true, RecommendedD, false},
	{5, "sect193r2", GroupEC, true, RecommendedD, false},
	{6, "sect233k1", GroupEC, true, RecommendedD, false},
	{7, "sect233r1", GroupEC, true, RecommendedD, false},
	{8, "sect239k1", GroupEC, true, RecommendedD, false},
	{9, "sect283k1", GroupEC, true, RecommendedN, false},
	{10, "sect283r1", GroupEC, true, RecommendedN, false},
	{11, "sect409k1", GroupEC, true, RecommendedN, false},
	{12, "sect409r1", GroupEC, true, RecommendedN, false},
	{13, "sect571k1", GroupEC, true, RecommendedN, false},
	{14, "sect571r1", GroupEC, true, RecommendedN, false},
	{15, "secp160k1", GroupEC, true, RecommendedD, false},
	{16, "secp160r1", GroupEC, true, RecommendedD, false},
	{17, "secp160r2", GroupEC, true, RecommendedD, false},
	{18, "secp192k1", GroupEC, true, RecommendedD, false},
	{19, "secp192r1", GroupEC, true, RecommendedD, false},
	{20, "secp224k1", GroupEC, true, RecommendedD, false},
	{21, "secp224r1", GroupEC, true, RecommendedD, false},
	{CurveSECP256K1, "secp256k1", GroupEC, true, RecommendedN, false},
	{CurveP256, "secp256r1", GroupEC, true, RecommendedY, false},
	{CurveP384, "secp384r1", GroupEC, true, RecommendedY, false},
	{CurveP521, "secp521r1", GroupEC, true, RecommendedN, false},
	{BrainpoolP256r1, "brainpoolP256r1", GroupEC, true, RecommendedN, false},
	{BrainpoolP384r1, "brainpoolP384r1", GroupEC, true, RecommendedN, false},
	{BrainpoolP512r1, "brainpoolP512r1", GroupEC, true, RecommendedN, false},
	{X25519, "x25519", GroupEC, true, RecommendedY, false},
	{X448, "x448", GroupEC, true, RecommendedY, false},
	{BrainpoolP256r1TLS13, "brainpoolP256r1tls13", GroupEC, true, RecommendedN, false},
	{BrainpoolP384r1TLS13, "brainpoolP384r1tls13", GroupEC, true, RecommendedN, false},
	{BrainpoolP512r1TLS13, "brainpoolP512r1tls13", GroupEC, true, RecommendedN, false},
	{GC256A, "GC256A", GroupEC, true, RecommendedN, false},
	{GC256B, "GC256B", GroupEC, true, RecommendedN, false},
	{GC256C, "GC256C", GroupEC, true, RecommendedN, false},
	{GC256D, "GC256D", GroupEC, true, RecommendedN, false},
	{GC512A, "GC512A", GroupEC, true, RecommendedN, false},
	{GC512B, "GC512B", GroupEC, true, RecommendedN, false},
	{GC512C, "GC512C", GroupEC, true, RecommendedN, false},
	{CurveSM2, "curveSM2", GroupEC, false, RecommendedN, false},
	{FFDHE2048, "ffdhe2048", GroupFFDHE, true, RecommendedN, false},
	{FFDHE3072, "ffdhe3072", GroupFFDHE, true, RecommendedN, false},
	{FFDHE4096, "ffdhe4096", GroupFFDHE, true, RecommendedN, false},
	{FFDHE6144, "ffdhe6144", GroupFFDHE, true, RecommendedN, false},
	{FFDHE8192, "ffdhe8192", GroupFFDHE, true, RecommendedN, false},
	{MLKEM512, "MLKEM512", GroupPQ, true, RecommendedN, false},
	{MLKEM768, "MLKEM768", GroupPQ, true, RecommendedN, false},
	{MLKEM1024, "MLKEM1024", GroupPQ, true, RecommendedN, false},
	{SecP256r1MLKEM768, "SecP256r1MLKEM768", GroupHybrid, true, RecommendedN, false},
	{X25519MLKEM768, "X25519MLKEM768", GroupHybrid, true, RecommendedN, false},
	{SecP384r1MLKEM1024, "SecP384r1MLKEM1024", GroupHybrid, true, RecommendedN, false},
	{X25519Kyber768Draft00, "X25519Kyber768Draft00", GroupHybrid, true, RecommendedN, true},
	{SecP256r1Kyber768Draft00, "SecP256r1Kyber768Draft00", GroupHybrid, true, RecommendedN, true},
	{ArbitraryExplicitPrimeCurves, "arbitrary_explicit_prime_curves", GroupEC, true, RecommendedN, false},
	{ArbitraryExplicitChar2Curves, "arbitrary_explicit_char2_curves", GroupEC, true, RecommendedN, false},
}

var namedGroupIndex = indexBy(namedGroupTable, func(e *NamedGroupInfo) NamedGroup { return e.ID })

// LookupNamedGroup returns the table entry of g. It does not allocate.
// The entry is shared: the caller must not modify it.
func LookupNamedGroup(g NamedGroup) (*NamedGroupInfo, bool) {
	e, ok := namedGroupIndex[g]
	return e, ok
}

// NamedGroups returns the whole table, ordered by value. The caller must
// not modify it.
func NamedGroups() []NamedGroupInfo { return namedGroupTable }

// String returns the IANA name, a GREASE mark, or "NamedGroup(0xNNNN)".
func (g NamedGroup) String() string {
	if e, ok := namedGroupIndex[g]; ok {
		return e.Name
	}
	if IsGREASE(uint16(g)) {
		return greaseName(uint16(g))
	}
	return unknownHex("NamedGroup", uint16(g))
}

// Known reports whether g is assigned in the registry.
func (g NamedGroup) Known() bool {
	_, ok := namedGroupIndex[g]
	return ok
}

// IsGREASE reports whether g is one of the RFC 8701 reserved values.
func (g NamedGroup) IsGREASE() bool { return IsGREASE(uint16(g)) }

// IsFFDHE reports whether g is a finite field group: the RFC 7919 groups
// and the private-use range 0x01fc-0x01ff reserved for FFDHE.
func (g NamedGroup) IsFFDHE() bool { return g >= 0x0100 && g <= 0x01ff }

// IANA "EC Point Format" registry (tls-parameters-9, RFC 8422 §5.1.2).

// ECPointFormat is an elliptic curve point format (RFC 8422 §5.1.2).
type ECPointFormat uint8

// Point formats.
const (
	PointFormatUncompressed            ECPointFormat = 0
	PointFormatANSIX962CompressedPrime ECPointFormat = 1 // deprecated by RFC 8422
	PointFormatANSIX962CompressedChar2 ECPointFormat = 2 // deprecated by RFC 8422
)

var ecPointFormatNames = [256]string{
	PointFormatUncompressed:            "uncompressed",
	PointFormatANSIX962CompressedPrime: "ansiX962_compressed_prime",
	PointFormatANSIX962CompressedChar2: "ansiX962_compressed_char2",
}

// String returns the IANA name or "ECPointFormat(N)".
func (f ECPointFormat) String() string {
	if n := ecPointFormatNames[f]; n != "" {
		return n
	}
	return unknownName("ECPointFormat", uint64(f))
}

// Known reports whether f is assigned in the registry.
func (f ECPointFormat) Known() bool { return ecPointFormatNames[f] != "" }

// IANA "EC Curve Type" registry (tls-parameters-10, RFC 8422 §5.4).

// ECCurveType is the curve_type of ECParameters in ServerKeyExchange.
type ECCurveType uint8

// Curve types.
const (
	CurveTypeExplicitPrime ECCurveType = 1 // deprecated by RFC 8422
	CurveTypeExplicitChar2 ECCurveType = 2 // deprecated by RFC 8422
	CurveTypeNamedCurve    ECCurveType = 3
)

var ecCurveTypeNames = [256]string{
	CurveTypeExplicitPrime: "explicit_prime",
	CurveTypeExplicitChar2: "explicit_char2",
	CurveTypeNamedCurve:    "named_curve",
}

// String returns the IANA name or "ECCurveType(N)".
func (t ECCurveType) String() string {
	if n := ecCurveTypeNames[t]; n != "" {
		return n
	}
	return unknownName("ECCurveType", uint64(t))
}

// Known reports whether t is assigned in the registry.
func (t ECCurveType) Known() bool { return ecCurveTypeNames[t] != "" }
