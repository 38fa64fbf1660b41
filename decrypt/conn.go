package decrypt

import (
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// Secrets are the key material of one connection, as a key log gives it
// (RFC 9850 §3) or as MasterSecret derives it for an RSA key exchange.
type Secrets struct {
	MasterSecret                 []byte // TLS 1.0-1.2, DTLS 1.0/1.2
	ClientEarlyTrafficSecret     []byte // TLS 1.3 0-RTT
	ClientHandshakeTrafficSecret []byte
	ServerHandshakeTrafficSecret []byte
	ClientTrafficSecret0         []byte
	ServerTrafficSecret0         []byte
}

// SecretsFromLog returns the secrets a key log holds for one connection;
// s may be nil (no secrets).
func SecretsFromLog(s *keylog.Secrets) Secrets {
	return Secrets{
		MasterSecret:                 s.Get(keylog.ClientRandom),
		ClientEarlyTrafficSecret:     s.Get(keylog.ClientEarlyTrafficSecret),
		ClientHandshakeTrafficSecret: s.Get(keylog.ClientHandshakeTrafficSecret),
		ServerHandshakeTrafficSecret: s.Get(keylog.ServerHandshakeTrafficSecret),
		ClientTrafficSecret0:         s.Get(keylog.ClientTrafficSecret0),
		ServerTrafficSecret0:         s.Get(keylog.ServerTrafficSecret0),
	}
}

// Conn decrypts the records of both directions of one TLS or DTLS 1.0/1.2
// connection, following its key changes: for TLS 1.3 from the handshake
// to the application secrets after each side's Finished, 0-RTT records
// under the early secret until EndOfEarlyData (a rejected 0-RTT record
// fails and the next key is tried), and KeyUpdate; for TLS 1.0-1.2 from
// the ChangeCipherSpec on. Give it every record of a direction after the
// ServerHello, in order; it allocates nothing per record.
type Conn struct {
	dir     [2]connDirection // 0: client to server, 1: server to client
	tls13   bool
	version uint16
	suite   uint16
}

// connDirection is the key state of one direction.
type connDirection struct {
	cur       *Cipher
	next      *Cipher // TLS 1.3: the key after the current phase (handshake -> application)
	later     *Cipher // TLS 1.3 client with 0-RTT: early -> handshake -> application
	phase     phase   // TLS 1.3: which secret cur is from
	encrypted bool    // TLS 1.2: ChangeCipherSpec seen
	pending   *Cipher // TLS 1.2: a renegotiation's keys, from this direction's next ChangeCipherSpec
	msgs      messageTracker
	err       error // why this direction cannot be decrypted
}

// NewConn prepares the decryption of a connection whose ServerHello
// negotiated p.Version and p.Suite (for TLS 1.3, the supported_versions
// version). Missing secrets are not an error here: Open reports them on
// the first record that needs them. An unsupported suite is an error.
func NewConn(p Params, s Secrets) (*Conn, error) {
	c := &Conn{version: p.Version, suite: p.Suite, tls13: recordVersion(p.Version) == wire.VersionTLS13}
	if c.tls13 {
		if wire.IsDTLSVersion(p.Version) {
			return nil, setupError("DTLS 1.3 keys", "version", "DTLS 1.3 record protection is not implemented", ErrUnsupported)
		}
		if _, err := lookupSuite(p.Suite, wire.VersionTLS13); err != nil {
			return nil, err
		}
		client, server := &c.dir[0], &c.dir[1]
		server.set(p.Suite, s.ServerHandshakeTrafficSecret, s.ServerTrafficSecret0, nil)
		if len(s.ClientEarlyTrafficSecret) > 0 {
			client.set(p.Suite, s.ClientEarlyTrafficSecret, s.ClientHandshakeTrafficSecret, s.ClientTrafficSecret0)
			if client.cur != nil {
				client.phase = phaseEarly
			}
		} else {
			client.set(p.Suite, s.ClientHandshakeTrafficSecret, s.ClientTrafficSecret0, nil)
		}
		return c, nil
	}
	if _, err := lookupSuite(p.Suite, recordVersion(p.Version)); err != nil {
		return nil, err
	}
	if len(s.MasterSecret) == 0 {
		c.dir[0].err = setupError("TLS 1.2 keys", "master_secret", "no master secret for this ClientHello random", ErrNoKey)
		c.dir[1].err = c.dir[0].err
		return c, nil
	}
	client, server, err := NewTLS12(p, s.MasterSecret)
	if err != nil {
		return nil, err
	}
	c.dir[0].cur, c.dir[1].cur = client, server
	return c, nil
}

// set builds up to three successive TLS 1.3 keys of a direction; the
// first missing or bad one stops the chain and is the direction's error.
func (d *connDirection) set(suite uint16, secrets ...[]byte) {
	var ciphers [3]*Cipher
	for i, s := range secrets {
		if s == nil {
			if i == 0 {
				d.err = setupError("TLS 1.3 keys", "secret", "no traffic secret for this ClientHello random", ErrNoKey)
			}
			break
		}
		c, err := NewTLS13(suite, s)
		if err != nil {
			if i == 0 {
				d.err = err
			}
			break
		}
		ciphers[i] = c
	}
	d.cur, d.next, d.later = ciphers[0], ciphers[1], ciphers[2]
}

// Open handles one record of the connection, sent by the client if
// fromClient. A record that is not protected (a TLS 1.2 record before the
// ChangeCipherSpec, a TLS 1.3 record whose outer type is not
// application_data) is returned as it is, appended to dst, with decrypted
// false. A protected one is decrypted into dst with decrypted true; its
// content type is the real (inner) one.
func (c *Conn) Open(fromClient bool, dst, record []byte) (typ wire.ContentType, out []byte, decrypted bool, err error) {
	d := &c.dir[1]
	if fromClient {
		d = &c.dir[0]
	}
	if len(record) < 1 {
		return 0, dst, false, recordError("TLS record", "type", 0, wire.ErrTruncated)
	}
	outer := wire.ContentType(record[0])
	protected := d.encrypted
	switch {
	case c.tls13:
		protected = outer == wire.ContentApplicationData
	case wire.IsDTLSVersion(c.version) && len(record) >= wire.DTLSRecordHeaderLen:
		// DTLS: the epoch says, whatever the order of arrival (RFC 6347
		// §4.1); epoch 1 is the first handshake's keys, a later one a
		// renegotiation's, whose keys this Conn does not have.
		switch epoch := int(record[3])<<8 | int(record[4]); {
		case epoch > 1:
			return 0, dst, false, recordError("DTLS record", "epoch", 3, ErrNoKey)
		default:
			protected = epoch == 1
		}
	}
	if !protected {
		if outer == wire.ContentChangeCipherSpec && !c.tls13 {
			d.encrypted = true
		}
		hl := wire.RecordHeaderLen
		if wire.IsDTLSVersion(c.version) {
			hl = wire.DTLSRecordHeaderLen
		}
		if len(record) < hl {
			return 0, dst, false, recordError("TLS record", "header", len(record), wire.ErrTruncated)
		}
		return outer, append(dst, record[hl:]...), false, nil
	}
	if d.cur == nil {
		return 0, dst, false, d.err
	}
	typ, out, err = d.cur.Open(dst, record)
	if err != nil && d.phase == phaseEarly && d.next != nil {
		// The server rejected 0-RTT, or the early data is over without an
		// EndOfEarlyData we saw: try the handshake key.
		if typ, out, err = d.next.Open(dst, record); err == nil {
			d.shift()
		}
	}
	if err != nil {
		return 0, dst, false, err
	}
	if typ == wire.ContentChangeCipherSpec && d.pending != nil {
		// A renegotiation's ChangeCipherSpec, under the old keys: the
		// records after it are under the new ones (RFC 5246 §7.1).
		d.cur, d.pending = d.pending, nil
	}
	if c.tls13 && typ == wire.ContentHandshake {
		if ev := d.msgs.feed(out[len(dst):]); ev != 0 {
			c.advance(d, ev)
		}
	}
	return typ, out, true, nil
}

// Renegotiate prepares the keys of a renegotiation (RFC 5246 §7.4.1, a
// second full handshake inside the protected records of a TLS 1.0-1.2
// connection): p and s are those of the new handshake, whose hellos Open
// decrypted (its ClientHello random finds its CLIENT_RANDOM line). Each
// direction switches to its new keys after its next ChangeCipherSpec.
// DTLS renegotiation (a new epoch) is not supported.
func (c *Conn) Renegotiate(p Params, s Secrets) error {
	if c.tls13 || wire.IsDTLSVersion(c.version) {
		return setupError("renegotiation", "version", "only TLS 1.0-1.2 renegotiation is followed", ErrUnsupported)
	}
	if len(s.MasterSecret) == 0 {
		return setupError("renegotiation", "master_secret", "no master secret for this ClientHello random", ErrNoKey)
	}
	client, server, err := NewTLS12(p, s.MasterSecret)
	if err != nil {
		return err
	}
	c.dir[0].pending, c.dir[1].pending = client, server
	c.suite, c.version = p.Suite, p.Version
	return nil
}

// advance applies a key change after the record that ended a Finished,
// EndOfEarlyData or KeyUpdate (RFC 8446 §4.4.4, §4.5, §4.6.3, §7.2).
func (c *Conn) advance(d *connDirection, ev keyEvent) {
	switch {
	case ev&eventEndOfEarlyData != 0 && d.phase == phaseEarly,
		ev&eventFinished != 0 && d.phase == phaseHandshake:
		d.shift()
	case ev&eventKeyUpdate != 0 && d.phase == phaseApplication:
		if err := d.cur.KeyUpdate(); err != nil {
			d.err, d.cur = err, nil
		}
	}
	// A Finished under the application keys (post-handshake client
	// authentication, RFC 8446 §4.6.2) changes nothing.
}

// phase is which TLS 1.3 secret a direction's current key comes from.
type phase uint8

const (
	phaseHandshake   phase = iota // [sender]_handshake_traffic_secret
	phaseEarly                    // client_early_traffic_secret
	phaseApplication              // [sender]_application_traffic_secret_N
)

// nextPhase is the phase after each, as data.
var nextPhase = [...]phase{phaseEarly: phaseHandshake, phaseHandshake: phaseApplication, phaseApplication: phaseApplication}

// shift moves a direction to its next key (RFC 8446 §7.1: early ->
// handshake -> application).
func (d *connDirection) shift() {
	d.cur, d.next, d.later = d.next, d.later, nil
	d.phase = nextPhase[d.phase]
	if d.cur == nil {
		d.err = setupError("TLS 1.3 keys", "secret", "no next traffic secret for this ClientHello random", ErrNoKey)
	}
}

// Suite returns the connection's cipher suite.
func (c *Conn) Suite() uint16 { return c.suite }

// Version returns the connection's protocol version.
func (c *Conn) Version() uint16 { return c.version }
