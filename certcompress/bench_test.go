package certcompress

import (
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// BenchmarkDecompress inflates a real certificate chain with each
// algorithm, reusing the Decompressor as a capture reader does.
func BenchmarkDecompress(b *testing.B) {
	body := certificateBody(b)
	for _, a := range algorithms {
		b.Run(a.String(), func(b *testing.B) {
			m := &wire.CompressedCertificate{Algorithm: a, UncompressedLength: uint32(len(body)), CompressedCertificateMessage: compress(b, a, body)}
			var d Decompressor
			buf := make([]byte, 0, len(body))
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				if _, err := d.Decompress(buf[:0], m, 1<<16); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
