package pcap

import (
	"encoding/hex"
	"time"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/wire"
)

// quicHandshakeLevel is the Handshake encryption level of a QUIC
// connection (RFC 9001 §4.1.4), opened with the handshake traffic secrets
// of a key log: its packet keys (decrypt.QUICConn), and per direction the
// packet number space and the CRYPTO stream, separate from the Initial
// level's (RFC 9000 §12.3, §19.6). Its frames are those Initial packets
// may carry too (RFC 9000 §12.4), so the Initial frame parser applies.
type quicHandshakeLevel struct {
	conn  *decrypt.QUICConn
	dir   [2]quicDirection
	plain []byte // the payload of the packet being opened
	redo  bool   // HandleDatagram: only Handshake packets (see quicDatagram)
	// packets counts the Handshake packets opened per direction (0:
	// client to server).
	packets [2]uint64
}

// quicHandshakeCost estimates what the Handshake level holds besides its
// CRYPTO streams: the QUICConn's keys at every level.
const quicHandshakeCost = 8 * quicKeysCost

// setSecrets derives the keys of the connection's protected levels from
// its secrets and the ServerHello's cipher suite; Handshake packets are
// opened from then on.
func (d *QUICInitialDecoder) setSecrets(suite uint16, s decrypt.Secrets) error {
	if !d.keyed {
		return &wire.Error{Message: "QUIC keys", Field: "Destination Connection ID", Err: ErrQUICNoKeys}
	}
	qc, err := decrypt.NewQUICConn(d.Version(), d.dcid[:d.dcidLen])
	if err != nil {
		return err
	}
	if err := qc.SetSecrets(suite, s); err != nil {
		return err
	}
	d.hs = &quicHandshakeLevel{conn: qc, dir: [2]quicDirection{{largestPN: -1}, {largestPN: -1}}}
	return nil
}

// handshakePacket opens a Handshake packet pkt (pnOffset: where its
// Packet Number starts) and applies its frames.
func (d *QUICInitialDecoder) handshakePacket(pkt []byte, base, pnOffset int, fromClient bool) error {
	h := d.hs
	i := 1
	if fromClient {
		i = 0
	}
	c := &h.dir[i]
	d.pkt = append(d.pkt[:0], pkt...) // header protection is removed in place
	pn, plain, err := h.conn.Open(fromClient, decrypt.QUICHandshake, h.plain[:0], d.pkt, pnOffset, c.largestPN)
	if err != nil {
		return err
	}
	h.plain = plain[:0]
	if int64(pn) > c.largestPN {
		c.largestPN = int64(pn)
	}
	d.stats.HandshakePackets++
	h.packets[i]++
	return d.frames(c, plain, base+len(pkt)-len(plain))
}

// nextDecrypted returns the next complete handshake message of the given
// direction from the CRYPTO frames of Handshake packets, as NextMessage
// does for Initial packets; false before keys are set or when the next
// one is not complete.
func (d *QUICInitialDecoder) nextDecrypted(fromClient bool) ([]byte, bool) {
	if d.hs == nil {
		return nil, false
	}
	if fromClient {
		return d.hs.dir[0].crypto.next()
	}
	return d.hs.dir[1].crypto.next()
}

// memory returns the bytes the Handshake level holds.
func (h *quicHandshakeLevel) memory() int {
	return quicHandshakeCost + cap(h.plain) + h.dir[0].crypto.memory() + h.dir[1].crypto.memory()
}

// quicKeys sets up the Handshake level of a QUIC flow once its ServerHello
// is known, with the secrets of the first ClientHello's random; true when
// the keys were set just now.
func (f *flow) quicKeys(side uint8, ts time.Time) bool {
	d := f.dec
	if d == nil || !d.ready || d.failed || f.quic == nil || f.quic.hs != nil {
		return false
	}
	sec := f.env.secrets(d.random[:])
	if sec == nil {
		f.decryptFailed(side, ts, "no key for ClientHello random "+hex.EncodeToString(d.random[:]))
		return false
	}
	if err := f.quic.setSecrets(d.params.Suite, decrypt.SecretsFromLog(sec)); err != nil {
		f.decryptFailed(side, ts, "cannot decrypt: "+err.Error())
		return false
	}
	f.dirty = true
	return true
}
