package keylog_test

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/tlswire/tlswire/keylog"
)

func Example() {
	log := `# SSLKEYLOGFILE written by a TLS 1.2 client
CLIENT_RANDOM 5f6e1fe9d3c4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182930 ` +
		strings.Repeat("3c", 48) + `
CLIENT_RANDOM not-a-random 00
`
	var store keylog.Store
	rep, err := store.Read(strings.NewReader(log))
	if err != nil {
		panic(err)
	}
	fmt.Println(rep.Secrets, "secret;", rep.Errors[0])

	random, _ := hex.DecodeString("5f6e1fe9d3c4a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607182930")
	if s := store.Lookup(random); s != nil {
		fmt.Printf("master secret %x...\n", s.MasterSecret()[:4])
	}
	// Output:
	// 1 secret; keylog: line 3, offset 14, client_random: wrong length
	// master secret 3c3c3c3c...
}
