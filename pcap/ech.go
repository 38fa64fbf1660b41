package pcap

import (
	"time"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/wire"
)

// Encrypted Client Hello (RFC 9849). With the server's ECH key
// (Keys.ECH) or the key log's ECH_SECRET and ECH_CONFIG lines, the
// ClientHelloInner of an accepted ECH is opened from each
// ClientHelloOuter and kept in Flow.InnerHellos; its random, not the
// outer one's, is the key of the connection's other secrets (the client
// logs them under it).

// openECH opens the ClientHelloInner of the ClientHelloOuter raw (with
// its 4-byte header), if it has an outer encrypted_client_hello
// extension and a key opens it.
func (f *flow) openECH(side uint8, ts time.Time, raw []byte) {
	d := f.dec
	if d.echFailed || len(raw) < 4 {
		return
	}
	if d.ech == nil {
		ch := &f.env.ch
		if ch.UnmarshalBody(raw[4:], f.pub.Context) != nil {
			return
		}
		e, ok := ch.Extensions.Find(wire.ExtensionEncryptedClientHello)
		if !ok || len(e) == 0 || e[0] != 0 { // ECHClientHelloType outer (§5)
			return
		}
		ctx, err := f.echContext(raw)
		if err != nil {
			d.echFailed = true
			f.problem(side, ts, ProblemDecrypt, "ECH: "+err.Error())
			return
		}
		d.ech = ctx
	}
	inner, err := d.ech.Open(raw)
	if err != nil {
		d.echFailed = true
		f.problem(side, ts, ProblemDecrypt, "ECH: "+err.Error())
		return
	}
	if len(f.pub.InnerHellos) == 0 && len(inner) >= 6+keylog.RandomLen {
		copy(d.random[:], inner[6:])
	}
	f.pub.InnerHellos = append(f.pub.InnerHellos, Message{Dir: f.dir(side), Time: ts, Type: wire.TypeClientHello,
		Raw: inner, Context: f.pub.Context, Decrypted: true, side: side})
	f.msgBytes += len(inner)
	f.dirty = true
}

// echContext makes the HPKE context of a connection from the key log's
// ECH_SECRET and ECH_CONFIG for the outer random, else from the server's
// ECH keys.
func (f *flow) echContext(outer []byte) (*decrypt.ECHContext, error) {
	if s := f.env.secrets(f.dec.random[:]); s != nil {
		if secret, config := s.Get(keylog.ECHSecret), s.Get(keylog.ECHConfig); secret != nil && config != nil {
			return decrypt.NewECHContextFromSecret(outer, secret, config)
		}
	}
	if f.env.keys.ECH == nil {
		return nil, decrypt.ErrNoKey
	}
	return f.env.keys.ECH.NewContext(outer)
}

// secrets returns the key log's secrets for a ClientHello random, nil
// without a key log or without a line for it.
func (e *flowEnv) secrets(random []byte) *keylog.Secrets {
	if e.keys.Log == nil {
		return nil
	}
	return e.keys.Log.Lookup(random)
}
