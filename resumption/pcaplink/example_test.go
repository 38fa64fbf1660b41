package pcaplink_test

import (
	"fmt"
	"os"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/resumption"
	"github.com/tlswire/tlswire/resumption/pcaplink"
)

// Linking the resumed flows of a capture without tlsdump: the Linker
// observes each message as pcap completes it, and adds each flow when the
// Reader yields it. The capture is tlsdump's shipped one: its TLS 1.3
// resumption's ticket travelled encrypted, and its TLS 1.2 resumption's
// issuer was not captured.
func Example() {
	in, err := os.Open("../../cmd/tlsdump/testdata/handshakes.pcapng")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer in.Close()
	x := resumption.NewIndex(resumption.Options{})
	l := pcaplink.New(x, "")
	r, err := pcap.NewReader(in, pcap.Options{OnMessage: l.OnMessage})
	if err != nil {
		fmt.Println(err)
		return
	}
	var sum resumption.Summary
	for f, err := range r.Flows() {
		if err != nil {
			fmt.Println(err)
			return
		}
		rf := l.Ended(f)
		sum.Add(rf)
		if rf.Kind != resumption.NotResumed {
			fmt.Printf("%v: %s\n", f.Client, rf.AppendText(nil))
		}
	}
	fmt.Printf("%s", sum.AppendText(nil))
	// Output:
	// 192.0.2.10:50002: resumed (psk), issuer needs_decryption
	// 192.0.2.10:50004: resumed (ticket), issuer issuer_not_seen
	// 198.51.100.20:443 example.test: flows 3, full 1, resumed 2 (session_id 0, ticket 1, psk 1, rate 66.7%), linked 0, tickets issued 1, reused 0, 0-RTT 0/0, lifetime 0s/0s/0s
	// [2001:db8::20]:443 example.test: flows 3, full 3, resumed 0 (session_id 0, ticket 0, psk 0, rate 0.0%), linked 0, tickets issued 0, reused 0, 0-RTT 0/0
}
