package pcap

import (
	"encoding/hex"
	"errors"
	"time"
	"unsafe"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// Keys are the key sources a Reader decrypts protected handshake records
// with (docs/decryption.md). The Reader only reads them; Log may be
// shared with other Readers and filled while they run.
//
// Besides Log, the Reader takes the secrets of the capture's pcapng
// Decryption Secrets Blocks of type TLS (pcapng §4.7, as
// `editcap --inject-secrets tls,FILE` writes them) with no option: each
// block adds its key log to Log (or to a store of the Reader's own when
// Log is nil) when the Reader reaches it, for the flows whose protected
// records come after it.
type Keys struct {
	// Log holds key log secrets (RFC 9850), looked up by ClientHello
	// random.
	Log *keylog.Store
	// ECH holds servers' ECH keys, to open the ClientHelloInner of an
	// accepted Encrypted Client Hello (Flow.InnerHellos) when the key
	// log has no ECH_SECRET for it (ech.go).
	ECH *decrypt.ECHKeys
	// RSA holds servers' RSA private keys, for TLS 1.0-1.2 connections
	// with the RSA key exchange that the key log has no master secret
	// for (rsa.go).
	RSA *decrypt.RSAKeys
	// All decrypts every protected record of a flow: without it, each
	// direction is decrypted until its first record whose inner type is
	// application_data (RFC 8446 §5.2), then only counted. Application
	// bytes are never kept.
	All bool
}

// Decryption says what decryption did for a flow.
type Decryption string

// Decryption outcomes.
const (
	// DecryptionNone: nothing was tried (no key source, or no protected
	// record after a ServerHello).
	DecryptionNone Decryption = ""
	// DecryptionDone: protected records were decrypted (Flow.Decrypted);
	// a Problem of kind ProblemDecrypt tells of a later failure, if any.
	DecryptionDone Decryption = "decrypted"
	// DecryptionFailed: no protected record could be decrypted; a
	// Problem of kind ProblemDecrypt says why.
	DecryptionFailed Decryption = "undecryptable"
)

// Decryption Secrets Blocks.
const (
	secretsTLS = 0x544c534b // secrets type TLS Key Log (pcapng §4.7)
	// maxSecretsBlock bounds the key log of one Decryption Secrets Block
	// (the key log of 100,000 TLS 1.3 connections); larger blocks are
	// skipped.
	maxSecretsBlock = 64 << 20
)

// decryptCost estimates what a flow's decryption state holds once its
// keys are set up: the state, the Conn and up to five ciphers (AES-GCM
// key schedules, ChaCha20-Poly1305 or CBC and HMAC states), measured
// with crypto/tls's suites.
const decryptCost = int(unsafe.Sizeof(flowDecrypt{})) + 6<<10

// decryptBufLen is the size of the Reader's buffers for a protected
// record and its plaintext: the largest record and its header.
const decryptBufLen = wire.RecordHeaderLen + wire.MaxRecordLen

// flowDecrypt is the decryption state of a TLS flow over TCP: the first
// ClientHello's random, then, after the ServerHello, what the keys
// depend on and the Conn that opens the records of both directions.
type flowDecrypt struct {
	conn      *decrypt.Conn
	random    [keylog.RandomLen]byte
	server    [32]byte // ServerHello.random
	params    decrypt.Params
	hasRandom bool
	ready     bool // a ServerHello gave the parameters
	failed    bool // keys could not be set up: records are only counted
	side      [2]decryptSide
	ech       *decrypt.ECHContext // the HPKE context of an accepted ECH (ech.go)
	rsa       *rsaState           // the RSA key exchange (rsa.go)
	echFailed bool
}

// decryptSide is the decryption state of one stream side.
type decryptSide struct {
	stop      bool // only counting: application data reached, or an error
	reported  bool // a Problem was recorded for this side
	decrypted Counts
}

// secretsBlock adds the key log of a Decryption Secrets Block.
func (e *flowEnv) secretsBlock(data []byte) {
	if e.keys.Log == nil {
		e.keys.Log = new(keylog.Store)
	}
	rep := e.keys.Log.Parse(data)
	e.mem += len(data) // about what the store keeps of it
	e.stats.SecretsBlocks++
	e.stats.SecretsErrors += uint64(len(rep.Errors) + rep.Dropped)
}

// clientHelloRandom notes the random of a flow's first ClientHello (raw
// with its 4-byte handshake header), the key of its secrets.
func (f *flow) clientHelloRandom(side uint8, ts time.Time, raw []byte) {
	if f.env.keys.Log == nil && f.env.keys.ECH == nil && f.env.keys.RSA == nil || f.pub.Protocol != ProtocolTLS && f.pub.Protocol != ProtocolQUIC {
		return
	}
	if f.dec == nil {
		f.dec = new(flowDecrypt)
		f.dirty = true
	}
	if len(raw) < 6+keylog.RandomLen {
		return
	}
	if !f.dec.hasRandom {
		copy(f.dec.random[:], raw[6:])
		f.dec.hasRandom = true
	}
	f.openECH(side, ts, raw)
}

// startDecrypt takes what the keys depend on from the server's ServerHello
// (not a HelloRetryRequest), decoded in f.env.sh.
func (f *flow) startDecrypt() {
	d := f.dec
	if d == nil || !d.hasRandom || d.ready {
		return
	}
	sh := &f.env.sh
	copy(d.server[:], sh.Random)
	d.params = decrypt.Params{
		Version:              sh.SelectedVersion(),
		Suite:                sh.CipherSuite,
		ClientRandom:         d.random[:],
		ServerRandom:         d.server[:],
		EncryptThenMAC:       sh.Extensions.Has(wire.ExtensionEncryptThenMAC),
		ExtendedMasterSecret: sh.Extensions.Has(wire.ExtensionExtendedMasterSecret),
	}
	d.ready = true
}

// decrypting reports whether side's protected records are to be opened.
func (f *flow) decrypting(side uint8) bool {
	d := f.dec
	return d != nil && d.ready && !d.failed && !d.side[side].stop
}

// ccsRecord is a ChangeCipherSpec record (RFC 5246 §7.1), replayed into a
// Conn set up after a side's ChangeCipherSpec went by.
var ccsRecord = []byte{byte(wire.ContentChangeCipherSpec), 3, 3, 0, 1, 1}

// setupConn makes the flow's Conn at its first protected record, when the
// key log is most complete; false when there are no keys.
func (f *flow) setupConn(side uint8, ts time.Time) bool {
	d := f.dec
	if d.conn != nil {
		return true
	}
	sec := f.env.secrets(d.random[:])
	s := decrypt.SecretsFromLog(sec)
	if s.MasterSecret == nil && d.rsa != nil {
		var err error
		if s, err = f.rsaSecrets(); err != nil && sec == nil {
			f.decryptFailed(side, ts, "no key for ClientHello random "+hex.EncodeToString(d.random[:])+"; RSA key exchange: "+err.Error())
			return false
		}
	}
	if sec == nil && s.MasterSecret == nil {
		f.decryptFailed(side, ts, "no key for ClientHello random "+hex.EncodeToString(d.random[:]))
		return false
	}
	c, err := decrypt.NewConn(d.params, s)
	if err != nil {
		f.decryptFailed(side, ts, "cannot decrypt: "+err.Error())
		return false
	}
	d.conn = c
	f.dirty = true
	for s := uint8(0); s < 2; s++ {
		if f.tls[s].sawCCS {
			c.Open(f.dir(s) == ClientToServer, f.env.decOut[:0], ccsRecord)
		}
	}
	return true
}

// decryptFailed records why the flow's keys cannot be set up; its
// protected records are then only counted.
func (f *flow) decryptFailed(side uint8, ts time.Time, why string) {
	f.dec.failed = true
	f.problem(side, ts, ProblemDecrypt, why)
}

// changeCipherSpec tells the Conn of a side's ChangeCipherSpec (TLS 1.0-1.2:
// its records are protected from there on).
func (f *flow) changeCipherSpec(side uint8) {
	f.tls[side].sawCCS = true
	if d := f.dec; d != nil && d.conn != nil {
		d.conn.Open(f.dir(side) == ClientToServer, f.env.decOut[:0], ccsRecord)
	}
}

// decryptRecord opens a protected record of side whose header is hdr and
// payload p, and hands on what it holds: handshake messages to the
// stream's reassembly (marked Decrypted), alerts to the flow. false when
// it was not opened (the caller counts it as before).
func (f *flow) decryptRecord(st *tlsStream, side uint8, hdr, p []byte, ts time.Time) {
	d := f.dec
	if !f.setupConn(side, ts) {
		return
	}
	e := f.env
	if e.decIn == nil {
		// Sized once for the largest record (RFC 5246 §6.2.3), so that
		// records growing in size do not grow them again.
		e.decIn = make([]byte, 0, decryptBufLen)
		e.decOut = make([]byte, 0, decryptBufLen)
		e.mem += 2 * decryptBufLen
	}
	in := append(append(e.decIn[:0], hdr...), p...)
	e.decIn = in
	typ, out, ok, err := d.conn.Open(f.dir(side) == ClientToServer, e.decOut[:0], in)
	e.decOut = out[:0]
	ds := &d.side[side]
	if err != nil {
		if errors.Is(err, decrypt.ErrAuthentication) && d.conn.Version() == wire.VersionTLS13 &&
			f.dir(side) == ClientToServer && ds.decrypted.Records == 0 {
			// 0-RTT data before the handshake keys (RFC 8446 §2.3):
			// its records went by before the ServerHello, so the
			// early key's sequence is unknown; go on to the next.
			return
		}
		ds.stop = true
		if !ds.reported {
			ds.reported = true
			f.problem(side, ts, ProblemDecrypt, "record not decrypted: "+err.Error())
		}
		return
	}
	if !ok {
		return
	}
	ds.decrypted.Records++
	ds.decrypted.Bytes += uint64(len(p))
	switch typ {
	case wire.ContentHandshake:
		f.decrypted = true
		st.handshake(f, side, out, ts)
		f.decrypted = false
	case wire.ContentAlert:
		if len(out) == 2 {
			f.decrypted = true
			f.alert(side, ts, out[0], out[1])
			f.decrypted = false
		}
	case wire.ContentApplicationData:
		if !e.keys.All {
			ds.stop = true
		}
	}
}

// decryptionDone fills in the flow's Decryption and the Reader's counts.
func (f *flow) decryptionDone() {
	d := f.dec
	if d == nil || !d.ready {
		return
	}
	var n uint64
	for s := uint8(0); s < 2; s++ {
		f.pub.Decrypted[f.dir(s)] = d.side[s].decrypted
		n += d.side[s].decrypted.Records
	}
	if f.quic != nil && f.quic.hs != nil {
		// QUIC: Handshake packets, not records.
		for i, p := range f.quic.hs.packets {
			f.pub.Decrypted[i].Records = p
			n += p
		}
	}
	switch {
	case n > 0:
		f.pub.Decryption = DecryptionDone
		f.env.stats.FlowsDecrypted++
	case d.failed || d.side[0].reported || d.side[1].reported:
		f.pub.Decryption = DecryptionFailed
		f.env.stats.FlowsUndecryptable++
	}
	f.dec = nil
}
