package decrypt

import "github.com/tlswire/tlswire/wire"

// keyEvent is what a decrypted handshake record tells Conn about keys.
type keyEvent uint8

const (
	eventFinished keyEvent = 1 << iota
	eventEndOfEarlyData
	eventKeyUpdate
)

// keyEvents are the handshake messages whose end changes the sender's
// keys in TLS 1.3, as data.
var keyEvents = [256]keyEvent{
	wire.TypeFinished:       eventFinished,
	wire.TypeEndOfEarlyData: eventEndOfEarlyData,
	wire.TypeKeyUpdate:      eventKeyUpdate,
}

// messageTracker follows handshake message boundaries across decrypted
// records without keeping the messages: it only needs each message's type
// and where it ends (RFC 8446 §4: 1-byte type, 3-byte length).
type messageTracker struct {
	hdr    [4]byte
	hdrLen int
	left   int // body bytes of the current message still to come
	typ    wire.HandshakeType
}

// feed consumes the plaintext of one handshake record and returns the
// events of the messages that ended in it.
func (t *messageTracker) feed(b []byte) keyEvent {
	var ev keyEvent
	for len(b) > 0 {
		if t.hdrLen < 4 {
			n := copy(t.hdr[t.hdrLen:], b)
			t.hdrLen += n
			b = b[n:]
			if t.hdrLen < 4 {
				break
			}
			t.typ = wire.HandshakeType(t.hdr[0])
			t.left = int(t.hdr[1])<<16 | int(t.hdr[2])<<8 | int(t.hdr[3])
		}
		n := min(t.left, len(b))
		t.left -= n
		b = b[n:]
		if t.left == 0 {
			ev |= keyEvents[t.typ]
			t.hdrLen = 0
		}
	}
	return ev
}
