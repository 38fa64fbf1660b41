package main

import (
	"strconv"
	"strings"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/wire"
)

// Encrypted Client Hello (RFC 9849): what a capture shows of it. The
// first ClientHello's encrypted_client_hello extension (outer: the HPKE
// cipher suite, config id, enc and payload; its server_name is then the
// outer, public name, the real one being encrypted), the
// HelloRetryRequest's confirmation (the server accepted ECH), and the
// retry_configs of an EncryptedExtensions when it is readable (the server
// rejected the offer and sends the configs to use).
//
// A GREASE offer (RFC 9849 §6.2) is built to look like a real one: random
// config id, enc and payload of the real sizes. On the wire the two differ
// only in what the server does: a HelloRetryRequest confirmation proves a
// real, accepted offer; retry configs answer a real offer with a stale
// config and GREASE alike. tlsdump says "accepted" when it is proven and
// otherwise "real or GREASE".

// echInfo is the ECH of a flow.
type echInfo struct {
	ext          wire.EncryptedClientHelloExtension // the first ClientHello's
	kem          wire.HPKEKEM                       // from the length of enc; 0 when no KEM has it
	accepted     bool                               // a HelloRetryRequest carried the confirmation
	retryConfigs wire.ECHConfigList                 // from EncryptedExtensions
}

// echKEMByEncLen gives the HPKE KEM whose encapsulated key has this length
// (RFC 9180 §7.1 Nenc; the ML-KEM and hybrid drafts): the ClientHello
// names the KDF and AEAD but not the KEM, which is the config's.
var echKEMByEncLen = map[int]wire.HPKEKEM{
	32:   wire.HPKEDHKEMX25519,
	56:   wire.HPKEDHKEMX448,
	65:   wire.HPKEDHKEMP256,
	97:   wire.HPKEDHKEMP384,
	133:  wire.HPKEDHKEMP521,
	1088: wire.HPKEMLKEM768,
	1120: wire.HPKEXWing,
	1568: wire.HPKEMLKEM1024,
}

// deriveECH fills fi.ech from the hellos (and fi.echRetry, set by analyze
// from an EncryptedExtensions).
func (fi *flowInfo) deriveECH() {
	if len(fi.clientHellos) == 0 {
		return
	}
	e := &fi.echStore
	if found, err := fi.clientHellos[0].Extensions.Decode(wire.ExtensionEncryptedClientHello, wire.InClientHello, &e.ext); !found || err != nil {
		return
	}
	fi.ech = e
	e.kem = 0
	if e.ext.Type == wire.ECHClientHelloOuter {
		e.kem = echKEMByEncLen[len(e.ext.Enc)]
	}
	e.accepted = false
	var hrrECH wire.EncryptedClientHelloExtension
	for _, sh := range fi.serverHellos {
		if sh.IsHelloRetryRequest() {
			if found, err := sh.Extensions.Decode(wire.ExtensionEncryptedClientHello, wire.InHelloRetryRequest, &hrrECH); found && err == nil && len(hrrECH.Confirmation) == 8 {
				e.accepted = true
			}
		}
	}
	e.retryConfigs = fi.echRetry
}

// echStatus says what is known of the offer.
func (e *echInfo) status() string {
	switch {
	case e.accepted:
		return "accepted"
	case len(e.retryConfigs) > 0:
		return "retry configs sent (real or GREASE)"
	}
	return "real or GREASE"
}

// appendECHText appends the "ech" line and one line per retry config.
func appendECHText(b []byte, e *echInfo) []byte {
	x := &e.ext
	b = label(b, "ech")
	if x.Type != wire.ECHClientHelloOuter {
		b = append(b, "type "...)
		b = strconv.AppendUint(b, uint64(x.Type), 10)
		return append(b, '\n')
	}
	b = append(b, e.status()...)
	b = append(b, ", config id "...)
	b = strconv.AppendUint(b, uint64(x.ConfigID), 10)
	if e.kem != 0 {
		b = append(b, ", kem "...)
		b = append(b, e.kem.String()...)
	}
	b = append(b, ", kdf "...)
	b = append(b, wire.HPKEKDF(x.CipherSuite.KDFID).String()...)
	b = append(b, ", aead "...)
	b = append(b, wire.HPKEAEAD(x.CipherSuite.AEADID).String()...)
	b = append(b, ", payload "...)
	b = strconv.AppendInt(b, int64(len(x.Payload)), 10)
	b = append(b, " bytes\n"...)
	for _, c := range e.retryConfigs {
		if c.Version != wire.ECHConfigVersion {
			b = line(b, "ech retry", "config of version 0x"+strconv.FormatUint(uint64(c.Version), 16))
			continue
		}
		var suites []string
		for _, s := range c.CipherSuites {
			suites = append(suites, wire.HPKEKDF(s.KDFID).String()+"/"+wire.HPKEAEAD(s.AEADID).String())
		}
		b = line(b, "ech retry", "public name "+string(c.PublicName)+", config id "+strconv.Itoa(int(c.ConfigID))+", kem "+wire.HPKEKEM(c.KEMID).String()+", suites "+strings.Join(suites, ","))
	}
	return b
}

// appendECHJSON appends the "ech" object (docs/json.md).
// sni is the server name of the outer ClientHello.
func appendECHJSON(b []byte, e *echInfo, sni string) []byte {
	x := &e.ext
	b = strconv.AppendUint(jsonappend.Open(jsonappend.Key(b, "ech"), "type"), uint64(x.Type), 10)
	typeName := "unassigned"
	switch x.Type {
	case wire.ECHClientHelloOuter:
		typeName = "outer"
	case wire.ECHClientHelloInner:
		typeName = "inner"
	}
	b = jstr(b, "type_name", typeName)
	if x.Type == wire.ECHClientHelloOuter {
		b = jstr(b, "status", e.status())
		if sni != "" {
			b = jstr(b, "outer_server_name", sni)
		}
		b = jint(b, "config_id", int(x.ConfigID))
		if e.kem != 0 {
			b = jhpke(b, "kem_id", e.kem)
		}
		b = jhpke(b, "kdf_id", wire.HPKEKDF(x.CipherSuite.KDFID))
		b = jhpke(b, "aead_id", wire.HPKEAEAD(x.CipherSuite.AEADID))
		b = jint(b, "enc_len", len(x.Enc))
		b = jint(b, "payload_len", len(x.Payload))
		b = jbool(b, "accepted", e.accepted)
	}
	if len(e.retryConfigs) > 0 {
		b = append(jsonappend.Key(b, "retry_configs"), '[')
		for i, c := range e.retryConfigs {
			b = strconv.AppendUint(jsonappend.Open(elem(b, i), "version"), uint64(c.Version), 10)
			if c.Version == wire.ECHConfigVersion {
				b = jint(b, "config_id", int(c.ConfigID))
				b = jhpke(b, "kem_id", wire.HPKEKEM(c.KEMID))
				b = jsonappend.Text(jsonappend.Key(b, "public_name"), c.PublicName)
				b = append(jsonappend.Key(b, "cipher_suites"), '[')
				for j, s := range c.CipherSuites {
					b = jsonappend.Open(elem(b, j), "kdf_id")
					b = strconv.AppendUint(b, uint64(s.KDFID), 10)
					b = jstr(b, "kdf_id_name", hpkeName(wire.HPKEKDF(s.KDFID)))
					b = append(jhpke(b, "aead_id", wire.HPKEAEAD(s.AEADID)), '}')
				}
				b = append(b, ']')
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// hpkeName is the JSON name of an HPKE registry value (no GREASE there):
// its name or "unassigned".
func hpkeName[T registryValue](v T) string {
	if v.Known() {
		return v.String()
	}
	return "unassigned"
}

// jhpke appends `,"k":N,"k_name":"name"` for an HPKE registry value.
func jhpke[T registryValue](b []byte, k string, v T) []byte {
	return jstr(jint(b, k, int(v)), k+"_name", hpkeName(v))
}
