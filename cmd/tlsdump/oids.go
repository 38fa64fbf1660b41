package main

import (
	"crypto/x509"
	"encoding/asn1"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// algorithmNames names the signature and public-key algorithm identifiers
// that crypto/x509 leaves as "unknown" (it prints them as "0"). Algorithms
// crypto/x509 knows keep its own names. Sources: NIST's Computer Security
// Objects Register (ML-DSA, SLH-DSA, ML-KEM: FIPS 204, 205, 203; RFC 9881,
// RFC 9909), RFC 8410 (Ed448, X25519, X448), RFC 3279 and RFC 5480 (DSA,
// DH, EC), RFC 4055 (RSA-OAEP), RFC 9215 and RFC 7091 (GOST), GM/T 0006
// (SM2).
var algorithmNames = map[string]string{
	"2.16.840.1.101.3.4.3.17": "ML-DSA-44",
	"2.16.840.1.101.3.4.3.18": "ML-DSA-65",
	"2.16.840.1.101.3.4.3.19": "ML-DSA-87",
	"2.16.840.1.101.3.4.3.20": "SLH-DSA-SHA2-128s",
	"2.16.840.1.101.3.4.3.21": "SLH-DSA-SHA2-128f",
	"2.16.840.1.101.3.4.3.22": "SLH-DSA-SHA2-192s",
	"2.16.840.1.101.3.4.3.23": "SLH-DSA-SHA2-192f",
	"2.16.840.1.101.3.4.3.24": "SLH-DSA-SHA2-256s",
	"2.16.840.1.101.3.4.3.25": "SLH-DSA-SHA2-256f",
	"2.16.840.1.101.3.4.3.26": "SLH-DSA-SHAKE-128s",
	"2.16.840.1.101.3.4.3.27": "SLH-DSA-SHAKE-128f",
	"2.16.840.1.101.3.4.3.28": "SLH-DSA-SHAKE-192s",
	"2.16.840.1.101.3.4.3.29": "SLH-DSA-SHAKE-192f",
	"2.16.840.1.101.3.4.3.30": "SLH-DSA-SHAKE-256s",
	"2.16.840.1.101.3.4.3.31": "SLH-DSA-SHAKE-256f",
	"2.16.840.1.101.3.4.4.1":  "ML-KEM-512",
	"2.16.840.1.101.3.4.4.2":  "ML-KEM-768",
	"2.16.840.1.101.3.4.4.3":  "ML-KEM-1024",
	"1.3.101.110":             "X25519",
	"1.3.101.111":             "X448",
	"1.3.101.112":             "Ed25519",
	"1.3.101.113":             "Ed448",
	"1.2.840.113549.1.1.1":    "RSA",
	"1.2.840.113549.1.1.2":    "MD2-RSA",
	"1.2.840.113549.1.1.3":    "MD4-RSA",
	"1.2.840.113549.1.1.4":    "MD5-RSA",
	"1.2.840.113549.1.1.5":    "SHA1-RSA",
	"1.2.840.113549.1.1.7":    "RSAES-OAEP",
	"1.2.840.113549.1.1.10":   "RSASSA-PSS",
	"1.2.840.113549.1.1.11":   "SHA256-RSA",
	"1.2.840.113549.1.1.12":   "SHA384-RSA",
	"1.2.840.113549.1.1.13":   "SHA512-RSA",
	"1.2.840.113549.1.1.14":   "SHA224-RSA",
	"1.2.840.113549.1.3.1":    "DH",
	"1.2.840.10046.2.1":       "DH-X9.42",
	"1.2.840.10040.4.1":       "DSA",
	"1.2.840.10040.4.3":       "DSA-SHA1",
	"2.16.840.1.101.3.4.3.1":  "DSA-SHA224",
	"2.16.840.1.101.3.4.3.2":  "DSA-SHA256",
	"1.2.840.10045.2.1":       "ECDSA",
	"1.2.840.10045.4.1":       "ECDSA-SHA1",
	"1.2.840.10045.4.3.1":     "ECDSA-SHA224",
	"1.2.840.10045.4.3.2":     "ECDSA-SHA256",
	"1.2.840.10045.4.3.3":     "ECDSA-SHA384",
	"1.2.840.10045.4.3.4":     "ECDSA-SHA512",
	"1.2.643.2.2.19":          "GOST-R-34.10-2001",
	"1.2.643.2.2.3":           "GOST-R-34.11-94-with-34.10-2001",
	"1.2.643.7.1.1.1.1":       "GOST-R-34.10-2012-256",
	"1.2.643.7.1.1.1.2":       "GOST-R-34.10-2012-512",
	"1.2.643.7.1.1.3.2":       "GOST-R-34.11-2012-256-with-34.10-2012",
	"1.2.643.7.1.1.3.3":       "GOST-R-34.11-2012-512-with-34.10-2012",
	"1.2.156.10197.1.301":     "SM2",
	"1.2.156.10197.1.501":     "SM2-SM3",
}

// algorithmName names an AlgorithmIdentifier's OID: from the table, or as
// the dotted OID when the table does not know it. It never returns a
// number that stands for "unknown".
func algorithmName(oid asn1.ObjectIdentifier) string {
	s := oid.String()
	if name, ok := algorithmNames[s]; ok {
		return name
	}
	return s
}

// certAlgorithms returns the names of a certificate's signature algorithm
// and public-key algorithm: crypto/x509's names where it knows them, else
// the names of the identifiers in the DER (RFC 5280 §4.1.1.2, §4.1.2.7).
func certAlgorithms(c *x509.Certificate) (sig, key string) {
	sig, key = c.SignatureAlgorithm.String(), c.PublicKeyAlgorithm.String()
	if c.SignatureAlgorithm == x509.UnknownSignatureAlgorithm {
		// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
		in := cryptobyte.String(c.Raw)
		var cert cryptobyte.String
		if in.ReadASN1(&cert, cbasn1.SEQUENCE) && cert.SkipASN1(cbasn1.SEQUENCE) {
			if oid, ok := readAlgorithmOID(&cert); ok {
				sig = algorithmName(oid)
			}
		}
	}
	if c.PublicKeyAlgorithm == x509.UnknownPublicKeyAlgorithm {
		// SubjectPublicKeyInfo ::= SEQUENCE { algorithm, subjectPublicKey }
		in := cryptobyte.String(c.RawSubjectPublicKeyInfo)
		var spki cryptobyte.String
		if in.ReadASN1(&spki, cbasn1.SEQUENCE) {
			if oid, ok := readAlgorithmOID(&spki); ok {
				key = algorithmName(oid)
			}
		}
	}
	return sig, key
}

// readAlgorithmOID reads an AlgorithmIdentifier (RFC 5280 §4.1.1.2) and
// returns its algorithm OID.
func readAlgorithmOID(s *cryptobyte.String) (asn1.ObjectIdentifier, bool) {
	var ai cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&ai, cbasn1.SEQUENCE) || !ai.ReadASN1ObjectIdentifier(&oid) {
		return nil, false
	}
	return oid, true
}
