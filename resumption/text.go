package resumption

import (
	"strconv"
	"time"
)

// AppendText appends the flow's resumption in one line, as tlsdump's text
// output says it: "resumed (ticket) from 10.0.0.5:51034 → 10.0.0.1:443 at
// 2026-01-02T03:04:05Z", with " in FILE" when the issuer's file is known,
// or "resumed (psk), issuer needs_decryption"; nothing for a full
// handshake. Reused tickets add ", ticket offered by N flows".
func (f *Flow) AppendText(b []byte) []byte {
	l := f.Link()
	if l.By == NotResumed {
		return b
	}
	b = append(append(append(b, "resumed ("...), l.By.String()...), ')')
	if l.From != nil {
		b = append(b, " from "...)
		b = l.From.Client.AppendTo(b)
		b = append(b, " → "...)
		b = l.From.Server.AppendTo(b)
		b = append(b, " at "...)
		b = l.From.Time.UTC().AppendFormat(b, time.RFC3339Nano)
		if l.From.File != "" {
			b = append(append(b, " in "...), l.From.File...)
		}
	} else {
		b = append(append(b, ", issuer "...), l.Missing.String()...)
	}
	if n := f.maxOffers(); n > 1 {
		b = append(b, ", ticket offered by "...)
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, " flows"...)
	}
	return b
}

// maxOffers is the largest offer count of the flow's ticket and PSKs.
func (f *Flow) maxOffers() int {
	n := f.TicketOffers()
	for i := range f.psks {
		n = max(n, f.PSKOffers(i))
	}
	return n
}
