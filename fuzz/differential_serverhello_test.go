package fuzz

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/internal/tlsanchor"
	"github.com/tlswire/tlswire/wire"
)

// Differential testing of the ServerHello decoder, typed extensions
// included, against crypto/tls's serverHelloMsg (the copy in
// internal/tlsanchor: crypto/tls exposes no ServerHello it received).
//
// The intended differences, which the comparison allows; any other
// disagreement fails:
//
//  1. crypto/tls rejects what wire leaves to Validate (shRejects): a
//     repeated extension type, and an ALPN protocol_name_list of more than
//     one name (RFC 7301 §3.1: the server's list "MUST contain exactly
//     one"; wire reads the list form of the ClientHello).
//  2. The key_share form follows the message in wire: KeyShareServerHello
//     (a group and a key) in a ServerHello, the 2-byte
//     KeyShareHelloRetryRequest (selected_group) only in a
//     HelloRetryRequest (RFC 8446 §4.2.8); crypto/tls reads a 2-byte body
//     as selected_group and any other as server_share, in either, and
//     leaves the check to its handshake. wire's typed decode rejects the
//     form of the other message (shWireStricter).
//  3. A legacy_version of a TLS 1.3 draft up to 21 (0x7f00-0x7f15, and
//     the 0x7eXX variants) selects the draft layout in wire (no session ID
//     or compression method, wire.UsesDraftServerHello); crypto/tls always
//     reads the final layout: such hellos are not compared.
//  4. The encrypted_client_hello extension has no ServerHello form (RFC
//     9849 §5: HelloRetryRequest and EncryptedExtensions only); crypto/tls
//     keeps any body. It is not typed-decoded or compared here.
//  5. Fields are compared only where both define them: crypto/tls reports
//     extensions it does not parse nowhere, and wire types only those it
//     parses here (shCryptoTLSParsed).
//
// A non-empty session_ticket in a ServerHello is rejected by both (RFC
// 5077 §3.2), as are non-empty status_request and server_name bodies.
//
// Inputs that are not exactly one message are not compared, as for the
// ClientHello.

// shCryptoTLSParsed lists the extension types serverHelloMsg.unmarshal
// parses (tlsanchor's handshake_messages.go).
var shCryptoTLSParsed = []wire.ExtensionType{0, 5, 11, 16, 18, 23, 35, 41, 43, 44, 51, 0xff01}

// serverHelloDifferenceSeeds lists, for each difference, seeds of
// corpus/FuzzServerHello (by SHA-256) on which wire and crypto/tls
// disagree for that reason, and seeds on which they agree for a reason
// the issue tracker once reported as a difference (why ""): both reject.
var serverHelloDifferenceSeeds = []differenceSeed{
	{"f9cca3f84bb857e749072fafa2840c2a67f89a048e562c9304cd4a19b71f76b9", "a key_share of the other message's form",
		"openssl fuzz/corpora/client/f6c97e65788d9245efa33d33bad85bdfae3d75d8"},
	{"e76e24e915e84de44389506744dcf394aa9eee7a36aeffc9d089a0c72ac5c060", "",
		"boringssl fuzz/client_corpus/cc8d58451ea229642e78bad1081a8cbd2e8ba758 (non-empty session_ticket)"},
	{"a570e1de2650da1338a165008a1e53114b79bf0e866f0b098391e86fa029b8b3", "",
		"openssl fuzz-corpora quic-client/d6f27cbeb32250fd21d8a4093b4272335d04c4e4 (non-empty session_ticket)"},
}

// FuzzServerHelloVsCryptoTLS compares wire's ServerHello decoding, and
// the typed decoding of the extensions crypto/tls parses, with
// crypto/tls's serverHelloMsg, allowing only the differences listed above.
// It replays the FuzzServerHello seeds.
func FuzzServerHelloVsCryptoTLS(f *testing.F) {
	addSeeds(f, seedroute.TargetSHVsCryptoTLS)
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) < 4 || wire.HandshakeType(in[0]) != wire.TypeServerHello {
			return
		}
		compareServerHello(t, in)
	})
}

// TestServerHelloSeedsVsCryptoTLS runs the comparison over every
// ServerHello seed, reporting how many both accepted.
func TestServerHelloSeedsVsCryptoTLS(t *testing.T) {
	replayVsCryptoTLS(t, "FuzzServerHello", compareServerHello)
}

// TestServerHelloDifferenceSeeds checks that each seed of
// serverHelloDifferenceSeeds shows its difference (or none).
func TestServerHelloDifferenceSeeds(t *testing.T) {
	checkDifferenceSeeds(t, "FuzzServerHello", serverHelloDifferenceSeeds, compareServerHello)
}

// compareServerHello compares the two decoders on msg and reports whether
// both accepted it and, when only one did, the listed difference that
// explains it.
func compareServerHello(t *testing.T, msg []byte) (both bool, why string) {
	t.Helper()
	if len(msg) < 6 || len(msg) != 4+(int(msg[1])<<16|int(msg[2])<<8|int(msg[3])) {
		return false, ""
	}
	if wire.UsesDraftServerHello(uint16(msg[4])<<8 | uint16(msg[5])) {
		return false, "" // difference 3
	}
	var anchor tlsanchor.ServerHello
	tlsOK := anchor.Unmarshal(msg)
	var sh wire.ServerHello
	err := sh.Unmarshal(msg)
	in := wire.InServerHello
	if sh.IsHelloRetryRequest() {
		in = wire.InHelloRetryRequest
	}
	var typed map[wire.ExtensionType]wire.ExtensionBody
	if err == nil {
		typed, err = decodeTyped(sh.Extensions, shCryptoTLSParsed, in)
	}
	wireOK := err == nil
	switch {
	case wireOK && !tlsOK:
		why := shRejects(&sh, typed)
		if why == "" {
			t.Fatalf("crypto/tls rejects a ServerHello wire accepts, for no known reason:\n%x", msg)
		}
		return false, why
	case !wireOK && tlsOK:
		why := shWireStricter(err)
		if why == "" {
			t.Fatalf("wire rejects a ServerHello crypto/tls accepts (%v), for no known reason:\n%x", err, msg)
		}
		return false, why
	case !wireOK:
		return false, ""
	}
	if why := shRejects(&sh, typed); why != "" {
		t.Fatalf("crypto/tls accepts a ServerHello with %s:\n%x", why, msg)
	}
	if diff := shFieldsDiffer(&sh, typed, anchor.Fields()); diff != "" {
		t.Fatalf("%s:\n%x", diff, msg)
	}
	return true, ""
}

// shFieldsDiffer names the first field on which wire's decoding (the
// message and its typed extensions) and crypto/tls's disagree, or "".
func shFieldsDiffer(sh *wire.ServerHello, typed map[wire.ExtensionType]wire.ExtensionBody, f tlsanchor.ServerHelloFields) string {
	has := func(t wire.ExtensionType) bool { return sh.Extensions.Has(t) }
	var alpn string
	if v, ok := typed[16].(*wire.ALPNExtension); ok {
		alpn = string(v.Protocols[0])
	}
	var scts [][]byte
	if v, ok := typed[18].(*wire.SignedCertificateTimestampExtension); ok {
		scts = v.SCTs
	}
	var reneg, points, cookie, shareData []byte
	var selected, identity, shareGroup, group uint16
	if v, ok := typed[0xff01].(*wire.RenegotiationInfoExtension); ok {
		reneg = v.RenegotiatedConnection
	}
	if v, ok := typed[11].(*wire.ECPointFormatsExtension); ok {
		points = v.Formats
	}
	if v, ok := typed[44].(*wire.CookieExtension); ok {
		cookie = v.Cookie
	}
	if v, ok := typed[43].(*wire.SupportedVersionsExtension); ok {
		selected = v.Selected
	}
	if v, ok := typed[41].(*wire.PreSharedKeyExtension); ok {
		identity = v.SelectedIdentity
	}
	if v, ok := typed[51].(*wire.KeyShareExtension); ok {
		shareGroup, shareData, group = v.ServerShare.Group, v.ServerShare.KeyExchange, v.SelectedGroup
	}
	switch {
	case f.Version != sh.LegacyVersion || !bytes.Equal(f.Random, sh.Random) || !bytes.Equal(f.SessionID, sh.SessionID):
		return "version, random or session ID differ"
	case f.CipherSuite != sh.CipherSuite || f.CompressionMethod != sh.CompressionMethod:
		return "cipher suite or compression method differ"
	case f.OCSPStapling != has(5) || f.TicketSupported != has(35) || f.ExtendedMasterSecret != has(23) || f.ServerNameAck != has(0):
		return "status_request, session_ticket, extended_master_secret or server_name presence differs"
	case f.SecureRenegotiationSupported != has(0xff01) || !bytes.Equal(f.SecureRenegotiation, reneg):
		return "renegotiation_info differs"
	case f.ALPNProtocol != alpn:
		return "ALPN differs"
	case !slices.EqualFunc(f.SCTs, scts, bytes.Equal):
		return "SCTs differ"
	case f.SupportedVersion != selected:
		return "supported_versions differs"
	case f.SelectedIdentityPresent != has(41) || f.SelectedIdentity != identity:
		return "pre_shared_key differs"
	case !bytes.Equal(f.SupportedPoints, points):
		return "ec_point_formats differ"
	case !bytes.Equal(f.Cookie, cookie):
		return "cookie differs"
	case f.ServerShareGroup != shareGroup || !bytes.Equal(f.ServerShareData, shareData) || f.SelectedGroup != group:
		return "key_share differs"
	}
	return ""
}

// shRejects names the first rule of difference 1 that the hello breaks,
// or returns "".
func shRejects(sh *wire.ServerHello, typed map[wire.ExtensionType]wire.ExtensionBody) string {
	seen := map[wire.ExtensionType]bool{}
	for _, e := range sh.Extensions {
		if seen[e.Type] {
			return "a repeated extension"
		}
		seen[e.Type] = true
	}
	if v, ok := typed[16].(*wire.ALPNExtension); ok && len(v.Protocols) != 1 {
		return "an ALPN list of more than one name"
	}
	return ""
}

// shWireStricter names the rule of difference 2 that err reports, or "".
func shWireStricter(err error) string {
	var e *wire.Error
	if errors.As(err, &e) && e.Message == "key_share" {
		return "a key_share of the other message's form"
	}
	return ""
}
