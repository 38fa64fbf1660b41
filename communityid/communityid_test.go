package communityid

import (
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"testing"
)

// The vectors of Zeek's own test of community_id_v1
// (testing/btest/scripts/policy/frameworks/community-id), which are the
// specification's baseline values.
func TestSpecificationVectors(t *testing.T) {
	a := netip.MustParseAddrPort("1.2.3.4:1122")
	b := netip.MustParseAddrPort("5.6.7.8:3344")
	for _, tc := range []struct {
		seed  uint16
		proto uint8
		want  string
	}{
		{0, ProtocolTCP, "1:wCb3OG7yAFWelaUydu0D+125CLM="},
		{0, ProtocolUDP, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg="},
		{1, ProtocolTCP, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk="},
		{1, ProtocolUDP, "1:OShq+iKDAMVouh/4bMxB9Sz4amw="},
	} {
		if got := String(tc.seed, tc.proto, a, b); got != tc.want {
			t.Errorf("seed %d proto %d: %s, want %s", tc.seed, tc.proto, got, tc.want)
		}
		if got := String(tc.seed, tc.proto, b, a); got != tc.want {
			t.Errorf("seed %d proto %d reversed: %s, want %s", tc.seed, tc.proto, got, tc.want)
		}
	}
}

func TestSameAddressOrdersByPort(t *testing.T) {
	a := netip.MustParseAddrPort("[2001:db8::1]:443")
	b := netip.MustParseAddrPort("[2001:db8::1]:51000")
	if String(0, ProtocolTCP, a, b) != String(0, ProtocolTCP, b, a) {
		t.Fatal("direction changes the Community ID of a flow between two ports of one address")
	}
}

func TestAppendAllocatesNothing(t *testing.T) {
	a := netip.MustParseAddrPort("[fe80::1]:1122")
	b := netip.MustParseAddrPort("[fe80::2]:3344")
	buf := make([]byte, 0, Len)
	if n := testing.AllocsPerRun(100, func() { buf = Append(buf[:0], 0, ProtocolTCP, a, b) }); n != 0 {
		t.Fatalf("Append allocates %v times", n)
	}
	if len(buf) != Len {
		t.Fatalf("length %d, want %d", len(buf), Len)
	}
}

// Arkime's expected outputs in ../shared/captures carry the Community ID of
// every session, IPv6 ones included.
func TestArkimeSessions(t *testing.T) {
	files, _ := filepath.Glob("../../shared/captures/arkime/pcap/*.test")
	if len(files) == 0 {
		t.Skip("../shared/captures not present")
	}
	checked := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Sessions []struct {
				Body struct {
					IPProtocol int `json:"ipProtocol"`
					Source     struct {
						IP   string `json:"ip"`
						Port int    `json:"port"`
					} `json:"source"`
					Destination struct {
						IP   string `json:"ip"`
						Port int    `json:"port"`
					} `json:"destination"`
					Network struct {
						CommunityID string `json:"community_id"`
					} `json:"network"`
				} `json:"body"`
			} `json:"sessions3"`
		}
		if json.Unmarshal(raw, &doc) != nil {
			continue
		}
		for _, s := range doc.Sessions {
			b := s.Body
			if b.Network.CommunityID == "" || b.IPProtocol != int(ProtocolTCP) && b.IPProtocol != int(ProtocolUDP) {
				continue
			}
			src, err1 := netip.ParseAddr(b.Source.IP)
			dst, err2 := netip.ParseAddr(b.Destination.IP)
			if err1 != nil || err2 != nil {
				continue
			}
			got := String(0, uint8(b.IPProtocol),
				netip.AddrPortFrom(src, uint16(b.Source.Port)), netip.AddrPortFrom(dst, uint16(b.Destination.Port)))
			if got != b.Network.CommunityID {
				t.Errorf("%s %s:%d-%s:%d: %s, Arkime says %s", filepath.Base(f), src, b.Source.Port, dst, b.Destination.Port, got, b.Network.CommunityID)
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("only %d sessions checked", checked)
	}
	t.Logf("%d Arkime sessions agree", checked)
}
