package wire

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"slices"

	"golang.org/x/crypto/cryptobyte"
)

// ErrUnsupportedAlgorithm is the cause reported by
// CompressedCertificate.Decompress for an algorithm the standard library
// cannot decode (brotli, zstd, or an unassigned one).
var ErrUnsupportedAlgorithm = errors.New("compression algorithm not supported (only zlib is in the Go standard library)")

// ErrDecompress is the cause reported by CompressedCertificate.Decompress
// when the compressed data is corrupt. The *Error's Err is then a
// *DecompressError, which matches ErrDecompress with errors.Is and unwraps
// to the decoder's own error.
var ErrDecompress = errors.New("decompression failed")

// DecompressError carries the decoder's error for a corrupt
// compressed_certificate_message.
type DecompressError struct{ Err error }

func (e *DecompressError) Error() string { return ErrDecompress.Error() + ": " + e.Err.Error() }

// Is reports whether target is ErrDecompress.
func (e *DecompressError) Is(target error) bool { return target == ErrDecompress }

// Unwrap returns the decoder's error.
func (e *DecompressError) Unwrap() error { return e.Err }

// CompressedCertificate replaces a Certificate message when certificate
// compression was negotiated (RFC 8879 §4):
//
//	struct {
//	     CertCompressionAlgorithm algorithm;
//	     uint24 uncompressed_length;
//	     opaque compressed_certificate_message<1..2^24-1>;
//	} CompressedCertificate;
type CompressedCertificate struct {
	// Algorithm is algorithm.
	Algorithm CertCompressionAlgorithm
	// UncompressedLength is uncompressed_length, the length of the
	// Certificate message body once decompressed (24 bits).
	UncompressedLength uint32
	// CompressedCertificateMessage is compressed_certificate_message
	// (aliases the input).
	CompressedCertificateMessage []byte
}

// Type returns TypeCompressedCertificate.
func (*CompressedCertificate) Type() HandshakeType { return TypeCompressedCertificate }

// Unmarshal decodes a complete CompressedCertificate handshake message (with header).
func (m *CompressedCertificate) Unmarshal(msg []byte) error {
	return unmarshalMessage(m, msg, Context{})
}

// Append appends the message with its handshake header.
func (m *CompressedCertificate) Append(b []byte) ([]byte, error) { return appendMessage(b, m) }

// Len is the length of the message with its handshake header.
func (m *CompressedCertificate) Len() int { return MessageLen(m) }

// UnmarshalBody decodes a CompressedCertificate body. ctx is not used.
func (m *CompressedCertificate) UnmarshalBody(body []byte, _ Context) error {
	p := newParser("CompressedCertificate", body)
	s := cryptobyte.String(body)
	var alg uint16
	if !p.u16(&s, "algorithm", &alg) ||
		!p.u24(&s, "uncompressed_length", &m.UncompressedLength) ||
		!p.bytes24(&s, "compressed_certificate_message", 1, &m.CompressedCertificateMessage) ||
		!p.end(s, "compressed_certificate_message") {
		return p.err
	}
	m.Algorithm = CertCompressionAlgorithm(alg)
	return nil
}

// BodyLen is the length AppendBody appends.
func (m *CompressedCertificate) BodyLen() int {
	return 2 + 3 + 3 + len(m.CompressedCertificateMessage)
}

// AppendBody appends the CompressedCertificate body. UncompressedLength
// must fit in 24 bits (ErrTooLarge otherwise).
func (m *CompressedCertificate) AppendBody(b []byte) ([]byte, error) {
	a := appender{b: b, msg: "CompressedCertificate"}
	if m.UncompressedLength >= 1<<24 {
		a.fail("uncompressed_length", ErrTooLarge)
	}
	a.u16(uint16(m.Algorithm))
	a.u24(m.UncompressedLength)
	a.vec24("compressed_certificate_message", m.CompressedCertificateMessage)
	return a.result(b)
}

// decompressStep bounds each growth of Decompress's output buffer.
const decompressStep = 16 << 10

// Decompress appends the decompressed Certificate message body to dst and
// returns the extended slice. Only zlib (RFC 1950) is supported; other
// algorithms fail with ErrUnsupportedAlgorithm. The output is refused with
// ErrTooLarge when UncompressedLength exceeds limit or the data inflates
// beyond UncompressedLength, and with ErrLength when it inflates to less
// (RFC 8879 §4 requires an exact match). Bytes after the end of the zlib
// stream are ErrTrailingData. Memory use is bounded by the output actually
// produced, never by UncompressedLength alone. On error dst is returned
// unextended. All errors are *Error; for a corrupt stream its Err is a
// *DecompressError.
func (m *CompressedCertificate) Decompress(dst []byte, limit int) ([]byte, error) {
	fail := func(field string, cause error) ([]byte, error) {
		return dst, &Error{Message: "CompressedCertificate", Field: field, Offset: -1, Err: cause}
	}
	if m.Algorithm != CertCompressionZlib {
		return fail("algorithm", ErrUnsupportedAlgorithm)
	}
	want := int(m.UncompressedLength)
	if want > limit {
		return fail("uncompressed_length", ErrTooLarge)
	}
	in := bytes.NewReader(m.CompressedCertificateMessage)
	zr, err := zlib.NewReader(in)
	if err != nil {
		return fail("compressed_certificate_message", &DecompressError{err})
	}
	out := dst
	// Read at most want+1 bytes: one byte more than allowed is enough to
	// know the output is too large. The buffer grows in bounded steps as
	// output arrives, so a false uncompressed_length costs nothing.
	r := io.LimitReader(zr, int64(want)+1)
	for {
		if len(out) == cap(out) {
			out = slices.Grow(out, min(want-(len(out)-len(dst))+1, decompressStep))
		}
		n, err := r.Read(out[len(out):cap(out)])
		out = out[:len(out)+n]
		if len(out)-len(dst) > want {
			return fail("uncompressed_length", ErrTooLarge)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail("compressed_certificate_message", &DecompressError{err})
		}
	}
	// io.EOF from the zlib reader means the Adler-32 checksum matched.
	if len(out)-len(dst) != want {
		return fail("uncompressed_length", ErrLength)
	}
	if in.Len() != 0 {
		return fail("compressed_certificate_message", ErrTrailingData)
	}
	return out, nil
}

// appendJSON appends the algorithm, the uncompressed length and the
// compressed message.
func (m *CompressedCertificate) appendJSON(b []byte, _ *extScratch) []byte {
	b = jReg(b, "algorithm", m.Algorithm, grease16)
	b = jUint(b, "uncompressed_length", uint64(m.UncompressedLength))
	return jHex(b, "compressed_certificate_message", m.CompressedCertificateMessage)
}

// appendSummary appends the algorithm and both sizes.
func (m *CompressedCertificate) appendSummary(b []byte, _ *extScratch) []byte {
	b = sName(append(b, "CompressedCertificate "...), m.Algorithm, grease16)
	b = sSize(b, "compressed", len(m.CompressedCertificateMessage))
	return sSize(b, "uncompressed", int(m.UncompressedLength))
}

// MarshalJSON renders m with AppendMessageJSON.
func (m *CompressedCertificate) MarshalJSON() ([]byte, error) { return AppendMessageJSON(nil, m), nil }
