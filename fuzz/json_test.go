package fuzz

import (
	"encoding/json"
	"github.com/tlswire/tlswire/fuzz/seedroute"
	"strings"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// jsonContexts are the contexts FuzzJSON decodes each input in, so that
// every form of the context-dependent messages is rendered.
var jsonContexts = []wire.Context{
	{},
	{Version: wire.VersionTLS10, KeyExchange: wire.KeyExchangeDHE},
	{Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeECDHE},
	{Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeDHEPSK},
	{Version: wire.VersionTLS12, KeyExchange: wire.KeyExchangeSRP},
	{Version: wire.VersionTLS13, KeyExchange: wire.KeyExchangeTLS13},
}

// FuzzJSON decodes its input as a handshake message in each context of
// jsonContexts and checks that whatever decodes renders as valid JSON
// (wire.AppendMessageJSON, and MarshalJSON where the type has it), that
// every extension it carries renders as valid JSON in its message context
// (typed or raw, malformed bodies included), and that the one-line summary
// is one line. It replays the seeds of every message target.
func FuzzJSON(f *testing.F) {
	addSeeds(f, seedroute.TargetJSON)
	var buf []byte
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) < 4 {
			return
		}
		for _, ctx := range jsonContexts {
			m := wire.NewMessage(wire.HandshakeType(in[0]))
			if wire.UnmarshalMessage(m, in, ctx) != nil {
				continue
			}
			buf = wire.AppendMessageJSON(buf[:0], m)
			if !json.Valid(buf) {
				t.Fatalf("invalid JSON for %T in %+v: %s", m, ctx, buf)
			}
			if mj, ok := m.(json.Marshaler); ok {
				out, err := mj.MarshalJSON()
				if err != nil || string(out) != string(buf) {
					t.Fatalf("MarshalJSON differs from AppendMessageJSON (%v)", err)
				}
			}
			if s := wire.FormatMessage(m); strings.ContainsAny(s, "\n\r") {
				t.Fatalf("summary is not one line: %q", s)
			}
			in, blocks := seedroute.ExtensionsOf(m)
			for _, exts := range blocks {
				for _, e := range exts {
					buf = wire.AppendExtensionJSON(buf[:0], e, in)
					if !json.Valid(buf) {
						t.Fatalf("invalid JSON for extension %d in %s: %s", e.Type, in, buf)
					}
				}
			}
		}
	})
}
