package main

import (
	"github.com/tlswire/tlswire/communityid"
	"github.com/tlswire/tlswire/pcap"
)

// communityID is the flow's Community ID v1 with seed 0, the hash Zeek,
// Suricata, Arkime and Wireshark compute for the same connection.
func communityID(f *pcap.Flow) string {
	proto := communityid.ProtocolTCP
	if f.Transport == pcap.TransportUDP {
		proto = communityid.ProtocolUDP
	}
	return communityid.String(0, proto, f.Client, f.Server)
}
