package corpusexport

import (
	"github.com/tlswire/tlswire/wire"
)

// Handshake is what a capture shows of one connection: the handshake
// messages each side sent in the clear, in order, each with its 4-byte
// TLS header (DTLS messages converted to it, as tlsdump -corpus stores
// them).
type Handshake struct {
	// Transport is how the messages travelled: TLS over TCP, DTLS, or
	// QUIC (CRYPTO frames; the datagrams themselves are encrypted).
	Transport Transport
	// Version is the record version to frame with (0: TLS 1.2 or DTLS
	// 1.2).
	Version uint16
	// FromClient and FromServer are the messages each side sent.
	FromClient, FromServer [][]byte
}

// Transport is the carrier of a handshake.
type Transport int

// The transports of a Handshake.
const (
	TCP Transport = iota
	DTLS
	QUIC
)

// AddHandshake writes the seeds one handshake gives, re-framed as each
// fuzzer reads its peer's bytes:
//
//   - TLS: the client's messages as records for BoringSSL's and OpenSSL's
//     fuzz/server, the server's for fuzz/client;
//   - DTLS: the messages as epoch-0 datagrams for BoringSSL's
//     fuzz/dtls_server and fuzz/dtls_client;
//   - any transport: each ClientHello for BoringSSL's
//     fuzz/decode_client_hello_inner.
//
// QUIC handshakes give only the last: their datagrams are encrypted with
// keys from the connection's own IDs, which OpenSSL's fuzz/quic-client
// (its own client, its own IDs) cannot decrypt; see QUICServerDatagrams
// for captured datagrams.
func (e *Exporter) AddHandshake(h Handshake) error {
	clientCert := sends(h.FromClient, wire.TypeCertificate)
	switch h.Transport {
	case TCP:
		v := h.Version
		if v == 0 {
			v = wire.VersionTLS12
		}
		if len(h.FromClient) > 0 {
			s := TLSRecords(v, h.FromClient)
			if err := e.write("boringssl/server", BoringSSLServer(s, clientCert)); err != nil {
				return err
			}
			if err := e.write("openssl/server", OpenSSLStream(s)); err != nil {
				return err
			}
		}
		if len(h.FromServer) > 0 {
			s := TLSRecords(v, h.FromServer)
			if err := e.write("boringssl/client", BoringSSLClient(s)); err != nil {
				return err
			}
			if err := e.write("openssl/client", OpenSSLStream(s)); err != nil {
				return err
			}
		}
	case DTLS:
		v := h.Version
		if v == 0 {
			v = wire.VersionDTLS12
		}
		if len(h.FromClient) > 0 {
			if err := e.write("boringssl/dtls_server", BoringSSLDTLS(DTLSDatagrams(v, 0, h.FromClient), clientCert)); err != nil {
				return err
			}
		}
		if len(h.FromServer) > 0 {
			if err := e.write("boringssl/dtls_client", BoringSSLDTLS(DTLSDatagrams(v, 0, h.FromServer), false)); err != nil {
				return err
			}
		}
	}
	for _, m := range h.FromClient {
		if len(m) > 0 && wire.HandshakeType(m[0]) == wire.TypeClientHello {
			if in, ok := BoringSSLDecodeClientHelloInner(m); ok {
				if err := e.write("boringssl/decode_client_hello_inner", in); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// QUICServerDatagrams writes the UDP datagrams a QUIC server sent as one
// input of OpenSSL's fuzz/quic-client.
func (e *Exporter) QUICServerDatagrams(datagrams [][]byte) error {
	if len(datagrams) == 0 {
		return nil
	}
	return e.write("openssl/quic-client", OpenSSLQUICClient(datagrams))
}

// sends reports whether msgs holds a message of type t.
func sends(msgs [][]byte, t wire.HandshakeType) bool {
	for _, m := range msgs {
		if len(m) > 0 && wire.HandshakeType(m[0]) == t {
			return true
		}
	}
	return false
}
