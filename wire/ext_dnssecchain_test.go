package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
)

// dnsName encodes a dotted name ("www.example.com.") in DNS wire format.
func dnsName(name string) []byte {
	var b []byte
	for _, l := range strings.Split(strings.TrimSuffix(name, "."), ".") {
		if l != "" {
			b = append(append(b, byte(len(l))), l...)
		}
	}
	return append(b, 0)
}

// dnsRR encodes one uncompressed resource record (RFC 1035 §3.2.1).
func dnsRR(name string, typ, class uint16, ttl uint32, rdata []byte) []byte {
	b := dnsName(name)
	b = binary.BigEndian.AppendUint16(b, typ)
	b = binary.BigEndian.AppendUint16(b, class)
	b = binary.BigEndian.AppendUint32(b, ttl)
	b = binary.BigEndian.AppendUint16(b, uint16(len(rdata)))
	return append(b, rdata...)
}

// testDNSSECChain is an AuthenticationChain in the shape of RFC 9102 §3.4's
// example: a TLSA record, its RRSIG, and a DNSKEY of the zone.
func testDNSSECChain() []byte {
	tlsa := append([]byte{3, 1, 1}, rep(0x8b, 32)...)                      // DANE-EE SPKI SHA-256
	rrsig := append([]byte{0, 52, 13, 5, 0, 0, 0x0e, 0x10}, rep(9, 80)...) // covers TLSA, ECDSA P-256
	dnskey := append([]byte{1, 1, 3, 13}, rep(0x44, 64)...)                // zone key, ECDSA P-256
	var c []byte
	c = append(c, dnsRR("_443._tcp.www.example.com.", 52, 1, 3600, tlsa)...)
	c = append(c, dnsRR("_443._tcp.www.example.com.", 46, 1, 3600, rrsig)...)
	c = append(c, dnsRR("example.com.", 48, 1, 3600, dnskey)...)
	return c
}

func TestDNSSECChainForms(t *testing.T) {
	chain := testDNSSECChain()
	bare := append([]byte{0x02, 0xd0}, chain...) // lifetime 720 h, records directly after
	prefixed := append([]byte{0x02, 0xd0, byte(len(chain) >> 8), byte(len(chain))}, chain...)
	for _, tc := range []struct {
		name     string
		body     []byte
		prefixed bool
	}{{"bare", bare, false}, {"length-prefixed", prefixed, true}} {
		var e DNSSECChainExtension
		if err := e.Unmarshal(tc.body, InCertificate); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if e.Lifetime != 720 || e.ChainLengthPrefixed != tc.prefixed || !bytes.Equal(e.Chain, chain) {
			t.Fatalf("%s: decoded %+v", tc.name, e)
		}
		out, err := e.Append(nil)
		if err != nil || !bytes.Equal(out, tc.body) {
			t.Fatalf("%s: Append = %x, %v", tc.name, out, err)
		}
		var names []string
		var types []uint16
		for rest := e.Chain; len(rest) > 0; {
			rr, next, err := NextDNSRecord(rest)
			if err != nil {
				t.Fatalf("%s: record %d: %v", tc.name, len(names), err)
			}
			names = append(names, string(AppendDNSName(nil, rr.Name)))
			types = append(types, rr.Type)
			if rr.Class != 1 || rr.TTL != 3600 {
				t.Fatalf("%s: record %+v", tc.name, rr)
			}
			rest = next
		}
		want := "_443._tcp.www.example.com. _443._tcp.www.example.com. example.com."
		if got := strings.Join(names, " "); got != want || len(types) != 3 || types[0] != 52 || types[1] != 46 || types[2] != 48 {
			t.Fatalf("%s: records %q %v", tc.name, got, types)
		}
		js := string(AppendExtensionJSON(nil, Extension{Type: ExtensionDNSSECChain, Data: tc.body}, InCertificate))
		for _, frag := range []string{`"ext_support_lifetime":720`, `"name":"example.com.","type":48,"class":1,"ttl":3600`} {
			if !strings.Contains(js, frag) {
				t.Fatalf("%s: JSON %s lacks %s", tc.name, js, frag)
			}
		}
	}

	// The ClientHello form is the port.
	var ch DNSSECChainExtension
	if err := ch.Unmarshal([]byte{0x01, 0xbb}, InClientHello); err != nil || ch.Port != 443 {
		t.Fatalf("ClientHello form: %+v, %v", ch, err)
	}
	if err := ch.Unmarshal([]byte{0x01, 0xbb, 0}, InClientHello); err == nil {
		t.Fatal("ClientHello form accepted a trailing byte")
	}

	// A bare chain whose first two bytes equal the length of the rest
	// would read back as length-prefixed: Append refuses it.
	bad := DNSSECChainExtension{In: InCertificate, Chain: []byte{0, 1, 0xff}}
	if _, err := bad.Append(nil); !errors.Is(err, ErrValue) {
		t.Fatalf("ambiguous bare chain: err = %v", err)
	}
}

func TestNextDNSRecordErrors(t *testing.T) {
	good := dnsRR("a.example.", 1, 1, 60, []byte{192, 0, 2, 1})
	long := bytes.Repeat(append([]byte{63}, rep('x', 63)...), 5) // 320 bytes of labels
	for _, tc := range []struct {
		name  string
		in    []byte
		field string
		cause error
	}{
		{"empty", nil, "name", ErrTruncated},
		{"label past the end", []byte{5, 'a'}, "name", ErrTruncated},
		{"compression pointer", append([]byte{0xc0, 0x0c}, good[11:]...), "name", ErrValue},
		{"name over 255 bytes", append(long, 0), "name", ErrValue},
		{"no type", dnsName("a."), "type", ErrTruncated},
		{"rdata past the end", good[:len(good)-1], "rdata", ErrLength},
	} {
		_, _, err := NextDNSRecord(tc.in)
		var e *Error
		if !errors.As(err, &e) || e.Field != tc.field || !errors.Is(err, tc.cause) {
			t.Errorf("%s: err = %v", tc.name, err)
		}
	}
	rr, rest, err := NextDNSRecord(append(good, 7))
	if err != nil || len(rest) != 1 || rest[0] != 7 || !bytes.Equal(rr.Data, []byte{192, 0, 2, 1}) {
		t.Fatalf("good record: %+v %x %v", rr, rest, err)
	}
	js := string(AppendExtensionJSON(nil, Extension{Type: ExtensionDNSSECChain, Data: []byte{0, 0, 0xc0, 0}}, InServerHello))
	if !strings.Contains(js, `"records":[]`) || !strings.Contains(js, `"records_error":`) {
		t.Fatalf("JSON of a broken chain: %s", js)
	}
}

func TestAppendDNSName(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want string
	}{
		{[]byte{0}, "."},
		{dnsName("www.example.com."), "www.example.com."},
		{[]byte{3, 'a', '.', 'b', 2, '\\', 0x07, 0}, `a\.b.\\\007.`},
	} {
		if got := string(AppendDNSName(nil, tc.in)); got != tc.want {
			t.Errorf("AppendDNSName(%x) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestExternalExtensions(t *testing.T) {
	var h ExternalIDHashExtension
	if err := h.Unmarshal([]byte{0}, InClientHello); err != nil || len(h.BindingHash) != 0 || !h.Valid() {
		t.Fatalf("empty binding hash: %+v %v", h, err)
	}
	if err := h.Unmarshal(append([]byte{5}, rep(1, 5)...), InEncryptedExtensions); err != nil || h.Valid() {
		t.Fatalf("5-byte binding hash: decoded %v, Valid %v", err, h.Valid())
	}
	var s ExternalSessionIDExtension
	if err := s.Unmarshal(append([]byte{19}, rep('a', 19)...), InClientHello); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("19-byte session_id: err = %v", err)
	}
	s.SessionID = rep('a', 19)
	if _, err := s.Append(nil); !errors.Is(err, ErrVectorTooShort) {
		t.Fatalf("Append of a 19-byte session_id: err = %v", err)
	}
}
