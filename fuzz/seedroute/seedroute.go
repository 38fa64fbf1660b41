// Package seedroute is what the fuzz targets of package fuzz, the corpus
// generator and importers, and tlsdump -corpus agree on: the names of the
// targets (which are also the names of their seed folders under corpus/),
// which target a handshake message of a given type and context goes to
// (TargetFor), and the input formats of the targets whose input is more
// than one message (context prefixes, extension, DTLS and QUIC seeds).
// Production code that writes seeds imports this package, not package
// fuzz.
package seedroute

import (
	"github.com/tlswire/tlswire/wire"
)

// Names of the fuzz targets that are not per-message targets, and so of
// their seed folders under corpus/.
const (
	TargetExtension   = "FuzzExtension"
	TargetRecords     = "FuzzRecords"
	TargetDTLS        = "FuzzDTLS"
	TargetSSLv2       = "FuzzSSLv2ClientHello"
	TargetQUICInitial = "FuzzQUICInitial"
	TargetFingerprint = "FuzzFingerprint"
	TargetVsCryptoTLS = "FuzzClientHelloVsCryptoTLS"
	// TargetSHVsCryptoTLS is the ServerHello differential target.
	TargetSHVsCryptoTLS = "FuzzServerHelloVsCryptoTLS"
	TargetPcap          = "FuzzPcap"
	TargetPcapAlloc     = "FuzzPcapAlloc"
	TargetJSON          = "FuzzJSON"
)

// SeedFolders returns the corpus folders a target replays: its own, and
// for targets whose input is a message another target already collects,
// that target's folder too (so those seeds are stored once).
func SeedFolders(target string) []string {
	switch target {
	case TargetFingerprint:
		return []string{target, "FuzzClientHello", "FuzzServerHello", TargetSSLv2}
	case TargetVsCryptoTLS:
		return []string{target, "FuzzClientHello"}
	case TargetPcapAlloc:
		return []string{target, TargetPcap}
	case TargetSHVsCryptoTLS:
		return []string{target, "FuzzServerHello"}
	case TargetJSON:
		folders := []string{target}
		for _, mt := range MessageTargets {
			folders = append(folders, mt.Name)
		}
		return folders
	}
	return []string{target}
}

// MessageTarget is one fuzz target for a handshake message type in one
// form. Targets whose form depends on the key exchange (ServerKeyExchange,
// ClientKeyExchange) take their context from a 2-byte input prefix
// instead (see ContextPrefix).
type MessageTarget struct {
	Name    string
	Type    wire.HandshakeType
	Context wire.Context
	Prefix  bool // the first two input bytes select the context
}

var (
	tls10 = wire.Context{Version: wire.VersionTLS10}
	tls12 = wire.Context{Version: wire.VersionTLS12}
	tls13 = wire.Context{Version: wire.VersionTLS13}
	dtls  = wire.Context{Version: wire.VersionDTLS12}
)

// MessageTargets lists every message fuzz target; TargetFor routes
// messages with it.
var MessageTargets = []MessageTarget{
	{Name: "FuzzHelloRequest", Type: wire.TypeHelloRequest},
	{Name: "FuzzClientHello", Type: wire.TypeClientHello},
	{Name: "FuzzClientHelloDTLS", Type: wire.TypeClientHello, Context: dtls},
	{Name: "FuzzServerHello", Type: wire.TypeServerHello},
	{Name: "FuzzHelloVerifyRequest", Type: wire.TypeHelloVerifyRequest},
	{Name: "FuzzNewSessionTicket12", Type: wire.TypeNewSessionTicket, Context: tls12},
	{Name: "FuzzNewSessionTicket13", Type: wire.TypeNewSessionTicket, Context: tls13},
	{Name: "FuzzEndOfEarlyData", Type: wire.TypeEndOfEarlyData},
	{Name: "FuzzEncryptedExtensions", Type: wire.TypeEncryptedExtensions},
	{Name: "FuzzRequestConnectionID", Type: wire.TypeRequestConnectionID},
	{Name: "FuzzNewConnectionID", Type: wire.TypeNewConnectionID},
	{Name: "FuzzCertificate12", Type: wire.TypeCertificate, Context: tls12},
	{Name: "FuzzCertificate13", Type: wire.TypeCertificate, Context: tls13},
	{Name: "FuzzServerKeyExchange", Type: wire.TypeServerKeyExchange, Prefix: true},
	{Name: "FuzzCertificateRequest10", Type: wire.TypeCertificateRequest, Context: tls10},
	{Name: "FuzzCertificateRequest12", Type: wire.TypeCertificateRequest, Context: tls12},
	{Name: "FuzzCertificateRequest13", Type: wire.TypeCertificateRequest, Context: tls13},
	{Name: "FuzzServerHelloDone", Type: wire.TypeServerHelloDone},
	{Name: "FuzzCertificateVerify10", Type: wire.TypeCertificateVerify, Context: tls10},
	{Name: "FuzzCertificateVerify12", Type: wire.TypeCertificateVerify, Context: tls12},
	{Name: "FuzzClientKeyExchange", Type: wire.TypeClientKeyExchange, Prefix: true},
	{Name: "FuzzFinished", Type: wire.TypeFinished},
	{Name: "FuzzCertificateURL", Type: wire.TypeCertificateURL},
	{Name: "FuzzCertificateStatus", Type: wire.TypeCertificateStatus},
	{Name: "FuzzSupplementalData", Type: wire.TypeSupplementalData},
	{Name: "FuzzKeyUpdate", Type: wire.TypeKeyUpdate},
	{Name: "FuzzCompressedCertificate", Type: wire.TypeCompressedCertificate},
	{Name: "FuzzEKTKey", Type: wire.TypeEKTKey},
	{Name: "FuzzNextProtocol", Type: wire.TypeNextProtocol},
	{Name: "FuzzMessageHash", Type: wire.TypeMessageHash},
}

// prefixVersions are the versions a context prefix byte selects from.
var prefixVersions = []uint16{
	wire.VersionSSL30, wire.VersionTLS10, wire.VersionTLS11, wire.VersionTLS12,
	wire.VersionTLS13, wire.VersionDTLS10, wire.VersionDTLS12,
}

// PrefixContext decodes a 2-byte context prefix: byte 0 is the key
// exchange, byte 1 the index into the prefix versions (SSL 3.0, TLS 1.0,
// 1.1, 1.2, 1.3, DTLS 1.0, 1.2) in its low 7 bits and ImplicitDH in its
// high bit. It returns the rest of the input.
func PrefixContext(in []byte) (wire.Context, []byte, bool) {
	if len(in) < 2 {
		return wire.Context{}, nil, false
	}
	return wire.Context{
		KeyExchange: wire.KeyExchange(in[0] % uint8(wire.KeyExchangeTLS13+1)),
		Version:     prefixVersions[int(in[1]&0x7f)%len(prefixVersions)],
		ImplicitDH:  in[1]&0x80 != 0,
	}, in[2:], true
}

// ContextPrefix encodes ctx as the 2-byte prefix PrefixContext reads.
func ContextPrefix(ctx wire.Context) []byte {
	v := 0
	for i, pv := range prefixVersions {
		if pv == ctx.Version {
			v = i
		}
	}
	b := byte(v)
	if ctx.ImplicitDH {
		b |= 0x80
	}
	return []byte{byte(ctx.KeyExchange), b}
}

// TargetFor returns the message target for a handshake message of type t
// seen in context ctx, and the seed bytes to store (prefixed where the
// target takes its context from the input). Among the targets of t whose
// context is DTLS exactly when ctx's is (or, for a DTLS ctx, the TLS
// targets when t has no DTLS one), it picks the one of ctx's form, else
// the newest form older than ctx's (a TLS 1.3 CertificateVerify has the
// TLS 1.2 form), else the first.
func TargetFor(t wire.HandshakeType, ctx wire.Context, msg []byte) (string, []byte, bool) {
	var first, best *MessageTarget
	want := formOf(ctx)
	dtls := wire.IsDTLSVersion(ctx.Version)
	for pass := 0; pass < 2 && first == nil; pass++ {
		for i := range MessageTargets {
			mt := &MessageTargets[i]
			if mt.Type != t || wire.IsDTLSVersion(mt.Context.Version) != (dtls && pass == 0) {
				continue
			}
			if mt.Prefix {
				return mt.Name, append(ContextPrefix(ctx), msg...), true
			}
			if first == nil {
				first = mt
			}
			if f := formOf(mt.Context); f <= want && (best == nil || f > formOf(best.Context)) {
				best = mt
			}
		}
	}
	if best == nil {
		best = first
	}
	if best == nil {
		return "", nil, false
	}
	return best.Name, msg, true
}

// formOf groups versions by the message forms they select.
func formOf(ctx wire.Context) int {
	switch {
	case wire.UsesTLS13Forms(ctx.Version):
		return 13
	case ctx.Version == wire.VersionTLS12 || ctx.Version == wire.VersionDTLS12:
		return 12
	case ctx.Version == 0:
		return 0
	}
	return 10
}

// ExtensionSeed is the FuzzExtension input for an extension of type t
// with body data, as it appears in message in: byte 0 is in, bytes 1-2
// the type (big-endian), the rest the body.
func ExtensionSeed(in wire.ExtMessage, t wire.ExtensionType, data []byte) []byte {
	return append([]byte{byte(in), byte(t >> 8), byte(t)}, data...)
}

// ParseExtensionSeed splits a FuzzExtension input (see ExtensionSeed).
// Byte 0 is taken modulo 8, so that one value (0) names no message.
func ParseExtensionSeed(in []byte) (wire.ExtMessage, wire.ExtensionType, []byte, bool) {
	if len(in) < 3 {
		return 0, 0, nil, false
	}
	return wire.ExtMessage(in[0] % 8), wire.ExtensionType(in[1])<<8 | wire.ExtensionType(in[2]), in[3:], true
}

// DTLSSeed is the FuzzDTLS input for a datagram whose peer sends
// connection IDs of cidLen bytes: byte 0 is cidLen, the rest the datagram.
func DTLSSeed(cidLen uint8, datagram []byte) []byte {
	return append([]byte{cidLen}, datagram...)
}

// ExtensionsOf returns the extension blocks a decoded message carries and
// the message context they are decoded in (a ServerHello's depends on
// whether it is a HelloRetryRequest).
func ExtensionsOf(m wire.Message) (wire.ExtMessage, []wire.Extensions) {
	switch m := m.(type) {
	case *wire.ClientHello:
		return wire.InClientHello, []wire.Extensions{m.Extensions}
	case *wire.ServerHello:
		if m.IsHelloRetryRequest() {
			return wire.InHelloRetryRequest, []wire.Extensions{m.Extensions}
		}
		return wire.InServerHello, []wire.Extensions{m.Extensions}
	case *wire.EncryptedExtensions:
		return wire.InEncryptedExtensions, []wire.Extensions{m.Extensions}
	case *wire.Certificate:
		var out []wire.Extensions
		for _, e := range m.Entries {
			out = append(out, e.Extensions)
		}
		return wire.InCertificate, out
	case *wire.CertificateRequest:
		return wire.InCertificateRequest, []wire.Extensions{m.Extensions}
	case *wire.NewSessionTicket:
		return wire.InNewSessionTicket, []wire.Extensions{m.Extensions}
	}
	return 0, nil
}

// Flags of a datagram in a FuzzQUICInitial input. The input is a sequence
// of datagrams, each written as a flags byte, a 2-byte big-endian length
// and the datagram (AppendQUICDatagram); a length running past the end
// takes what is left.
const (
	// QUICFromClient: the client sent the datagram.
	QUICFromClient = 1 << 0
	// QUICSeal: the datagram bytes are the frames of an Initial packet,
	// which the target protects (RFC 9001 §5) with the keys of the RFC
	// 9001 Appendix A Destination Connection ID before feeding it, so that
	// frame parsing is reached past the AEAD.
	QUICSeal = 1 << 1
	// QUICV2: with QUICSeal, QUIC version 2 (RFC 9369) instead of 1.
	QUICV2 = 1 << 2
)

// AppendQUICDatagram appends one datagram to a FuzzQUICInitial input.
func AppendQUICDatagram(in []byte, flags byte, datagram []byte) []byte {
	n := min(len(datagram), 0xffff)
	in = append(in, flags, byte(n>>8), byte(n))
	return append(in, datagram[:n]...)
}

// Targets lists the names of every fuzz target of package fuzz.
func Targets() []string {
	var out []string
	for _, mt := range MessageTargets {
		out = append(out, mt.Name)
	}
	return append(out, TargetExtension, TargetRecords, TargetDTLS, TargetSSLv2, TargetQUICInitial,
		TargetFingerprint, TargetVsCryptoTLS, TargetSHVsCryptoTLS, TargetPcap, TargetPcapAlloc, TargetJSON)
}
