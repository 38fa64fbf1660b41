package main

import (
	"errors"
	"strconv"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/wire"
)

// SSL 2.0 handshakes (draft-hickman-netscape-ssl-00): package pcap hands
// the CLIENT-HELLO (decoded by wire), the SERVER-HELLO and the
// CLIENT-MASTER-KEY that follow in the clear as raw message bodies, each
// starting with its message type byte. What tlsdump reports of them, as
// tshark does: the server's version, certificate and cipher specs, and the
// cipher kind the client chose.

// sslv2ServerHello is an SSL 2.0 SERVER-HELLO.
type sslv2ServerHello struct {
	sessionIDHit bool
	certType     byte
	version      uint16
	cert         []byte // aliases the message
	cipherSpecs  []wire.SSLv2CipherKind
	connectionID []byte
}

var errSSLv2 = errors.New("SSL 2.0 message: lengths disagree with the message")

// parseSSLv2ServerHello reads a SERVER-HELLO body (message type 4 first):
// session-id-hit, certificate-type, server-version, the lengths of the
// certificate, cipher specs (3 bytes each) and connection id, then those.
func parseSSLv2ServerHello(b []byte) (*sslv2ServerHello, error) {
	if len(b) < 11 || b[0] != 4 {
		return nil, errSSLv2
	}
	certLen, specsLen, idLen := int(b[5])<<8|int(b[6]), int(b[7])<<8|int(b[8]), int(b[9])<<8|int(b[10])
	if specsLen%3 != 0 || 11+certLen+specsLen+idLen != len(b) {
		return nil, errSSLv2
	}
	sh := &sslv2ServerHello{sessionIDHit: b[1] != 0, certType: b[2], version: uint16(b[3])<<8 | uint16(b[4])}
	p := b[11:]
	sh.cert, p = p[:certLen], p[certLen:]
	for i := 0; i < specsLen; i += 3 {
		sh.cipherSpecs = append(sh.cipherSpecs, wire.SSLv2CipherKind(uint32(p[i])<<16|uint32(p[i+1])<<8|uint32(p[i+2])))
	}
	sh.connectionID = p[specsLen:]
	return sh, nil
}

// parseSSLv2ClientMasterKey returns the CIPHER-KIND of a
// CLIENT-MASTER-KEY body (message type 2 first), after checking the
// lengths of its clear key, encrypted key and key argument.
func parseSSLv2ClientMasterKey(b []byte) (wire.SSLv2CipherKind, error) {
	if len(b) < 10 || b[0] != 2 {
		return 0, errSSLv2
	}
	clear, enc, arg := int(b[4])<<8|int(b[5]), int(b[6])<<8|int(b[7]), int(b[8])<<8|int(b[9])
	if 10+clear+enc+arg != len(b) {
		return 0, errSSLv2
	}
	return wire.SSLv2CipherKind(uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])), nil
}

// appendSSLv2Text appends the SSL 2.0 lines: the cipher the client chose
// and the server's cipher specs.
func appendSSLv2Text(b []byte, fi *flowInfo) []byte {
	if fi.hasSSLv2Cipher {
		b = line(b, "cipher", fi.sslv2Cipher.String()+" (CLIENT-MASTER-KEY)")
	}
	b = label(b, "server specs")
	for i, k := range fi.sslv2.cipherSpecs {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, k.String()...)
	}
	return append(b, '\n')
}

// appendSSLv2JSON appends the SSL 2.0 members: `cipher` (the name, as for
// TLS) and `cipher_spec`(+name) for the CLIENT-MASTER-KEY's choice, and
// the SERVER-HELLO's `server_cipher_specs`/`server_cipher_spec_names`.
func appendSSLv2JSON(b []byte, fi *flowInfo) []byte {
	if fi.hasSSLv2Cipher {
		b = jstr(b, "cipher", fi.sslv2Cipher.String())
		b = jint(b, "cipher_spec", int(fi.sslv2Cipher))
		b = jstr(b, "cipher_spec_name", sslv2Name(fi.sslv2Cipher))
	}
	b = ju32s(b, "server_cipher_specs", fi.sslv2.cipherSpecs)
	names := make([]string, len(fi.sslv2.cipherSpecs))
	for i, k := range fi.sslv2.cipherSpecs {
		names[i] = sslv2Name(k)
	}
	return jstrs(b, "server_cipher_spec_names", names)
}

// sslv2Name is a cipher kind's JSON name: its name or "unassigned".
func sslv2Name(k wire.SSLv2CipherKind) string {
	if k.Known() {
		return k.String()
	}
	return "unassigned"
}

// ju32s appends `,"k":[v,...]` for cipher kinds.
func ju32s(b []byte, k string, vs []wire.SSLv2CipherKind) []byte {
	b = append(jsonappend.Key(b, k), '[')
	for i, v := range vs {
		b = strconv.AppendUint(elem(b, i), uint64(v), 10)
	}
	return append(b, ']')
}
