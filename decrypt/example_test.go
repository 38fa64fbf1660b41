package decrypt_test

import (
	"bytes"
	"crypto/tls"
	"fmt"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// Example decrypts the server's side of a TLS 1.3 handshake with the key
// log its client wrote, record by record, as a capture reader does: the
// ClientHello gives the random the keys are filed under, the ServerHello
// the version and cipher suite.
func Example() {
	var keyLog bytes.Buffer
	conv, err := tlsgen.Run(tlsgen.Scenario{Client: &tls.Config{KeyLogWriter: &keyLog}})
	if err != nil {
		panic(err)
	}
	clientBytes, serverBytes := conv.Streams()
	random := clientBytes[11:43] // record header, handshake header, legacy_version

	var store keylog.Store
	if _, err := store.Read(&keyLog); err != nil {
		panic(err)
	}

	var conn *decrypt.Conn
	buf := make([]byte, 0, 1<<14) // reused for every record
	rs := wire.Records{Data: serverBytes}
	for rs.Next() {
		r := rs.Record()
		raw := serverBytes[rs.Offset()-r.Len() : rs.Offset()]
		if conn == nil {
			var sh wire.ServerHello
			if err := sh.Unmarshal(r.Payload); err != nil {
				panic(err)
			}
			p := decrypt.Params{Version: sh.SelectedVersion(), Suite: sh.CipherSuite}
			if conn, err = decrypt.NewConn(p, decrypt.SecretsFromLog(store.Lookup(random))); err != nil {
				panic(err)
			}
			continue
		}
		typ, plain, decrypted, err := conn.Open(false, buf[:0], raw)
		if err != nil {
			fmt.Println(err)
			return
		}
		if decrypted && typ == wire.ContentHandshake {
			fmt.Println(wire.HandshakeType(plain[0]))
		}
	}
	// Output:
	// encrypted_extensions
	// certificate
	// certificate_verify
	// finished
}
