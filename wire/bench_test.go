package wire

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsanchor"
)

// benchMessage returns the first real message of type ht whose source
// starts with prefix (corpus order: testdata recordings sorted by name,
// then tlsgen scenarios, then QUIC variants).
func benchMessage(b testing.TB, ht HandshakeType, prefix string) realMessage {
	b.Helper()
	for _, m := range uniqueMessages(b) {
		if m.Type() == ht && strings.HasPrefix(m.Source, prefix) {
			return m
		}
	}
	b.Fatalf("no %v from %s*", ht, prefix)
	return realMessage{}
}

// helloSamples are the hellos the crypto/tls comparison runs on: a TLS 1.3
// ClientHello recorded in crypto/tls's testdata (~250 bytes, X25519 key
// share) and the ClientHello of a default Go 1.26 client (~1.5 KB, with an
// X25519MLKEM768 key share).
var helloSamples = []struct{ name, source string }{
	{"tls13-testdata", "testdata/Client-TLSv13-"},
	{"go126-default", "tlsgen/tls13-default"},
}

// serverHelloSamples: a TLS 1.3 and a TLS 1.2 ServerHello from testdata.
var serverHelloSamples = []struct{ name, source string }{
	{"tls13-testdata", "testdata/Client-TLSv13-"},
	{"tls12-testdata", "testdata/Client-TLSv12-"},
}

// BenchmarkClientHelloUnmarshal compares decoding a ClientHello into a
// reused value with tlswire and with crypto/tls's clientHelloMsg.unmarshal
// (which allocates its fields afresh on every call).
func BenchmarkClientHelloUnmarshal(b *testing.B) {
	b.Run("tlswire", func(b *testing.B) {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var ch ClientHello
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if err := ch.Unmarshal(msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("cryptotls", func(b *testing.B) {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var ch tlsanchor.ClientHello
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if !ch.Unmarshal(msg) {
						b.Fatal("crypto/tls rejected the ClientHello")
					}
				}
			})
		}
	})
}

// BenchmarkClientHelloAppend compares encoding a decoded ClientHello: tlswire
// appends into a buffer with enough capacity; crypto/tls marshals with
// cryptobyte.Builder into a new buffer (its cached copy of the input is
// dropped first, so it really encodes).
func BenchmarkClientHelloAppend(b *testing.B) {
	b.Run("tlswire", func(b *testing.B) {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var ch ClientHello
				if err := ch.Unmarshal(msg); err != nil {
					b.Fatal(err)
				}
				buf := make([]byte, 0, len(msg))
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					var err error
					if buf, err = ch.Append(buf[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("cryptotls", func(b *testing.B) {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var ch tlsanchor.ClientHello
				if !ch.Unmarshal(msg) {
					b.Fatal("crypto/tls rejected the ClientHello")
				}
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := ch.Marshal(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// BenchmarkServerHelloUnmarshal compares decoding a ServerHello.
func BenchmarkServerHelloUnmarshal(b *testing.B) {
	b.Run("tlswire", func(b *testing.B) {
		for _, s := range serverHelloSamples {
			msg := benchMessage(b, TypeServerHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var sh ServerHello
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if err := sh.Unmarshal(msg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("cryptotls", func(b *testing.B) {
		for _, s := range serverHelloSamples {
			msg := benchMessage(b, TypeServerHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var sh tlsanchor.ServerHello
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if !sh.Unmarshal(msg) {
						b.Fatal("crypto/tls rejected the ServerHello")
					}
				}
			})
		}
	})
}

// BenchmarkServerHelloAppend compares encoding a decoded ServerHello.
func BenchmarkServerHelloAppend(b *testing.B) {
	b.Run("tlswire", func(b *testing.B) {
		for _, s := range serverHelloSamples {
			msg := benchMessage(b, TypeServerHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var sh ServerHello
				if err := sh.Unmarshal(msg); err != nil {
					b.Fatal(err)
				}
				buf := make([]byte, 0, len(msg))
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					var err error
					if buf, err = sh.Append(buf[:0]); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
	b.Run("cryptotls", func(b *testing.B) {
		for _, s := range serverHelloSamples {
			msg := benchMessage(b, TypeServerHello, s.source).Data
			b.Run(s.name, func(b *testing.B) {
				var sh tlsanchor.ServerHello
				if !sh.Unmarshal(msg) {
					b.Fatal("crypto/tls rejected the ServerHello")
				}
				b.SetBytes(int64(len(msg)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := sh.Marshal(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	})
}

// typeBenchSamples picks one real message per handshake type: the first
// from the TCP recordings, else from the QUIC handshakes (the TLS 1.3
// messages TCP encrypts).
func typeBenchSamples(b *testing.B) map[HandshakeType]realMessage {
	out := map[HandshakeType]realMessage{}
	for _, m := range uniqueMessages(b) {
		if _, ok := out[m.Type()]; !ok {
			out[m.Type()] = m
		}
	}
	return out
}

// BenchmarkUnmarshal decodes one real message of every type into a reused
// value through UnmarshalMessage.
func BenchmarkUnmarshal(b *testing.B) {
	samples := typeBenchSamples(b)
	for _, ht := range sortedTypes(samples) {
		rm := samples[ht]
		b.Run(ht.String(), func(b *testing.B) {
			m := NewMessage(ht)
			b.SetBytes(int64(len(rm.Data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := UnmarshalMessage(m, rm.Data, rm.Ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkAppend encodes one real message of every type into a buffer
// with enough capacity through AppendMessage.
func BenchmarkAppend(b *testing.B) {
	samples := typeBenchSamples(b)
	for _, ht := range sortedTypes(samples) {
		rm := samples[ht]
		b.Run(ht.String(), func(b *testing.B) {
			m := NewMessage(ht)
			if err := UnmarshalMessage(m, rm.Data, rm.Ctx); err != nil {
				b.Fatal(err)
			}
			buf := make([]byte, 0, len(rm.Data))
			b.SetBytes(int64(len(rm.Data)))
			b.ReportAllocs()
			for b.Loop() {
				var err error
				if buf, err = AppendMessage(buf[:0], m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkClientHelloSpeedup measures the crypto/tls to tlswire time ratio
// directly: each iteration runs a batch of tlswire operations then the same
// batch with crypto/tls, back to back, so that load from other processes on
// a shared machine affects both alike. It reports the ratio as
// "x-faster" (crypto/tls time / tlswire time); ns/op covers both batches.
func BenchmarkClientHelloSpeedup(b *testing.B) {
	const batch = 32
	for _, op := range []string{"unmarshal", "append", "typed-unmarshal", "typed-append"} {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(op+"/"+s.name, func(b *testing.B) {
				h := newTypedHello(b, msg)
				ours, theirs := helloOp(h, op, msg), anchorOp(b, op, msg)
				var tOurs, tTheirs time.Duration
				var err error
				for b.Loop() {
					t0 := time.Now()
					for range batch {
						err = ours()
					}
					t1 := time.Now()
					for range batch {
						_ = theirs()
					}
					tOurs += t1.Sub(t0)
					tTheirs += time.Since(t1)
				}
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(tTheirs)/float64(tOurs), "x-faster")
				b.ReportMetric(float64(tOurs.Nanoseconds())/float64(b.N*batch), "tlswire-ns/op")
				b.ReportMetric(float64(tTheirs.Nanoseconds())/float64(b.N*batch), "cryptotls-ns/op")
			})
		}
	}
}

// helloOp returns the tlswire side of a BenchmarkClientHelloSpeedup
// operation on msg: raw unmarshal or append of the hello, or the typed
// forms of typedHello.
func helloOp(h *typedHello, op string, msg []byte) func() error {
	buf := make([]byte, 0, len(msg))
	switch op {
	case "unmarshal":
		return func() error { return h.ch.Unmarshal(msg) }
	case "append":
		return func() (err error) { buf, err = h.ch.Append(buf[:0]); return err }
	case "typed-unmarshal":
		return func() error { return h.decode(msg) }
	}
	return func() (err error) { buf, err = h.encode(buf[:0]); return err }
}

// typedHello is a ClientHello with one reused typed value per extension,
// in wire order: what a caller that needs every extension's fields keeps
// across hellos. It is the fair counterpart of crypto/tls's
// clientHelloMsg, which decodes every extension it knows into fields.
type typedHello struct {
	ch     ClientHello
	bodies []ExtensionBody
}

// newTypedHello decodes msg once and makes the typed values.
func newTypedHello(tb testing.TB, msg []byte) *typedHello {
	tb.Helper()
	h := new(typedHello)
	if err := h.ch.Unmarshal(msg); err != nil {
		tb.Fatal(err)
	}
	for _, e := range h.ch.Extensions {
		h.bodies = append(h.bodies, NewExtensionBody(e.Type))
	}
	if err := h.decode(msg); err != nil {
		tb.Fatal(err)
	}
	return h
}

// decode decodes msg and every extension of it into the reused values.
func (h *typedHello) decode(msg []byte) error {
	if err := h.ch.Unmarshal(msg); err != nil {
		return err
	}
	if len(h.ch.Extensions) != len(h.bodies) {
		return &Error{Message: "ClientHello", Field: "extensions", Offset: -1, Err: ErrLength}
	}
	for i := range h.ch.Extensions {
		if err := h.bodies[i].Unmarshal(h.ch.Extensions[i].Data, InClientHello); err != nil {
			return err
		}
	}
	return nil
}

// encode appends the message, its extensions encoded from their typed
// values in the same pass (ClientHello.AppendWithExtensions).
func (h *typedHello) encode(b []byte) ([]byte, error) {
	return h.ch.AppendWithExtensions(b, h.bodies)
}

// BenchmarkClientHelloTyped compares the typed paths: tlswire decodes the
// hello and then every extension into its reused typed value (encodes
// the hello from those values), against crypto/tls's clientHelloMsg
// unmarshal and marshal, in the same run.
func BenchmarkClientHelloTyped(b *testing.B) {
	for _, op := range []string{"unmarshal", "append"} {
		b.Run(op, func(b *testing.B) {
			for _, s := range helloSamples {
				msg := benchMessage(b, TypeClientHello, s.source).Data
				b.Run("tlswire/"+s.name, func(b *testing.B) {
					runHelloOp(b, msg, helloOp(newTypedHello(b, msg), "typed-"+op, msg))
				})
				b.Run("cryptotls/"+s.name, func(b *testing.B) { runHelloOp(b, msg, anchorOp(b, op, msg)) })
			}
		})
	}
}

// runHelloOp runs op, an operation on msg, as the benchmark loop.
func runHelloOp(b *testing.B, msg []byte, op func() error) {
	b.SetBytes(int64(len(msg)))
	b.ReportAllocs()
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
	}
}

// anchorOp returns crypto/tls's side of an operation on msg: unmarshal
// ("unmarshal", "typed-unmarshal": crypto/tls always decodes every
// extension it knows) or marshal.
func anchorOp(b *testing.B, op string, msg []byte) func() error {
	var ch tlsanchor.ClientHello
	if !ch.Unmarshal(msg) {
		b.Fatal("crypto/tls rejected the ClientHello")
	}
	if op == "unmarshal" || op == "typed-unmarshal" {
		return func() error {
			if !ch.Unmarshal(msg) {
				return errors.New("crypto/tls rejected the ClientHello")
			}
			return nil
		}
	}
	return func() error { _, err := ch.Marshal(); return err }
}
