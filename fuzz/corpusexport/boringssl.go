package corpusexport

import (
	"github.com/tlswire/tlswire/wire"
)

// BoringSSL's fuzzer settings tags (ssl/test/fuzzer_tags.h): the TLS and
// DTLS client and server fuzzers (ssl/test/fuzzer.h, SetupTest) read
// 2-byte tags until kDataTag; what follows is the transport data.
const (
	boringDataTag          = 0
	boringRequestClientTag = 2 // the server requests a client certificate
)

// BoringSSLServer returns the input of BoringSSL's fuzz/server (TLS) for
// the bytes a client sent: the settings (kRequestClientCert when the
// client sent a certificate, so that the server asks for it and reads it),
// kDataTag, then the stream as it was.
func BoringSSLServer(fromClient []byte, clientCert bool) []byte {
	var out []byte
	if clientCert {
		out = append(out, 0, boringRequestClientTag)
	}
	return append(append(out, 0, boringDataTag), fromClient...)
}

// BoringSSLClient returns the input of BoringSSL's fuzz/client for the
// bytes a server sent: kDataTag, then the stream.
func BoringSSLClient(fromServer []byte) []byte {
	return append([]byte{0, boringDataTag}, fromServer...)
}

// BoringSSLDTLS returns the input of fuzz/dtls_server or fuzz/dtls_client
// for the datagrams the peer sent: the settings as for TLS, then each
// datagram with a 24-bit length (the fuzzer's BIO keeps packet
// boundaries so).
func BoringSSLDTLS(datagrams [][]byte, clientCert bool) []byte {
	var out []byte
	if clientCert {
		out = append(out, 0, boringRequestClientTag)
	}
	out = append(out, 0, boringDataTag)
	for _, d := range datagrams {
		if len(d) > 0xffffff {
			continue
		}
		out = append(appendU24(out, len(d)), d...)
	}
	return out
}

// echOuterCandidates are the extensions an encoded ClientHelloInner
// typically takes from the outer hello by reference (RFC 9849 §5.1): the
// large ones that do not depend on the inner hello's privacy.
var echOuterCandidates = map[wire.ExtensionType]bool{
	wire.ExtensionType(10): true, // supported_groups
	wire.ExtensionType(13): true, // signature_algorithms
	wire.ExtensionType(51): true, // key_share
	wire.ExtensionType(11): true, // ec_point_formats
	wire.ExtensionType(45): true, // psk_key_exchange_modes
}

// BoringSSLDecodeClientHelloInner returns the input of BoringSSL's
// fuzz/decode_client_hello_inner for a ClientHello message (4-byte header
// included): a 24-bit length and an EncodedClientHelloInner, then the
// ClientHelloOuter body (without its header, as SSL_parse_client_hello
// reads it). The encoded inner hello is the hello itself, compressed as an
// ECH client does (RFC 9849 §5.1): an empty legacy_session_id, and the
// extensions the outer hello repeats replaced by one
// ech_outer_extensions extension naming them, in their order. ok is false
// when msg is not a decodable TLS ClientHello.
func BoringSSLDecodeClientHelloInner(msg []byte) ([]byte, bool) {
	var ch wire.ClientHello
	if ch.Unmarshal(msg) != nil || ch.SSLv2 || ch.IsDTLS() {
		return nil, false
	}
	inner := ch
	inner.SessionID = nil
	inner.Extensions = nil
	var refs []byte
	at := -1
	for _, e := range ch.Extensions {
		if echOuterCandidates[e.Type] {
			if at < 0 {
				at = len(inner.Extensions)
				inner.Extensions = append(inner.Extensions, wire.Extension{Type: wire.ExtensionECHOuterExtensions})
			}
			refs = append(refs, byte(e.Type>>8), byte(e.Type))
			continue
		}
		inner.Extensions = append(inner.Extensions, e)
	}
	if at >= 0 {
		inner.Extensions[at].Data = append([]byte{byte(len(refs))}, refs...)
	}
	enc, err := inner.Append(nil)
	if err != nil {
		return nil, false
	}
	out := appendU24(nil, len(enc)-4)
	out = append(out, enc[4:]...)
	return append(out, msg[4:]...), true
}
