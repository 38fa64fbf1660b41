package fuzz

import (
	"slices"
	"testing"

	"github.com/tlswire/tlswire/wire"
)

// What the ClientHello and ServerHello differential tests share.

// differential compares wire and crypto/tls on one message: it reports
// whether both accepted it and, when only one did, the listed difference
// that explains it ("" when both rejected it or it was not compared); a
// disagreement no difference explains fails t.
type differential func(t *testing.T, msg []byte) (both bool, why string)

// differenceSeed is a seed (by SHA-256) on which the two decoders disagree
// for the listed difference why, or agree (why "").
type differenceSeed struct{ sha256, why, origin string }

// replayVsCryptoTLS runs compare over every seed of corpus/<folder>,
// logging how many both decoders accepted, and fails if none was.
func replayVsCryptoTLS(t *testing.T, folder string, compare differential) {
	n, both := 0, 0
	for _, s := range readSeedFolder(t, folder) {
		n++
		if ok, _ := compare(t, s); ok {
			both++
		}
	}
	if n == 0 || both == 0 {
		t.Fatalf("%d %s seeds, %d accepted by both", n, folder, both)
	}
	t.Logf("%d %s seeds, %d accepted by both wire and crypto/tls", n, folder, both)
}

// checkDifferenceSeeds checks that each seed of corpus/<folder> listed in
// seeds shows its difference.
func checkDifferenceSeeds(t *testing.T, folder string, seeds []differenceSeed, compare differential) {
	for _, d := range seeds {
		msg := readSeed(t, folder, d.sha256)
		if _, why := compare(t, msg); why != d.why {
			t.Errorf("%s (%s): difference %q, want %q", d.sha256, d.origin, why, d.why)
		}
	}
}

// decodeTyped decodes, as they appear in message in, the first extension
// of each type of exts that is listed in parsed (the types crypto/tls
// parses), stopping at the first error.
func decodeTyped(exts wire.Extensions, parsed []wire.ExtensionType, in wire.ExtMessage) (map[wire.ExtensionType]wire.ExtensionBody, error) {
	typed := map[wire.ExtensionType]wire.ExtensionBody{}
	for _, e := range exts {
		if !slices.Contains(parsed, e.Type) {
			continue
		}
		v := wire.NewExtensionBody(e.Type)
		if err := v.Unmarshal(e.Data, in); err != nil {
			return typed, err
		}
		if _, dup := typed[e.Type]; !dup {
			typed[e.Type] = v
		}
	}
	return typed, nil
}
