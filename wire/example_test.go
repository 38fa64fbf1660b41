package wire_test

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/tlswire/tlswire/wire"
)

// clientHelloRecord is the first record an OpenSSL client sent in
// crypto/tls's testdata/Server-TLSv12-SNI: a TLS 1.2 ClientHello for
// "snitest.com" in one handshake record.
const clientHelloRecord = `
16 03 01 00 81 01 00 00 7d 03 03 5b 8e 50 b3 0e 1f d7 4f a4 0f 53 de 37
1a c6 86 2f 01 c0 0b 15 cf a9 f4 f5 30 c0 aa 7e cc 5b 4e 00 00 04 00 2f
00 ff 01 00 00 50 00 00 00 10 00 0e 00 00 0b 73 6e 69 74 65 73 74 2e 63
6f 6d 00 16 00 00 00 17 00 00 00 0d 00 30 00 2e 04 03 05 03 06 03 08 07
08 08 08 09 08 0a 08 0b 08 04 08 05 08 06 04 01 05 01 06 01 03 03 02 03
03 01 02 01 03 02 02 02 04 02 05 02 06 02`

func mustHex(s string) []byte {
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		panic(err)
	}
	return b
}

// Decode the ClientHello carried by the first record of a TLS stream.
// (A hello may span records; this one fits in one.)
func ExampleClientHello_Unmarshal() {
	stream := mustHex(clientHelloRecord)
	rec, _, err := wire.ParseRecord(stream)
	if err != nil || rec.ContentType != wire.ContentHandshake {
		fmt.Println("not a handshake record:", err)
		return
	}
	var ch wire.ClientHello
	if err := ch.Unmarshal(rec.Payload); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("record version %#04x, hello version %#04x\n", rec.LegacyVersion, ch.LegacyVersion)
	fmt.Printf("random %x...\n", ch.Random[:4])
	// server_name (RFC 6066 §3): list length, name_type 0, host length, host.
	if sni, ok := ch.Extensions.Find(0); ok && len(sni) > 5 {
		fmt.Printf("server name %q\n", sni[5:])
	}
	// Output:
	// record version 0x0301, hello version 0x0303
	// random 5b8e50b3...
	// server name "snitest.com"
}

// List the cipher suites and extension types of a ClientHello, in wire
// order (GREASE and unknown values are kept as they are).
func ExampleClientHello_extensions() {
	rec, _, _ := wire.ParseRecord(mustHex(clientHelloRecord))
	var ch wire.ClientHello
	if err := ch.Unmarshal(rec.Payload); err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range ch.CipherSuites {
		fmt.Printf("cipher suite %#04x\n", s)
	}
	for _, e := range ch.Extensions {
		fmt.Printf("extension %d, %d bytes\n", uint16(e.Type), len(e.Data))
	}
	// Output:
	// cipher suite 0x002f
	// cipher suite 0x00ff
	// extension 0, 16 bytes
	// extension 22, 0 bytes
	// extension 23, 0 bytes
	// extension 13, 48 bytes
}

// Re-encode a ClientHello without one of its extensions, appending into a
// buffer that is reused across messages: once it has grown, Append does not
// allocate.
func ExampleClientHello_Append() {
	rec, _, _ := wire.ParseRecord(mustHex(clientHelloRecord))
	var ch wire.ClientHello
	if err := ch.Unmarshal(rec.Payload); err != nil {
		fmt.Println(err)
		return
	}
	buf := make([]byte, 0, 512)
	for _, drop := range []wire.ExtensionType{22, 13} {
		var err error
		if err = ch.Unmarshal(rec.Payload); err == nil {
			if i := ch.Extensions.Index(drop); i >= 0 {
				ch.Extensions = append(ch.Extensions[:i], ch.Extensions[i+1:]...)
			}
			buf, err = ch.Append(buf[:0])
		}
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("without extension %d: %d bytes (was %d), header %x\n", drop, len(buf), len(rec.Payload), buf[:4])
	}
	// Output:
	// without extension 22: 125 bytes (was 129), header 01000079
	// without extension 13: 77 bytes (was 129), header 01000049
}

// Iterate over the records of a byte stream. A partial record at the end
// is not an error: it is left in Rest for when more bytes arrive.
func ExampleRecords() {
	stream := mustHex(clientHelloRecord)
	stream = append(stream, 0x14, 0x03, 0x03, 0x00, 0x01, 0x01) // change_cipher_spec
	stream = append(stream, 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28)
	stream = append(stream, 0x17, 0x03, 0x03, 0x00, 0x20, 0xaa) // first byte of 32
	rs := wire.Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		fmt.Printf("%s %#04x, %d bytes\n", r.ContentType, r.LegacyVersion, len(r.Payload))
	}
	if err := rs.Err(); err != nil {
		fmt.Println(err)
	}
	fmt.Printf("%d bytes consumed, %d left\n", rs.Offset(), len(rs.Rest()))
	// Output:
	// handshake 0x0301, 129 bytes
	// change_cipher_spec 0x0303, 1 bytes
	// alert 0x0303, 2 bytes
	// 147 bytes consumed, 6 left
}

// Errors name the structure, the RFC field and the offset in the input,
// and wrap a sentinel cause.
func ExampleError() {
	rec, _, _ := wire.ParseRecord(mustHex(clientHelloRecord))
	msg := append([]byte(nil), rec.Payload...)
	msg[40] = 0x05 // cipher_suites<2..2^16-2> length (offset 39): 5 is odd
	var ch wire.ClientHello
	err := ch.Unmarshal(msg)
	fmt.Println(err)
	var e *wire.Error
	if errors.As(err, &e) {
		fmt.Println(e.Field, e.Offset, errors.Is(err, wire.ErrOddLength))
	}
	// Output:
	// tlswire: ClientHello.cipher_suites at offset 41: odd length for a list of 16-bit values
	// cipher_suites 41 true
}
