// Package keylog reads SSLKEYLOGFILE key logs (RFC 9850), the secrets
// browsers, curl, OpenSSL, GnuTLS, Go (tls.Config.KeyLogWriter) and
// quic-go write so that captures of their connections can be decrypted,
// and files them by ClientHello random in a Store.
//
// A Store is filled from files (Store.Read) or from the payload of a pcapng
// Decryption Secrets Block (Store.Parse), possibly while other goroutines
// look keys up; Store.Lookup costs no allocation. Malformed lines are
// reported with their line number and skipped, never fatal. Package
// decrypt turns the secrets into record and packet protection keys.
package keylog
