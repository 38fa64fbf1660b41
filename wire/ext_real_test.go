package wire

import (
	"bytes"
	"sync"
	"testing"

	"github.com/tlswire/tlswire/internal/tlsgen"
	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// realExt is one extension taken from a recorded or generated hello.
type realExt struct {
	source string
	in     ExtMessage
	ext    Extension
}

var (
	realExtsOnce sync.Once
	realExts     []realExt
	realExtsErr  error
)

// helloMessages returns the ClientHello and ServerHello messages of one
// direction of a stream. Unlike plaintextMessages it continues past a
// ChangeCipherSpec, so that the second ClientHello after a
// HelloRetryRequest (sent after the TLS 1.3 compatibility CCS) is found;
// after the CCS only records holding one complete, well-formed
// ClientHello are taken (the others are encrypted).
func helloMessages(stream []byte) [][]byte {
	var msgs [][]byte
	var buf []byte
	afterCCS := false
	rs := Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		switch r.ContentType {
		case ContentApplicationData:
			return msgs
		case ContentChangeCipherSpec:
			afterCCS = true
			continue
		case ContentHandshake:
		default:
			continue
		}
		if afterCCS {
			var ch ClientHello
			if ch.Unmarshal(r.Payload) == nil {
				msgs = append(msgs, r.Payload)
			}
			continue
		}
		buf = append(buf, r.Payload...)
		for len(buf) >= 4 {
			n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
			if len(buf) < n {
				break
			}
			if t := HandshakeType(buf[0]); t == TypeClientHello || t == TypeServerHello {
				msgs = append(msgs, buf[:n:n])
			}
			buf = buf[n:]
		}
	}
	return msgs
}

// collectRealExts gathers every extension of every ClientHello and
// ServerHello in the GOROOT crypto/tls recordings and the tlsgen scenarios.
func collectRealExts() ([]realExt, error) {
	var out []realExt
	add := func(source string, stream []byte) error {
		for _, m := range helloMessages(stream) {
			switch HandshakeType(m[0]) {
			case TypeClientHello:
				var ch ClientHello
				if err := ch.Unmarshal(m); err != nil {
					return err
				}
				for _, e := range ch.Extensions {
					out = append(out, realExt{source, InClientHello, e})
				}
			case TypeServerHello:
				var sh ServerHello
				if err := sh.Unmarshal(m); err != nil {
					return err
				}
				in := InServerHello
				if sh.IsHelloRetryRequest() {
					in = InHelloRetryRequest
				}
				for _, e := range sh.Extensions {
					out = append(out, realExt{source, in, e})
				}
			}
		}
		return nil
	}
	recs, err := tlstestdata.All()
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		c2s, s2c := r.Streams()
		if err := add(r.Name, c2s); err != nil {
			return nil, err
		}
		if err := add(r.Name, s2c); err != nil {
			return nil, err
		}
	}
	ss, err := tlsgen.Scenarios()
	if err != nil {
		return nil, err
	}
	for _, s := range ss {
		c, err := tlsgen.Run(s)
		if err != nil {
			return nil, err
		}
		c2s, s2c := c.Streams()
		if err := add("tlsgen/"+s.Name, c2s); err != nil {
			return nil, err
		}
		if err := add("tlsgen/"+s.Name, s2c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func realExtensions(t *testing.T) []realExt {
	t.Helper()
	realExtsOnce.Do(func() { realExts, realExtsErr = collectRealExts() })
	if realExtsErr != nil {
		t.Fatal(realExtsErr)
	}
	return realExts
}

// TestExtRealRoundTrip decodes every extension of every real hello with
// NewExtensionBody and checks that Append reproduces it byte for byte.
func TestExtRealRoundTrip(t *testing.T) {
	exts := realExtensions(t)
	seen := map[ExtensionType]int{}
	forms := map[[2]int]bool{}
	var raw []ExtensionType
	for _, r := range exts {
		v := NewExtensionBody(r.ext.Type)
		if v.ExtensionType() != r.ext.Type {
			t.Fatalf("NewExtensionBody(%d).ExtensionType() = %d", r.ext.Type, v.ExtensionType())
		}
		if err := v.Unmarshal(r.ext.Data, r.in); err != nil {
			t.Fatalf("%s: %s extension %d: %v", r.source, r.in, r.ext.Type, err)
		}
		out, err := v.Append(nil)
		if err != nil || !bytes.Equal(out, r.ext.Data) {
			t.Fatalf("%s: %s extension %d: round trip %x (%v), want %x", r.source, r.in, r.ext.Type, out, err, r.ext.Data)
		}
		if v.Len() != len(r.ext.Data) {
			t.Fatalf("%s: extension %d: Len %d, want %d", r.source, r.ext.Type, v.Len(), len(r.ext.Data))
		}
		if _, isRaw := v.(*Extension); isRaw {
			if seen[r.ext.Type] == 0 {
				raw = append(raw, r.ext.Type)
			}
		} else {
			forms[[2]int{int(r.ext.Type), int(r.in)}] = true
		}
		seen[r.ext.Type]++
	}
	if len(exts) < 1000 {
		t.Fatalf("only %d extensions", len(exts))
	}
	// The forms the corpus must exercise.
	for _, f := range []struct {
		t  ExtensionType
		in ExtMessage
	}{
		{ExtensionServerName, InClientHello}, {ExtensionServerName, InServerHello},
		{ExtensionSupportedGroups, InClientHello}, {ExtensionECPointFormats, InClientHello},
		{ExtensionECPointFormats, InServerHello}, {ExtensionSignatureAlgorithms, InClientHello},
		{ExtensionSignatureAlgorithmsCert, InClientHello}, {ExtensionALPN, InClientHello},
		{ExtensionALPN, InServerHello}, {ExtensionSupportedVersions, InClientHello},
		{ExtensionSupportedVersions, InServerHello}, {ExtensionSupportedVersions, InHelloRetryRequest},
		{ExtensionKeyShare, InClientHello}, {ExtensionKeyShare, InServerHello},
		{ExtensionKeyShare, InHelloRetryRequest}, {ExtensionPreSharedKey, InClientHello},
		{ExtensionPreSharedKey, InServerHello}, {ExtensionPSKKeyExchangeModes, InClientHello},
		{ExtensionStatusRequest, InClientHello}, {ExtensionRenegotiationInfo, InClientHello},
		{ExtensionRenegotiationInfo, InServerHello}, {ExtensionExtendedMasterSecret, InClientHello},
		{ExtensionSessionTicket, InClientHello},
	} {
		if !forms[[2]int{int(f.t), int(f.in)}] {
			t.Errorf("corpus has no %d in %s", f.t, f.in)
		}
	}
	t.Logf("%d extensions; per type %v; kept raw: %v", len(exts), seen, raw)
}

// TestExtRealAllocs checks that decoding real extensions into reused
// values, appending them and Extensions.Decode do not allocate.
func TestExtRealAllocs(t *testing.T) {
	skipAllocsUnderRace(t)
	exts := realExtensions(t)
	vals := map[ExtensionType]ExtensionBody{}
	buf := make([]byte, 0, 1<<16)
	for _, r := range exts {
		v, ok := vals[r.ext.Type]
		if !ok {
			v = NewExtensionBody(r.ext.Type)
			vals[r.ext.Type] = v
		}
		data, in := r.ext.Data, r.in
		if err := v.Unmarshal(data, in); err != nil {
			t.Fatal(err)
		}
		if n := testing.AllocsPerRun(5, func() { _ = v.Unmarshal(data, in) }); n != 0 {
			t.Fatalf("%s: Unmarshal of extension %d allocates %v", r.source, r.ext.Type, n)
		}
		if n := testing.AllocsPerRun(5, func() { _, _ = v.Append(buf[:0]) }); n != 0 {
			t.Fatalf("%s: Append of extension %d allocates %v", r.source, r.ext.Type, n)
		}
		list := Extensions{{Type: 0x0a0a}, r.ext}
		if n := testing.AllocsPerRun(5, func() { _, _ = list.Decode(r.ext.Type, in, v) }); n != 0 {
			t.Fatalf("%s: Decode of extension %d allocates %v", r.source, r.ext.Type, n)
		}
	}
}
