//go:build race

package wire

import "testing"

// skipAllocsUnderRace skips an allocation test when the race detector is
// on: its instrumentation allocates, so the counts say nothing then.
func skipAllocsUnderRace(t testing.TB) {
	t.Helper()
	t.Skip("allocation counts are not meaningful under the race detector")
}
