// Package decrypt removes the record protection of TLS 1.0-1.3 and
// DTLS 1.0/1.2 records and the packet protection of QUIC v1 and v2
// packets, given the secrets of a key log (package keylog) or a server's
// RSA private key. It is the codec side of decryption: a capture reader
// (package pcap) finds the ClientHello random, the ServerHello's version
// and cipher suite and the protected records; this package turns secrets
// into per-direction keys and opens each record into a reused buffer,
// without allocating once the keys are set up.
//
// Keys:
//   - TLS 1.3 (RFC 8446 §7): NewTLS13 from a traffic secret; Cipher.KeyUpdate
//     follows a KeyUpdate.
//   - TLS 1.0-1.2, DTLS 1.0/1.2: NewTLS12 from the master secret (the
//     CLIENT_RANDOM line of a key log), or from a premaster secret with
//     MasterSecret / ExtendedMasterSecret; RSAKeys decrypts the premaster of
//     an RSA key exchange with the server's private key.
//   - QUIC (RFC 9001 §5, RFC 9369 §3.3): NewQUIC from a handshake or
//     application secret, NewQUICInitial from the client's first
//     Destination Connection ID; QUICKeys.Next for a key update.
//
// Which cipher suites are decrypted is in docs/decryption.md and in
// Supported; the others give ErrUnsupported.
package decrypt
