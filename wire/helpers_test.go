package wire

import (
	"crypto/tls"
	"fmt"
	"slices"
	"sort"
	"sync"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// realMessage is one complete handshake message (4-byte header included)
// taken from real traffic, with the context its conversation negotiated.
type realMessage struct {
	Source string // "testdata/<file>", "tlsgen/<scenario>" or "quic/<variant>"
	Data   []byte
	Ctx    Context
}

// Type is the message's handshake type.
func (m realMessage) Type() HandshakeType { return HandshakeType(m.Data[0]) }

// plaintextMessages returns the handshake messages sent in the clear on one
// direction of a recorded TLS stream up to its first ChangeCipherSpec (all
// of them before TLS 1.3; in TLS 1.3 the hellos before any compatibility
// ChangeCipherSpec). See plaintextStream.
func plaintextMessages(t testing.TB, stream []byte) [][]byte {
	t.Helper()
	return plaintextStream(t, stream, false)
}

// plaintextStream returns the handshake messages sent in the clear on one
// direction of a recorded TLS stream, reassembled across records. Before
// TLS 1.3 the plaintext ends at the side's ChangeCipherSpec. In TLS 1.3
// (tls13 set) a ChangeCipherSpec is only the middlebox-compatibility dummy
// (RFC 8446 §D.4), so it is skipped, and the plaintext ends at the first
// protected record (outer type application_data); this keeps the second
// ClientHello and ServerHello of a HelloRetryRequest exchange.
func plaintextStream(t testing.TB, stream []byte, tls13 bool) [][]byte {
	t.Helper()
	var msgs [][]byte
	var buf []byte
	rs := Records{Data: stream}
loop:
	for rs.Next() {
		r := rs.Record()
		switch r.ContentType {
		case ContentChangeCipherSpec:
			if !tls13 {
				break loop
			}
		case ContentApplicationData:
			break loop
		case ContentHandshake:
			buf = append(buf, r.Payload...)
			msgs, buf = splitHandshake(msgs, buf)
		}
	}
	if err := rs.Err(); err != nil {
		t.Fatalf("record stream: %v", err)
	}
	return msgs
}

// splitHandshake appends to msgs the complete handshake messages at the
// start of buf and returns the rest of buf. Each message is capped so that
// appending to it cannot overwrite its neighbour.
func splitHandshake(msgs [][]byte, buf []byte) ([][]byte, []byte) {
	for len(buf) >= 4 {
		n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
		if len(buf) < n {
			break
		}
		msgs = append(msgs, buf[:n:n])
		buf = buf[n:]
	}
	return msgs, buf
}

// contextFrom derives the conversation's Context from its ServerHello
// messages, as a Decoder does: the selected version and the key exchange
// of the selected suite. The last ServerHello wins (after a
// HelloRetryRequest the real ServerHello follows it).
func contextFrom(t testing.TB, serverMsgs [][]byte) (Context, bool) {
	t.Helper()
	var sh ServerHello
	var ctx Context
	found := false
	for _, m := range serverMsgs {
		if HandshakeType(m[0]) != TypeServerHello {
			continue
		}
		if err := sh.Unmarshal(m); err != nil {
			t.Fatalf("ServerHello: %v", err)
		}
		ctx = Context{Version: sh.SelectedVersion(), KeyExchange: CipherSuiteKeyExchange(sh.CipherSuite)}
		found = true
	}
	return ctx, found
}

// streamMessages extracts the plaintext messages of both directions of a
// TCP TLS conversation, tagged with the context learned from its
// ServerHello (the zero Context when the server refused with an alert).
func streamMessages(t testing.TB, source string, c2s, s2c []byte) []realMessage {
	t.Helper()
	ctx, _ := contextFrom(t, plaintextStream(t, s2c, false))
	tls13 := UsesTLS13Forms(ctx.Version)
	var out []realMessage
	for _, m := range plaintextStream(t, c2s, tls13) {
		out = append(out, realMessage{Source: source, Data: m, Ctx: ctx})
	}
	for _, m := range plaintextStream(t, s2c, tls13) {
		out = append(out, realMessage{Source: source, Data: m, Ctx: ctx})
	}
	return out
}

// quicVariants are the QUIC handshakes whose plaintext TLS 1.3 messages
// the tests use: every message a TLS 1.3 handshake has, HRR, client
// authentication and resumption.
func quicVariants() ([]quicVariant, error) {
	p, err := tlsgen.TestPKI()
	if err != nil {
		return nil, err
	}
	client := func() *tls.Config {
		return &tls.Config{ServerName: "example.test", RootCAs: p.Pool, NextProtos: []string{"h3"}}
	}
	server := func(cert tls.Certificate) *tls.Config {
		c := &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"h3"}}
		c.SetSessionTicketKeys([][32]byte{{'t', 'l', 's', 'w', 'i', 'r', 'e'}})
		return c
	}
	hrr := server(p.ECDSA)
	hrr.CurvePreferences = []tls.CurveID{tls.CurveP384}
	auth := server(p.RSA)
	auth.ClientAuth = tls.RequireAnyClientCert
	authClient := client()
	authClient.Certificates = []tls.Certificate{p.Client}
	resume := client()
	resume.ClientSessionCache = tls.NewLRUClientSessionCache(1)
	return []quicVariant{
		{"default", client(), server(p.ECDSA), false},
		{"hrr", client(), hrr, false},
		{"client-auth-rsa", authClient, auth, false},
		{"resume", resume, server(p.ECDSA), true},
	}, nil
}

type quicVariant struct {
	name           string
	client, server *tls.Config
	resume         bool // run twice and keep the resumed handshake
}

// quicCorpusMessages splits a QUIC handshake's CRYPTO data into messages, per
// side and level, and tags them with the context from the ServerHello.
func quicCorpusMessages(t testing.TB, source string, qm []tlsgen.QUICMessage) []realMessage {
	t.Helper()
	type stream struct {
		c2s   bool
		level tls.QUICEncryptionLevel
	}
	var order []stream
	data := map[stream][]byte{}
	for _, m := range qm {
		k := stream{m.ClientToServer, m.Level}
		if _, ok := data[k]; !ok {
			order = append(order, k)
		}
		data[k] = append(data[k], m.Data...)
	}
	var msgs []realMessage
	var server [][]byte
	for _, k := range order {
		split, rest := splitHandshake(nil, data[k])
		if len(rest) != 0 {
			t.Fatalf("%s: %d bytes of a partial message at level %v", source, len(rest), k.level)
		}
		for _, m := range split {
			msgs = append(msgs, realMessage{Source: source, Data: m})
			if !k.c2s {
				server = append(server, m)
			}
		}
	}
	ctx, ok := contextFrom(t, server)
	if !ok || ctx.Version != VersionTLS13 {
		t.Fatalf("%s: no TLS 1.3 ServerHello (%+v)", source, ctx)
	}
	for i := range msgs {
		msgs[i].Ctx = ctx
	}
	return msgs
}

var corpus struct {
	once              sync.Once
	tcp, quic, unique []realMessage
	err               error
}

// loadCorpus gathers the real messages once per test binary: GOROOT
// crypto/tls testdata recordings and tlsgen scenarios (TCP), and the QUIC
// variants.
func loadCorpus(t testing.TB) {
	t.Helper()
	corpus.once.Do(func() {
		// Errors from t.Fatal inside Do would leave the corpus half built,
		// so collect through a recording TB.
		rt := &recordingTB{TB: t}
		corpus.err = rt.run(func() {
			recs, err := tlstestdata.All()
			if err != nil {
				rt.Fatalf("crypto/tls testdata (a toolchain with sources is required): %v", err)
			}
			for _, r := range recs {
				c2s, s2c := r.Streams()
				corpus.tcp = append(corpus.tcp, streamMessages(rt, "testdata/"+r.Name, c2s, s2c)...)
			}
			ss, err := tlsgen.Scenarios()
			if err != nil {
				rt.Fatalf("tlsgen: %v", err)
			}
			for _, s := range ss {
				conv, err := tlsgen.Run(s)
				if err != nil {
					rt.Fatalf("tlsgen %s: %v", s.Name, err)
				}
				c2s, s2c := conv.Streams()
				corpus.tcp = append(corpus.tcp, streamMessages(rt, "tlsgen/"+s.Name, c2s, s2c)...)
			}
			vs, err := quicVariants()
			if err != nil {
				rt.Fatalf("quic: %v", err)
			}
			for _, v := range vs {
				qm, err := tlsgen.QUICHandshake(v.client, v.server)
				if err == nil && v.resume {
					qm, err = tlsgen.QUICHandshake(v.client, v.server)
				}
				if err != nil {
					rt.Fatalf("quic %s: %v", v.name, err)
				}
				corpus.quic = append(corpus.quic, quicCorpusMessages(rt, "quic/"+v.name, qm)...)
			}
			seen := map[string]bool{}
			for _, m := range slices.Concat(corpus.tcp, corpus.quic) {
				k := fmt.Sprintf("%d/%d/%s", m.Ctx.Version, m.Ctx.KeyExchange, m.Data)
				if !seen[k] {
					seen[k] = true
					corpus.unique = append(corpus.unique, m)
				}
			}
		})
	})
	if corpus.err != nil {
		t.Fatal(corpus.err)
	}
}

// tcpMessages returns every plaintext message of the TCP conversations.
func tcpMessages(t testing.TB) []realMessage { loadCorpus(t); return corpus.tcp }

// quicCorpus returns every message of the QUIC handshakes.
func quicCorpus(t testing.TB) []realMessage { loadCorpus(t); return corpus.quic }

// uniqueMessages returns all real messages, deduplicated by bytes and context.
func uniqueMessages(t testing.TB) []realMessage { loadCorpus(t); return corpus.unique }

// samplesByType returns up to n distinct messages of each handshake type,
// picked deterministically to spread over the sources.
func samplesByType(t testing.TB, n int) map[HandshakeType][]realMessage {
	byType := map[HandshakeType][]realMessage{}
	for _, m := range uniqueMessages(t) {
		byType[m.Type()] = append(byType[m.Type()], m)
	}
	for ht, ms := range byType {
		if len(ms) > n {
			picked := make([]realMessage, 0, n)
			for i := 0; i < n; i++ {
				picked = append(picked, ms[i*len(ms)/n])
			}
			byType[ht] = picked
		}
	}
	return byType
}

// sortedTypes returns the keys of m in increasing order.
func sortedTypes[V any](m map[HandshakeType]V) []HandshakeType {
	ts := make([]HandshakeType, 0, len(m))
	for t := range m {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
	return ts
}

// recordingTB turns Fatalf into an error returned by run, so that a
// failure inside sync.Once is reported to every test that needs the corpus.
type recordingTB struct {
	testing.TB
	err error
}

type fatalSignal struct{}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Fatalf(format string, args ...any) {
	r.err = fmt.Errorf(format, args...)
	panic(fatalSignal{})
}

func (r *recordingTB) Fatal(args ...any) {
	r.err = fmt.Errorf("%s", fmt.Sprint(args...))
	panic(fatalSignal{})
}

func (r *recordingTB) run(f func()) (err error) {
	defer func() {
		if p := recover(); p != nil {
			if _, ok := p.(fatalSignal); !ok {
				panic(p)
			}
			err = r.err
		}
	}()
	f()
	return nil
}
