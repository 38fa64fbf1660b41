package main

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"time"
)

// certInfo summarises one certificate of a chain. It is immutable once
// made and shared between the flows that carry the same certificate.
type certInfo struct {
	DER        []byte
	SHA256     string
	Subject    string
	CommonName string // the subject's common name
	Issuer     string
	Serial     string
	NotBefore  time.Time
	NotAfter   time.Time
	DNSNames   []string
	IPs        []string
	SigAlg     string
	KeyAlg     string
	IsCA       bool
	Err        string // why crypto/x509 could not parse it (then only DER and SHA256 are set)
}

// certCache maps a certificate's SHA-256 to its summary, so that a chain
// repeated across flows is parsed once. It holds at most max entries and
// is reset when full (captures repeat a few chains many times).
// It is keyed by the DER bytes themselves: a map lookup is much cheaper
// than hashing with SHA-256 first.
type certCache struct {
	m   map[string]*certInfo
	max int
}

func newCertCache(max int) *certCache {
	return &certCache{m: make(map[string]*certInfo), max: max}
}

// get returns the summary of the DER certificate der, parsing it on first use.
func (c *certCache) get(der []byte) *certInfo {
	if ci, ok := c.m[string(der)]; ok {
		return ci
	}
	ci := parseCert(der, sha256.Sum256(der))
	if len(c.m) >= c.max {
		clear(c.m)
	}
	c.m[string(ci.DER)] = ci
	return ci
}

// parseCert summarises der with crypto/x509. A certificate it rejects
// keeps its hash and the parse error.
func parseCert(der []byte, sum [32]byte) *certInfo {
	ci := &certInfo{DER: append([]byte(nil), der...), SHA256: hex.EncodeToString(sum[:])}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		ci.Err = err.Error()
		return ci
	}
	ci.Subject = c.Subject.String()
	ci.CommonName = c.Subject.CommonName
	ci.Issuer = c.Issuer.String()
	if c.SerialNumber != nil {
		ci.Serial = c.SerialNumber.Text(16)
	}
	ci.NotBefore, ci.NotAfter = c.NotBefore.UTC(), c.NotAfter.UTC()
	ci.DNSNames = c.DNSNames
	for _, ip := range c.IPAddresses {
		ci.IPs = append(ci.IPs, ip.String())
	}
	ci.SigAlg, ci.KeyAlg = certAlgorithms(c)
	ci.IsCA = c.IsCA
	return ci
}
