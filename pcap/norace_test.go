//go:build !race

package pcap

import "testing"

// skipAllocsUnderRace skips an allocation test when the race detector is
// on (see race_test.go); without it, it does nothing.
func skipAllocsUnderRace(testing.TB) {}
