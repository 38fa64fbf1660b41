package wire

import (
	"crypto/tls"
	"go/ast"
	"go/constant"
	"go/importer"
	goparser "go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// registryCheckers maps each registry type of the package to a function
// returning the String and Known of a value. TestRegistryConstantsNamed
// requires every registry type declared in registry_*.go to be listed.
var registryCheckers = map[string]func(v uint64) (string, bool){
	"CipherSuite":               checker[CipherSuite](),
	"SSLv2CipherKind":           checker[SSLv2CipherKind](),
	"NamedGroup":                checker[NamedGroup](),
	"SignatureScheme":           checker[SignatureScheme](),
	"HashAlgorithm":             checker[HashAlgorithm](),
	"SignatureAlgorithm":        checker[SignatureAlgorithm](),
	"ExtensionType":             checker[ExtensionType](),
	"ECPointFormat":             checker[ECPointFormat](),
	"ECCurveType":               checker[ECCurveType](),
	"ProtocolVersion":           checker[ProtocolVersion](),
	"AlertDescription":          checker[AlertDescription](),
	"HandshakeType":             checker[HandshakeType](),
	"ContentType":               checker[ContentType](),
	"PSKKeyExchangeMode":        checker[PSKKeyExchangeMode](),
	"KeyUpdateRequest":          checker[KeyUpdateRequest](),
	"CompressionMethod":         checker[CompressionMethod](),
	"HeartbeatMode":             checker[HeartbeatMode](),
	"HeartbeatMessageType":      checker[HeartbeatMessageType](),
	"MaxFragmentLength":         checker[MaxFragmentLength](),
	"SRTPProtectionProfile":     checker[SRTPProtectionProfile](),
	"NameType":                  checker[NameType](),
	"CertChainType":             checker[CertChainType](),
	"SupplementalDataType":      checker[SupplementalDataType](),
	"UserMappingType":           checker[UserMappingType](),
	"AuthzDataFormat":           checker[AuthzDataFormat](),
	"TokenBindingKeyParameters": checker[TokenBindingKeyParameters](),
	"CertificateType":           checker[CertificateType](),
	"ClientCertificateType":     checker[ClientCertificateType](),
	"CertificateStatusType":     checker[CertificateStatusType](),
	"CertCompressionAlgorithm":  checker[CertCompressionAlgorithm](),
	"CachedInformationType":     checker[CachedInformationType](),
	"HPKEKEM":                   checker[HPKEKEM](),
	"HPKEKDF":                   checker[HPKEKDF](),
	"HPKEAEAD":                  checker[HPKEAEAD](),
	"QUICTransportParameterID":  checker[QUICTransportParameterID](),
	"TLSFlag":                   checker[TLSFlag](),
	"AlertLevel":                enumChecker(func(v uint64) string { return AlertLevel(v).String() }, "AlertLevel("),
	"KeyExchange":               enumChecker(func(v uint64) string { return KeyExchange(v).String() }, "KeyExchange("),
	"Authentication":            enumChecker(func(v uint64) string { return Authentication(v).String() }, "Authentication("),
	"BulkCipher":                enumChecker(func(v uint64) string { return BulkCipher(v).String() }, "BulkCipher("),
	"MACHash":                   enumChecker(func(v uint64) string { return MACHash(v).String() }, "MACHash("),
	"Recommendation":            enumChecker(func(v uint64) string { return Recommendation(v).String() }, "Recommendation("),
	"GroupKind":                 enumChecker(func(v uint64) string { return GroupKind(v).String() }, "GroupKind("),
	"ExtMessage":                enumChecker(func(v uint64) string { return ExtMessage(v).String() }, "?"),
}

// checker returns the String and Known of a value of registry type T.
func checker[T interface {
	~uint8 | ~uint16 | ~uint32 | ~uint64
	String() string
	Known() bool
}]() func(uint64) (string, bool) {
	return func(v uint64) (string, bool) { return T(v).String(), T(v).Known() }
}

// enumChecker adapts a String method of a type without Known: a value is
// known when its String is not the fallback rendering.
func enumChecker(str func(uint64) string, fallback string) func(uint64) (string, bool) {
	return func(v uint64) (string, bool) {
		s := str(v)
		return s, !strings.HasPrefix(s, fallback)
	}
}

// typeCheckPackage type-checks the non-test Go files of this directory.
// Import errors are ignored: only the constant declarations matter, and
// those do not depend on imported packages.
func typeCheckPackage(t *testing.T) (*types.Package, map[string]bool) {
	t.Helper()
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	registryTypes := map[string]bool{} // types declared in registry_*.go
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := goparser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		if !strings.HasPrefix(name, "registry_") {
			continue
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
				for _, s := range g.Specs {
					registryTypes[s.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("wire", fset, files, nil)
	return pkg, registryTypes
}

func TestRegistryConstantsNamed(t *testing.T) {
	pkg, registryTypes := typeCheckPackage(t)
	checked := 0
	for _, name := range pkg.Scope().Names() {
		c, ok := pkg.Scope().Lookup(name).(*types.Const)
		if !ok || !c.Exported() {
			continue
		}
		// Protocol versions are untyped-uint16 constants (version.go).
		if strings.HasPrefix(name, "Version") && types.Identical(c.Type(), types.Typ[types.Uint16]) {
			v, _ := constant.Uint64Val(c.Val())
			if s := ProtocolVersion(v).String(); !ProtocolVersion(v).Known() {
				t.Errorf("%s = %#x: no version name (%s)", name, v, s)
			}
			checked++
			continue
		}
		if c.Val().Kind() == constant.String && strings.HasPrefix(name, "ALPN") {
			if _, ok := LookupALPN([]byte(constant.StringVal(c.Val()))); !ok {
				t.Errorf("%s = %s: not in the ALPN registry table", name, c.Val())
			}
			checked++
			continue
		}
		named, ok := c.Type().(*types.Named)
		if !ok {
			continue
		}
		tname := named.Obj().Name()
		check, ok := registryCheckers[tname]
		if !ok {
			if registryTypes[tname] {
				t.Errorf("constant %s of registry type %s: type missing from registryCheckers", name, tname)
			}
			continue
		}
		v, exact := constant.Uint64Val(c.Val())
		if !exact {
			t.Errorf("%s: value %s is not an unsigned integer", name, c.Val())
			continue
		}
		if s, known := check(v); !known || s == "" {
			t.Errorf("%s (%s %#x) has no registry name: String() = %q", name, tname, v, s)
		}
		checked++
	}
	if checked < 300 {
		t.Errorf("only %d registry constants found: the type check failed?", checked)
	}
	for tname := range registryCheckers {
		if pkg.Scope().Lookup(tname) == nil {
			t.Errorf("registryCheckers lists %s, which the package does not declare", tname)
		}
	}
}

// namedEntry is a (value, name) row of any registry, for the generic checks.
type namedEntry struct {
	v    uint64
	name string
}

func arrayEntries(names []string) []namedEntry {
	var e []namedEntry
	for i, n := range names {
		if n != "" {
			e = append(e, namedEntry{uint64(i), n})
		}
	}
	return e
}

func tableEntries[E any](tab []E, f func(*E) namedEntry) []namedEntry {
	e := make([]namedEntry, len(tab))
	for i := range tab {
		e[i] = f(&tab[i])
	}
	return e
}

func codeNameEntries[T interface {
	comparable
	~uint16 | ~uint32
}](tab []codeName[T]) []namedEntry {
	return tableEntries(tab, func(e *codeName[T]) namedEntry { return namedEntry{uint64(e.v), e.name} })
}

// allRegistries lists every registry table with its entries.
func allRegistries() map[string][]namedEntry {
	return map[string][]namedEntry{
		"cipher suites":    tableEntries(cipherSuiteTable, func(e *CipherSuiteInfo) namedEntry { return namedEntry{uint64(e.ID), e.Name} }),
		"sslv2 kinds":      codeNameEntries(sslv2CipherKindTable),
		"groups":           tableEntries(namedGroupTable, func(e *NamedGroupInfo) namedEntry { return namedEntry{uint64(e.ID), e.Name} }),
		"signature scheme": tableEntries(signatureSchemeTable, func(e *SignatureSchemeInfo) namedEntry { return namedEntry{uint64(e.ID), e.Name} }),
		"extensions":       tableEntries(extensionTable, func(e *ExtensionInfo) namedEntry { return namedEntry{uint64(e.Type), e.Name} }),
		"versions":         codeNameEntries(protocolVersionTable),
		"hpke kem":         codeNameEntries(hpkeKEMTable),
		"hpke aead":        codeNameEntries(hpkeAEADTable),
		"supplemental":     codeNameEntries(supplementalDataTypeTable),
		"quic": tableEntries(quicTransportParameterTable, func(e *quicTransportParameterEntry) namedEntry {
			return namedEntry{uint64(e.id), e.name}
		}),
		"tls flags":        tableEntries(tlsFlagTable, func(e *TLSFlagInfo) namedEntry { return namedEntry{uint64(e.Flag), e.Name} }),
		"alpn":             tableEntries(alpnTable, func(e *ALPNProtocolInfo) namedEntry { return namedEntry{0, e.ID} }),
		"hpke kdf":         arrayEntries(hpkeKDFNames[:]),
		"alerts":           arrayEntries(alertDescriptionNames[:]),
		"handshake types":  arrayEntries(handshakeTypeNames[:]),
		"content types":    arrayEntries(contentTypeNames[:]),
		"point formats":    arrayEntries(ecPointFormatNames[:]),
		"curve types":      arrayEntries(ecCurveTypeNames[:]),
		"hash algorithms":  arrayEntries(hashAlgorithmNames[:]),
		"sig algorithms":   arrayEntries(signatureAlgorithmNames[:]),
		"psk modes":        arrayEntries(pskKeyExchangeModeNames[:]),
		"key update":       arrayEntries(keyUpdateRequestNames[:]),
		"compression":      arrayEntries(compressionMethodNames[:]),
		"heartbeat modes":  arrayEntries(heartbeatModeNames[:]),
		"heartbeat types":  arrayEntries(heartbeatMessageTypeNames[:]),
		"max fragment":     arrayEntries(maxFragmentLengthNames[:]),
		"srtp":             arrayEntries(srtpProtectionProfileNames[:]),
		"name types":       arrayEntries(nameTypeNames[:]),
		"chain types":      arrayEntries(certChainTypeNames[:]),
		"user mapping":     arrayEntries(userMappingTypeNames[:]),
		"authz formats":    arrayEntries(authzDataFormatNames[:]),
		"token binding":    arrayEntries(tokenBindingKeyParametersNames[:]),
		"cert types":       arrayEntries(certificateTypeNames[:]),
		"client cert":      arrayEntries(clientCertificateTypeNames[:]),
		"status types":     arrayEntries(certificateStatusTypeNames[:]),
		"cert compression": arrayEntries(certCompressionAlgorithmNames[:]),
		"cached info":      arrayEntries(cachedInformationTypeNames[:]),
	}
}

func TestRegistryNamesUnique(t *testing.T) {
	for reg, entries := range allRegistries() {
		if len(entries) == 0 {
			t.Errorf("%s: empty registry", reg)
		}
		seen := map[string]uint64{}
		for _, e := range entries {
			if e.name == "" || strings.TrimSpace(e.name) != e.name {
				t.Errorf("%s: value %#x has a blank or padded name %q", reg, e.v, e.name)
			}
			if prev, dup := seen[e.name]; dup {
				t.Errorf("%s: name %q used for %#x and %#x", reg, e.name, prev, e.v)
			}
			seen[e.name] = e.v
		}
	}
}

func TestRegistryTablesSorted(t *testing.T) {
	for reg, entries := range map[string][]namedEntry{
		"cipher suites":    allRegistries()["cipher suites"],
		"groups":           allRegistries()["groups"],
		"signature scheme": allRegistries()["signature scheme"],
		"extensions":       allRegistries()["extensions"],
		"quic":             allRegistries()["quic"],
		"hpke kem":         allRegistries()["hpke kem"],
	} {
		if !slices.IsSortedFunc(entries, func(a, b namedEntry) int { return int(a.v) - int(b.v) }) {
			t.Errorf("%s: table not sorted by value", reg)
		}
	}
}

func TestCipherSuiteSpotChecks(t *testing.T) {
	for _, c := range []struct {
		id     CipherSuite
		name   string
		kx     KeyExchange
		auth   Authentication
		cipher BulkCipher
		hash   MACHash
		rec    Recommendation
	}{
		{0x0000, "TLS_NULL_WITH_NULL_NULL", KeyExchangeNULL, AuthNULL, CipherNULL, HashNULL, RecommendedN},
		{0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", KeyExchangeRSAExport, AuthRSA, CipherRC4_40, HashMD5, RecommendedN},
		{0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", KeyExchangeRSA, AuthRSA, Cipher3DES_EDE_CBC, HashSHA1, RecommendedN},
		{0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", KeyExchangeDHE, AuthDSS, Cipher3DES_EDE_CBC, HashSHA1, RecommendedN},
		{0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", KeyExchangeDHanon, AuthAnon, CipherRC4_128, HashMD5, RecommendedN},
		{0x0030, "TLS_DH_DSS_WITH_AES_128_CBC_SHA", KeyExchangeDH, AuthDSS, CipherAES_128_CBC, HashSHA1, RecommendedN},
		{0x0026, "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA", KeyExchangeKRB5, AuthKRB5, CipherDES40_CBC, HashSHA1, RecommendedN},
		{0x0094, "TLS_RSA_PSK_WITH_AES_128_CBC_SHA", KeyExchangeRSAPSK, AuthRSA, CipherAES_128_CBC, HashSHA1, RecommendedN},
		{0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchangeDHE, AuthRSA, CipherAES_128_GCM, HashSHA256, RecommendedY},
		{0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", KeyExchangePSK, AuthPSK, CipherAES_128_GCM, HashSHA256, RecommendedN},
		{0x00ab, "TLS_DHE_PSK_WITH_AES_256_GCM_SHA384", KeyExchangeDHEPSK, AuthPSK, CipherAES_256_GCM, HashSHA384, RecommendedY},
		{0x00c6, "TLS_SM4_GCM_SM3", KeyExchangeTLS13, AuthTLS13, CipherSM4_GCM, HashSM3, RecommendedN},
		{0x1301, "TLS_AES_128_GCM_SHA256", KeyExchangeTLS13, AuthTLS13, CipherAES_128_GCM, HashSHA256, RecommendedY},
		{0x1303, "TLS_CHACHA20_POLY1305_SHA256", KeyExchangeTLS13, AuthTLS13, CipherChaCha20_Poly1305, HashSHA256, RecommendedY},
		{0x1305, "TLS_AES_128_CCM_8_SHA256", KeyExchangeTLS13, AuthTLS13, CipherAES_128_CCM_8, HashSHA256, RecommendedN},
		{0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", KeyExchangeECDHE, AuthECDSA, Cipher3DES_EDE_CBC, HashSHA1, RecommendedN},
		{0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", KeyExchangeECDH, AuthRSA, CipherAES_128_CBC, HashSHA1, RecommendedN},
		{0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", KeyExchangeECDHanon, AuthAnon, CipherAES_128_CBC, HashSHA1, RecommendedN},
		{0xc01b, "TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA", KeyExchangeSRP, AuthRSA, Cipher3DES_EDE_CBC, HashSHA1, RecommendedN},
		{0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", KeyExchangeECDHE, AuthRSA, CipherAES_128_GCM, HashSHA256, RecommendedY},
		{0xc035, "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA", KeyExchangeECDHEPSK, AuthPSK, CipherAES_128_CBC, HashSHA1, RecommendedN},
		{0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384", KeyExchangeECDHE, AuthECDSA, CipherARIA_256_GCM, HashSHA384, RecommendedN},
		{0xc09c, "TLS_RSA_WITH_AES_128_CCM", KeyExchangeRSA, AuthRSA, CipherAES_128_CCM, HashSHA256, RecommendedN},
		{0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", KeyExchangeDHEPSK, AuthPSK, CipherAES_128_CCM_8, HashSHA256, RecommendedN},
		{0xc0b0, "TLS_ECCPWD_WITH_AES_128_GCM_SHA256", KeyExchangeECCPWD, AuthECCPWD, CipherAES_128_GCM, HashSHA256, RecommendedN},
		{0xc0b4, "TLS_SHA256_SHA256", KeyExchangeTLS13, AuthTLS13, CipherNULL, HashSHA256, RecommendedN},
		{0xc100, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC", KeyExchangeGOST, AuthGOST, CipherKuznyechik_CTR_OMAC, HashGOSTR341112_256, RecommendedN},
		{0xc103, "TLS_GOSTR341112_256_WITH_KUZNYECHIK_MGM_L", KeyExchangeTLS13, AuthTLS13, CipherKuznyechik_MGM_L, HashGOSTR341112_256, RecommendedN},
		{0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", KeyExchangeECDHE, AuthRSA, CipherChaCha20_Poly1305, HashSHA256, RecommendedY},
		{0xd005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", KeyExchangeECDHEPSK, AuthPSK, CipherAES_128_CCM, HashSHA256, RecommendedY},
	} {
		e, ok := LookupCipherSuite(c.id)
		if !ok {
			t.Errorf("%#04x: not in the table", uint16(c.id))
			continue
		}
		got := [...]any{e.Name, e.KeyExchange, e.Auth, e.Cipher, e.Hash, e.Recommended}
		want := [...]any{c.name, c.kx, c.auth, c.cipher, c.hash, c.rec}
		if got != want {
			t.Errorf("%#04x: got %v, want %v", uint16(c.id), got, want)
		}
		if c.id.String() != c.name || CipherSuiteKeyExchange(uint16(c.id)) != c.kx || c.id.KeyExchange() != c.kx {
			t.Errorf("%#04x: String/KeyExchange disagree with the table", uint16(c.id))
		}
	}

	export, _ := LookupCipherSuite(0x0014) // TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA
	aes, _ := LookupCipherSuite(TLS_RSA_WITH_AES_128_CBC_SHA)
	rc4, _ := LookupCipherSuite(TLS_RSA_WITH_RC4_128_SHA)
	reneg, _ := LookupCipherSuite(TLS_EMPTY_RENEGOTIATION_INFO_SCSV)
	fallback, _ := LookupCipherSuite(TLS_FALLBACK_SCSV)
	integrity, _ := LookupCipherSuite(TLS_SHA384_SHA384)
	oldChaCha, _ := LookupCipherSuite(0xcc13)
	switch {
	case !export.Export() || aes.Export():
		t.Error("Export flag wrong")
	case rc4.DTLSOK() || !aes.DTLSOK():
		t.Error("DTLS-OK flag wrong (RC4 is not DTLS-OK)")
	case !reneg.SCSV() || !fallback.SCSV() || aes.SCSV():
		t.Error("SCSV flag wrong")
	case reneg.KeyExchange != KeyExchangeUnknown || CipherSuiteKeyExchange(0x5600) != KeyExchangeUnknown:
		t.Error("signalling values must have no key exchange")
	case !integrity.IntegrityOnly() || !integrity.TLS13() || aes.IntegrityOnly():
		t.Error("RFC 9150 integrity-only flag wrong")
	case oldChaCha.Registered() || !aes.Registered():
		t.Error("Registered flag wrong")
	case CipherSuiteKeyExchange(0x1301).String() != "TLS13":
		t.Error("KeyExchangeTLS13 name")
	}
	if got := CipherSuiteKeyExchange(0x1234); got != KeyExchangeUnknown {
		t.Errorf("unassigned 0x1234: key exchange %v", got)
	}
	if n := len(CipherSuites()); n < 340 {
		t.Errorf("cipher suite table has %d entries, want the full registry (> 340)", n)
	}
}

// TestCipherSuiteTableMatchesNames derives key exchange, authentication,
// cipher and hash from each suite's name and compares them with the
// table's columns, so a hand edit of one column cannot go unnoticed.
func TestCipherSuiteTableMatchesNames(t *testing.T) {
	type kxAuth struct {
		kx   KeyExchange
		auth Authentication
	}
	prefixes := map[string]kxAuth{
		"NULL": {KeyExchangeNULL, AuthNULL}, "RSA": {KeyExchangeRSA, AuthRSA}, "RSA_FIPS": {KeyExchangeRSA, AuthRSA},
		"RSA_EXPORT": {KeyExchangeRSAExport, AuthRSA}, "RSA_EXPORT1024": {KeyExchangeRSAExport, AuthRSA},
		"DH_DSS": {KeyExchangeDH, AuthDSS}, "DH_RSA": {KeyExchangeDH, AuthRSA},
		"DH_DSS_EXPORT": {KeyExchangeDH, AuthDSS}, "DH_RSA_EXPORT": {KeyExchangeDH, AuthRSA},
		"DHE_DSS": {KeyExchangeDHE, AuthDSS}, "DHE_RSA": {KeyExchangeDHE, AuthRSA},
		"DHE_DSS_EXPORT": {KeyExchangeDHE, AuthDSS}, "DHE_RSA_EXPORT": {KeyExchangeDHE, AuthRSA},
		"DHE_DSS_EXPORT1024": {KeyExchangeDHE, AuthDSS},
		"DH_anon":            {KeyExchangeDHanon, AuthAnon}, "DH_anon_EXPORT": {KeyExchangeDHanon, AuthAnon},
		"ECDH_anon": {KeyExchangeECDHanon, AuthAnon},
		"KRB5":      {KeyExchangeKRB5, AuthKRB5}, "KRB5_EXPORT": {KeyExchangeKRB5, AuthKRB5},
		"PSK": {KeyExchangePSK, AuthPSK}, "DHE_PSK": {KeyExchangeDHEPSK, AuthPSK}, "PSK_DHE": {KeyExchangeDHEPSK, AuthPSK},
		"RSA_PSK": {KeyExchangeRSAPSK, AuthRSA}, "ECDHE_PSK": {KeyExchangeECDHEPSK, AuthPSK},
		"ECDH_ECDSA": {KeyExchangeECDH, AuthECDSA}, "ECDH_RSA": {KeyExchangeECDH, AuthRSA},
		"ECDHE_ECDSA": {KeyExchangeECDHE, AuthECDSA}, "ECDHE_RSA": {KeyExchangeECDHE, AuthRSA},
		"SRP_SHA": {KeyExchangeSRP, AuthSRP}, "SRP_SHA_RSA": {KeyExchangeSRP, AuthRSA}, "SRP_SHA_DSS": {KeyExchangeSRP, AuthDSS},
		"ECCPWD": {KeyExchangeECCPWD, AuthECCPWD}, "GOSTR341112_256": {KeyExchangeGOST, AuthGOST},
	}
	hashes := map[string]MACHash{"MD5": HashMD5, "SHA": HashSHA1, "SHA256": HashSHA256, "SHA384": HashSHA384, "SM3": HashSM3}
	for i := range cipherSuiteTable {
		e := &cipherSuiteTable[i]
		name := strings.TrimSuffix(e.Name, "_OLD")
		body := name[len("TLS_"):]
		if !strings.HasPrefix(name, "TLS_") && !strings.HasPrefix(name, "SSL_") {
			t.Errorf("%#04x %s: name has neither TLS_ nor SSL_ prefix", uint16(e.ID), e.Name)
			continue
		}
		var want kxAuth
		var cipher string
		hash := HashUnknown
		switch {
		case e.SCSV():
			if !strings.HasSuffix(name, "_SCSV") || e.KeyExchange != KeyExchangeUnknown || e.Cipher != CipherUnknown {
				t.Errorf("%s: bad SCSV row", e.Name)
			}
			continue
		case name == "TLS_NULL_WITH_NULL_NULL":
			want, cipher, hash = kxAuth{KeyExchangeNULL, AuthNULL}, "NULL", HashNULL
		case !strings.Contains(body, "_WITH_"): // TLS 1.3 form: TLS_<AEAD>_<HASH>
			i := strings.LastIndexByte(body, '_')
			want, cipher, hash = kxAuth{KeyExchangeTLS13, AuthTLS13}, body[:i], hashes[body[i+1:]]
			if cipher == "SHA256" || cipher == "SHA384" { // RFC 9150
				cipher = "NULL"
			}
		default:
			kx, rest, _ := strings.Cut(body, "_WITH_")
			want = prefixes[kx]
			cipher = rest
			if kx == "GOSTR341112_256" {
				hash = HashGOSTR341112_256
				if strings.Contains(rest, "_MGM_") { // RFC 9367: TLS 1.3 suites
					want = kxAuth{KeyExchangeTLS13, AuthTLS13}
				}
			} else if i := strings.LastIndexByte(rest, '_'); i >= 0 && hashes[rest[i+1:]] != HashUnknown {
				cipher, hash = rest[:i], hashes[rest[i+1:]]
			} else if strings.Contains(rest, "CCM") { // RFC 6655, RFC 7251: SHA-256 PRF
				hash = HashSHA256
			}
			cipher = strings.Replace(cipher, "DES_CBC_40", "DES40_CBC", 1) // RFC 2712 spelling
			if strings.Contains(kx, "EXPORT") != e.Export() {
				t.Errorf("%s: Export() = %v", e.Name, e.Export())
			}
		}
		got := kxAuth{e.KeyExchange, e.Auth}
		if got != want || e.Cipher.String() != cipher || e.Hash != hash {
			t.Errorf("%#04x %s: table has %v/%v/%v/%v, name says %v/%v/%s/%v",
				uint16(e.ID), e.Name, e.KeyExchange, e.Auth, e.Cipher, e.Hash, want.kx, want.auth, cipher, hash)
		}
		if strings.Contains(cipher, "RC4") && e.DTLSOK() {
			t.Errorf("%s: RC4 suites are not DTLS-OK (RFC 6347 §4.1.2.2)", e.Name)
		}
	}
}

// TestCipherSuiteNamesMatchCryptoTLS compares the names with crypto/tls,
// which uses the IANA names.
func TestCipherSuiteNamesMatchCryptoTLS(t *testing.T) {
	suites := append(tls.CipherSuites(), tls.InsecureCipherSuites()...)
	if len(suites) < 20 {
		t.Fatalf("crypto/tls lists only %d suites", len(suites))
	}
	for _, s := range suites {
		c := CipherSuite(s.ID)
		if got := c.String(); got != tls.CipherSuiteName(s.ID) || got != s.Name {
			t.Errorf("%#04x: String() = %q, crypto/tls says %q", s.ID, got, s.Name)
		}
		e, _ := LookupCipherSuite(c)
		tls13 := len(s.SupportedVersions) == 1 && s.SupportedVersions[0] == tls.VersionTLS13
		if e.TLS13() != tls13 {
			t.Errorf("%s: TLS13() = %v, crypto/tls says %v", s.Name, e.TLS13(), tls13)
		}
	}
}

func TestRegistryGREASE(t *testing.T) {
	for i := range 16 {
		v := uint16(i)<<12 | 0x0a00 | uint16(i)<<4 | 0x0a
		want := "GREASE(0x" + hex4(v) + ")"
		for _, c := range []struct {
			name          string
			str           string
			grease, known bool
		}{
			{"CipherSuite", CipherSuite(v).String(), CipherSuite(v).IsGREASE(), CipherSuite(v).Known()},
			{"NamedGroup", NamedGroup(v).String(), NamedGroup(v).IsGREASE(), NamedGroup(v).Known()},
			{"SignatureScheme", SignatureScheme(v).String(), SignatureScheme(v).IsGREASE(), SignatureScheme(v).Known()},
			{"ExtensionType", ExtensionType(v).String(), ExtensionType(v).IsGREASE(), ExtensionType(v).Known()},
			{"ProtocolVersion", ProtocolVersion(v).String(), ProtocolVersion(v).IsGREASE(), ProtocolVersion(v).Known()},
			{"CertCompressionAlgorithm", CertCompressionAlgorithm(v).String(), IsGREASE(v), CertCompressionAlgorithm(v).Known()},
		} {
			if c.str != want || !c.grease || c.known {
				t.Errorf("%s(%#04x): String %q IsGREASE %v Known %v; want %q, true, false", c.name, v, c.str, c.grease, c.known, want)
			}
		}
		if !IsGREASEALPN([]byte{byte(v >> 8), byte(v)}) {
			t.Errorf("ALPN %#04x not GREASE", v)
		}
	}
	for _, v := range []uint16{0x0a0b, 0x1a0a, 0x0b0b, 0xfafb} {
		if CipherSuite(v).IsGREASE() || strings.HasPrefix(CipherSuite(v).String(), "GREASE") {
			t.Errorf("%#04x wrongly GREASE", v)
		}
	}
	if IsGREASEALPN([]byte("h2")) || IsGREASEALPN([]byte{0x0a, 0x0a, 0x0a}) {
		t.Error("IsGREASEALPN accepts non-GREASE ids")
	}
	for _, p := range []QUICTransportParameterID{27, 58, 27 + 31*1000} {
		if !p.IsGREASE() || p.String() != "reserved" {
			t.Errorf("QUIC %d: want reserved", uint64(p))
		}
	}
}

func TestRegistryStrings(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{CipherSuite(0x1234).String(), "CipherSuite(0x1234)"},
		{CipherSuite(0x00ff).String(), "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
		{CipherSuite(0x5600).String(), "TLS_FALLBACK_SCSV"},
		{CipherSuite(0xc0b0).String(), "TLS_ECCPWD_WITH_AES_128_GCM_SHA256"},
		{SSL_CK_RC4_128_WITH_MD5.String(), "SSL_CK_RC4_128_WITH_MD5"},
		{SSL_CK_DES_192_EDE3_CBC_WITH_MD5.String(), "SSL_CK_DES_192_EDE3_CBC_WITH_MD5"},
		{SSLv2CipherKind(0x00002f).String(), "TLS_RSA_WITH_AES_128_CBC_SHA"},
		{SSLv2CipherKind(0x090080).String(), "SSLv2CipherKind(0x090080)"},
		{X25519MLKEM768.String(), "X25519MLKEM768"},
		{NamedGroup(0x11eb).String(), "SecP256r1MLKEM768"},
		{NamedGroup(0x11ed).String(), "SecP384r1MLKEM1024"},
		{NamedGroup(0x0201).String(), "MLKEM768"},
		{NamedGroup(0x6399).String(), "X25519Kyber768Draft00"},
		{NamedGroup(29).String(), "x25519"},
		{NamedGroup(0x0100).String(), "ffdhe2048"},
		{NamedGroup(31).String(), "brainpoolP256r1tls13"},
		{NamedGroup(34).String(), "GC256A"},
		{NamedGroup(0xff01).String(), "arbitrary_explicit_prime_curves"},
		{NamedGroup(0xff02).String(), "arbitrary_explicit_char2_curves"},
		{NamedGroup(0x0203).String(), "NamedGroup(0x0203)"},
		{SignatureScheme(0x0804).String(), "rsa_pss_rsae_sha256"},
		{SignatureScheme(0x0809).String(), "rsa_pss_pss_sha256"},
		{SignatureScheme(0x0807).String(), "ed25519"},
		{SignatureScheme(0x0905).String(), "mldsa65"},
		{SignatureScheme(0x081b).String(), "ecdsa_brainpoolP384r1tls13_sha384"},
		{SignatureScheme(0x0708).String(), "sm2sig_sm3"},
		{SignatureScheme(0x070a).String(), "gostr34102012_256b"},
		{SignatureScheme(0x0301).String(), "sha224+rsa"},
		{SignatureScheme(0x0202).String(), "sha1+dsa"},
		{SignatureScheme(0x0403).String(), "ecdsa_secp256r1_sha256"},
		{SignatureScheme(0x0840).String(), "Intrinsic+gostr34102012_256"}, // RFC 9189 TLS 1.2 pair
		{SignatureScheme(0x0b0b).String(), "SignatureScheme(0x0b0b)"},
		{SignatureScheme(0x1234).String(), "SignatureScheme(0x1234)"},
		{ExtensionType(0).String(), "server_name"},
		{ExtensionType(0xfe0d).String(), "encrypted_client_hello"},
		{ExtensionType(0xfd00).String(), "ech_outer_extensions"},
		{ExtensionType(0xff01).String(), "renegotiation_info"},
		{ExtensionType(13172).String(), "next_protocol_negotiation"},
		{ExtensionType(17513).String(), "application_settings_old"},
		{ExtensionType(17613).String(), "application_settings"},
		{ExtensionType(53).String(), "connection_id_deprecated"},
		{ExtensionType(54).String(), "connection_id"},
		{ExtensionType(0x1234).String(), "ExtensionType(0x1234)"},
		{ProtocolVersion(0x0300).String(), "SSL 3.0"},
		{ProtocolVersion(0x0303).String(), "TLS 1.2"},
		{ProtocolVersion(0x0304).String(), "TLS 1.3"},
		{ProtocolVersion(0xfeff).String(), "DTLS 1.0"},
		{ProtocolVersion(0xfefd).String(), "DTLS 1.2"},
		{ProtocolVersion(0xfefc).String(), "DTLS 1.3"},
		{ProtocolVersion(0x7f17).String(), "TLS 1.3 draft 23"},
		{VersionName(0x7f1c), "TLS 1.3 draft 28"},
		{ProtocolVersion(0x0305).String(), "ProtocolVersion(0x0305)"},
		{AlertDescription(0).String(), "close_notify"},
		{AlertDescription(121).String(), "ech_required"},
		{AlertDescription(86).String(), "inappropriate_fallback"},
		{AlertDescription(200).String(), "AlertDescription(200)"},
		{PSKModeDHEKE.String(), "psk_dhe_ke"},
		{CertTypeRawPublicKey.String(), "RawPublicKey"},
		{CertType1609Dot2.String(), "1609Dot2"},
		{CertCompressionBrotli.String(), "brotli"},
		{CertCompressionAlgorithm(4).String(), "CertCompressionAlgorithm(4)"},
		{CertStatusOCSPMulti.String(), "ocsp_multi"},
		{HeartbeatPeerNotAllowedToSend.String(), "peer_not_allowed_to_send"},
		{MaxFragmentLength2048.String(), "2^11"},
		{SRTP_AEAD_AES_256_GCM.String(), "SRTP_AEAD_AES_256_GCM"},
		{SRTPProtectionProfile(0x0003).String(), "SRTPProtectionProfile(0x0003)"},
		{HPKEDHKEMX25519.String(), "DHKEM(X25519, HKDF-SHA256)"},
		{HPKEHKDFSHA384.String(), "HKDF-SHA384"},
		{HPKEExportOnly.String(), "Export-only"},
		{HPKEKDF(9).String(), "HPKEKDF(0x0009)"},
		{QUICParamMaxDatagramFrameSize.String(), "max_datagram_frame_size"},
		{QUICTransportParameterID(0x2ab2).String(), "grease_quic_bit"},
		{QUICTransportParameterID(0x11).String(), "version_information"},
		{QUICTransportParameterID(0x12).String(), "QUICTransportParameterID(0x12)"},
		{KeyUpdateRequested.String(), "update_requested"},
		{NameTypeHostName.String(), "host_name"},
		{CertChainPKIPath.String(), "pkipath"},
		{SupplementalAuthzData.String(), "authz_data"},
		{UserMappingUPNDomainHint.String(), "upn_domain_hint"},
		{AuthzDTCPAuthorization.String(), "dtcp_authorization"},
		{TokenBindingECDSAP256.String(), "ecdsap256"},
		{ClientCertECDSASign.String(), "ecdsa_sign"},
		{CompressionDeflate.String(), "DEFLATE"},
		{PointFormatUncompressed.String(), "uncompressed"},
		{CurveTypeNamedCurve.String(), "named_curve"},
		{HashAlgIntrinsic.String(), "Intrinsic"},
		{SigAlgEd448.String(), "ed448"},
		{RecommendedD.String(), "D"},
		{FlagResumptionAcrossNames.String(), "resumption_across_names"},
		{TLSFlag(9).String(), "TLSFlag(9)"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	if e, _ := LookupNamedGroup(X25519MLKEM768); e.Kind != GroupHybrid || e.Obsolete {
		t.Errorf("X25519MLKEM768: %+v", *e)
	}
	if e, _ := LookupNamedGroup(X25519Kyber768Draft00); !e.Obsolete {
		t.Error("X25519Kyber768Draft00 must be marked obsolete")
	}
	if e, _ := LookupNamedGroup(CurveP256); e.Recommended != RecommendedY || e.Kind != GroupEC {
		t.Errorf("secp256r1: %+v", *e)
	}
	if !FFDHE8192.IsFFDHE() || X25519.IsFFDHE() || !NamedGroup(0x01fc).IsFFDHE() {
		t.Error("IsFFDHE")
	}
	if PKCS1WithSHA256.Hash() != HashAlgSHA256 || PKCS1WithSHA256.Signature() != SigAlgRSA || ECDSAWithP256AndSHA256.Signature() != SigAlgECDSA {
		t.Error("SignatureScheme Hash/Signature split")
	}
	for l, want := range map[MaxFragmentLength]int{1: 512, 2: 1024, 3: 2048, 4: 4096, 0: 0, 5: 0} {
		if got := l.Bytes(); got != want {
			t.Errorf("MaxFragmentLength(%d).Bytes() = %d, want %d", l, got, want)
		}
	}
	if e, ok := LookupALPN([]byte("h2")); !ok || e.Protocol != "HTTP/2 over TLS" {
		t.Error("ALPN h2")
	}
	for _, id := range []string{"http/1.1", "h3", "spdy/3", "stun.turn", "webrtc", "c-webrtc", "ftp", "imap", "pop3",
		"managesieve", "coap", "xmpp-client", "xmpp-server", "acme-tls/1", "mqtt", "dot", "ntske/1", "sunrpc",
		"irc", "nntp", "nnsp", "doq", "sip/2", "tds/8.0", "dicom", "postgresql", "radius/1.0", "radius/1.1", "co", "EoQ"} {
		if _, ok := LookupALPN([]byte(id)); !ok {
			t.Errorf("ALPN %q missing", id)
		}
	}
	if _, ok := LookupALPN([]byte("h2-14")); ok {
		t.Error("unregistered ALPN id found")
	}
	if QUICParamDiscard.Provisional() != true || QUICParamMaxIdleTimeout.Provisional() || QUICTransportParameterID(0x12).Provisional() {
		t.Error("QUIC Provisional")
	}
}

// TestExtensionMessages checks the RFC 8446 §4.2 table and the TLS 1.2
// placement.
func TestExtensionMessages(t *testing.T) {
	for _, c := range []struct {
		t     ExtensionType
		tls13 string
		tls12 string
	}{
		{ExtensionServerName, "CH, EE, CR", "CH, SH"},
		{ExtensionMaxFragmentLength, "CH, EE", "CH, SH"},
		{ExtensionStatusRequest, "CH, CT, CR", "CH, SH"},
		{ExtensionSupportedGroups, "CH, EE", "CH, SH"},
		{ExtensionSignatureAlgorithms, "CH, CR", "CH, SH"},
		{ExtensionUseSRTP, "CH, EE", "CH, SH"},
		{ExtensionHeartbeat, "CH, EE", "CH, SH"},
		{ExtensionALPN, "CH, EE", "CH, SH"},
		{ExtensionSignedCertificateTimestamp, "CH, CT, CR", "CH, SH"},
		{ExtensionClientCertificateType, "CH, EE", "CH, SH"},
		{ExtensionServerCertificateType, "CH, EE", "CH, SH"},
		{ExtensionPadding, "CH", "CH"},
		{ExtensionPreSharedKey, "CH, SH", "-"},
		{ExtensionEarlyData, "CH, EE, NST", "-"},
		{ExtensionSupportedVersions, "CH, SH, HRR", "CH"},
		{ExtensionCookie, "CH, HRR", "-"},
		{ExtensionPSKKeyExchangeModes, "CH", "-"},
		{ExtensionCertificateAuthorities, "CH, CR", "-"},
		{ExtensionOIDFilters, "CR", "-"},
		{ExtensionPostHandshakeAuth, "CH", "-"},
		{ExtensionSignatureAlgorithmsCert, "CH, CR", "CH"},
		{ExtensionKeyShare, "CH, SH, HRR", "-"},
		{ExtensionEncryptedClientHello, "CH, HRR, EE", "-"},
		{ExtensionECHOuterExtensions, "CH", "-"},
		{ExtensionRenegotiationInfo, "-", "CH, SH"},
		{ExtensionExtendedMasterSecret, "-", "CH, SH"},
		{ExtensionECPointFormats, "-", "CH, SH"},
	} {
		e, ok := LookupExtension(c.t)
		if !ok {
			t.Errorf("%v: not in the table", c.t)
			continue
		}
		if e.TLS13.String() != c.tls13 || e.TLS12.String() != c.tls12 {
			t.Errorf("%v: TLS 1.3 %q TLS 1.2 %q, want %q and %q", c.t, e.TLS13, e.TLS12, c.tls13, c.tls12)
		}
	}
	ks, _ := LookupExtension(ExtensionKeyShare)
	if !ks.AllowedIn(InHelloRetryRequest, true) || ks.AllowedIn(InEncryptedExtensions, true) || ks.AllowedIn(InClientHello, false) {
		t.Error("key_share AllowedIn")
	}
	if ExtMessageSet(0).Has(InClientHello) || ExtMessageSet(0xffff).Has(ExtMessage(200)) {
		t.Error("ExtMessageSet.Has")
	}
	for i := range extensionTable {
		e := &extensionTable[i]
		if e.TLS12 == 0 && e.TLS13 == 0 {
			t.Errorf("%s: may appear nowhere", e.Name)
		}
		if e.TLS13.Has(InHelloRetryRequest) && !e.TLS13.Has(InClientHello) {
			t.Errorf("%s: in HelloRetryRequest but not ClientHello", e.Name)
		}
	}
	cid, _ := LookupExtension(ExtensionConnectionID)
	npn, _ := LookupExtension(ExtensionNextProtocolNegotiation)
	if !cid.DTLSOnly() || npn.DTLSOnly() || npn.Registered() || !cid.Registered() {
		t.Error("DTLSOnly / Registered flags")
	}
}

func TestRegistryAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	alpn := []byte("http/1.1")
	var sink string
	var kx KeyExchange
	allocs := testing.AllocsPerRun(100, func() {
		sink = TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.String()
		sink = CipherSuite(0x3a3a).String()
		sink = X25519MLKEM768.String()
		sink = PSSWithSHA256.String()
		sink = ExtensionEncryptedClientHello.String()
		sink = ProtocolVersion(VersionTLS13).String()
		sink = ProtocolVersion(0x7f12).String()
		sink = AlertDescription(40).String()
		sink = SSL_CK_RC4_128_WITH_MD5.String()
		sink = SSLv2CipherKind(0x00c02f).String()
		sink = HPKEAES128GCM.String()
		sink = QUICParamInitialMaxData.String()
		sink = SRTP_AES128_CM_HMAC_SHA1_80.String()
		sink = CertCompressionZstd.String()
		kx = CipherSuiteKeyExchange(0xc02f)
		if e, ok := LookupCipherSuite(0x1301); ok {
			sink = e.Name
		}
		if e, ok := LookupALPN(alpn); ok {
			sink = e.Protocol
		}
		if e, ok := LookupExtension(ExtensionKeyShare); ok && e.AllowedIn(InServerHello, true) {
			sink = e.Name
		}
	})
	if allocs != 0 {
		t.Errorf("lookups of known values allocate: %v allocs per run", allocs)
	}
	_, _ = sink, kx
}

func TestBulkCipherAEAD(t *testing.T) {
	for i := range cipherSuiteTable {
		e := &cipherSuiteTable[i]
		name := e.Cipher.String()
		want := strings.Contains(name, "GCM") || strings.Contains(name, "CCM") || strings.Contains(name, "POLY1305") ||
			strings.Contains(name, "MGM") || strings.Contains(name, "AEGIS")
		if e.Cipher.AEAD() != want {
			t.Errorf("%s: %v.AEAD() = %v", e.Name, e.Cipher, !want)
		}
		if e.TLS13() && !e.Cipher.AEAD() && !e.IntegrityOnly() {
			t.Errorf("%s: TLS 1.3 suite without an AEAD", e.Name)
		}
	}
	if BulkCipher(200).AEAD() {
		t.Error("out-of-range BulkCipher reports AEAD")
	}
}
