package capgen

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
)

// Key logs. With Config.KeyLog set, the generator writes the key log of
// every flow (RFC 9850), so that a reader can decrypt the handshakes. The
// templates are recorded with crypto/tls's KeyLogWriter; a TLS 1.3 flow
// gets a ClientHello random of its own (the template's, with its first
// four bytes replaced by the flow number) and the template's secrets
// filed under it: TLS 1.3 keys do not depend on the random. A TLS 1.2
// flow keeps its template's random, whose key block depends on it; its
// CLIENT_RANDOM line is written once.

// keyLine is one line of a template's key log, without its random.
type keyLine struct {
	label, secret string
}

// parseKeyLog splits the key log crypto/tls wrote for one connection
// whose ClientHello random is random.
func parseKeyLog(log, random []byte) ([]keyLine, error) {
	var out []keyLine
	want := hex.EncodeToString(random)
	for _, l := range bytes.Split(bytes.TrimSpace(log), []byte("\n")) {
		f := bytes.Fields(l)
		if len(f) != 3 || string(f[1]) != want {
			return nil, errors.New("capgen: key log line not for the template's ClientHello")
		}
		out = append(out, keyLine{string(f[0]), string(f[2])})
	}
	if len(out) == 0 {
		return nil, errors.New("capgen: empty key log")
	}
	return out, nil
}

// clientRandom returns the random of the first ClientHello of writes: the
// first client write starts with a handshake record (5 bytes), the
// ClientHello header (4) and legacy_version (2).
func clientRandom(writes []tlsgenWrite) ([]byte, error) {
	for _, w := range writes {
		if w.ClientToServer {
			if len(w.Data) < 43 || w.Data[0] != 22 || w.Data[5] != 1 {
				return nil, errors.New("capgen: first client write is not a ClientHello")
			}
			return w.Data[11:43], nil
		}
	}
	return nil, errors.New("capgen: no client write")
}

// flowRandom is the ClientHello random of flow i of a TLS 1.3 template.
func flowRandom(tmpl *Template, i int) [32]byte {
	var r [32]byte
	copy(r[:], tmpl.random)
	binary.BigEndian.PutUint32(r[:4], uint32(i))
	return r
}

// writeKeys writes the key log lines of flow i when it starts (TLS 1.3),
// or of its template the first time a flow uses it (TLS 1.2).
func (g *gen) writeKeys(f *flow, i int) {
	if g.cfg.KeyLog == nil || g.err != nil {
		return
	}
	t := f.tmpl
	random := t.random
	if t.TLS13 {
		r := flowRandom(t, i)
		f.random = r[:]
	} else {
		if g.logged[t] {
			return
		}
		g.logged[t] = true
	}
	if f.random != nil {
		random = f.random
	}
	b := g.keyBuf[:0]
	for _, l := range t.keys {
		b = append(b, l.label...)
		b = append(b, ' ')
		b = hex.AppendEncode(b, random)
		b = append(b, ' ')
		b = append(b, l.secret...)
		b = append(b, '\n')
	}
	g.keyBuf = b
	_, g.err = g.cfg.KeyLog.Write(b)
}

// clientPayload returns a client segment of f with the template's
// ClientHello random replaced by the flow's (in every ClientHello: the
// second one after a HelloRetryRequest repeats it).
func (g *gen) clientPayload(f *flow, payload []byte) []byte {
	if f.random == nil {
		return payload
	}
	i := bytes.Index(payload, f.tmpl.random)
	if i < 0 {
		return payload
	}
	g.seg = append(g.seg[:0], payload...)
	copy(g.seg[i:], f.random)
	return g.seg
}
