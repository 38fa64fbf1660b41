package corpusexport

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"sort"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// Corpus exports a corpus directory laid out like this repository's
// corpus/ (one folder of raw seeds per fuzz target):
//
//   - each FuzzRecords seed (one direction of a TLS connection) to the
//     server fuzzers when it starts with a ClientHello (or an SSL 2.0
//     compatible one), to the client fuzzers when it starts with another
//     handshake message;
//   - each FuzzDTLS seed (a datagram, connection IDs of length 0) to
//     dtls_server when its first fragment is a ClientHello, else to
//     dtls_client;
//   - each FuzzClientHello seed to decode_client_hello_inner;
//   - the server datagrams sent as they are (not sealed by the target) of
//     each FuzzQUICInitial seed to OpenSSL's quic-client.
func (e *Exporter) Corpus(corpusDir string) error {
	if err := eachSeed(corpusDir, seedroute.TargetRecords, e.addRecordsSeed); err != nil {
		return err
	}
	if err := eachSeed(corpusDir, seedroute.TargetDTLS, e.addDTLSSeed); err != nil {
		return err
	}
	if err := eachSeed(corpusDir, "FuzzClientHello", func(msg []byte) error {
		if in, ok := BoringSSLDecodeClientHelloInner(msg); ok {
			return e.write("boringssl/decode_client_hello_inner", in)
		}
		return nil
	}); err != nil {
		return err
	}
	return eachSeed(corpusDir, seedroute.TargetQUICInitial, func(in []byte) error {
		return e.QUICServerDatagrams(QUICServerDatagrams(in))
	})
}

// addRecordsSeed exports one direction of a TLS connection.
func (e *Exporter) addRecordsSeed(stream []byte) error {
	fromClient, ok := streamFromClient(stream)
	if !ok {
		return nil
	}
	if fromClient {
		clientCert := sends(corpusimport.PlaintextMessages(stream), wire.TypeCertificate)
		if err := e.write("boringssl/server", BoringSSLServer(stream, clientCert)); err != nil {
			return err
		}
		return e.write("openssl/server", OpenSSLStream(stream))
	}
	if err := e.write("boringssl/client", BoringSSLClient(stream)); err != nil {
		return err
	}
	return e.write("openssl/client", OpenSSLStream(stream))
}

// addDTLSSeed exports one FuzzDTLS datagram.
func (e *Exporter) addDTLSSeed(in []byte) error {
	if len(in) < 2 || in[0]%32 != 0 { // a connection ID the fuzzers would not expect
		return nil
	}
	dg := in[1:]
	rs := wire.DTLSRecords{Data: dg}
	if !rs.Next() {
		return nil
	}
	rec := rs.Record()
	if rec.Unified || rec.ContentType != wire.ContentHandshake || len(rec.Payload) == 0 {
		return nil
	}
	if wire.HandshakeType(rec.Payload[0]) == wire.TypeClientHello {
		return e.write("boringssl/dtls_server", BoringSSLDTLS([][]byte{dg}, false))
	}
	return e.write("boringssl/dtls_client", BoringSSLDTLS([][]byte{dg}, false))
}

// streamFromClient tells a client's stream from a server's by its first
// handshake message; ok is false when the stream does not start with one.
func streamFromClient(stream []byte) (fromClient, ok bool) {
	if wire.IsSSLv2ClientHello(stream) {
		return true, true
	}
	rs := wire.Records{Data: stream}
	if !rs.Next() {
		return false, false
	}
	rec := rs.Record()
	if rec.ContentType != wire.ContentHandshake || len(rec.Payload) == 0 {
		return false, false
	}
	return wire.HandshakeType(rec.Payload[0]) == wire.TypeClientHello, true
}

// QUICServerDatagrams returns the datagrams of a FuzzQUICInitial input
// that the server sent as they are (flags without QUICFromClient and
// QUICSeal); see seedroute.AppendQUICDatagram for the layout.
func QUICServerDatagrams(in []byte) [][]byte {
	var out [][]byte
	for len(in) >= 3 {
		flags := in[0]
		n := min(int(in[1])<<8|int(in[2]), len(in)-3)
		dg := in[3 : 3+n]
		in = in[3+n:]
		if flags&(seedroute.QUICFromClient|seedroute.QUICSeal) == 0 {
			out = append(out, dg)
		}
	}
	return out
}

// Plain copies the seeds of corpus/<target>/ into dir/<target>/, named by
// SHA-1 as libFuzzer names its corpus files: the plain corpus directory
// libFuzzer and AFL++ take (-merge=1, afl-fuzz -i). It returns the number
// of files written.
func Plain(corpusDir, target, dir string) (int, error) {
	n := 0
	err := eachSeed(corpusDir, target, func(b []byte) error {
		out := filepath.Join(dir, target)
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		sum := sha1.Sum(b)
		n++
		return os.WriteFile(filepath.Join(out, hex.EncodeToString(sum[:])), b, 0o644)
	})
	return n, err
}

// eachSeed calls fn with every seed of corpus/<target>/, in name order.
func eachSeed(corpusDir, target string, fn func([]byte) error) error {
	dir := filepath.Join(corpusDir, target)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var names []string
	for _, en := range entries {
		if en.Type().IsRegular() {
			names = append(names, en.Name())
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return err
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return nil
}
