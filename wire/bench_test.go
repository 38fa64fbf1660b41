package wire

import (
	"strings"
	"testing"
	"time"

	"github.com/tlswire/tlswire/internal/tlsanchor"
)

// benchMessage returns the first real message of type ht whose source
// starts with prefix (corpus order: testdata recordings sorted by name,
// then tlsgen scenarios, then QUIC variants).
func benchMessage(b *testing.B, ht HandshakeType, prefix string) realMessage {
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
	for _, op := range []string{"unmarshal", "append"} {
		for _, s := range helloSamples {
			msg := benchMessage(b, TypeClientHello, s.source).Data
			b.Run(op+"/"+s.name, func(b *testing.B) {
				var ch ClientHello
				var anchor tlsanchor.ClientHello
				if err := ch.Unmarshal(msg); err != nil || !anchor.Unmarshal(msg) {
					b.Fatalf("sample does not decode: %v", err)
				}
				buf := make([]byte, 0, len(msg))
				var ours, theirs time.Duration
				var err error
				for b.Loop() {
					t0 := time.Now()
					for range batch {
						if op == "unmarshal" {
							err = ch.Unmarshal(msg)
						} else {
							buf, err = ch.Append(buf[:0])
						}
					}
					t1 := time.Now()
					for range batch {
						if op == "unmarshal" {
							anchor.Unmarshal(msg)
						} else {
							_, _ = anchor.Marshal()
						}
					}
					ours += t1.Sub(t0)
					theirs += time.Since(t1)
				}
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(theirs)/float64(ours), "x-faster")
				b.ReportMetric(float64(ours.Nanoseconds())/float64(b.N*batch), "tlswire-ns/op")
				b.ReportMetric(float64(theirs.Nanoseconds())/float64(b.N*batch), "cryptotls-ns/op")
			})
		}
	}
}
