package main

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"

	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
	"github.com/tlswire/tlswire/wire/fingerprint"
)

// msgInfo is one handshake message of a flow with what decoding it learnt.
type msgInfo struct {
	m    *pcap.Message
	ctx  wire.Context // the context it was decoded in
	body []byte       // the body, without the TLS or DTLS handshake header
	err  error        // structural decoding error, if any
}

// flowInfo is everything tlsdump reports about one flow. It is computed
// once per flow by analyze and read by every output form.
type flowInfo struct {
	f      *pcap.Flow
	transp fingerprint.Transport
	msgs   []msgInfo

	clientHellos []*wire.ClientHello // every ClientHello in order
	serverHellos []*wire.ServerHello // every ServerHello, HelloRetryRequests included
	hrr          bool                // a HelloRetryRequest was seen
	sh           *wire.ServerHello   // the last ServerHello that is not a HelloRetryRequest

	sni         string
	alpnOffered []string
	alpn        string
	version     uint16 // negotiated; 0 when no ServerHello was seen
	cipher      uint16
	hasCipher   bool
	group       uint16
	hasGroup    bool
	resumed     bool
	established bool

	certs, clientCerts []*certInfo

	ja3, ja3s     fingerprint.JA3
	ja4           fingerprint.JA4
	ja4s          fingerprint.JA4S
	hasJA3S       bool
	finished      [2]bool
	serverCert    bool // the server sent a Certificate (or CompressedCertificate)
	serverKX      bool // the server sent a ServerKeyExchange
	fatalAlert    bool
	decodeErrors  []decodeError
	supportedVers []uint16

	ech      *echInfo           // the first ClientHello's ECH offer (ech.go), nil without one
	echStore echInfo            // what ech points to
	echRetry wire.ECHConfigList // retry_configs of an EncryptedExtensions in the clear (decrypted)

	sslv2          *sslv2ServerHello    // an SSL 2.0 SERVER-HELLO (sslv2.go)
	sslv2Cipher    wire.SSLv2CipherKind // the CLIENT-MASTER-KEY's CIPHER-KIND
	hasSSLv2Cipher bool

	sessionAt int // text output: where the session line goes, after the handshake line

	tickets    []ticketInfo    // TLS 1.3 NewSessionTickets (decrypted.go)
	keyUpdates []keyUpdateInfo // KeyUpdates
}

// analyzer holds the state reused from one flow to the next: the message
// decoder and the certificate cache.
type analyzer struct {
	dec   wire.Decoder
	certs *certCache
	fps   *fpCache
	fi    flowInfo
	chs   []*wire.ClientHello // reused hello values
	shs   []*wire.ServerHello

	zeekSeen map[string]bool // -zeek: certificates whose x509.log row this analyzer made
	decompressor
}

func newAnalyzer() *analyzer { return &analyzer{certs: newCertCache(4096), fps: newFPCache()} }

// transportOf maps a flow to its JA4 transport character.
func transportOf(f *pcap.Flow) fingerprint.Transport {
	switch f.Protocol {
	case pcap.ProtocolQUIC:
		return fingerprint.QUIC
	case pcap.ProtocolDTLS:
		return fingerprint.DTLS
	}
	return fingerprint.TCP
}

// messageBody splits a pcap message into its type and body (see
// pcap.Message.Raw for the three framings).
func messageBody(f *pcap.Flow, m *pcap.Message) []byte {
	switch {
	case m.SSLv2:
		return m.Raw
	case f.Protocol == pcap.ProtocolDTLS:
		if len(m.Raw) < wire.DTLSHandshakeHeaderLen {
			return nil
		}
		return m.Raw[wire.DTLSHandshakeHeaderLen:]
	}
	if len(m.Raw) < 4 {
		return nil
	}
	return m.Raw[4:]
}

// sslv2Record gives an SSL 2.0 hello body back its 2-byte record header,
// the form wire.ClientHello.UnmarshalSSLv2 reads.
func sslv2Record(body []byte) []byte {
	n := len(body)
	return append([]byte{0x80 | byte(n>>8), byte(n)}, body...)
}

// analyze decodes the flow's messages and derives the summary fields.
// The result and the hellos in it belong to the analyzer and are valid
// until the next call.
func (a *analyzer) analyze(f *pcap.Flow) *flowInfo {
	fi := &a.fi
	*fi = flowInfo{f: f, transp: transportOf(f), msgs: slices.Grow(fi.msgs[:0], len(f.Messages))[:len(f.Messages)],
		clientHellos: fi.clientHellos[:0], serverHellos: fi.serverHellos[:0],
		certs: fi.certs[:0], clientCerts: fi.clientCerts[:0], decodeErrors: fi.decodeErrors[:0]}
	for i := range f.Messages {
		m := &f.Messages[i]
		mi := &fi.msgs[i]
		// The context each message is decoded in is the one the reader
		// learned from the flow's ServerHellos (pcap.Message.Context).
		*mi = msgInfo{m: m, body: messageBody(f, m), ctx: m.Context}
		if mi.body == nil {
			mi.err = errShort
			fi.addError(m, mi.err)
			continue
		}
		switch {
		case m.Type == wire.TypeClientHello && m.Dir == pcap.ClientToServer:
			ch := a.clientHello(len(fi.clientHellos))
			if m.SSLv2 {
				mi.err = ch.UnmarshalSSLv2(sslv2Record(mi.body))
			} else {
				mi.err = ch.UnmarshalBody(mi.body, mi.ctx)
			}
			if mi.err != nil {
				fi.addError(m, mi.err)
				continue
			}
			fi.clientHellos = append(fi.clientHellos, ch)
		case m.Type == wire.TypeServerHello && m.Dir == pcap.ServerToClient && !m.SSLv2:
			sh := a.serverHello(len(fi.serverHellos))
			if mi.err = sh.UnmarshalBody(mi.body, mi.ctx); mi.err != nil {
				fi.addError(m, mi.err)
				continue
			}
			fi.serverHellos = append(fi.serverHellos, sh)
			if sh.IsHelloRetryRequest() {
				fi.hrr = true
			} else {
				fi.sh = sh
			}
		case m.SSLv2 && m.Type == wire.TypeServerHello && m.Dir == pcap.ServerToClient:
			sh, err := parseSSLv2ServerHello(mi.body)
			if err != nil {
				mi.err = err
				fi.addError(m, err)
				continue
			}
			fi.sslv2 = sh
			fi.version = sh.version
			fi.resumed = sh.sessionIDHit
			fi.serverCert = len(sh.cert) > 0
			if len(sh.cert) > 0 {
				fi.certs = append(fi.certs, a.certs.get(sh.cert))
			}
		case m.SSLv2 && m.Type == wire.TypeClientKeyExchange:
			k, err := parseSSLv2ClientMasterKey(mi.body)
			if err != nil {
				mi.err = err
				fi.addError(m, err)
				continue
			}
			fi.sslv2Cipher, fi.hasSSLv2Cipher = k, true
		case m.SSLv2:
			// Another SSL 2.0 message: kept raw.
		default:
			a.dec.Context = mi.ctx
			v, err := a.dec.DecodeBody(m.Type, mi.body)
			if err != nil {
				mi.err = err
				fi.addError(m, err)
				continue
			}
			switch v := v.(type) {
			case *wire.Certificate:
				dst := &fi.certs
				if m.Dir == pcap.ClientToServer {
					dst = &fi.clientCerts
				} else {
					fi.serverCert = true
				}
				for _, e := range v.Entries {
					*dst = append(*dst, a.certs.get(e.CertData))
				}
			case *wire.CompressedCertificate:
				if m.Dir == pcap.ServerToClient {
					fi.serverCert = true
				}
				a.compressedCertificate(fi, v, m, mi.ctx)
			case *wire.EncryptedExtensions:
				fi.encryptedExtensions(v, m)
			case *wire.NewSessionTicket:
				fi.newSessionTicket(v)
			case *wire.KeyUpdate:
				fi.keyUpdates = append(fi.keyUpdates, keyUpdateInfo{dir: m.Dir, requested: v.RequestUpdate == wire.KeyUpdateRequested})
			case *wire.ServerKeyExchange:
				fi.serverKX = true
				if v.Curve.CurveType == wire.CurveTypeNamedCurve && v.KeyExchange != wire.KeyExchangeTLS13 {
					fi.group, fi.hasGroup = v.Curve.NamedCurve, true
				}
			case *wire.Finished:
				fi.finished[m.Dir] = true
			}
		}
	}
	for _, al := range f.Alerts {
		if al.Level == wire.AlertLevelFatal {
			fi.fatalAlert = true
		}
	}
	fi.derive(a.fps)
	return fi
}

// clientHello returns the i-th reusable ClientHello value.
func (a *analyzer) clientHello(i int) *wire.ClientHello {
	if i == len(a.chs) {
		a.chs = append(a.chs, new(wire.ClientHello))
	}
	return a.chs[i]
}

// serverHello returns the i-th reusable ServerHello value.
func (a *analyzer) serverHello(i int) *wire.ServerHello {
	if i == len(a.shs) {
		a.shs = append(a.shs, new(wire.ServerHello))
	}
	return a.shs[i]
}

var errShort = &wire.Error{Message: "handshake", Field: "header", Err: wire.ErrTruncated}

// decodeError is a message wire could not decode.
type decodeError struct {
	dir pcap.Direction
	typ wire.HandshakeType
	err error
}

// String is the error as the text output and the JSON detail show it:
// direction, message, and the decoding error.
func (e decodeError) String() string {
	return e.dir.String() + " " + e.typ.String() + ": " + e.err.Error()
}

func (fi *flowInfo) addError(m *pcap.Message, err error) {
	fi.decodeErrors = append(fi.decodeErrors, decodeError{m.Dir, m.Type, err})
}

// derive fills the summary fields from the decoded hellos.
func (fi *flowInfo) derive(fps *fpCache) {
	if len(fi.clientHellos) > 0 {
		ch := fi.clientHellos[0]
		fi.ja3, fi.ja4 = fps.clientFingerprints(ch, fi.transp)
		fi.sni = hostName(ch.Extensions)
		fi.alpnOffered = alpnProtocols(ch.Extensions, wire.InClientHello)
		var sv wire.SupportedVersionsExtension
		if found, err := ch.Extensions.Decode(wire.ExtensionSupportedVersions, wire.InClientHello, &sv); found && err == nil {
			fi.supportedVers = slices.Clone(sv.Versions)
		}
		fi.deriveECH()
	}
	if fi.sslv2 != nil {
		// SSL 2.0: established once both sides sent records after the
		// CLIENT-MASTER-KEY (SERVER-VERIFY, CLIENT-FINISHED, ...).
		enc := fi.f.Encrypted
		fi.established = !fi.fatalAlert && fi.hasSSLv2Cipher && enc[0].Records > 0 && enc[1].Records > 0
	}
	sh := fi.sh
	if sh == nil && len(fi.serverHellos) > 0 {
		sh = fi.serverHellos[len(fi.serverHellos)-1] // HelloRetryRequest only
	}
	if sh == nil {
		return
	}
	fi.ja3s, fi.ja4s = fps.serverFingerprints(sh, fi.transp)
	fi.hasJA3S = true
	fi.version = sh.SelectedVersion()
	fi.cipher, fi.hasCipher = sh.CipherSuite, true
	tls13 := wire.UsesTLS13Forms(fi.version)
	in := wire.InServerHello
	if sh.IsHelloRetryRequest() {
		in = wire.InHelloRetryRequest
	}
	if tls13 {
		var ks wire.KeyShareExtension
		d, ok := sh.Extensions.Find(wire.ExtensionKeyShare)
		if !ok {
			// Drafts before 23 sent key_share under code point 40
			// (draft-ietf-tls-tls13-22 §4.2), as the 0x7e0N
			// experiments did.
			d, ok = sh.Extensions.Find(keyShareDraft)
		}
		if ok && ks.Unmarshal(d, in) == nil {
			fi.group, fi.hasGroup = ks.ServerShare.Group, true
			if in == wire.InHelloRetryRequest {
				fi.group = ks.SelectedGroup
			}
		}
	}
	if l := alpnProtocols(sh.Extensions, in); len(l) > 0 {
		fi.alpn = l[0]
	}
	if fi.sh == nil {
		return // only a HelloRetryRequest: not resumed, not established
	}
	if tls13 {
		fi.resumed = sh.Extensions.Has(wire.ExtensionPreSharedKey)
	} else if !fi.serverCert && !fi.serverKX && len(fi.clientHellos) > 0 {
		ch := fi.clientHellos[len(fi.clientHellos)-1]
		echoed := len(sh.SessionID) > 0 && string(sh.SessionID) == string(ch.SessionID)
		ticket, _ := ch.Extensions.Find(wire.ExtensionSessionTicket)
		fi.resumed = echoed || len(ticket) > 0
	}
	enc := fi.f.Encrypted
	fi.established = !fi.fatalAlert &&
		(fi.finished[0] && fi.finished[1] || enc[0].Records > 0 && enc[1].Records > 0)
}

// hostName returns the host_name of a ClientHello's server_name extension
// (RFC 6066 §3), or "" when it has none or the extension does not decode.
func hostName(exts wire.Extensions) string {
	var sni wire.ServerNameExtension
	if found, err := exts.Decode(wire.ExtensionServerName, wire.InClientHello, &sni); found && err == nil {
		return string(sni.HostName())
	}
	return ""
}

// alpnProtocols returns the protocols of an ALPN extension (RFC 7301 §3.1)
// of a message of kind in, or nil when it has none or it does not decode.
func alpnProtocols(exts wire.Extensions, in wire.ExtMessage) []string {
	var alpn wire.ALPNExtension
	found, err := exts.Decode(wire.ExtensionALPN, in, &alpn)
	if !found || err != nil {
		return nil
	}
	out := make([]string, len(alpn.Protocols))
	for i, p := range alpn.Protocols {
		out[i] = string(p)
	}
	return out
}

// keyShareDraft is key_share's code point in TLS 1.3 drafts 1 to 22.
const keyShareDraft wire.ExtensionType = 40

// versionName names a protocol version ("TLS 1.3").
func versionName(v uint16) string { return wire.VersionName(v) }

// hexSHA256 returns the lower-case hex SHA-256 of b.
func hexSHA256(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
