package corpusexport

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/tlswire/tlswire/fuzz/corpusimport"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"github.com/tlswire/tlswire/wire"
)

// addCorpusSeeds adds the seeds of corpus/<target>/, converted by conv.
func addCorpusSeeds(f *testing.F, target string, conv func([]byte) []byte) {
	files, err := filepath.Glob(filepath.Join(corpusDir, target, "*"))
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(conv(b))
	}
}

// FuzzHandshakeFraming: the handshake messages of any stream, framed as
// TLS records and as DTLS datagrams by the exporter, read back as the
// same messages, in order.
func FuzzHandshakeFraming(f *testing.F) {
	addCorpusSeeds(f, seedroute.TargetRecords, func(b []byte) []byte { return b })
	f.Fuzz(func(t *testing.T, stream []byte) {
		msgs := corpusimport.PlaintextMessages(stream)
		if len(msgs) == 0 {
			return
		}
		if got := corpusimport.PlaintextMessages(TLSRecords(wire.VersionTLS12, msgs)); !reflect.DeepEqual(got, msgs) {
			t.Fatalf("TLS records: %d messages back, %d framed", len(got), len(msgs))
		}
		got, _ := dtlsMessages(t, BoringSSLDTLS(DTLSDatagrams(wire.VersionDTLS12, 0, msgs), false))
		if !reflect.DeepEqual(got, msgs) {
			t.Fatalf("DTLS datagrams: %d messages back, %d framed", len(got), len(msgs))
		}
	})
}

// FuzzQUICClientLayout: what OpenSSL's quic-client reads out of any input,
// written again by the exporter, reads back the same.
func FuzzQUICClientLayout(f *testing.F) {
	addCorpusSeeds(f, seedroute.TargetQUICInitial, func(b []byte) []byte { return OpenSSLQUICClient(QUICServerDatagrams(b)) })
	f.Add([]byte{0xff, 0xff, 0, 1, 0, 2, 0, 'a', 'b'})
	f.Fuzz(func(t *testing.T, in []byte) {
		dgs := corpusimport.OpenSSLQUICDatagrams(in)
		if again := corpusimport.OpenSSLQUICDatagrams(OpenSSLQUICClient(dgs)); !reflect.DeepEqual(again, dgs) {
			t.Fatalf("%d datagrams, %d after export", len(dgs), len(again))
		}
	})
}

// FuzzDecodeClientHelloInner: for any message the encoder accepts, the
// outer body follows the encoded inner hello unchanged, the inner hello
// decodes with an empty session ID and at most one ech_outer_extensions,
// and the importer reads the outer hello back.
func FuzzDecodeClientHelloInner(f *testing.F) {
	addCorpusSeeds(f, "FuzzClientHello", func(b []byte) []byte { return b })
	f.Fuzz(func(t *testing.T, msg []byte) {
		in, ok := BoringSSLDecodeClientHelloInner(msg)
		if !ok {
			return
		}
		n := int(in[0])<<16 | int(in[1])<<8 | int(in[2])
		if 3+n > len(in) || !bytes.Equal(in[3+n:], msg[4:]) {
			t.Fatal("the outer hello body does not follow the inner one")
		}
		var inner wire.ClientHello
		if err := inner.UnmarshalBody(in[3:3+n], wire.Context{}); err != nil {
			t.Fatalf("inner hello: %v", err)
		}
		outer := 0
		for _, e := range inner.Extensions {
			if e.Type == wire.ExtensionECHOuterExtensions {
				outer++
			}
		}
		if len(inner.SessionID) != 0 || outer > 1 {
			t.Fatalf("inner hello: session ID %x, %d ech_outer_extensions", inner.SessionID, outer)
		}
	})
}
