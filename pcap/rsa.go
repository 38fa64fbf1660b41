package pcap

import (
	"hash"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/wire"
)

// The RSA key exchange of TLS 1.0-1.2 (RFC 5246 §7.4.7.1) with the
// server's private key (Keys.RSA): when the key log has no master secret
// for a flow, the premaster secret is decrypted from the
// ClientKeyExchange with the key of the server's certificate, and the
// master secret derived from it, with the session hash of the messages
// up to the ClientKeyExchange when extended_master_secret was accepted
// (RFC 7627).

// rsaState is what the RSA key exchange of a flow needs.
type rsaState struct {
	hello       []byte    // the first ClientHello, until the ServerHello starts the transcript
	transcript  hash.Hash // the handshake messages so far (RFC 7627 §3)
	sessionHash []byte    // the transcript's hash at the ClientKeyExchange
	cert        []byte    // the server's certificate (DER)
	encrypted   []byte    // ClientKeyExchange.EncryptedPreMasterSecret
	done        bool      // the ClientKeyExchange was seen
}

// rsaMessage follows the handshake messages of a flow for the RSA key
// exchange: raw in TLS framing, seen in the clear, in order.
func (f *flow) rsaMessage(typ wire.HandshakeType, raw []byte) {
	d := f.dec
	if f.env.keys.RSA == nil || d == nil || f.pub.Protocol != ProtocolTLS {
		return
	}
	if d.rsa == nil {
		d.rsa = new(rsaState)
	}
	r := d.rsa
	if r.done || len(raw) < 4 {
		return
	}
	switch {
	case typ == wire.TypeClientHello && r.hello == nil && r.transcript == nil:
		r.hello = append([]byte(nil), raw...)
		return
	case typ == wire.TypeServerHello && r.transcript == nil:
		sh := &f.env.sh
		h, err := decrypt.TranscriptHash(sh.SelectedVersion(), sh.CipherSuite)
		if err != nil || r.hello == nil {
			r.done = true
			return
		}
		r.transcript = h
		h.Write(r.hello)
		r.hello = nil
	case r.transcript == nil:
		return
	}
	r.transcript.Write(raw)
	switch typ {
	case wire.TypeCertificate:
		var c wire.Certificate
		if r.cert == nil && c.UnmarshalBody(raw[4:], f.pub.Context) == nil && len(c.Entries) > 0 {
			r.cert = append([]byte(nil), c.Entries[0].CertData...)
		}
	case wire.TypeClientKeyExchange:
		var cke wire.ClientKeyExchange
		if cke.UnmarshalBody(raw[4:], f.pub.Context) == nil && len(cke.EncryptedPreMasterSecret) > 0 {
			r.encrypted = append([]byte(nil), cke.EncryptedPreMasterSecret...)
		}
		r.sessionHash = r.transcript.Sum(nil)
		r.done, r.transcript = true, nil
	}
}

// rsaSecrets returns the master secret of the flow's RSA key exchange,
// nil when it has none (no RSA keys, no ClientKeyExchange, no key for the
// certificate).
func (f *flow) rsaSecrets() (decrypt.Secrets, error) {
	d := f.dec
	r := d.rsa
	if f.env.keys.RSA == nil || r == nil || r.cert == nil || r.encrypted == nil {
		return decrypt.Secrets{}, decrypt.ErrNoKey
	}
	ms, err := f.env.keys.RSA.RSAMasterSecret(d.params, r.cert, r.encrypted, r.sessionHash)
	if err != nil {
		return decrypt.Secrets{}, err
	}
	return decrypt.Secrets{MasterSecret: ms}, nil
}
