package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// certWithOIDs makes a real RSA certificate with crypto/x509, then puts
// other algorithm identifiers in place of sha256WithRSAEncryption (sig) and
// rsaEncryption (key). Each replacement has the same 9-byte OID length, so
// the DER stays well formed; nothing here verifies the signature.
func certWithOIDs(t *testing.T, sig, key []byte) []byte {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:       big.NewInt(7),
		Subject:            pkix.Name{CommonName: "pq.example"},
		NotBefore:          time.Unix(1700000000, 0),
		NotAfter:           time.Unix(1800000000, 0),
		SignatureAlgorithm: x509.SHA256WithRSA,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	sha256RSA := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b}
	rsaKey := []byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01}
	if sig != nil {
		der = bytes.ReplaceAll(der, sha256RSA, append([]byte{0x06, 0x09}, sig...))
	}
	if key != nil {
		der = bytes.ReplaceAll(der, rsaKey, append([]byte{0x06, 0x09}, key...))
	}
	return der
}

func TestCertAlgorithmNames(t *testing.T) {
	mldsa65 := []byte{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12}  // 2.16.840.1.101.3.4.3.18
	slhdsa := []byte{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x14}   // 2.16.840.1.101.3.4.3.20
	mlkem768 := []byte{0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02} // 2.16.840.1.101.3.4.4.2
	private := []byte{0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x15, 0x63}  // 1.3.6.1.4.1.311.21.99
	for _, tc := range []struct {
		name             string
		sig, key         []byte
		wantSig, wantKey string
	}{
		{"rsa as crypto/x509 names it", nil, nil, "SHA256-RSA", "RSA"},
		{"ML-DSA", mldsa65, mldsa65, "ML-DSA-65", "ML-DSA-65"},
		{"SLH-DSA signing an ML-KEM key", slhdsa, mlkem768, "SLH-DSA-SHA2-128s", "ML-KEM-768"},
		{"unknown to the table: the dotted OID", private, private, "1.3.6.1.4.1.311.21.99", "1.3.6.1.4.1.311.21.99"},
	} {
		der := certWithOIDs(t, tc.sig, tc.key)
		ci := parseCert(der, sha256.Sum256(der))
		if ci.Err != "" {
			t.Fatalf("%s: %s", tc.name, ci.Err)
		}
		if ci.SigAlg != tc.wantSig || ci.KeyAlg != tc.wantKey {
			t.Errorf("%s: signature %q key %q, want %q %q", tc.name, ci.SigAlg, ci.KeyAlg, tc.wantSig, tc.wantKey)
		}
	}
}

// Ed448 has the same OID length as Ed25519, which crypto/x509 can make.
func TestCertAlgorithmEd448(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Unix(0, 0), NotAfter: time.Unix(1e9, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, priv)
	if err != nil {
		t.Fatal(err)
	}
	der = bytes.ReplaceAll(der, []byte{0x06, 0x03, 0x2b, 0x65, 0x70}, []byte{0x06, 0x03, 0x2b, 0x65, 0x71})
	ci := parseCert(der, sha256.Sum256(der))
	if ci.SigAlg != "Ed448" || ci.KeyAlg != "Ed448" {
		t.Fatalf("signature %q key %q, want Ed448", ci.SigAlg, ci.KeyAlg)
	}
}
