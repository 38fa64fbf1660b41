package pcap

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/wire"
)

// quicHex decodes hex written as in the RFCs (whitespace ignored).
func quicHex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatalf("bad test hex: %v", err)
	}
	return b
}

// The Destination Connection ID of all RFC 9001 and RFC 9369 samples.
const quicRFCDCID = "8394c8f03e515708"

// RFC 9001 Appendix A.2 and RFC 9369 Appendix A.2: the CRYPTO frame of
// the client Initial (the same in both), before the PADDING frames that
// make the payload 1162 bytes.
const quicRFCClientCrypto = `
060040f1010000ed0303ebf8fa56f129 39b9584a3896472ec40bb863cfd3e868
04fe3a47f06a2b69484c000004130113 02010000c000000010000e00000b6578
616d706c652e636f6dff01000100000a 00080006001d00170018001000070005
04616c706e0005000501000000000033 00260024001d00209370b2c9caa47fba
baf4559fedba753de171fa71f50f1ce1 5d43e994ec74d748002b000302030400
0d0010000e0403050306030203080408 050806002d00020101001c0002400100
3900320408ffffffffffffffff050480 00ffff07048000ffff08011001048000
75300901100f088394c8f03e51570806 048000ffff`

// RFC 9001 Appendix A.3 and RFC 9369 Appendix A.3: the unprotected
// payload of the server Initial (ACK and CRYPTO frames, no PADDING).
const quicRFCServerPayload = `
02000000000600405a020000560303ee fce7f7b37ba1d1632e96677825ddf739
88cfc79825df566dc5430b9a045a1200 130100002e00330024001d00209d3c94
0d89690b84d08a60993c144eca684d10 81287c834d5311bcf32bb9da1a002b00
020304`

// RFC 9001 Appendix A.2: the protected client Initial packet.
const quicRFC9001Client = `
c000000001088394c8f03e5157080000 449e7b9aec34d1b1c98dd7689fb8ec11
d242b123dc9bd8bab936b47d92ec356c 0bab7df5976d27cd449f63300099f399
1c260ec4c60d17b31f8429157bb35a12 82a643a8d2262cad67500cadb8e7378c
8eb7539ec4d4905fed1bee1fc8aafba1 7c750e2c7ace01e6005f80fcb7df6212
30c83711b39343fa028cea7f7fb5ff89 eac2308249a02252155e2347b63d58c5
457afd84d05dfffdb20392844ae81215 4682e9cf012f9021a6f0be17ddd0c208
4dce25ff9b06cde535d0f920a2db1bf3 62c23e596d11a4f5a6cf3948838a3aec
4e15daf8500a6ef69ec4e3feb6b1d98e 610ac8b7ec3faf6ad760b7bad1db4ba3
485e8a94dc250ae3fdb41ed15fb6a8e5 eba0fc3dd60bc8e30c5c4287e53805db
059ae0648db2f64264ed5e39be2e20d8 2df566da8dd5998ccabdae053060ae6c
7b4378e846d29f37ed7b4ea9ec5d82e7 961b7f25a9323851f681d582363aa5f8
9937f5a67258bf63ad6f1a0b1d96dbd4 faddfcefc5266ba6611722395c906556
be52afe3f565636ad1b17d508b73d874 3eeb524be22b3dcbc2c7468d54119c74
68449a13d8e3b95811a198f3491de3e7 fe942b330407abf82a4ed7c1b311663a
c69890f4157015853d91e923037c227a 33cdd5ec281ca3f79c44546b9d90ca00
f064c99e3dd97911d39fe9c5d0b23a22 9a234cb36186c4819e8b9c5927726632
291d6a418211cc2962e20fe47feb3edf 330f2c603a9d48c0fcb5699dbfe58964
25c5bac4aee82e57a85aaf4e2513e4f0 5796b07ba2ee47d80506f8d2c25e50fd
14de71e6c418559302f939b0e1abd576 f279c4b2e0feb85c1f28ff18f58891ff
ef132eef2fa09346aee33c28eb130ff2 8f5b766953334113211996d20011a198
e3fc433f9f2541010ae17c1bf202580f 6047472fb36857fe843b19f5984009dd
c324044e847a4f4a0ab34f719595de37 252d6235365e9b84392b061085349d73
203a4a13e96f5432ec0fd4a1ee65accd d5e3904df54c1da510b0ff20dcc0c77f
cb2c0e0eb605cb0504db87632cf3d8b4 dae6e705769d1de354270123cb11450e
fc60ac47683d7b8d0f811365565fd98c 4c8eb936bcab8d069fc33bd801b03ade
a2e1fbc5aa463d08ca19896d2bf59a07 1b851e6c239052172f296bfb5e724047
90a2181014f3b94a4e97d117b4381303 68cc39dbb2d198065ae3986547926cd2
162f40a29f0c3c8745c0f50fba3852e5 66d44575c29d39a03f0cda721984b6f4
40591f355e12d439ff150aab7613499d bd49adabc8676eef023b15b65bfc5ca0
6948109f23f350db82123535eb8a7433 bdabcb909271a6ecbcb58b936a88cd4e
8f2e6ff5800175f113253d8fa9ca8885 c2f552e657dc603f252e1a8e308f76f0
be79e2fb8f5d5fbbe2e30ecadd220723 c8c0aea8078cdfcb3868263ff8f09400
54da48781893a7e49ad5aff4af300cd8 04a6b6279ab3ff3afb64491c85194aab
760d58a606654f9f4400e8b38591356f bf6425aca26dc85244259ff2b19c41b9
f96f3ca9ec1dde434da7d2d392b905dd f3d1f9af93d1af5950bd493f5aa731b4
056df31bd267b6b90a079831aaf579be 0a39013137aac6d404f518cfd4684064
7e78bfe706ca4cf5e9c5453e9f7cfd2b 8b4c8d169a44e55c88d4a9a7f9474241
e221af44860018ab0856972e194cd934`

// RFC 9001 Appendix A.3: the protected server Initial packet.
const quicRFC9001Server = `
cf000000010008f067a5502a4262b500 4075c0d95a482cd0991cd25b0aac406a
5816b6394100f37a1c69797554780bb3 8cc5a99f5ede4cf73c3ec2493a1839b3
dbcba3f6ea46c5b7684df3548e7ddeb9 c3bf9c73cc3f3bded74b562bfb19fb84
022f8ef4cdd93795d77d06edbb7aaf2f 58891850abbdca3d20398c276456cbc4
2158407dd074ee`

// RFC 9369 Appendix A.2: the protected client Initial packet (QUIC v2).
const quicRFC9369Client = `
d76b3343cf088394c8f03e5157080000 449ea0c95e82ffe67b6abcdb4298b485
dd04de806071bf03dceebfa162e75d6c 96058bdbfb127cdfcbf903388e99ad04
9f9a3dd4425ae4d0992cfff18ecf0fdb 5a842d09747052f17ac2053d21f57c5d
250f2c4f0e0202b70785b7946e992e58 a59ac52dea6774d4f03b55545243cf1a
12834e3f249a78d395e0d18f4d766004 f1a2674802a747eaa901c3f10cda5500
cb9122faa9f1df66c392079a1b40f0de 1c6054196a11cbea40afb6ef5253cd68
18f6625efce3b6def6ba7e4b37a40f77 32e093daa7d52190935b8da58976ff33
12ae50b187c1433c0f028edcc4c2838b 6a9bfc226ca4b4530e7a4ccee1bfa2a3
d396ae5a3fb512384b2fdd851f784a65 e03f2c4fbe11a53c7777c023462239dd
6f7521a3f6c7d5dd3ec9b3f233773d4b 46d23cc375eb198c63301c21801f6520
bcfb7966fc49b393f0061d974a2706df 8c4a9449f11d7f3d2dcbb90c6b877045
636e7c0c0fe4eb0f697545460c806910 d2c355f1d253bc9d2452aaa549e27a1f
ac7cf4ed77f322e8fa894b6a83810a34 b361901751a6f5eb65a0326e07de7c12
16ccce2d0193f958bb3850a833f7ae43 2b65bc5a53975c155aa4bcb4f7b2c4e5
4df16efaf6ddea94e2c50b4cd1dfe060 17e0e9d02900cffe1935e0491d77ffb4
fdf85290fdd893d577b1131a610ef6a5 c32b2ee0293617a37cbb08b847741c3b
8017c25ca9052ca1079d8b78aebd4787 6d330a30f6a8c6d61dd1ab5589329de7
14d19d61370f8149748c72f132f0fc99 f34d766c6938597040d8f9e2bb522ff9
9c63a344d6a2ae8aa8e51b7b90a4a806 105fcbca31506c446151adfeceb51b91
abfe43960977c87471cf9ad4074d30e1 0d6a7f03c63bd5d4317f68ff325ba3bd
80bf4dc8b52a0ba031758022eb025cdd 770b44d6d6cf0670f4e990b22347a7db
848265e3e5eb72dfe8299ad7481a4083 22cac55786e52f633b2fb6b614eaed18
d703dd84045a274ae8bfa73379661388 d6991fe39b0d93debb41700b41f90a15
c4d526250235ddcd6776fc77bc97e7a4 17ebcb31600d01e57f32162a8560cacc
7e27a096d37a1a86952ec71bd89a3e9a 30a2a26162984d7740f81193e8238e61
f6b5b984d4d3dfa033c1bb7e4f0037fe bf406d91c0dccf32acf423cfa1e70710
10d3f270121b493ce85054ef58bada42 310138fe081adb04e2bd901f2f13458b
3d6758158197107c14ebb193230cd115 7380aa79cae1374a7c1e5bbcb80ee23e
06ebfde206bfb0fcbc0edc4ebec30966 1bdd908d532eb0c6adc38b7ca7331dce
8dfce39ab71e7c32d318d136b6100671 a1ae6a6600e3899f31f0eed19e3417d1
34b90c9058f8632c798d4490da498730 7cba922d61c39805d072b589bd52fdf1
e86215c2d54e6670e07383a27bbffb5a ddf47d66aa85a0c6f9f32e59d85a44dd
5d3b22dc2be80919b490437ae4f36a0a e55edf1d0b5cb4e9a3ecabee93dfc6e3
8d209d0fa6536d27a5d6fbb17641cde2 7525d61093f1b28072d111b2b4ae5f89
d5974ee12e5cf7d5da4d6a31123041f3 3e61407e76cffcdcfd7e19ba58cf4b53
6f4c4938ae79324dc402894b44faf8af bab35282ab659d13c93f70412e85cb19
9a37ddec600545473cfb5a05e08d0b20 9973b2172b4d21fb69745a262ccde96b
a18b2faa745b6fe189cf772a9f84cbfc`

// RFC 9369 Appendix A.3: the protected server Initial packet (QUIC v2).
const quicRFC9369Server = `
dc6b3343cf0008f067a5502a4262b500 4075d92faaf16f05d8a4398c47089698
baeea26b91eb761d9b89237bbf872630 17915358230035f7fd3945d88965cf17
f9af6e16886c61bfc703106fbaf3cb4c fa52382dd16a393e42757507698075b2
c984c707f0a0812d8cd5a6881eaf21ce da98f4bd23f6fe1a3e2c43edd9ce7ca8
4bed8521e2e140`

// quicRFCCase is one version's set of Appendix A samples.
type quicRFCCase struct {
	name                 string
	version              uint32
	client, server       string // protected packets
	clientHdr, serverHdr string // unprotected headers
	// A.1 key material: client and server initial secrets, then key, iv, hp.
	clientSecret, serverSecret string
	clientKey, clientIV, hp    string
	serverKey, serverIV, shp   string
}

var quicRFCCases = []quicRFCCase{
	{
		name:    "RFC9001", // RFC 9001 Appendix A.1-A.3
		version: QUICVersion1,
		client:  quicRFC9001Client, server: quicRFC9001Server,
		clientHdr:    "c300000001088394c8f03e5157080000449e00000002",
		serverHdr:    "c1000000010008f067a5502a4262b50040750001",
		clientSecret: "c00cf151ca5be075ed0ebfb5c80323c42d6b7db67881289af4008f1f6c357aea",
		serverSecret: "3c199828fd139efd216c155ad844cc81fb82fa8d7446fa7d78be803acdda951b",
		clientKey:    "1f369613dd76d5467730efcbe3b1a22d",
		clientIV:     "fa044b2f42a3fd3b46fb255c",
		hp:           "9f50449e04a0e810283a1e9933adedd2",
		serverKey:    "cf3a5331653c364c88f0f379b6067e37",
		serverIV:     "0ac1493ca1905853b0bba03e",
		shp:          "c206b8d9b9f0f37644430b490eeaa314",
	},
	{
		name:    "RFC9369", // RFC 9369 Appendix A.1-A.3
		version: QUICVersion2,
		client:  quicRFC9369Client, server: quicRFC9369Server,
		clientHdr:    "d36b3343cf088394c8f03e5157080000449e00000002",
		serverHdr:    "d16b3343cf0008f067a5502a4262b50040750001",
		clientSecret: "14ec9d6eb9fd7af83bf5a668bc17a7e283766aade7ecd0891f70f9ff7f4bf47b",
		serverSecret: "0263db1782731bf4588e7e4d93b7463907cb8cd8200b5da55a8bd488eafc37c1",
		clientKey:    "8b1a0bc121284290a29e0971b5cd045d",
		clientIV:     "91f73e2351d8fa91660e909f",
		hp:           "45b95e15235d6f45a6b19cbcb0294ba9",
		serverKey:    "82db637861d55e1d011f19ea71d5d2a7",
		serverIV:     "dd13c276499c0249d3310652",
		shp:          "edf6d05c83121201b436e16877593c3a",
	},
}

func TestQUICInitialKeys(t *testing.T) {
	for _, tc := range quicRFCCases {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := quicParams(tc.version)
			if !ok {
				t.Fatal("version not supported")
			}
			cs, ss := quicInitialSecrets(p, quicHex(t, quicRFCDCID))
			if got := hex.EncodeToString(cs[:]); got != tc.clientSecret {
				t.Errorf("client_initial_secret = %s, want %s", got, tc.clientSecret)
			}
			if got := hex.EncodeToString(ss[:]); got != tc.serverSecret {
				t.Errorf("server_initial_secret = %s, want %s", got, tc.serverSecret)
			}
			for _, side := range []struct {
				secret      []byte
				key, iv, hp string
			}{{cs[:], tc.clientKey, tc.clientIV, tc.hp}, {ss[:], tc.serverKey, tc.serverIV, tc.shp}} {
				m := quicDeriveKeyMaterial(p, side.secret)
				if got := hex.EncodeToString(m.key[:]); got != side.key {
					t.Errorf("key = %s, want %s", got, side.key)
				}
				if got := hex.EncodeToString(m.iv[:]); got != side.iv {
					t.Errorf("iv = %s, want %s", got, side.iv)
				}
				if got := hex.EncodeToString(m.hp[:]); got != side.hp {
					t.Errorf("hp = %s, want %s", got, side.hp)
				}
			}
		})
	}
}

// quicServerName extracts the host_name of a server_name extension (RFC 6066 §3).
func quicServerName(t testing.TB, ch *wire.ClientHello) string {
	t.Helper()
	data, ok := ch.Extensions.Find(0)
	if !ok {
		return ""
	}
	if len(data) < 5 || data[2] != 0 || int(data[3])<<8|int(data[4]) != len(data)-5 {
		t.Fatalf("malformed server_name extension %x", data)
	}
	return string(data[5:])
}

func TestQUICRFCVectors(t *testing.T) {
	for _, tc := range quicRFCCases {
		t.Run(tc.name, func(t *testing.T) {
			var d QUICInitialDecoder
			if err := d.HandleDatagram(quicHex(t, tc.client), true); err != nil {
				t.Fatalf("client Initial: %v", err)
			}
			// The decrypted packet is left in the scratch buffer: compare
			// its header and frames with the RFC's unprotected forms.
			hdr := quicHex(t, tc.clientHdr)
			if !bytes.Equal(d.pkt[:len(hdr)], hdr) {
				t.Errorf("unprotected client header = %x, want %x", d.pkt[:len(hdr)], hdr)
			}
			crypto := quicHex(t, quicRFCClientCrypto)
			plain := d.pkt[len(hdr) : len(d.pkt)-quicTagLen]
			if len(plain) != 1162 || !bytes.Equal(plain[:len(crypto)], crypto) || !quicAllZero(plain[len(crypto):]) {
				t.Errorf("client payload = %x", plain)
			}
			if d.dir[0].largestPN != 2 {
				t.Errorf("client packet number = %d, want 2", d.dir[0].largestPN)
			}
			msg, ok := d.NextMessage(true)
			if !ok {
				t.Fatal("no ClientHello")
			}
			if !bytes.Equal(msg, crypto[4:]) || msg[0] != 0x01 {
				t.Errorf("ClientHello = %x, want %x", msg, crypto[4:])
			}
			var ch wire.ClientHello
			if err := ch.Unmarshal(msg); err != nil {
				t.Fatalf("ClientHello: %v", err)
			}
			if sni := quicServerName(t, &ch); sni != "example.com" {
				t.Errorf("SNI = %q", sni)
			}
			if _, ok := d.NextMessage(true); ok {
				t.Error("second client message")
			}

			if err := d.HandleDatagram(quicHex(t, tc.server), false); err != nil {
				t.Fatalf("server Initial: %v", err)
			}
			hdr = quicHex(t, tc.serverHdr)
			want := quicHex(t, quicRFCServerPayload)
			if !bytes.Equal(d.pkt[:len(hdr)], hdr) {
				t.Errorf("unprotected server header = %x, want %x", d.pkt[:len(hdr)], hdr)
			}
			if got := d.pkt[len(hdr) : len(d.pkt)-quicTagLen]; !bytes.Equal(got, want) {
				t.Errorf("server payload = %x, want %x", got, want)
			}
			if d.dir[1].largestPN != 1 {
				t.Errorf("server packet number = %d, want 1", d.dir[1].largestPN)
			}
			msg, ok = d.NextMessage(false)
			// The payload is ACK (5 bytes), then CRYPTO with a 4-byte frame header.
			if !ok || msg[0] != 0x02 || !bytes.Equal(msg, want[9:]) {
				t.Fatalf("ServerHello = %x %v, want %x", msg, ok, want[9:])
			}
			var sh wire.ServerHello
			if err := sh.Unmarshal(msg); err != nil {
				t.Fatalf("ServerHello: %v", err)
			}
			if sh.SelectedVersion() != 0x0304 {
				t.Errorf("selected version %#x", sh.SelectedVersion())
			}
			if st := d.Stats(); st.InitialPackets != 2 || st.Datagrams != 2 || d.Version() != tc.version {
				t.Errorf("stats %+v version %#x", st, d.Version())
			}
		})
	}
}

// quicAppendVarint appends v in the shortest variable-length integer
// encoding (RFC 9000 §16).
func quicAppendVarint(b []byte, v uint64) []byte {
	switch {
	case v < 1<<6:
		return append(b, byte(v))
	case v < 1<<14:
		return append(b, 0x40|byte(v>>8), byte(v))
	case v < 1<<30:
		return append(b, 0x80|byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
	return append(b, 0xc0|byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32), byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
}

func quicCryptoFrame(b []byte, off int, data []byte) []byte {
	b = append(b, 0x06)
	b = quicAppendVarint(b, uint64(off))
	b = quicAppendVarint(b, uint64(len(data)))
	return append(b, data...)
}

// quicTestPacket describes an Initial packet for quicSeal.
type quicTestPacket struct {
	version    uint32
	keyDCID    []byte // DCID the keys are derived from
	dcid, scid []byte
	token      []byte
	pn         uint64
	pnLen      int
	payload    []byte // frames; padded with PADDING to allow sampling
	fromClient bool
}

// quicSeal protects an Initial packet as RFC 9001 §5 describes: the inverse
// of the decoder, checked against the RFC samples in TestQUICSealMatchesRFC.
func quicSeal(t testing.TB, p quicTestPacket) []byte {
	t.Helper()
	var k quicKeys
	if !k.derive(p.version, p.keyDCID, p.fromClient) {
		t.Fatal("derive")
	}
	payload := p.payload
	for p.pnLen+len(payload) < 4 { // sample needs 4 bytes after the packet number start
		payload = append(payload, 0)
	}
	typ := byte(0)
	if p.version == QUICVersion2 {
		typ = 1
	}
	b := []byte{0xc0 | typ<<4 | byte(p.pnLen-1), byte(p.version >> 24), byte(p.version >> 16), byte(p.version >> 8), byte(p.version)}
	b = append(b, byte(len(p.dcid)))
	b = append(b, p.dcid...)
	b = append(b, byte(len(p.scid)))
	b = append(b, p.scid...)
	b = quicAppendVarint(b, uint64(len(p.token)))
	b = append(b, p.token...)
	n := p.pnLen + len(payload) + quicTagLen
	b = append(b, 0x40|byte(n>>8), byte(n)) // two-byte Length, as in the RFC samples
	pnOffset := len(b)
	for i := p.pnLen - 1; i >= 0; i-- {
		b = append(b, byte(p.pn>>(8*i)))
	}
	nonce := k.iv
	for i := range 8 {
		nonce[quicIVLen-1-i] ^= byte(p.pn >> (8 * i))
	}
	b = k.aead.Seal(b, nonce[:], payload, b)
	var mask [16]byte
	k.hp.Encrypt(mask[:], b[pnOffset+4:pnOffset+4+quicSampleLen])
	b[0] ^= mask[0] & 0x0f
	for i := range p.pnLen {
		b[pnOffset+i] ^= mask[1+i]
	}
	return b
}

// TestQUICSealMatchesRFC checks the test encoder against the RFC samples,
// so that the packets it builds for the other tests are valid.
func TestQUICSealMatchesRFC(t *testing.T) {
	for _, tc := range quicRFCCases {
		dcid := quicHex(t, quicRFCDCID)
		clientPayload := make([]byte, 1162)
		copy(clientPayload, quicHex(t, quicRFCClientCrypto))
		got := quicSeal(t, quicTestPacket{version: tc.version, keyDCID: dcid, dcid: dcid, pn: 2, pnLen: 4, payload: clientPayload, fromClient: true})
		if want := quicHex(t, tc.client); !bytes.Equal(got, want) {
			t.Errorf("%s: sealed client Initial differs from the RFC:\n%x\n%x", tc.name, got, want)
		}
		got = quicSeal(t, quicTestPacket{version: tc.version, keyDCID: dcid, scid: quicHex(t, "f067a5502a4262b5"), pn: 1, pnLen: 2, payload: quicHex(t, quicRFCServerPayload)})
		if want := quicHex(t, tc.server); !bytes.Equal(got, want) {
			t.Errorf("%s: sealed server Initial differs from the RFC:\n%x\n%x", tc.name, got, want)
		}
	}
}

func TestQUICPacketNumberDecode(t *testing.T) {
	for _, tc := range []struct {
		largest   int64
		truncated uint64
		pnLen     int
		want      uint64
	}{
		{0xa82f30ea, 0x9b32, 2, 0xa82f9b32}, // RFC 9000 §A.3 example
		{-1, 0, 1, 0},
		{-1, 2, 4, 2},
		{0, 1, 1, 1},
		{0xff, 0x00, 1, 0x100},  // wraps forward
		{0x100, 0xff, 1, 0xff},  // slightly older packet
		{0x17f, 0x00, 1, 0x200}, // closer forward than back
		{0x180, 0x7f, 1, 0x17f}, // within half window behind
		{1<<62 - 2, 0xff, 1, 1<<62 - 1},
		{1<<62 - 2, 0x00, 1, 1<<62 - 256}, // cannot go past 2^62-1
	} {
		if got := decrypt.DecodePacketNumber(tc.largest, tc.truncated, tc.pnLen); got != tc.want {
			t.Errorf("decode(largest=%#x, %#x/%d) = %#x, want %#x", tc.largest, tc.truncated, tc.pnLen, got, tc.want)
		}
	}
}

// quicTestHello builds a handshake message of type typ with a body of n bytes.
func quicTestHello(typ byte, n int) []byte {
	m := []byte{typ, byte(n >> 16), byte(n >> 8), byte(n)}
	for i := range n {
		m = append(m, byte(i*7+3))
	}
	return m
}

func TestQUICCryptoReassembly(t *testing.T) {
	dcid := quicHex(t, "0011223344556677")
	m1, m2 := quicTestHello(1, 700), quicTestHello(1, 300)
	stream := append(slices.Clip(m1), m2...)
	client := func(pn uint64, frames []byte) []byte {
		return quicSeal(t, quicTestPacket{version: QUICVersion1, keyDCID: dcid, dcid: dcid, pn: pn, pnLen: 2, payload: frames, fromClient: true})
	}
	type frag struct{ off, end int }
	for _, tc := range []struct {
		name string
		// datagrams of packets of fragments
		datagrams [][][]frag
		// after each datagram: the number of messages that must be complete
		complete []int
	}{
		{"in order", [][][]frag{{{{0, 500}}}, {{{500, 1008}}}}, []int{0, 2}},
		{"reverse", [][][]frag{{{{704, 1008}}}, {{{300, 704}}}, {{{0, 300}}}}, []int{0, 0, 2}},
		{"first message first", [][][]frag{{{{0, 704}}}, {{{704, 1008}}}}, []int{1, 2}},
		{"overlap and duplicates", [][][]frag{
			{{{100, 400}, {100, 400}}},
			{{{0, 150}, {350, 704}}},
			{{{600, 1008}, {0, 1008}}},
		}, []int{0, 1, 2}},
		{"coalesced packets", [][][]frag{{{{800, 1008}}, {{0, 400}}, {{300, 800}}}}, []int{2}},
		{"same packet out of order", [][][]frag{{{{900, 1008}, {10, 20}, {0, 10}, {20, 900}}}}, []int{2}},
		{"header split", [][][]frag{{{{0, 2}}}, {{{2, 3}}}, {{{3, 704}}}, {{{704, 706}}}, {{{706, 1008}}}}, []int{0, 0, 1, 1, 2}},
		{"bridge many holes", [][][]frag{
			{{{10, 20}, {30, 40}, {50, 60}, {70, 80}}},
			{{{5, 75}}},
			{{{0, 5}, {80, 1008}}},
		}, []int{0, 0, 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d QUICInitialDecoder
			pn := uint64(0)
			var got [][]byte
			for i, dg := range tc.datagrams {
				var datagram []byte
				for _, pkt := range dg {
					var frames []byte
					for _, f := range pkt {
						frames = quicCryptoFrame(frames, f.off, stream[f.off:f.end])
					}
					datagram = append(datagram, client(pn, frames)...)
					pn++
				}
				if err := d.HandleDatagram(datagram, true); err != nil {
					t.Fatalf("datagram %d: %v", i, err)
				}
				for {
					m, ok := d.NextMessage(true)
					if !ok {
						break
					}
					got = append(got, m)
				}
				if len(got) != tc.complete[i] {
					t.Fatalf("after datagram %d: %d messages, want %d", i, len(got), tc.complete[i])
				}
			}
			if !bytes.Equal(got[0], m1) || !bytes.Equal(got[1], m2) {
				t.Errorf("messages differ from the stream")
			}
			if c := &d.dir[0].crypto; len(c.later) != 0 || len(c.data) != len(m1)+len(m2) {
				t.Errorf("pieces not joined: %d bytes in order, %d pieces", len(c.data), len(c.later))
			}
		})
	}
}

// TestQUICCryptoFirstCopyWins: conflicting retransmissions do not change
// bytes already received (in particular of a message already returned).
func TestQUICCryptoFirstCopyWins(t *testing.T) {
	var s quicCryptoStream
	m := quicTestHello(2, 20)
	if err := s.insert(0, m); err != nil {
		t.Fatal(err)
	}
	got, ok := s.next()
	if !ok || !bytes.Equal(got, m) {
		t.Fatal("message not complete")
	}
	before := slices.Clone(got)
	if err := s.insert(5, bytes.Repeat([]byte{0xee}, 40)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, before) {
		t.Error("a returned message changed")
	}
	if !bytes.Equal(s.data[24:45], bytes.Repeat([]byte{0xee}, 21)) {
		t.Error("new bytes past the old range were not stored")
	}
}

func TestQUICCryptoLimits(t *testing.T) {
	var s quicCryptoStream
	if err := s.insert(QUICMaxCryptoStream-1, []byte{1, 2}); !errors.Is(err, wire.ErrTooLarge) {
		t.Errorf("past the bound: %v", err)
	}
	if err := s.insert(1<<62-1, []byte{1}); !errors.Is(err, wire.ErrTooLarge) {
		t.Errorf("huge offset: %v", err)
	}
	if len(s.data) != 0 {
		t.Errorf("buffer grew to %d on rejected data", len(s.data))
	}
	if err := s.insert(QUICMaxCryptoStream-1, []byte{1}); err != nil {
		t.Errorf("last byte: %v", err)
	}
	s.reset()
	for i := range quicMaxCryptoRanges {
		if err := s.insert(uint64(2*i+1), []byte{0}); err != nil {
			t.Fatalf("range %d: %v", i, err)
		}
	}
	if err := s.insert(uint64(2*quicMaxCryptoRanges+1), []byte{0}); !errors.Is(err, wire.ErrTooLarge) {
		t.Errorf("too many holes: %v", err)
	}
	if err := s.insert(0, make([]byte, 2*quicMaxCryptoRanges)); err != nil || len(s.later) != 0 || len(s.data) != 2*quicMaxCryptoRanges {
		t.Errorf("filling the holes: %v, %d pieces, %d bytes in order", err, len(s.later), len(s.data))
	}
	// A handshake header announcing a message that cannot fit is reported
	// as soon as it is seen.
	s.reset()
	if err := s.insert(0, []byte{1, 0xff, 0xff, 0xff}); err != nil {
		t.Fatal(err)
	}
	if err := s.check(); !errors.Is(err, wire.ErrTooLarge) {
		t.Errorf("oversized message: %v", err)
	}
}

// quicLongPacket builds an unprotected long header packet of another type
// (0-RTT, Handshake) with a random body: the decoder must skip it by Length.
func quicLongPacket(version uint32, typ byte, body int) []byte {
	b := []byte{0xc0 | typ<<4, byte(version >> 24), byte(version >> 16), byte(version >> 8), byte(version), 4, 1, 2, 3, 4, 0}
	b = append(b, 0x40|byte(body>>8), byte(body))
	return append(b, bytes.Repeat([]byte{0x5a}, body)...)
}

func TestQUICDatagrams(t *testing.T) {
	dcid := quicHex(t, "c0ffee00c0ffee00aa")
	ch, sh := quicTestHello(1, 200), quicTestHello(2, 90)
	clientPkt := func(version uint32, keyDCID []byte, pn uint64, frames []byte) []byte {
		return quicSeal(t, quicTestPacket{version: version, keyDCID: keyDCID, dcid: keyDCID, scid: []byte{9, 9}, pn: pn, pnLen: 1, payload: frames, fromClient: true})
	}
	serverPkt := func(version uint32, keyDCID []byte, pn uint64, frames []byte) []byte {
		return quicSeal(t, quicTestPacket{version: version, keyDCID: keyDCID, dcid: []byte{9, 9}, scid: []byte{7}, pn: pn, pnLen: 2, payload: frames})
	}

	t.Run("coalesced with Handshake and padding", func(t *testing.T) {
		for _, v := range []uint32{QUICVersion1, QUICVersion2, quicDraft29, quicDraft23} {
			var d QUICInitialDecoder
			hsType := byte(2) // Handshake: 0b10 in v1, 0b11 in v2
			zeroRTT := byte(1)
			if v == QUICVersion2 {
				hsType, zeroRTT = 3, 2
			}
			dg := append(clientPkt(v, dcid, 0, quicCryptoFrame(nil, 0, ch)), quicLongPacket(v, zeroRTT, 40)...)
			dg = append(dg, make([]byte, 300)...) // datagram padding after the last packet
			if err := d.HandleDatagram(dg, true); err != nil {
				t.Fatal(err)
			}
			dg = append(serverPkt(v, dcid, 0, append([]byte{0x02, 0, 0, 0, 0}, quicCryptoFrame(nil, 0, sh)...)), quicLongPacket(v, hsType, 100)...)
			dg = append(dg, 0x40, 1, 2, 3) // a short header packet
			if err := d.HandleDatagram(dg, false); err != nil {
				t.Fatal(err)
			}
			if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch) {
				t.Errorf("v%#x ClientHello %x", v, m)
			}
			if m, ok := d.NextMessage(false); !ok || !bytes.Equal(m, sh) {
				t.Errorf("v%#x ServerHello %x", v, m)
			}
			if st := d.Stats(); st.InitialPackets != 2 || st.SkippedPackets != 3 {
				t.Errorf("v%#x stats %+v", v, st)
			}
		}
	})

	t.Run("server keys from the client's DCID, later client DCID ignored", func(t *testing.T) {
		var d QUICInitialDecoder
		if err := d.HandleDatagram(clientPkt(QUICVersion1, dcid, 0, quicCryptoFrame(nil, 0, ch[:100])), true); err != nil {
			t.Fatal(err)
		}
		if err := d.HandleDatagram(serverPkt(QUICVersion1, dcid, 0, quicCryptoFrame(nil, 0, sh)), false); err != nil {
			t.Fatal(err)
		}
		// The client now addresses the server's connection ID, still with
		// the keys of its original DCID.
		p := quicSeal(t, quicTestPacket{version: QUICVersion1, keyDCID: dcid, dcid: []byte{7}, pn: 1, pnLen: 1, payload: quicCryptoFrame(nil, 100, ch[100:]), fromClient: true})
		if err := d.HandleDatagram(p, true); err != nil {
			t.Fatal(err)
		}
		if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch) {
			t.Errorf("ClientHello %x", m)
		}
		if !bytes.Equal(d.OriginalDCID(), dcid) {
			t.Errorf("OriginalDCID %x", d.OriginalDCID())
		}
	})

	t.Run("compatible version negotiation", func(t *testing.T) {
		// RFC 9368: the client speaks v1, the server answers in v2 with v2
		// keys derived from the same original DCID.
		var d QUICInitialDecoder
		if err := d.HandleDatagram(clientPkt(QUICVersion1, dcid, 0, quicCryptoFrame(nil, 0, ch)), true); err != nil {
			t.Fatal(err)
		}
		if err := d.HandleDatagram(serverPkt(QUICVersion2, dcid, 0, quicCryptoFrame(nil, 0, sh)), false); err != nil {
			t.Fatal(err)
		}
		if m, ok := d.NextMessage(false); !ok || !bytes.Equal(m, sh) {
			t.Errorf("ServerHello %x", m)
		}
	})

	t.Run("retry", func(t *testing.T) {
		var d QUICInitialDecoder
		if err := d.HandleDatagram(clientPkt(QUICVersion1, dcid, 0, quicCryptoFrame(nil, 0, ch)), true); err != nil {
			t.Fatal(err)
		}
		// Retry (RFC 9000 §17.2.5): SCID = new, token, integrity tag.
		newCID := []byte{0xab, 0xcd, 0xef, 1, 2, 3, 4, 5}
		retry := []byte{0xf0, 0, 0, 0, 1, 2, 9, 9, byte(len(newCID))}
		retry = append(retry, newCID...)
		retry = append(retry, "token"...)
		retry = append(retry, make([]byte, 16)...)
		if err := d.HandleDatagram(retry, false); err != nil {
			t.Fatal(err)
		}
		p := quicSeal(t, quicTestPacket{version: QUICVersion1, keyDCID: newCID, dcid: newCID, token: []byte("token"), pn: 1, pnLen: 1, payload: quicCryptoFrame(nil, 0, ch), fromClient: true})
		if err := d.HandleDatagram(p, true); err != nil {
			t.Fatalf("client Initial after Retry: %v", err)
		}
		if err := d.HandleDatagram(serverPkt(QUICVersion1, newCID, 0, quicCryptoFrame(nil, 0, sh)), false); err != nil {
			t.Fatalf("server Initial after Retry: %v", err)
		}
		if m, ok := d.NextMessage(false); !ok || !bytes.Equal(m, sh) {
			t.Errorf("ServerHello %x", m)
		}
		if st := d.Stats(); st.Retry != 1 || st.InitialPackets != 3 {
			t.Errorf("stats %+v", st)
		}
	})

	t.Run("version negotiation", func(t *testing.T) {
		var d QUICInitialDecoder
		vn := []byte{0x80, 0, 0, 0, 0, 2, 9, 9, 1, 7, 0, 0, 0, 1, 0x6b, 0x33, 0x43, 0xcf}
		if err := d.HandleDatagram(vn, false); err != nil || d.Stats().VersionNegotiation != 1 {
			t.Errorf("VN: %v %+v", err, d.Stats())
		}
	})

	t.Run("version negotiation restarts the attempt", func(t *testing.T) {
		// The client tries v2, the server answers VN, the client starts
		// again in v1 with a new DCID and a new ClientHello.
		var d QUICInitialDecoder
		ch2 := quicTestHello(1, 150)
		if err := d.HandleDatagram(clientPkt(QUICVersion2, dcid, 0, quicCryptoFrame(nil, 0, ch)), true); err != nil {
			t.Fatal(err)
		}
		first, ok := d.NextMessage(true)
		if !ok {
			t.Fatal("first ClientHello")
		}
		vn := []byte{0x80, 0, 0, 0, 0, 2, 9, 9, byte(len(dcid))}
		vn = append(append(vn, dcid...), 0, 0, 0, 1)
		if err := d.HandleDatagram(vn, false); err != nil {
			t.Fatal(err)
		}
		dcid2 := []byte{1, 2, 3, 4, 5, 6, 7, 8}
		if err := d.HandleDatagram(clientPkt(QUICVersion1, dcid2, 0, quicCryptoFrame(nil, 0, ch2)), true); err != nil {
			t.Fatal(err)
		}
		if err := d.HandleDatagram(serverPkt(QUICVersion1, dcid2, 0, quicCryptoFrame(nil, 0, sh)), false); err != nil {
			t.Fatal(err)
		}
		if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch2) {
			t.Errorf("second ClientHello %x", m)
		}
		if m, ok := d.NextMessage(false); !ok || !bytes.Equal(m, sh) {
			t.Errorf("ServerHello %x", m)
		}
		if !bytes.Equal(first, ch) {
			t.Error("the first ClientHello changed")
		}
		if d.Version() != QUICVersion1 || !bytes.Equal(d.OriginalDCID(), dcid2) {
			t.Errorf("version %#x DCID %x", d.Version(), d.OriginalDCID())
		}
	})

	t.Run("errors", func(t *testing.T) {
		good := clientPkt(QUICVersion1, dcid, 5, quicCryptoFrame(nil, 0, ch))
		for _, tc := range []struct {
			name       string
			datagram   []byte
			fromClient bool
			cause      error
			field      string
			offset     int
		}{
			{"server first", serverPkt(QUICVersion1, dcid, 0, []byte{1}), false, ErrQUICNoKeys, "Destination Connection ID", 6},
			{"unknown version", []byte{0xc0, 0xfa, 0xce, 0xb0, 0x01, 0, 0}, true, ErrQUICUnsupportedVersion, "Version", 1},
			{"long DCID", []byte{0xc0, 0, 0, 0, 1, 21}, true, wire.ErrTooLarge, "Destination Connection ID", 5},
			{"truncated SCID", []byte{0xc0, 0, 0, 0, 1, 0, 4, 1}, true, wire.ErrLength, "Source Connection ID", 7},
			{"token too long", []byte{0xc0, 0, 0, 0, 1, 0, 0, 0x44, 0}, true, wire.ErrLength, "Token", 9},
			{"length too long", append(slices.Clone(good[:25]), 0xff), true, wire.ErrLength, "Length", 19},
			{"no sample", []byte{0xc0, 0, 0, 0, 1, 1, 1, 0, 0, 4, 0, 0, 0, 0}, true, wire.ErrTruncated, "Packet Number", 10},
		} {
			var d QUICInitialDecoder
			err := d.HandleDatagram(tc.datagram, tc.fromClient)
			var we *wire.Error
			if !errors.Is(err, tc.cause) || !errors.As(err, &we) || we.Field != tc.field || we.Offset != tc.offset {
				t.Errorf("%s: got %v, want %v in %s at %d", tc.name, err, tc.cause, tc.field, tc.offset)
			}
		}
	})

	t.Run("corrupt packet then good one", func(t *testing.T) {
		var d QUICInitialDecoder
		bad := clientPkt(QUICVersion1, dcid, 0, quicCryptoFrame(nil, 0, ch[:50]))
		bad[len(bad)-1] ^= 1
		dg := append(bad, clientPkt(QUICVersion1, dcid, 1, quicCryptoFrame(nil, 0, ch))...)
		err := d.HandleDatagram(dg, true)
		if !errors.Is(err, ErrQUICDecrypt) {
			t.Errorf("got %v", err)
		}
		if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch) {
			t.Error("packet after the corrupt one was not processed")
		}
	})
}

func TestQUICFrames(t *testing.T) {
	dcid := quicHex(t, "0102030405060708")
	ch := quicTestHello(1, 64)
	run := func(t *testing.T, frames []byte) (*QUICInitialDecoder, error) {
		t.Helper()
		var d QUICInitialDecoder
		p := quicSeal(t, quicTestPacket{version: QUICVersion1, keyDCID: dcid, dcid: dcid, pn: 0, pnLen: 1, payload: frames, fromClient: true})
		return &d, d.HandleDatagram(p, true)
	}
	t.Run("ACK ranges and ECN, PING, PADDING", func(t *testing.T) {
		var f []byte
		f = append(f, 0x01, 0x00, 0x00)                  // PING, PADDING
		f = append(f, 0x02, 0x40, 100, 0x05, 0x02, 0x03) // ACK largest 100, delay 5, 2 ranges, first 3
		f = append(f, 0x01, 0x02, 0x00, 0x01)            // gap/len pairs
		f = append(f, 0x03, 0x0a, 0x00, 0x01, 0x00)      // ACK_ECN largest 10, 1 range
		f = append(f, 0x02, 0x03, 0x44, 0x00, 0x01, 0x80, 0, 0, 1)
		f = quicCryptoFrame(f, 0, ch)
		d, err := run(t, f)
		if err != nil {
			t.Fatal(err)
		}
		if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch) {
			t.Error("CRYPTO after ACKs lost")
		}
	})
	t.Run("CONNECTION_CLOSE", func(t *testing.T) {
		f := []byte{0x1c, 0x41, 0x2a, 0x06, 0x05}
		f = append(f, "oops!"...)
		d, err := run(t, f)
		if err != nil {
			t.Fatal(err)
		}
		cc, ok := d.ConnectionClose(true)
		if !ok || cc.ErrorCode != 0x12a || cc.FrameType != 6 || string(cc.Reason) != "oops!" {
			t.Errorf("close %+v %v", cc, ok)
		}
		if _, ok := d.ConnectionClose(false); ok {
			t.Error("close reported for the server")
		}
		// The application variant is not allowed in Initial packets (RFC 9000 §12.5).
		d, err = run(t, []byte{0x1d, 0x07, 0x00})
		if _, ok := d.ConnectionClose(true); !errors.Is(err, ErrQUICFrameType) || ok {
			t.Errorf("application close: %v %v", err, ok)
		}
	})
	t.Run("frame not allowed", func(t *testing.T) {
		f := quicCryptoFrame(nil, 0, ch)
		at := len(f)
		f = append(f, 0x08, 0x00, 0x01) // STREAM
		d, err := run(t, f)
		var we *wire.Error
		// Offset: the frame's position in the datagram = header (27 bytes:
		// 1+4+1+8+1+0+1 token length+2 Length+1 PN) + its position in the payload.
		if !errors.Is(err, ErrQUICFrameType) || !errors.As(err, &we) || we.Offset != 19+at {
			t.Errorf("got %v", err)
		}
		if m, ok := d.NextMessage(true); !ok || !bytes.Equal(m, ch) {
			t.Error("CRYPTO before the bad frame lost")
		}
	})
	for _, tc := range []struct {
		name   string
		frames []byte
		cause  error
	}{
		{"ACK first range above largest", []byte{0x02, 0x01, 0x00, 0x00, 0x02}, wire.ErrValue},
		{"ACK truncated ranges", []byte{0x02, 0x05, 0x00, 0x80, 0xff, 0xff, 0xff, 0x00, 0x01}, wire.ErrTruncated},
		{"CRYPTO length past payload", []byte{0x06, 0x00, 0x50, 0x00, 0x01}, wire.ErrLength},
		{"CRYPTO offset past bound", []byte{0x06, 0x80, 0x01, 0x00, 0x00, 0x01, 0x00}, wire.ErrTooLarge},
		{"CONNECTION_CLOSE reason past payload", []byte{0x1c, 0x00, 0x00, 0x10, 'a'}, wire.ErrLength},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := run(t, tc.frames); !errors.Is(err, tc.cause) {
				t.Errorf("got %v, want %v", err, tc.cause)
			}
		})
	}
}

func TestQUICSniff(t *testing.T) {
	for _, tc := range []quicRFCCase{quicRFCCases[0], quicRFCCases[1]} {
		c := quicHex(t, tc.client)
		if !isQUICLongHeader(c) || !isQUICLongHeader(quicHex(t, tc.server)) {
			t.Errorf("%s: samples not recognized", tc.name)
		}
		if dcid, ok := quicClientInitialDCID(c); !ok || hex.EncodeToString(dcid) != quicRFCDCID {
			t.Errorf("%s: DCID %x %v", tc.name, dcid, ok)
		}
	}
	for _, b := range [][]byte{
		nil,
		{0xc0, 0, 0, 0, 1, 0},          // too short
		{0x40, 0, 0, 0, 1, 0, 0},       // short header
		{0xc0, 0, 0, 0, 2, 0, 0},       // unknown version
		{0xc0, 0, 0, 0, 1, 21, 0},      // DCID too long
		{0xc0, 0, 0, 0, 1, 4, 1, 2, 3}, // DCID truncated
		{0xc0, 0, 0, 0, 1, 0, 1},       // SCID truncated
		{0x16, 3, 1, 0, 0x40, 1, 0},    // a TLS record
	} {
		if isQUICLongHeader(b) {
			t.Errorf("%x recognized as QUIC", b)
		}
	}
	// A Handshake packet is QUIC but not an Initial.
	if _, ok := quicClientInitialDCID(quicLongPacket(QUICVersion1, 2, 30)); ok {
		t.Error("Handshake packet taken as Initial")
	}
}

// TestQUICHostile feeds every truncation and random corruptions of the RFC
// packets, and correctly protected packets with random frames: the decoder
// must never panic, and truncations must fail.
func TestQUICHostile(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range quicRFCCases {
		client, server := quicHex(t, tc.client), quicHex(t, tc.server)
		for n := range len(client) {
			var d QUICInitialDecoder
			if err := d.HandleDatagram(client[:n], true); err == nil && n > 0 {
				t.Fatalf("%s: client truncated to %d: no error", tc.name, n)
			}
		}
		for n := range len(server) {
			var d QUICInitialDecoder
			if err := d.HandleDatagram(client, true); err != nil {
				t.Fatal(err)
			}
			if err := d.HandleDatagram(server[:n], false); err == nil && n > 0 {
				t.Fatalf("%s: server truncated to %d: no error", tc.name, n)
			}
		}
		for range 3000 {
			var d QUICInitialDecoder
			c := slices.Clone(client)
			for range 1 + rng.IntN(4) {
				c[rng.IntN(len(c))] ^= byte(1 + rng.IntN(255))
			}
			_ = d.HandleDatagram(c, true)
			s := slices.Clone(server)
			s[rng.IntN(len(s))] ^= byte(1 + rng.IntN(255))
			_ = d.HandleDatagram(s, false)
			// Corruption outside the header must fail authentication.
			if !bytes.Equal(c[:26], client[:26]) || !bytes.Equal(s[:26], server[:26]) {
				continue
			}
			if d.Stats().InitialPackets != 0 {
				t.Fatalf("%s: corrupted packet accepted", tc.name)
			}
		}
	}
	// Valid protection, hostile content: random frames, and mutations of
	// valid frame sequences.
	dcid := quicHex(t, quicRFCDCID)
	valid := quicCryptoFrame([]byte{0x02, 0x05, 0x00, 0x01, 0x00, 0x01, 0x01}, 3, []byte("abcdef"))
	valid = append(valid, 0x1c, 0x01, 0x00, 0x02, 'h', 'i')
	var d QUICInitialDecoder
	for i := range 2000 {
		var frames []byte
		if i%2 == 0 {
			frames = make([]byte, 1+rng.IntN(60))
			for j := range frames {
				frames[j] = byte(rng.Uint32())
			}
			if rng.IntN(2) == 0 {
				frames[0] = []byte{0x02, 0x03, 0x06, 0x1c}[rng.IntN(4)]
			}
		} else {
			frames = slices.Clone(valid)
			frames[rng.IntN(len(frames))] = byte(rng.Uint32())
			frames = frames[:1+rng.IntN(len(frames))]
		}
		d.Reset()
		p := quicSeal(t, quicTestPacket{version: QUICVersion1, keyDCID: dcid, dcid: dcid, pn: uint64(i), pnLen: 2, payload: frames, fromClient: true})
		_ = d.HandleDatagram(p, true)
		for {
			if _, ok := d.NextMessage(true); !ok {
				break
			}
		}
	}
}

func TestQUICAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	for _, tc := range quicRFCCases {
		client, server := quicHex(t, tc.client), quicHex(t, tc.server)
		var d QUICInitialDecoder
		if err := d.HandleDatagram(client, true); err != nil {
			t.Fatal(err)
		}
		if err := d.HandleDatagram(server, false); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if d.HandleDatagram(client, true) != nil || d.HandleDatagram(server, false) != nil {
				t.Fatal("decode failed")
			}
			d.NextMessage(true)
			d.NextMessage(false)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per datagram pair", tc.name, allocs)
		}
		// Reuse after Reset: the keys of both directions are derived again
		// (HKDF and the cipher objects allocate), but nothing else does
		// once the buffers have grown.
		dcid := quicHex(t, quicRFCDCID)
		keyAllocs := testing.AllocsPerRun(20, func() {
			var c, s quicKeys
			c.derive(tc.version, dcid, true)
			s.derive(tc.version, dcid, false)
		})
		allocs = testing.AllocsPerRun(20, func() {
			d.Reset()
			_ = d.HandleDatagram(client, true)
			_ = d.HandleDatagram(server, false)
		})
		if allocs != keyAllocs {
			t.Errorf("%s: %v allocations per connection, %v for the keys", tc.name, allocs, keyAllocs)
		}
	}
}

// quicCaptureDir is where the shared sample captures live, if present.
const quicCaptureDir = "/work/shared/captures"

// quicReadCapture returns the UDP payloads of a pcap or pcapng file with
// their flow (address and port pair, in packet order).
type quicUDPDatagram struct {
	src, dst string
	payload  []byte
}

func quicReadCapture(t *testing.T, path string) []quicUDPDatagram {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("capture not available: %v", err)
	}
	return quicReadCaptureNoSkip(t, path)
}

func quicReadCaptureNoSkip(t *testing.T, path string) []quicUDPDatagram {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type reader interface {
		ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	}
	var r reader
	var link layers.LinkType
	br := bufio.NewReader(f)
	if magic, _ := br.Peek(4); bytes.Equal(magic, []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		// pcapng Section Header Block, whatever the file name says.
		ng, err := pcapgo.NewNgReader(br, pcapgo.DefaultNgReaderOptions)
		if err != nil {
			t.Fatal(err)
		}
		r, link = ng, ng.LinkType()
	} else {
		pr, err := pcapgo.NewReader(br)
		if err != nil {
			t.Fatal(err)
		}
		r, link = pr, pr.LinkType()
	}
	var out []quicUDPDatagram
	for {
		data, _, err := r.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		pkt := gopacket.NewPacket(data, link, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
		udp, _ := pkt.Layer(layers.LayerTypeUDP).(*layers.UDP)
		if udp == nil || pkt.NetworkLayer() == nil {
			continue
		}
		nf := pkt.NetworkLayer().NetworkFlow()
		out = append(out, quicUDPDatagram{
			src:     nf.Src().String() + ":" + udp.SrcPort.String(),
			dst:     nf.Dst().String() + ":" + udp.DstPort.String(),
			payload: udp.Payload,
		})
	}
	return out
}

func TestQUICCaptures(t *testing.T) {
	if _, err := os.Stat(quicCaptureDir); err != nil {
		t.Skip("no shared captures")
	}
	for _, tc := range []struct {
		file     string
		sni      []string // server names of the ClientHellos in order; nil: not checked
		ch, sh   int      // ClientHellos and ServerHellos expected (tshark agrees)
		versions []uint32 // versions of the connections; nil: not checked
	}{
		{"arkime/pcap/quicietf.pcap", []string{"ssl.gstatic.com"}, 1, 0, []uint32{QUICVersion1}},
		{"arkime/pcap/quicietfooo.pcap", []string{"ssl.gstatic.com"}, 1, 0, []uint32{QUICVersion1}},
		{"foxio-ja4/pcap/quic-tls-handshake.pcapng", []string{"www.google.com"}, 1, 0, []uint32{QUICVersion1}},
		{"foxio-ja4/pcap/quic-with-several-tls-frames.pcapng", []string{"ogs.google.com"}, 1, 0, []uint32{QUICVersion1}},
		{"foxio-ja4/pcap/chrome-cloudflare-quic-with-secrets.pcapng", []string{"cloudflare-quic.com"}, 1, 1, []uint32{QUICVersion1}},
		{"zeek/Traces/quic/quicv2-echo-443.pcap", []string{"localhost"}, 1, 1, []uint32{QUICVersion2}},
		{"zeek/Traces/quic/quicv2-http3-443.pcap", nil, 1, 1, []uint32{QUICVersion2}},
		{"ndpi/pcap/quic-v2.pcapng", []string{"test"}, 1, 1, nil},
		{"zeek/Traces/quic/quic-multiple-initial-fragmented-crypto.pcap", []string{"googleads.g.doubleclick.net"}, 1, 0, []uint32{QUICVersion1}},
		{"zeek/Traces/quic/firefox-102.13.0esr-blog-cloudflare-com.pcap", []string{"blog.cloudflare.com"}, 1, 1, []uint32{QUICVersion1}},
		{"zeek/Traces/quic/interop/quic-go_quic-go/retry.pcap", []string{"server4:443"}, 1, 1, []uint32{QUICVersion1}},
		{"ndpi/pcap/quic_frags_ch_in_multiple_packets.pcapng", []string{""}, 1, 1, []uint32{QUICVersion1}},
		// Draft versions: 29, and 28 + v1 (two connections).
		{"ndpi/pcap/quic-29.pcap", []string{"localhost", "localhost"}, 2, 2, []uint32{quicDraft29, quicDraft29}},
		{"ndpi/pcap/quic_0RTT.pcap", nil, 2, 2, nil},
		{"ndpi/pcap/quic_frags_ch_out_of_order_same_packet_craziness.pcapng", nil, 113, 0, nil},
	} {
		t.Run(filepath.Base(tc.file), func(t *testing.T) {
			datagrams := quicReadCapture(t, filepath.Join(quicCaptureDir, tc.file))
			// One decoder per UDP flow; the first QUIC sender is the client.
			type conn struct {
				client string
				d      QUICInitialDecoder
			}
			conns := map[string]*conn{}
			var sni []string
			var versions []uint32
			hellos := 0
			for _, dg := range datagrams {
				key := min(dg.src, dg.dst) + "|" + max(dg.src, dg.dst)
				c := conns[key]
				if c == nil {
					if _, ok := quicClientInitialDCID(dg.payload); !ok {
						continue
					}
					c = &conn{client: dg.src}
					conns[key] = c
				}
				fromClient := dg.src == c.client
				if err := c.d.HandleDatagram(dg.payload, fromClient); err != nil {
					t.Logf("%s -> %s: %v", dg.src, dg.dst, err)
				}
				for {
					m, ok := c.d.NextMessage(fromClient)
					if !ok {
						break
					}
					switch m[0] {
					case 1:
						var ch wire.ClientHello
						if err := ch.Unmarshal(m); err != nil {
							t.Fatalf("ClientHello: %v", err)
						}
						sni = append(sni, quicServerName(t, &ch))
						versions = append(versions, c.d.Version())
					case 2:
						var sh wire.ServerHello
						if err := sh.Unmarshal(m); err != nil {
							t.Fatalf("ServerHello: %v", err)
						}
						hellos++
					default:
						t.Errorf("unexpected handshake message type %d in Initial packets", m[0])
					}
				}
			}
			if len(sni) != tc.ch || hellos != tc.sh ||
				tc.sni != nil && !slices.Equal(sni, tc.sni) || tc.versions != nil && !slices.Equal(versions, tc.versions) {
				t.Errorf("ClientHellos %q (versions %x), %d ServerHellos; want %d %q (%x), %d", sni, versions, hellos, tc.ch, tc.sni, tc.versions, tc.sh)
			}
		})
	}
}

// TestQUICCryptoMemoryFollowsBytes: a CRYPTO frame far into the stream
// costs its own bytes, not its offset; holes filled later in any order
// give the same stream as the bytes in order, the first copy of each byte
// winning.
func TestQUICCryptoMemoryFollowsBytes(t *testing.T) {
	var s quicCryptoStream
	if err := s.insert(64000, make([]byte, 1200)); err != nil {
		t.Fatal(err)
	}
	if m := s.memory(); m > 1200+256 {
		t.Errorf("a 1200-byte frame at offset 64000 holds %d bytes", m)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	stream := make([]byte, 3000)
	for i := range stream {
		stream[i] = byte(rng.Uint32())
	}
	for round := range 200 {
		s.reset()
		want := slices.Clone(stream)
		for range 40 {
			off, n := rng.IntN(len(stream)), 1+rng.IntN(300)
			n = min(n, len(stream)-off)
			frag := slices.Clone(stream[off : off+n])
			if rng.IntN(4) == 0 {
				// A conflicting copy: it must lose where bytes were
				// received before, and win where none were.
				for i := range frag {
					frag[i] ^= 0xff
				}
				for i := off; i < off+n; i++ {
					if !s.has(i) {
						want[i] = frag[i-off]
					}
				}
			}
			if err := s.insert(uint64(off), frag); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.insert(0, want); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(s.data, want) || len(s.later) != 0 {
			t.Fatalf("round %d: stream differs (%d bytes, %d pieces)", round, len(s.data), len(s.later))
		}
	}
}

// has reports whether the stream holds the byte at offset i.
func (s *quicCryptoStream) has(i int) bool {
	if i < len(s.data) {
		return true
	}
	for _, p := range s.later {
		if i >= p.off && i < p.off+len(p.b) {
			return true
		}
	}
	return false
}
