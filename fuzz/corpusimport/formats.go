package corpusimport

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// readDir returns the regular files of dir, sorted by name (so imports are
// deterministic), or nothing when dir does not exist.
func readDir(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	return out, nil
}

// GoFuzzCorpus imports the TLS inputs of dvyukov/go-fuzz-corpus (Apache
// 2.0) found under root: tls/corpus and tls/patched/corpus hold raw
// client-to-server streams (the tls harness runs a crypto/tls server),
// tlsclient/corpus raw server-to-client streams (a crypto/tls client).
// Each file is one stream, added with AddTLSStream.
func (c *Corpus) GoFuzzCorpus(root string) error {
	for _, sub := range []string{"tls/corpus", "tls/patched/corpus", "tlsclient/corpus"} {
		files, err := readDir(filepath.Join(root, sub))
		if err != nil {
			return err
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return err
			}
			if err := c.AddTLSStream(b, "go-fuzz-corpus "+sub+"/"+filepath.Base(f)); err != nil {
				return err
			}
		}
	}
	return nil
}

// BoringSSL fuzzer shim tags (ssl/test/fuzzer_tags.h): a client or server
// input is a sequence of 2-byte tags, each but kDataTag and
// kRequestClientCert followed by a 24-bit length-prefixed parameter, and
// kDataTag ends the settings: what follows is the transport data.
const (
	boringDataTag          = 0
	boringRequestClientTag = 2
)

// BoringSSLData strips the settings prefix BoringSSL's TLS fuzzers
// (ssl/test/fuzzer.h, SetupTest) read and returns the transport data: for
// TLS the peer's raw byte stream, for DTLS a sequence of 24-bit
// length-prefixed datagrams. ok is false when the prefix is malformed.
func BoringSSLData(in []byte) (data []byte, ok bool) {
	for {
		if len(in) < 2 {
			return nil, false
		}
		tag := int(in[0])<<8 | int(in[1])
		in = in[2:]
		switch tag {
		case boringDataTag:
			return in, true
		case boringRequestClientTag:
		case 1, 3, 4, 5: // session, handoff, handback, hints
			if len(in) < 3 {
				return nil, false
			}
			n := int(in[0])<<16 | int(in[1])<<8 | int(in[2])
			if len(in) < 3+n {
				return nil, false
			}
			in = in[3+n:]
		default:
			return nil, false
		}
	}
}

// addClientHelloOuter imports the ClientHelloOuter of a
// decode_client_hello_inner input (fuzz/decode_client_hello_inner.cc):
// after the u24-prefixed EncodedClientHelloInner, the rest is a
// ClientHello body without its handshake header.
func (c *Corpus) addClientHelloOuter(in []byte, origin string) error {
	if len(in) < 3 {
		return nil
	}
	n := int(in[0])<<16 | int(in[1])<<8 | int(in[2])
	if len(in) < 3+n {
		return nil
	}
	body := in[3+n:]
	if len(body) > 0xffffff {
		return nil
	}
	msg := append([]byte{byte(wire.TypeClientHello), byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body...)
	d := wire.Decoder{Context: wire.Context{Version: wire.VersionTLS12}}
	return c.AddMessage(&d, msg, origin+" outer")
}

// splitU24 splits BoringSSL's DTLS transport data into datagrams.
func splitU24(b []byte) [][]byte {
	var out [][]byte
	for len(b) >= 3 {
		n := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
		if len(b) < 3+n {
			break
		}
		out = append(out, b[3:3+n])
		b = b[3+n:]
	}
	return out
}

// BoringSSL imports a BoringSSL checkout's fuzz corpora (Apache 2.0 / ISC):
// fuzz/<name>_corpus/<sha1>. The client and server corpora (and their
// _no_fuzzer_mode variants) hold the shim prefix then the peer's TLS
// stream; dtls_client and dtls_server the prefix then datagrams;
// decode_client_hello_inner an encoded ClientHelloInner with a 24-bit
// length, then a ClientHelloOuter body, of which the outer hello is
// imported (the inner one, compressed against it, is no message). Other
// corpora (certificates, keys, API call sequences) have no TLS wire data
// and are skipped. It returns the names of the corpora it read.
func (c *Corpus) BoringSSL(root string) ([]string, error) {
	var done []string
	for _, name := range []string{"client", "server", "client_no_fuzzer_mode", "server_no_fuzzer_mode", "dtls_client", "dtls_server", "decode_client_hello_inner"} {
		files, err := readDir(filepath.Join(root, "fuzz", name+"_corpus"))
		if err != nil {
			return done, err
		}
		if len(files) > 0 {
			done = append(done, name)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return done, err
			}
			origin := "boringssl fuzz/" + name + "_corpus/" + filepath.Base(f)
			if name == "decode_client_hello_inner" {
				if err := c.addClientHelloOuter(b, origin); err != nil {
					return done, err
				}
				continue
			}
			data, ok := BoringSSLData(b)
			if !ok {
				continue
			}
			if strings.HasPrefix(name, "dtls_") {
				err = c.AddDTLSDatagrams(splitU24(data), origin)
			} else {
				err = c.AddTLSStream(data, origin)
			}
			if err != nil {
				return done, err
			}
		}
	}
	return done, nil
}

// OpenSSL imports an OpenSSL checkout's fuzz corpora (Apache 2.0):
// fuzz/corpora/<target>/<file>, or <target>/<file> at root when root is a
// checkout of the openssl/fuzz-corpora repository, which the checkout's
// fuzz/corpora points to. The client and server targets read the peer's
// raw TLS stream (fuzz/client.c, fuzz/server.c); dtlsclient and dtlsserver
// one DTLS datagram per input; quic-client the server's UDP datagrams,
// each after a 2-byte delay and a 2-byte length, both little-endian
// (fuzz/quic-client.c), imported as one FuzzQUICInitial seed of server
// datagrams. Other targets are skipped. It returns the names of the
// corpora it read.
func (c *Corpus) OpenSSL(root string) ([]string, error) {
	var done []string
	if st, err := os.Stat(filepath.Join(root, "fuzz", "corpora")); err == nil && st.IsDir() {
		root = filepath.Join(root, "fuzz", "corpora")
	}
	for _, name := range []string{"client", "server", "dtlsclient", "dtlsserver", "quic-client"} {
		files, err := readDir(filepath.Join(root, name))
		if err != nil {
			return done, err
		}
		if len(files) > 0 {
			done = append(done, name)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return done, err
			}
			origin := "openssl fuzz/corpora/" + name + "/" + filepath.Base(f)
			if name == "quic-client" {
				if seed := openSSLQUICSeed(b); seed != nil {
					err = c.Add(seedroute.TargetQUICInitial, seed, origin)
				}
			} else if strings.HasPrefix(name, "dtls") {
				err = c.AddDTLSDatagrams([][]byte{b}, origin)
			} else {
				err = c.AddTLSStream(b, origin)
			}
			if err != nil {
				return done, err
			}
		}
	}
	return done, nil
}

// OpenSSLQUICDatagrams returns the datagrams of an input of OpenSSL's
// fuzz/quic-client, read as fuzz/quic-client.c reads them: a 2-byte delay,
// with a 3-byte command before it when the input starts with 0xff 0xff,
// then a 2-byte little-endian length and a datagram, until fewer than 4
// bytes are left or a length runs past the end. Empty datagrams, which
// the fuzzer does not deliver, are left out.
func OpenSSLQUICDatagrams(in []byte) [][]byte {
	var out [][]byte
	for len(in) >= 2 {
		if len(in) >= 5 && in[0] == 0xff && in[1] == 0xff {
			in = in[3:]
		}
		in = in[2:] // the delay
		if len(in) <= 3 {
			break
		}
		n := int(in[0]) | int(in[1])<<8
		if n > len(in)-2 {
			break
		}
		if n > 0 {
			out = append(out, in[2:2+n])
		}
		in = in[2+n:]
	}
	return out
}

// openSSLQUICSeed converts a quic-client input into a FuzzQUICInitial
// seed holding its datagrams as sent by the server, or nil when it holds
// none.
func openSSLQUICSeed(in []byte) []byte {
	var seed []byte
	for _, dg := range OpenSSLQUICDatagrams(in) {
		seed = seedroute.AppendQUICDatagram(seed, 0, dg)
	}
	return seed
}

// ErrUnknownTarget is returned for a testdata/fuzz folder whose target
// GoTestFuzz cannot map to one of this repository's targets.
var ErrUnknownTarget = errors.New("no matching fuzz target")

// GoTestFuzz imports a testdata/fuzz/<FuzzXxx>/ folder of `go test fuzz
// v1` files. A target of this repository whose input is a single []byte
// takes the value as is; the targets that once lived in package tests of
// wire and pcap (FuzzExtensionBody, FuzzDTLSRecords, FuzzUnmarshalSSLv2,
// FuzzQUICDecoder in modes 0 and 2) are converted to the input format of
// their replacement here. origin prefixes each MANIFEST origin (e.g.
// "regression:"). It returns the number of files read.
func (c *Corpus) GoTestFuzz(dir, origin string, known []string) (int, error) {
	name := filepath.Base(dir)
	files, err := readDir(dir)
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		vals, err := ParseGoTestFuzz(b)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f, err)
		}
		target, data, err := convertLegacy(name, vals, known)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", f, err)
		}
		if data == nil {
			continue
		}
		if err := c.Add(target, data, origin+" "+name+"/"+filepath.Base(f)); err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

// convertLegacy maps the values of one `go test fuzz v1` file of target
// name to a seed of this repository's targets. data is nil for an input
// that has no equivalent (FuzzQUICDecoder mode 1, which prepended a fixed
// client Initial).
func convertLegacy(name string, vals []any, known []string) (target string, data []byte, err error) {
	bad := fmt.Errorf("%s: unexpected values %T", name, vals)
	switch name {
	case "FuzzExtensionBody":
		typ, ok1 := vals[0].(uint16)
		in, ok2 := vals[1].(uint8)
		body, ok3 := vals[2].([]byte)
		if len(vals) != 3 || !ok1 || !ok2 || !ok3 {
			return "", nil, bad
		}
		return seedroute.TargetExtension, append([]byte{in % 8, byte(typ >> 8), byte(typ)}, body...), nil
	case "FuzzDTLSRecords":
		cid, ok1 := vals[0].(uint8)
		b, ok2 := vals[1].([]byte)
		if len(vals) != 2 || !ok1 || !ok2 {
			return "", nil, bad
		}
		return seedroute.TargetDTLS, seedroute.DTLSSeed(cid%32, b), nil
	case "FuzzUnmarshalSSLv2":
		name = seedroute.TargetSSLv2
	case "FuzzQUICDecoder":
		b, ok1 := vals[0].([]byte)
		mode, ok2 := vals[1].(uint8)
		if len(vals) != 2 || !ok1 || !ok2 {
			return "", nil, bad
		}
		var flags byte
		switch mode % 3 {
		case 0:
			flags = seedroute.QUICFromClient
		case 1:
			return "", nil, nil
		case 2:
			flags = seedroute.QUICFromClient | seedroute.QUICSeal
		}
		return seedroute.TargetQUICInitial, seedroute.AppendQUICDatagram(nil, flags, b), nil
	}
	for _, k := range known {
		if k == name {
			if b, ok := vals[0].([]byte); ok && len(vals) == 1 {
				return name, b, nil
			}
			return "", nil, bad
		}
	}
	return "", nil, fmt.Errorf("%s: %w", name, ErrUnknownTarget)
}
