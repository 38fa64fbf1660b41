package decrypt

// QUICLevel is a QUIC packet number space / encryption level
// (RFC 9001 §4.1.4, §5).
type QUICLevel uint8

// QUIC levels, by the packets they protect.
const (
	QUICInitial     QUICLevel = iota // Initial packets (keys from the client's first Destination Connection ID)
	QUICEarlyData                    // 0-RTT packets (CLIENT_EARLY_TRAFFIC_SECRET)
	QUICHandshake                    // Handshake packets (CLIENT/SERVER_HANDSHAKE_TRAFFIC_SECRET)
	QUICApplication                  // 1-RTT packets (CLIENT/SERVER_TRAFFIC_SECRET_0, then key updates)
	numQUICLevels
)

// QUICConn holds the packet protection keys of both directions of one
// QUIC connection at every level, as a capture reader needs them: the
// Initial keys from the first Destination Connection ID, then the others
// from a key log once the ServerHello names the cipher suite. Opening a
// packet allocates nothing.
type QUICConn struct {
	version uint32
	dcid    []byte                      // the client's first Destination Connection ID
	keys    [2][numQUICLevels]*QUICKeys // [0]: client to server
	phases  [2]*QUICKeyPhases
}

// NewQUICConn returns the keys of a connection of QUIC version whose
// client's first Initial packet had Destination Connection ID dcid.
func NewQUICConn(version uint32, dcid []byte) (*QUICConn, error) {
	client, server, err := NewQUICInitial(version, dcid)
	if err != nil {
		return nil, err
	}
	c := &QUICConn{version: version, dcid: append([]byte(nil), dcid...)}
	c.keys[0][QUICInitial], c.keys[1][QUICInitial] = client, server
	return c, nil
}

// SetVersion switches the connection to QUIC version v, as compatible
// version negotiation does (RFC 9368 §4: a client starts in version 1, the
// server answers in version 2): the Initial keys are derived again for v
// from the same Destination Connection ID, and SetSecrets, called after,
// uses v's labels. Call it when a long header packet carries another
// version than Version.
func (c *QUICConn) SetVersion(v uint32) error {
	client, server, err := NewQUICInitial(v, c.dcid)
	if err != nil {
		return err
	}
	c.version = v
	c.keys[0][QUICInitial], c.keys[1][QUICInitial] = client, server
	return nil
}

// SetSecrets derives the 0-RTT, Handshake and 1-RTT keys of the
// connection from its secrets (SecretsFromLog) and the ServerHello's
// cipher suite. Levels whose secret is missing stay without keys: Open
// reports ErrNoKey for them.
func (c *QUICConn) SetSecrets(suite uint16, s Secrets) error {
	for _, e := range []struct {
		dir    int
		level  QUICLevel
		secret []byte
	}{
		{0, QUICEarlyData, s.ClientEarlyTrafficSecret},
		{0, QUICHandshake, s.ClientHandshakeTrafficSecret},
		{1, QUICHandshake, s.ServerHandshakeTrafficSecret},
		{0, QUICApplication, s.ClientTrafficSecret0},
		{1, QUICApplication, s.ServerTrafficSecret0},
	} {
		if e.secret == nil {
			continue
		}
		k, err := NewQUIC(c.version, suite, e.secret)
		if err != nil {
			return err
		}
		c.keys[e.dir][e.level] = k
		if e.level == QUICApplication {
			if c.phases[e.dir], err = NewQUICKeyPhases(k); err != nil {
				return err
			}
		}
	}
	return nil
}

// Open removes the protection of a packet of level sent by the client if
// fromClient: the header in place in pkt (the packet number at pnOffset),
// the payload into dst; largest is the largest packet number received in
// the packet's number space so far (-1 for none). 1-RTT packets follow
// key updates (QUICKeyPhases).
func (c *QUICConn) Open(fromClient bool, level QUICLevel, dst, pkt []byte, pnOffset int, largest int64) (pn uint64, out []byte, err error) {
	dir := 1
	if fromClient {
		dir = 0
	}
	if level >= numQUICLevels || c.keys[dir][level] == nil {
		return 0, dst, recordError("QUIC packet", "level", 0, ErrNoKey)
	}
	if level == QUICApplication {
		return c.phases[dir].Open(dst, pkt, pnOffset, largest)
	}
	return c.keys[dir][level].Open(dst, pkt, pnOffset, largest)
}

// Version returns the connection's QUIC version.
func (c *QUICConn) Version() uint32 { return c.version }
