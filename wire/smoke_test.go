package wire

import (
	"bytes"
	"testing"

	"github.com/tlswire/tlswire/internal/tlstestdata"
)

// plaintextMessages returns the handshake messages sent in the clear on one
// direction of a recorded stream: records up to that side's ChangeCipherSpec,
// reassembled across records (TLS 1.3 ends after the ServerHello, whose next
// records are encrypted).
func plaintextMessages(t testing.TB, stream []byte) [][]byte {
	var msgs [][]byte
	var buf []byte
	rs := Records{Data: stream}
	for rs.Next() {
		r := rs.Record()
		if r.ContentType == ContentChangeCipherSpec || r.ContentType == ContentApplicationData {
			break
		}
		if r.ContentType != ContentHandshake {
			continue
		}
		buf = append(buf, r.Payload...)
		for len(buf) >= 4 {
			n := 4 + (int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3]))
			if len(buf) < n {
				break
			}
			msgs = append(msgs, buf[:n:n])
			buf = buf[n:]
		}
	}
	return msgs
}

func TestSmokeHellosRoundTrip(t *testing.T) {
	recs, err := tlstestdata.All()
	if err != nil {
		t.Skip(err)
	}
	var ch ClientHello
	var sh ServerHello
	n := 0
	for _, r := range recs {
		c2s, s2c := r.Streams()
		for _, m := range append(plaintextMessages(t, c2s), plaintextMessages(t, s2c)...) {
			var v interface {
				Unmarshal([]byte) error
				Append([]byte) ([]byte, error)
			}
			switch HandshakeType(m[0]) {
			case TypeClientHello:
				v = &ch
			case TypeServerHello:
				v = &sh
			default:
				continue
			}
			if err := v.Unmarshal(m); err != nil {
				t.Fatalf("%s: %v", r.Name, err)
			}
			out, err := v.Append(nil)
			if err != nil || !bytes.Equal(out, m) {
				t.Fatalf("%s: round trip differs (%v)", r.Name, err)
			}
			n++
		}
	}
	if n < 200 {
		t.Fatalf("only %d hellos", n)
	}
	t.Logf("%d hellos", n)
}
