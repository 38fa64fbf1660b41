package certcompress_test

import (
	"bytes"
	"fmt"

	"github.com/andybalholm/brotli"

	"github.com/tlswire/tlswire/certcompress"
	"github.com/tlswire/tlswire/wire"
)

func Example() {
	// A CompressedCertificate as a server sends it (RFC 8879 §4).
	body := []byte("the body of a Certificate message")
	var z bytes.Buffer
	w := brotli.NewWriter(&z)
	w.Write(body)
	w.Close()
	msg, _ := wire.AppendMessage(nil, &wire.CompressedCertificate{
		Algorithm:                    wire.CertCompressionBrotli,
		UncompressedLength:           uint32(len(body)),
		CompressedCertificateMessage: z.Bytes(),
	})

	var m wire.CompressedCertificate
	if err := m.Unmarshal(msg); err != nil {
		panic(err)
	}
	var d certcompress.Decompressor
	out, err := d.Decompress(nil, &m, 1<<20)
	fmt.Printf("%v: %q %v\n", m.Algorithm, out, err)
	// Output: brotli: "the body of a Certificate message" <nil>
}
