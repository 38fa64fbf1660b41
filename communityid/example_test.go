package communityid_test

import (
	"fmt"
	"net/netip"

	"github.com/tlswire/tlswire/communityid"
)

func Example() {
	client := netip.MustParseAddrPort("1.2.3.4:1122")
	server := netip.MustParseAddrPort("5.6.7.8:3344")
	fmt.Println(communityid.String(0, communityid.ProtocolTCP, client, server))
	// Output: 1:wCb3OG7yAFWelaUydu0D+125CLM=
}
