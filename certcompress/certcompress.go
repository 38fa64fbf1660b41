// Package certcompress decompresses the CompressedCertificate message of
// RFC 8879 with every algorithm of its registry: zlib (RFC 1950, from the
// standard library), brotli (RFC 7932, github.com/andybalholm/brotli) and
// zstd (RFC 8878, github.com/klauspost/compress/zstd). Output is bounded:
// a message that claims or inflates to more than the caller's limit is an
// error, and memory follows the output actually produced, never a length
// field. package wire decodes the message itself and, without extra
// dependencies, zlib only.
package certcompress

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"slices"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"github.com/tlswire/tlswire/wire"
)

// Decompressor decompresses CompressedCertificate messages, reusing its
// zlib, brotli and zstd decoders from one message to the next. The zero value is
// ready. A Decompressor is not safe for concurrent use.
type Decompressor struct {
	in     bytes.Reader
	zlib   io.ReadCloser // a zlib.Resetter
	brotli *brotli.Reader
	zstd   *zstd.Decoder
}

// step bounds each growth of the output buffer.
const step = 16 << 10

// zstdMaxWindow bounds the zstd window (and so the decoder's memory)
// whatever the frame asks for: certificate chains are far smaller. The
// output itself is bounded by the caller's limit as it is read.
const zstdMaxWindow = 1 << 20

// brotliMaxWindowBits bounds the brotli window (4 MiB, the default of
// encoders): the decoder allocates the window a stream declares, up to
// 16 MiB, and a certificate chain needs far less (Cloudflare declares
// 128 KiB).
const brotliMaxWindowBits = 22

// brotliWindowBits returns the WBITS a brotli stream declares in its
// first bits (RFC 7932 §9.1), or 0 when b is too short to say.
func brotliWindowBits(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	bits := uint(b[0])
	if len(b) > 1 {
		bits |= uint(b[1]) << 8
	}
	if bits&1 == 0 {
		return 16
	}
	if n := bits >> 1 & 7; n != 0 {
		return 17 + int(n)
	}
	if m := bits >> 4 & 7; m != 0 {
		return 8 + int(m) // m == 1 is the large-window escape, which RFC 7932 decoders reject
	}
	return 17
}

// Decompress appends the Certificate message body that m carries to dst
// and returns the extended slice (RFC 8879 §4). It fails with
// wire.ErrTooLarge when m.UncompressedLength exceeds limit or the data
// inflates beyond it, wire.ErrLength when it inflates to less (the RFC
// requires an exact match), wire.ErrTrailingData for bytes after the
// compressed stream (zlib, zstd), wire.ErrDecompress for corrupt data and
// wire.ErrUnsupportedAlgorithm for an unassigned algorithm. Errors are
// *wire.Error; on error dst is returned unextended.
func (d *Decompressor) Decompress(dst []byte, m *wire.CompressedCertificate, limit int) ([]byte, error) {
	fail := func(field string, cause error) ([]byte, error) {
		return dst, &wire.Error{Message: "CompressedCertificate", Field: field, Offset: -1, Err: cause}
	}
	want := int(m.UncompressedLength)
	if want > limit {
		return fail("uncompressed_length", wire.ErrTooLarge)
	}
	d.in.Reset(m.CompressedCertificateMessage)
	var r io.Reader
	switch m.Algorithm {
	case wire.CertCompressionZlib:
		var err error
		if d.zlib == nil {
			d.zlib, err = zlib.NewReader(&d.in)
		} else {
			err = d.zlib.(zlib.Resetter).Reset(&d.in, nil)
		}
		if err != nil {
			d.zlib = nil // a failed NewReader returns no reader
			return fail("compressed_certificate_message", &wire.DecompressError{Err: err})
		}
		r = d.zlib
	case wire.CertCompressionBrotli:
		if brotliWindowBits(m.CompressedCertificateMessage) > brotliMaxWindowBits {
			return fail("compressed_certificate_message", wire.ErrTooLarge)
		}
		if d.brotli == nil {
			d.brotli = brotli.NewReader(&d.in)
		} else if err := d.brotli.Reset(&d.in); err != nil {
			return fail("compressed_certificate_message", &wire.DecompressError{Err: err})
		}
		r = d.brotli
	case wire.CertCompressionZstd:
		if d.zstd == nil {
			z, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(zstdMaxWindow),
				zstd.WithDecoderLowmem(true))
			if err != nil {
				return fail("algorithm", err)
			}
			d.zstd = z
		}
		if err := d.zstd.Reset(&d.in); err != nil {
			return fail("compressed_certificate_message", &wire.DecompressError{Err: err})
		}
		r = d.zstd
	default:
		return fail("algorithm", wire.ErrUnsupportedAlgorithm)
	}
	out, err := readBounded(dst, r, want)
	switch {
	case errors.Is(err, wire.ErrTooLarge), errors.Is(err, zstd.ErrWindowSizeExceeded), errors.Is(err, zstd.ErrDecoderSizeExceeded):
		// A zstd frame that asks for a larger window than any certificate
		// chain needs is refused before its output is produced.
		return fail("uncompressed_length", wire.ErrTooLarge)
	case err != nil:
		return fail("compressed_certificate_message", &wire.DecompressError{Err: err})
	case len(out)-len(dst) != want:
		return fail("uncompressed_length", wire.ErrLength)
	case d.in.Len() != 0 && m.Algorithm != wire.CertCompressionBrotli:
		// The brotli reader reads ahead; its stream end is checked by the decoder.
		return fail("compressed_certificate_message", wire.ErrTrailingData)
	}
	return out, nil
}

// readBounded appends what r yields to dst, reading at most want+1 bytes
// (one more than allowed is enough to know the output is too large) into
// a buffer that grows in bounded steps, so a false length costs nothing.
func readBounded(dst []byte, r io.Reader, want int) ([]byte, error) {
	out := dst
	lr := io.LimitReader(r, int64(want)+1)
	for {
		if len(out) == cap(out) {
			out = slices.Grow(out, min(want-(len(out)-len(dst))+1, step))
		}
		n, err := lr.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if len(out)-len(dst) > want {
			return dst, wire.ErrTooLarge
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return dst, err
		}
	}
}
