// Package fingerprint computes TLS client and server fingerprints from
// decoded hellos: JA3 and JA3S (Salesforce), JA4 and JA4S (FoxIO).
//
// JA3 and JA3S follow github.com/salesforce/ja3: decimal values in wire
// order joined with "-", fields joined with ",", GREASE values (RFC 8701)
// removed from cipher suites, extensions and groups, and the MD5 of that
// string.
//
// JA4 follows the FoxIO specification (technical_details/JA4.md, licensed
// BSD-3-Clause). JA4S is licensed under the FoxIO License 1.1, which
// permits non-commercial use only: see docs/fingerprints.md before using
// JA4S commercially. Where the reference implementations disagree with each
// other or with the text, the choice made here is documented on the
// function and in docs/fingerprints.md.
package fingerprint
