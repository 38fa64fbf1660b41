package certcompress

import (
	"bytes"
	"compress/zlib"
	"errors"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/wire"
)

// compress compresses b with algorithm a, as a sender of RFC 8879 does.
func compress(t testing.TB, a wire.CertCompressionAlgorithm, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	switch a {
	case wire.CertCompressionZlib:
		w := zlib.NewWriter(&buf)
		w.Write(b)
		w.Close()
	case wire.CertCompressionBrotli:
		w := brotli.NewWriter(&buf)
		w.Write(b)
		w.Close()
	case wire.CertCompressionZstd:
		w, err := zstd.NewWriter(&buf)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
		w.Close()
	}
	return buf.Bytes()
}

// certificateBody is the body of a real TLS 1.3 Certificate message: the
// test PKI's chain as crypto/tls encodes it.
func certificateBody(t testing.TB) []byte {
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	m := wire.Certificate{}
	for _, c := range pki.RSA.Certificate {
		m.Entries = append(m.Entries, wire.CertificateEntry{CertData: c})
	}
	msg, err := wire.AppendMessage(nil, &m)
	if err != nil {
		t.Fatal(err)
	}
	return msg[4:]
}

var algorithms = []wire.CertCompressionAlgorithm{wire.CertCompressionZlib, wire.CertCompressionBrotli, wire.CertCompressionZstd}

func TestDecompress(t *testing.T) {
	body := certificateBody(t)
	var d Decompressor
	for _, a := range algorithms {
		for range 2 { // the second time with the reused decoders
			m := &wire.CompressedCertificate{Algorithm: a, UncompressedLength: uint32(len(body)), CompressedCertificateMessage: compress(t, a, body)}
			out, err := d.Decompress([]byte("prefix"), m, 1<<16)
			if err != nil || !bytes.Equal(out, append([]byte("prefix"), body...)) {
				t.Fatalf("%v: %v", a, err)
			}
		}
	}
}

// TestHostile: bombs, false lengths, corrupt and trailing data.
func TestHostile(t *testing.T) {
	body := certificateBody(t)
	bomb := make([]byte, 64<<20)
	var d Decompressor
	for _, a := range algorithms {
		good := compress(t, a, body)
		bombed := compress(t, a, bomb)
		corrupt := bytes.Clone(good)
		corrupt[len(corrupt)/2] ^= 0xff
		for _, tc := range []struct {
			name  string
			n     int
			data  []byte
			limit int
			cause error
		}{
			{"over the limit", len(body), good, len(body) - 1, wire.ErrTooLarge},
			{"inflates beyond its length", 1000, bombed, 1 << 20, wire.ErrTooLarge},
			{"inflates beyond its length", len(body) - 1, good, 1 << 20, wire.ErrTooLarge},
			{"inflates to less", len(body) + 1, good, 1 << 20, wire.ErrLength},
			{"corrupt", len(body), corrupt, 1 << 20, wire.ErrDecompress},
			{"cut", len(body), good[:len(good)/2], 1 << 20, wire.ErrDecompress},
		} {
			if tc.name == "corrupt" && a == wire.CertCompressionBrotli {
				// Brotli has no checksum (RFC 7932): a changed byte may
				// decode to other bytes of the same length.
				continue
			}
			m := &wire.CompressedCertificate{Algorithm: a, UncompressedLength: uint32(tc.n), CompressedCertificateMessage: tc.data}
			out, err := d.Decompress(nil, m, tc.limit)
			// Corrupt data may also inflate to another length, shorter or longer.
			corruptOK := tc.name == "corrupt" && (errors.Is(err, wire.ErrLength) || errors.Is(err, wire.ErrTooLarge))
			if !errors.Is(err, tc.cause) && !corruptOK {
				t.Errorf("%v %s: %v", a, tc.name, err)
			}
			if out != nil {
				t.Errorf("%v %s: output on error", a, tc.name)
			}
		}
		// Still works after the failures.
		m := &wire.CompressedCertificate{Algorithm: a, UncompressedLength: uint32(len(body)), CompressedCertificateMessage: good}
		if _, err := d.Decompress(nil, m, 1<<16); err != nil {
			t.Errorf("%v after errors: %v", a, err)
		}
	}
	m := &wire.CompressedCertificate{Algorithm: 0x4242, UncompressedLength: 1, CompressedCertificateMessage: []byte{1}}
	if _, err := d.Decompress(nil, m, 100); !errors.Is(err, wire.ErrUnsupportedAlgorithm) {
		t.Errorf("unknown algorithm: %v", err)
	}
	trailing := append(compress(t, wire.CertCompressionZlib, body), 0)
	m = &wire.CompressedCertificate{Algorithm: wire.CertCompressionZlib, UncompressedLength: uint32(len(body)), CompressedCertificateMessage: trailing}
	if _, err := d.Decompress(nil, m, 1<<16); !errors.Is(err, wire.ErrTrailingData) {
		t.Errorf("trailing data: %v", err)
	}
}

func FuzzDecompress(f *testing.F) {
	body := certificateBody(f)
	for _, a := range algorithms {
		f.Add(uint16(a), uint32(len(body)), compress(f, a, body))
	}
	var d Decompressor
	f.Fuzz(func(t *testing.T, a uint16, n uint32, data []byte) {
		m := &wire.CompressedCertificate{Algorithm: wire.CertCompressionAlgorithm(a), UncompressedLength: n, CompressedCertificateMessage: data}
		out, err := d.Decompress(nil, m, 1<<16)
		if err == nil && len(out) != int(n) {
			t.Fatalf("%d bytes, want %d", len(out), n)
		}
		if err != nil && out != nil {
			t.Fatal("output on error")
		}
	})
}

// TestBrotliWindow: the window a brotli stream declares is read from its
// first bits (RFC 7932 §9.1) and one above 4 MiB is refused before the
// decoder allocates it; what encoders write by default passes.
func TestBrotliWindow(t *testing.T) {
	body := certificateBody(t)
	for lgwin := 10; lgwin <= 24; lgwin++ {
		var buf bytes.Buffer
		w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: 5, LGWin: lgwin})
		w.Write(body)
		w.Close()
		if got := brotliWindowBits(buf.Bytes()); got != lgwin && !(lgwin < 16 && got >= lgwin) {
			t.Errorf("lgwin %d: read %d", lgwin, got)
		}
		var d Decompressor
		m := &wire.CompressedCertificate{Algorithm: wire.CertCompressionBrotli, UncompressedLength: uint32(len(body)), CompressedCertificateMessage: buf.Bytes()}
		_, err := d.Decompress(nil, m, 1<<16)
		if lgwin <= brotliMaxWindowBits && err != nil || lgwin > brotliMaxWindowBits && !errors.Is(err, wire.ErrTooLarge) {
			t.Errorf("lgwin %d: %v", lgwin, err)
		}
	}
	if brotliWindowBits(nil) != 0 {
		t.Error("empty stream")
	}
}
