package main

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"math/big"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// x509.log rows: Zeek fills them from OpenSSL, so names are OpenSSL's
// (rsaEncryption, sha256WithRSAEncryption, prime256v1) and distinguished
// names are printed as OpenSSL's RFC 2253 form does (last RDN first, its
// short attribute names).

// x509Row is one x509.log row waiting to be written, and the fingerprint
// that makes it distinct (Zeek logs a certificate once).
type x509Row struct {
	fp  string
	row []byte
}

// opensslNames are OpenSSL's names of the algorithm identifiers Zeek
// prints (OBJ_obj2txt: the long name), by OID.
var opensslNames = map[string]string{
	"1.2.840.113549.1.1.1":   "rsaEncryption",
	"1.2.840.113549.1.1.2":   "md2WithRSAEncryption",
	"1.2.840.113549.1.1.4":   "md5WithRSAEncryption",
	"1.2.840.113549.1.1.5":   "sha1WithRSAEncryption",
	"1.2.840.113549.1.1.10":  "rsassaPss",
	"1.2.840.113549.1.1.11":  "sha256WithRSAEncryption",
	"1.2.840.113549.1.1.12":  "sha384WithRSAEncryption",
	"1.2.840.113549.1.1.13":  "sha512WithRSAEncryption",
	"1.2.840.113549.1.1.14":  "sha224WithRSAEncryption",
	"1.2.840.10045.2.1":      "id-ecPublicKey",
	"1.2.840.10045.4.1":      "ecdsa-with-SHA1",
	"1.2.840.10045.4.3.1":    "ecdsa-with-SHA224",
	"1.2.840.10045.4.3.2":    "ecdsa-with-SHA256",
	"1.2.840.10045.4.3.3":    "ecdsa-with-SHA384",
	"1.2.840.10045.4.3.4":    "ecdsa-with-SHA512",
	"1.2.840.10040.4.1":      "dsaEncryption",
	"1.2.840.10040.4.3":      "dsaWithSHA1",
	"2.16.840.1.101.3.4.3.1": "dsa_with_SHA224",
	"2.16.840.1.101.3.4.3.2": "dsa_with_SHA256",
	"1.3.101.110":            "X25519",
	"1.3.101.111":            "X448",
	"1.3.101.112":            "ED25519",
	"1.3.101.113":            "ED448",
}

// opensslAlgorithm names an OID as OpenSSL prints it: its table name, the
// post-quantum names of algorithmNames (OpenSSL 3.5 uses the same), else
// the dotted OID.
func opensslAlgorithm(oid asn1.ObjectIdentifier) string {
	if n, ok := opensslNames[oid.String()]; ok {
		return n
	}
	return algorithmName(oid)
}

// opensslCurves are OpenSSL's short names of the named curves.
var opensslCurves = map[string]string{
	"P-224": "secp224r1",
	"P-256": "prime256v1",
	"P-384": "secp384r1",
	"P-521": "secp521r1",
}

// opensslAttributes are OpenSSL's short names of distinguished name
// attributes, by OID.
var opensslAttributes = map[string]string{
	"2.5.4.3":                    "CN",
	"2.5.4.4":                    "SN",
	"2.5.4.5":                    "serialNumber",
	"2.5.4.6":                    "C",
	"2.5.4.7":                    "L",
	"2.5.4.8":                    "ST",
	"2.5.4.9":                    "street",
	"2.5.4.10":                   "O",
	"2.5.4.11":                   "OU",
	"2.5.4.12":                   "title",
	"2.5.4.13":                   "description",
	"2.5.4.15":                   "businessCategory",
	"2.5.4.17":                   "postalCode",
	"2.5.4.41":                   "name",
	"2.5.4.42":                   "GN",
	"2.5.4.43":                   "initials",
	"2.5.4.46":                   "dnQualifier",
	"2.5.4.65":                   "pseudonym",
	"2.5.4.97":                   "organizationIdentifier",
	"0.9.2342.19200300.100.1.1":  "UID",
	"0.9.2342.19200300.100.1.25": "DC",
	"1.2.840.113549.1.9.1":       "emailAddress",
	"1.3.6.1.4.1.311.60.2.1.1":   "jurisdictionL",
	"1.3.6.1.4.1.311.60.2.1.2":   "jurisdictionST",
	"1.3.6.1.4.1.311.60.2.1.3":   "jurisdictionC",
}

// opensslDN prints a DER Name as OpenSSL's XN_FLAG_RFC2253 does: the
// RDNs last first, separated by commas, the values of a multi-valued RDN
// joined by "+", special characters escaped with a backslash; a value
// that is not a string is "#" and the hex of its DER.
func opensslDN(der []byte) string {
	var rdns pkix.RDNSequence
	if rest, err := asn1.Unmarshal(der, &rdns); err != nil || len(rest) > 0 {
		return ""
	}
	var b strings.Builder
	for i := len(rdns) - 1; i >= 0; i-- {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		for j, atv := range rdns[i] {
			if j > 0 {
				b.WriteByte('+')
			}
			name, ok := opensslAttributes[atv.Type.String()]
			if !ok {
				name = atv.Type.String()
			}
			b.WriteString(name)
			b.WriteByte('=')
			s, ok := atv.Value.(string)
			if !ok {
				if v, err := asn1.Marshal(atv.Value); err == nil {
					b.WriteString("#" + hex.EncodeToString(v))
				}
				continue
			}
			for k := 0; k < len(s); k++ {
				c := s[k]
				if strings.IndexByte(`,+"\<>;`, c) >= 0 || c == '#' && k == 0 || c == ' ' && (k == 0 || k == len(s)-1) {
					b.WriteByte('\\')
				}
				b.WriteByte(c)
			}
		}
	}
	return b.String()
}

// spkiOID returns the public-key algorithm OID and the key's bit length
// of a SubjectPublicKeyInfo.
func spkiOID(spki []byte) (asn1.ObjectIdentifier, int) {
	in := cryptobyte.String(spki)
	var s cryptobyte.String
	if !in.ReadASN1(&s, cbasn1.SEQUENCE) {
		return nil, 0
	}
	oid, ok := readAlgorithmOID(&s)
	if !ok {
		return nil, 0
	}
	var key asn1.BitString
	if !s.ReadASN1BitString(&key) {
		return oid, 0
	}
	return oid, key.BitLength
}

// appendX509Row appends a certificate's x509.log row: ts is when it was
// seen, host says it is a chain's leaf, client that the client sent it. A certificate crypto/x509
// cannot parse gives its fingerprint and nothing else.
func appendX509Row(b []byte, ci *certInfo, ts time.Time, host, client bool) []byte {
	r := zeekRow{b: b[len(b):]}
	r.time(ts)
	r.str(ci.SHA256)
	c, err := x509.ParseCertificate(ci.DER)
	if err != nil {
		for range len(x509Log.fields) - 4 {
			r.str("")
		}
		r.bool(host)
		r.bool(client)
		return append(append(b, r.b...), '\n')
	}
	r.count(c.Version, true)
	r.str(strings.ToUpper(hex.EncodeToString(c.SerialNumber.Bytes())))
	r.str(opensslDN(c.RawSubject))
	r.str(opensslDN(c.RawIssuer))
	r.time(c.NotBefore)
	r.time(c.NotAfter)
	keyOID, keyBits := spkiOID(c.RawSubjectPublicKeyInfo)
	keyAlg := opensslAlgorithm(keyOID)
	r.str(keyAlg)
	r.str(opensslAlgorithm(sigOID(c)))
	exponent, curve := "", ""
	switch k := c.PublicKey.(type) {
	case *rsa.PublicKey:
		r.str("rsa")
		r.count(k.N.BitLen(), true)
		exponent = strconv.Itoa(k.E)
	case *ecdsa.PublicKey:
		r.str("ecdsa")
		r.count(k.Curve.Params().BitSize, true)
		curve = opensslCurves[k.Curve.Params().Name]
	default:
		if keyAlg == "dsaEncryption" {
			r.str("dsa")
			bits := dsaBits(c.RawSubjectPublicKeyInfo)
			r.count(bits, bits > 0)
			break
		}
		r.str(keyAlg)
		switch keyAlg {
		case "ED25519":
			keyBits = 253 // EVP_PKEY_bits
		case "ED448":
			keyBits = 456
		}
		r.count(keyBits, keyBits > 0)
	}
	r.str(exponent)
	r.str(curve)
	ips := make([]string, len(c.IPAddresses))
	for i, ip := range c.IPAddresses {
		ips[i] = ip.String()
	}
	uris := make([]string, len(c.URIs))
	for i, u := range c.URIs {
		uris[i] = u.String()
	}
	r.vector(c.DNSNames, len(c.DNSNames) > 0)
	r.vector(uris, len(uris) > 0)
	r.vector(c.EmailAddresses, len(c.EmailAddresses) > 0)
	r.vector(ips, len(ips) > 0)
	r.optBool(c.IsCA, c.BasicConstraintsValid)
	r.count(c.MaxPathLen, c.BasicConstraintsValid && (c.MaxPathLen > 0 || c.MaxPathLenZero))
	r.bool(host)
	r.bool(client)
	return append(append(b, r.b...), '\n')
}

// dsaBits returns the bit length of p in a DSA SubjectPublicKeyInfo's
// Dss-Parms (RFC 3279 §2.3.2), or 0.
func dsaBits(spki []byte) int {
	in := cryptobyte.String(spki)
	var s, alg, params cryptobyte.String
	var oid asn1.ObjectIdentifier
	p := new(big.Int)
	if !in.ReadASN1(&s, cbasn1.SEQUENCE) || !s.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) ||
		!alg.ReadASN1(&params, cbasn1.SEQUENCE) || !params.ReadASN1Integer(p) {
		return 0
	}
	return p.BitLen()
}

// sigOID returns the OID of the certificate's signatureAlgorithm.
func sigOID(c *x509.Certificate) asn1.ObjectIdentifier {
	in := cryptobyte.String(c.Raw)
	var cert cryptobyte.String
	if in.ReadASN1(&cert, cbasn1.SEQUENCE) && cert.SkipASN1(cbasn1.SEQUENCE) {
		if oid, ok := readAlgorithmOID(&cert); ok {
			return oid
		}
	}
	return nil
}
