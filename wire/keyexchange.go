package wire

import "strconv"

// KeyExchange names the key exchange method of a cipher suite, which
// decides the form of ServerKeyExchange and ClientKeyExchange
// (RFC 5246 §7.4.3 and §7.4.7, RFC 4279, RFC 5489, RFC 5054, RFC 4492).
type KeyExchange uint8

// Key exchange methods. KeyExchangeTLS13 is used for TLS 1.3 suites, which
// have no ServerKeyExchange or ClientKeyExchange.
const (
	KeyExchangeUnknown   KeyExchange = iota
	KeyExchangeNULL                  // TLS_NULL_WITH_NULL_NULL
	KeyExchangeRSA                   // RSA key transport (also RSA_FIPS)
	KeyExchangeRSAExport             // RSA_EXPORT: temporary 512-bit RSA key in ServerKeyExchange
	KeyExchangeDHE                   // DHE_RSA, DHE_DSS (and their export forms)
	KeyExchangeDHanon                // DH_anon
	KeyExchangeDH                    // static DH_RSA, DH_DSS: no ServerKeyExchange
	KeyExchangeECDHE                 // ECDHE_RSA, ECDHE_ECDSA
	KeyExchangeECDHanon              // ECDH_anon
	KeyExchangeECDH                  // static ECDH_RSA, ECDH_ECDSA: no ServerKeyExchange
	KeyExchangePSK                   // PSK (RFC 4279 §2)
	KeyExchangeDHEPSK                // DHE_PSK (RFC 4279 §3)
	KeyExchangeRSAPSK                // RSA_PSK (RFC 4279 §4)
	KeyExchangeECDHEPSK              // ECDHE_PSK (RFC 5489)
	KeyExchangeSRP                   // SRP_SHA, SRP_SHA_RSA, SRP_SHA_DSS (RFC 5054)
	KeyExchangeKRB5                  // KRB5 (RFC 2712)
	KeyExchangeECCPWD                // ECCPWD (RFC 8492)
	KeyExchangeGOST                  // GOSTR341112_256 (RFC 9189)
	KeyExchangeTLS13                 // TLS 1.3 suites (RFC 8446 §B.4)
)

var keyExchangeNames = [...]string{
	KeyExchangeUnknown:   "unknown",
	KeyExchangeNULL:      "NULL",
	KeyExchangeRSA:       "RSA",
	KeyExchangeRSAExport: "RSA_EXPORT",
	KeyExchangeDHE:       "DHE",
	KeyExchangeDHanon:    "DH_anon",
	KeyExchangeDH:        "DH",
	KeyExchangeECDHE:     "ECDHE",
	KeyExchangeECDHanon:  "ECDH_anon",
	KeyExchangeECDH:      "ECDH",
	KeyExchangePSK:       "PSK",
	KeyExchangeDHEPSK:    "DHE_PSK",
	KeyExchangeRSAPSK:    "RSA_PSK",
	KeyExchangeECDHEPSK:  "ECDHE_PSK",
	KeyExchangeSRP:       "SRP",
	KeyExchangeKRB5:      "KRB5",
	KeyExchangeECCPWD:    "ECCPWD",
	KeyExchangeGOST:      "GOST",
	KeyExchangeTLS13:     "TLS13",
}

// String returns the registry-style name of the key exchange.
func (k KeyExchange) String() string {
	if int(k) < len(keyExchangeNames) {
		return keyExchangeNames[k]
	}
	return "KeyExchange(" + strconv.Itoa(int(k)) + ")"
}
