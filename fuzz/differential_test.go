package fuzz

import (
	"bytes"
	"crypto/tls"
	"errors"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"io"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/tlswire/tlswire/wire"
)

// Differential testing of the ClientHello decoder against crypto/tls.
//
// crypto/tls is both stricter and laxer than wire in a few documented ways,
// because it is a TLS server enforcing what it needs while wire is a codec
// that checks structure only (semantic rules live in Validate). These are
// the known, intended differences the comparison allows; any other
// disagreement fails:
//
//  1. crypto/tls rejects what wire leaves to Validate or to the caller
//     (cryptoTLSRejects): a repeated extension type, a pre_shared_key that
//     is not the last extension, more than one host_name or a host_name
//     ending in "." in server_name, empty lists where the RFC's minimum is
//     not a structural rule for wire (a key_share entry with an empty
//     key_exchange), a status_request whose status_type is not ocsp and
//     whose body is not of the OCSP form (crypto/tls reads that form for
//     every status_type; wire keeps other bodies raw), and an
//     encrypted_client_hello body of an unknown ECHClientHelloType or
//     malformed outer form, and a server_name entry of a name type other
//     than host_name with an empty name: RFC 6066 §3 gives only HostName a
//     minimum (opaque HostName<1..2^16-1>) and defines no body for other
//     name types, which wire reads as opaque<0..2^16-1>; crypto/tls
//     requires a non-empty name whatever the type.
//  2. crypto/tls caps a handshake message at 65536 bytes (its maxHandshake);
//     wire accepts up to 2^24-1.
//  3. crypto/tls accepts lists shorter than the RFC minimum that wire
//     enforces structurally (wireStricter): an empty cipher_suites or
//     compression_methods, a legacy_session_id over 32 bytes, an empty
//     psk_key_exchange_modes or renegotiation_info list, bytes after the
//     payload of an outer encrypted_client_hello, a pre_shared_key binder
//     under 32 bytes (RFC 8446 §4.2.11: opaque PskBinderEntry<32..255>;
//     crypto/tls takes any non-empty binder and leaves it to the binder
//     check), an OCSP responder_id_list whose entries are not well-formed
//     ResponderIDs (RFC 6066 §8: opaque ResponderID<1..2^16-1>; crypto/tls
//     skips the list without reading its entries).
//  4. A DTLS legacy_version (0xfeXX, or OpenSSL's pre-RFC 0x0100; see
//     wire.IsDTLSVersion) marks the DTLS form of the hello (with a cookie
//     field, RFC 6347 §4.2.1), which crypto/tls does not speak: such hellos
//     are not compared.
//  5. crypto/tls reports ServerName only for the first host_name, and
//     SupportedVersions from legacy_version when supported_versions is
//     absent: fields are compared only where both define them.
//
// clientHelloDifferenceSeeds lists, for each difference, seeds of
// corpus/FuzzClientHello (by SHA-256) on which wire and crypto/tls
// disagree for that reason; TestClientHelloDifferenceSeeds checks that
// each still shows it.
//
// Inputs that are not exactly one message (bytes beyond the header's
// length) are not compared: crypto/tls reads messages from a stream and
// would take the extra bytes as the start of the next message.
//
// Extensions crypto/tls does not parse are not typed-decoded on the wire
// side either: for those both keep only the type and the raw body.

// cryptoTLSParsed lists the extension types whose body crypto/tls's
// server parses (handshake_messages.go, clientHelloMsg.unmarshal, and
// ech.go). session_ticket and quic_transport_parameters are kept as opaque
// bytes there (the QUIC layer parses the latter), so they are not listed.
var cryptoTLSParsed = []wire.ExtensionType{0, 5, 10, 11, 13, 16, 18, 23, 41, 42, 43, 44, 45, 50, 51, 0xfe0d, 0xff01}

// clientHelloDifferenceSeeds: see the list of differences above.
var clientHelloDifferenceSeeds = []differenceSeed{
	{"82bf417ab1f3612d3324c6461c2483951a61a227a9792a3c9801c4bd835c54b9", "an empty server_name of another name type",
		"boringssl fuzz/server_corpus/0af4dcca8de94c52b1bd40e6c456e8a4d08d4320"},
	{"23e467e54fa5589f4bff0df1bb84e5bb21b524ac3f55b5fad07110d90f988085", "an empty server_name of another name type",
		"go-fuzz-corpus tls/patched/corpus/535c1a02d21caf2092ad33e5b19201401eeca679-4"},
	{"c84de2674ba0bb08389540c709f04276bcae2ae806c6fe67fb34f4f0ea0e2080", "a pre_shared_key binder under 32 bytes",
		"boringssl fuzz/server_corpus/3efe14ef2ba6b99729e8c7013fd33d27f56e6da5"},
	{"9f6e12c484c20226e936e89e08c09d3fde246d416d3619d2c00f01855258448e", "a pre_shared_key binder under 32 bytes",
		"boringssl fuzz/server_no_fuzzer_mode_corpus/f1dff08c50bc7a2fb07a23579c4d534a834c1fce"},
	{"284a7af90246d1b2f8323816851e52f4d5ca6614c9b71e4220355a8cc3363765", "a malformed ResponderID",
		"found by FuzzClientHelloVsCryptoTLS from the imported seeds"},
}

// FuzzClientHelloVsCryptoTLS feeds a ClientHello message (header included)
// both to wire and to a crypto/tls server whose GetConfigForClient records
// the ClientHelloInfo, and compares acceptance, SNI, cipher suites,
// versions, groups, point formats, signature schemes, ALPN and extension
// order, allowing only the differences listed above. It replays the
// FuzzClientHello seeds.
func FuzzClientHelloVsCryptoTLS(f *testing.F) {
	addSeeds(f, seedroute.TargetVsCryptoTLS)
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) < 4 || wire.HandshakeType(in[0]) != wire.TypeClientHello || len(in) > 1<<17 {
			return
		}
		compareWithCryptoTLS(t, in)
	})
}

// TestClientHelloSeedsVsCryptoTLS runs the comparison over every
// ClientHello seed, reporting how many each side accepted.
func TestClientHelloSeedsVsCryptoTLS(t *testing.T) {
	replayVsCryptoTLS(t, "FuzzClientHello", compareWithCryptoTLS)
}

// TestClientHelloDifferenceSeeds checks that each seed of
// clientHelloDifferenceSeeds shows its difference.
func TestClientHelloDifferenceSeeds(t *testing.T) {
	checkDifferenceSeeds(t, "FuzzClientHello", clientHelloDifferenceSeeds, compareWithCryptoTLS)
}

// compareWithCryptoTLS compares the two decoders on msg and reports
// whether both accepted it and, when one rejected it, the listed
// difference that explains it ("" when both rejected it or it was not
// compared).
func compareWithCryptoTLS(t *testing.T, msg []byte) (both bool, why string) {
	t.Helper()
	if len(msg) < 4 || len(msg) != 4+(int(msg[1])<<16|int(msg[2])<<8|int(msg[3])) {
		return false, "" // not one message: crypto/tls would read the rest as the next one
	}
	if len(msg) >= 6 && wire.IsDTLSVersion(uint16(msg[4])<<8|uint16(msg[5])) {
		return false, "" // difference 4
	}
	info, tlsOK := cryptoTLSHello(msg)
	var ch wire.ClientHello
	err := ch.Unmarshal(msg)
	var typed map[wire.ExtensionType]wire.ExtensionBody
	if err == nil {
		typed, err = decodeTyped(ch.Extensions, cryptoTLSParsed, wire.InClientHello)
	}
	wireOK := err == nil
	switch {
	case wireOK && !tlsOK:
		if len(msg) > 65536+4 {
			return false, "over 64 KiB" // difference 2
		}
		why := cryptoTLSRejects(&ch, typed)
		if why == "" {
			t.Fatalf("crypto/tls rejects a ClientHello wire accepts, for no known reason:\n%x", msg)
		}
		return false, why
	case !wireOK && tlsOK:
		why := wireStricter(err)
		if why == "" {
			t.Fatalf("wire rejects a ClientHello crypto/tls accepts (%v), for no known reason:\n%x", err, msg)
		}
		return false, why
	case !wireOK:
		return false, ""
	}
	if why := cryptoTLSRejects(&ch, typed); why != "" {
		t.Fatalf("crypto/tls accepts a ClientHello with %s:\n%x", why, msg)
	}

	if !slices.Equal(info.CipherSuites, ch.CipherSuites) {
		t.Fatalf("cipher suites: crypto/tls %x, wire %x", info.CipherSuites, ch.CipherSuites)
	}
	var types []uint16
	for _, e := range ch.Extensions {
		types = append(types, uint16(e.Type))
	}
	if !slices.Equal(info.Extensions, types) {
		t.Fatalf("extension order: crypto/tls %v, wire %v", info.Extensions, types)
	}
	sni := ""
	var groups, sigs, versions []uint16
	var points []byte
	var protos []string
	if v, ok := typed[0].(*wire.ServerNameExtension); ok {
		for _, n := range v.Names {
			if n.NameType == 0 {
				sni = string(n.Name)
				break
			}
		}
	}
	if v, ok := typed[10].(*wire.SupportedGroupsExtension); ok {
		groups = v.Groups
	}
	if v, ok := typed[11].(*wire.ECPointFormatsExtension); ok {
		points = v.Formats
	}
	if v, ok := typed[13].(*wire.SignatureAlgorithmsExtension); ok {
		sigs = v.Algorithms
	}
	if v, ok := typed[16].(*wire.ALPNExtension); ok {
		for _, p := range v.Protocols {
			protos = append(protos, string(p))
		}
	}
	if v, ok := typed[43].(*wire.SupportedVersionsExtension); ok {
		versions = v.Versions
		if !slices.Equal(info.SupportedVersions, versions) {
			t.Fatalf("supported versions: crypto/tls %x, wire %x", info.SupportedVersions, versions)
		}
	}
	var infoGroups, infoSigs []uint16
	for _, g := range info.SupportedCurves {
		infoGroups = append(infoGroups, uint16(g))
	}
	for _, s := range info.SignatureSchemes {
		infoSigs = append(infoSigs, uint16(s))
	}
	switch {
	case info.ServerName != sni:
		t.Fatalf("SNI: crypto/tls %q, wire %q", info.ServerName, sni)
	case !slices.Equal(infoGroups, groups):
		t.Fatalf("groups: crypto/tls %x, wire %x", infoGroups, groups)
	case !bytes.Equal(info.SupportedPoints, points):
		t.Fatalf("point formats: crypto/tls %x, wire %x", info.SupportedPoints, points)
	case !slices.Equal(infoSigs, sigs):
		t.Fatalf("signature schemes: crypto/tls %x, wire %x", infoSigs, sigs)
	case !slices.Equal(info.SupportedProtos, protos):
		t.Fatalf("ALPN: crypto/tls %q, wire %q", info.SupportedProtos, protos)
	}
	return true, ""
}

// cryptoTLSRejects names the first rule of difference 1 that msg breaks,
// or returns "".
func cryptoTLSRejects(ch *wire.ClientHello, typed map[wire.ExtensionType]wire.ExtensionBody) string {
	seen := map[wire.ExtensionType]bool{}
	for i, e := range ch.Extensions {
		if seen[e.Type] {
			return "a repeated extension"
		}
		seen[e.Type] = true
		if e.Type == 41 && i != len(ch.Extensions)-1 {
			return "pre_shared_key not last"
		}
	}
	if v, ok := typed[0].(*wire.ServerNameExtension); ok {
		hosts := 0
		for _, n := range v.Names {
			if n.NameType == 0 {
				hosts++
				if bytes.HasSuffix(n.Name, []byte(".")) {
					return "a host_name ending in a dot"
				}
			}
		}
		if hosts > 1 {
			return "several host_names"
		}
		for _, n := range v.Names {
			if n.NameType != 0 && len(n.Name) == 0 {
				return "an empty server_name of another name type"
			}
		}
	}
	if v, ok := typed[51].(*wire.KeyShareExtension); ok {
		for _, s := range v.ClientShares {
			if len(s.KeyExchange) == 0 {
				return "an empty key_exchange"
			}
		}
	}
	if d, ok := ch.Extensions.Find(5); ok && !cryptoTLSStatusRequestShape(d) {
		return "a status_request body not of the OCSP form"
	}
	if d, ok := ch.Extensions.Find(0xfe0d); ok && !cryptoTLSECHShape(d) {
		return "an encrypted_client_hello body crypto/tls does not parse"
	}
	return ""
}

// cryptoTLSStatusRequestShape reports whether crypto/tls accepts a
// status_request body: whatever the status_type, it reads the
// OCSPStatusRequest form (RFC 6066 §8: two uint16-prefixed vectors) and
// requires nothing after it, while wire keeps the body of another
// status_type raw.
func cryptoTLSStatusRequestShape(d []byte) bool {
	if len(d) < 1 {
		return false
	}
	d = d[1:]
	for range 2 {
		if len(d) < 2 || len(d) < 2+(int(d[0])<<8|int(d[1])) {
			return false
		}
		d = d[2+(int(d[0])<<8|int(d[1])):]
	}
	return len(d) == 0
}

// cryptoTLSECHShape reports whether crypto/tls's parseECHExt accepts an
// encrypted_client_hello body: type inner (1) with nothing after it, or
// type outer (0) with cipher suite, config_id, enc<0..2^16-1> and
// payload<1..2^16-1>. parseECHExt does not check that payload ends the
// body: trailing bytes are accepted there and rejected by wire
// (difference 3).
func cryptoTLSECHShape(d []byte) bool {
	if len(d) == 0 {
		return false
	}
	switch d[0] {
	case 1:
		return len(d) == 1
	case 0:
		d = d[1:]
	default:
		return false
	}
	if len(d) < 5+2 {
		return false
	}
	d = d[5:]
	n := int(d[0])<<8 | int(d[1])
	if len(d) < 2+n+2 {
		return false
	}
	d = d[2+n:]
	n = int(d[0])<<8 | int(d[1])
	return n > 0 && len(d) >= 2+n
}

// wireStricter names the structural rule of difference 3, which crypto/tls
// does not enforce, that err reports, or returns "".
func wireStricter(err error) string {
	var e *wire.Error
	if !errors.As(err, &e) {
		return ""
	}
	short := errors.Is(err, wire.ErrVectorTooShort)
	switch {
	case e.Message == "ClientHello" && (e.Field == "cipher_suites" || e.Field == "legacy_compression_methods") && short:
		return "an empty " + e.Field
	case e.Message == "ClientHello" && e.Field == "legacy_session_id":
		return "a legacy_session_id over 32 bytes"
	case (e.Message == "psk_key_exchange_modes" || e.Message == "renegotiation_info") && short:
		return "an empty " + e.Message
	case e.Message == "encrypted_client_hello" && errors.Is(err, wire.ErrTrailingData):
		return "bytes after an encrypted_client_hello payload"
	case e.Message == "pre_shared_key" && (e.Field == "PskBinderEntry" || e.Field == "binders") && short:
		return "a pre_shared_key binder under 32 bytes"
	case e.Message == "status_request" && e.Field == "ResponderID":
		return "a malformed ResponderID"
	}
	return ""
}

// cryptoTLSHello feeds msg, framed in TLS records, to a crypto/tls server
// and returns the ClientHelloInfo its GetConfigForClient saw, or false
// when crypto/tls rejected the hello before asking for a config.
func cryptoTLSHello(msg []byte) (*tls.ClientHelloInfo, bool) {
	var stream []byte
	for rest := msg; len(rest) > 0; {
		n := min(len(rest), 1<<14)
		stream = append(stream, 22, 3, 1, byte(n>>8), byte(n))
		stream = append(stream, rest[:n]...)
		rest = rest[n:]
	}
	var info *tls.ClientHelloInfo
	errStop := errors.New("stop after ClientHello")
	cfg := &tls.Config{GetConfigForClient: func(chi *tls.ClientHelloInfo) (*tls.Config, error) {
		info = chi
		return nil, errStop
	}}
	srv := tls.Server(&helloConn{r: bytes.NewReader(stream)}, cfg)
	srv.Handshake()
	return info, info != nil
}

// helloConn is a net.Conn that reads a fixed stream and discards writes.
type helloConn struct{ r *bytes.Reader }

func (c *helloConn) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	if err == io.EOF && n == 0 {
		return 0, io.EOF
	}
	return n, nil
}
func (c *helloConn) Write(b []byte) (int, error)      { return len(b), nil }
func (c *helloConn) Close() error                     { return nil }
func (c *helloConn) LocalAddr() net.Addr              { return &net.TCPAddr{} }
func (c *helloConn) RemoteAddr() net.Addr             { return &net.TCPAddr{} }
func (c *helloConn) SetDeadline(time.Time) error      { return nil }
func (c *helloConn) SetReadDeadline(time.Time) error  { return nil }
func (c *helloConn) SetWriteDeadline(time.Time) error { return nil }
