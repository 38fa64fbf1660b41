package main

import (
	"strconv"
	"sync"
	"time"

	"github.com/tlswire/tlswire/internal/jsonappend"
	"github.com/tlswire/tlswire/pcap"
	"github.com/tlswire/tlswire/wire"
)

// JSON Lines output: one object per flow, appended to a reused buffer
// without reflection. The keys are documented in docs/json.md, "tlsdump
// flow object"; the hello objects are rendered by wire.AppendMessageJSON.
//
// The helpers are wire's (internal/jsonappend) and follow its rule: a
// member is appended with its comma before it (`,"key":value`), and an
// object starts with its first member (jsonappend.Open), so no helper
// looks at what was written before it.

// elem appends the comma before element i of an array.
func elem(b []byte, i int) []byte {
	if i > 0 {
		b = append(b, ',')
	}
	return b
}

// jstr appends `,"k":"v"`.
func jstr(b []byte, k, v string) []byte { return jsonappend.Text(jsonappend.Key(b, k), v) }

// jint appends `,"k":v`.
func jint(b []byte, k string, v int) []byte {
	return strconv.AppendInt(jsonappend.Key(b, k), int64(v), 10)
}

// jbool appends `,"k":true` or false.
func jbool(b []byte, k string, v bool) []byte { return strconv.AppendBool(jsonappend.Key(b, k), v) }

// timeLayout is the one form of every JSON time: RFC 3339 in UTC, always
// nine fractional digits, and Z.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// appendTime appends t in UTC as an RFC 3339 JSON string (timeLayout).
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, timeLayout)
	return append(b, '"')
}

// registryValue is a wire registry type: a number with Known and String.
type registryValue interface {
	~uint8 | ~uint16
	Known() bool
	String() string
}

// jsonName is the JSON name of a registry value (docs/json.md, "GREASE
// and unassigned values"): its name, "GREASE" or "unassigned".
func jsonName[T registryValue](v T) string {
	switch {
	case wire.IsGREASE(uint16(v)):
		return "GREASE"
	case v.Known():
		return v.String()
	}
	return "unassigned"
}

// jreg appends `,"k":N,"k_name":"name"`.
func jreg[T registryValue](b []byte, k string, v T) []byte {
	b = jint(b, k, int(v))
	return jstr(b, k+"_name", jsonName(v))
}

// jregs appends `,"k":[N,...],"kn":["name",...]`, the numbers and names
// of a list of registry values as parallel arrays.
func jregs[T registryValue](b []byte, k, kn string, vs []uint16) []byte {
	b = ju16s(b, k, vs)
	b = append(jsonappend.Key(b, kn), '[')
	for i, v := range vs {
		b = jsonappend.Text(elem(b, i), jsonName(T(v)))
	}
	return append(b, ']')
}

// jtime appends `,"k":"RFC 3339 time in UTC"`.
func jtime(b []byte, k string, t time.Time) []byte { return appendTime(jsonappend.Key(b, k), t) }

// jstrs appends `,"k":["v",...]`.
func jstrs(b []byte, k string, vs []string) []byte {
	b = append(jsonappend.Key(b, k), '[')
	for i, v := range vs {
		b = jsonappend.Text(elem(b, i), v)
	}
	return append(b, ']')
}

// ju16s appends `,"k":[v,...]`.
func ju16s(b []byte, k string, vs []uint16) []byte {
	b = append(jsonappend.Key(b, k), '[')
	for i, v := range vs {
		b = strconv.AppendUint(elem(b, i), uint64(v), 10)
	}
	return append(b, ']')
}

// dirCode is the JSON "dir" value: "c" for client to server, "s" for server to client.
func dirCode(d pcap.Direction) string {
	if d == pcap.ClientToServer {
		return "c"
	}
	return "s"
}

// appendFlowJSON appends the flow's JSON object and a newline; file, when
// not empty, names the capture it came from.
func appendFlowJSON(b []byte, fi *flowInfo, file string) []byte {
	f := fi.f
	b = appendEndpointsJSON(b, f)
	if file != "" {
		b = jstr(b, "file", file)
	}
	b = jstr(b, "community_id", communityID(f))
	b = appendNegotiatedJSON(b, fi)
	b = appendFingerprintsJSON(b, fi)
	b = appendOfferedJSON(b, fi)
	b = appendMessageListJSON(b, fi)
	b = appendHellosJSON(b, fi)
	if len(fi.certs) > 0 {
		b = appendCertsJSON(jsonappend.Key(b, "certificates"), fi.certs)
	}
	if len(fi.clientCerts) > 0 {
		b = appendCertsJSON(jsonappend.Key(b, "client_certificates"), fi.clientCerts)
	}
	b = appendDecryptionJSON(b, fi)
	b = appendAlertsJSON(b, f.Alerts)
	b = appendEncryptedJSON(b, &f.Encrypted)
	b = jstr(b, "end", string(f.End))
	b = appendErrorsJSON(b, fi)
	return append(b, '}', '\n')
}

// appendEndpointsJSON opens the flow object: times, transport, protocol,
// preamble and the two endpoints.
func appendEndpointsJSON(b []byte, f *pcap.Flow) []byte {
	b = appendTime(jsonappend.Open(b, "ts"), f.First)
	b = jtime(b, "end_ts", f.Last)
	b = jstr(b, "transport", string(f.Transport))
	b = jstr(b, "protocol", string(f.Protocol))
	if f.Preamble != "" {
		b = jstr(b, "preamble", f.Preamble)
	}
	b = jstr(b, "client", f.Client.String())
	return jstr(b, "server", f.Server.String())
}

// appendNegotiatedJSON appends what the handshake settled: server name,
// version, cipher, group, ALPN and its state.
func appendNegotiatedJSON(b []byte, fi *flowInfo) []byte {
	if fi.sni != "" {
		b = jstr(b, "server_name", fi.sni)
	}
	if fi.ech != nil {
		b = appendECHJSON(b, fi.ech, fi.sni)
	}
	// version, cipher and group are the names, as they always were;
	// the number-and-name pairs of the rule follow each.
	if fi.version != 0 {
		b = jstr(b, "version", versionName(fi.version))
		b = jreg(b, "selected_version", wire.ProtocolVersion(fi.version))
	}
	if fi.hasCipher {
		b = jstr(b, "cipher", wire.CipherSuite(fi.cipher).String())
		b = jreg(b, "cipher_suite", wire.CipherSuite(fi.cipher))
	}
	if fi.sslv2 != nil {
		b = appendSSLv2JSON(b, fi)
	}
	if fi.hasGroup {
		b = jstr(b, "group", wire.NamedGroup(fi.group).String())
		b = jreg(b, "named_group", wire.NamedGroup(fi.group))
	}
	if fi.alpnOffered != nil {
		b = jstrs(b, "alpn_offered", fi.alpnOffered)
	}
	if fi.alpn != "" {
		b = jstr(b, "alpn", fi.alpn)
	}
	b = jbool(b, "hello_retry", fi.hrr)
	b = jbool(b, "resumed", fi.resumed)
	return jbool(b, "established", fi.established)
}

// appendFingerprintsJSON appends JA3 and JA4 of the first ClientHello and
// JA3S and JA4S of the ServerHello.
func appendFingerprintsJSON(b []byte, fi *flowInfo) []byte {
	if len(fi.clientHellos) > 0 {
		b = jstr(b, "ja3", fi.ja3.Hash)
		b = jstr(b, "ja3_full", fi.ja3.Full)
		b = jstr(b, "ja4", fi.ja4.JA4)
		b = jstr(b, "ja4_r", fi.ja4.Raw)
		b = jstr(b, "ja4_o", fi.ja4.Orig)
		b = jstr(b, "ja4_ro", fi.ja4.RawO)
	}
	if fi.hasJA3S {
		b = jstr(b, "ja3s", fi.ja3s.Hash)
		b = jstr(b, "ja3s_full", fi.ja3s.Full)
		b = jstr(b, "ja4s", fi.ja4s.JA4S)
		b = jstr(b, "ja4s_r", fi.ja4s.Raw)
	}
	return b
}

// offeredLists holds the typed extension values the offered lists are
// decoded into, reused across flows through offeredListsPool (a value
// aliases the last body decoded into it until it is reused).
type offeredLists struct {
	groups  wire.SupportedGroupsExtension
	sigalgs wire.SignatureAlgorithmsExtension
}

var offeredListsPool = sync.Pool{New: func() any { return new(offeredLists) }}

// appendOfferedJSON appends the first ClientHello's supported groups,
// signature algorithms and supported versions, numbers and names. A list whose
// extension does not decode is left out.
func appendOfferedJSON(b []byte, fi *flowInfo) []byte {
	if len(fi.clientHellos) == 0 {
		return b
	}
	exts := fi.clientHellos[0].Extensions
	l := offeredListsPool.Get().(*offeredLists)
	if found, err := exts.Decode(wire.ExtensionSupportedGroups, wire.InClientHello, &l.groups); found && err == nil {
		b = jregs[wire.NamedGroup](b, "supported_groups", "supported_group_names", l.groups.Groups)
	}
	if found, err := exts.Decode(wire.ExtensionSignatureAlgorithms, wire.InClientHello, &l.sigalgs); found && err == nil {
		b = jregs[wire.SignatureScheme](b, "signature_algorithms", "signature_algorithm_names", l.sigalgs.Algorithms)
	}
	offeredListsPool.Put(l)
	if fi.supportedVers != nil {
		b = jregs[wire.ProtocolVersion](b, "supported_versions", "supported_version_names", fi.supportedVers)
	}
	return b
}

// appendMessageListJSON appends "messages": direction, type, name and
// length of every handshake message.
func appendMessageListJSON(b []byte, fi *flowInfo) []byte {
	b = append(jsonappend.Key(b, "messages"), '[')
	for i := range fi.msgs {
		m := fi.msgs[i].m
		b = jsonappend.Text(jsonappend.Open(elem(b, i), "dir"), dirCode(m.Dir))
		b = jint(b, "type", int(m.Type))
		b = jstr(b, "name", m.Type.String())
		b = jint(b, "len", len(fi.msgs[i].body))
		if m.SSLv2 {
			b = jbool(b, "sslv2", true)
		}
		if m.Decrypted {
			b = jbool(b, "decrypted", true)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendHellosJSON appends the first ClientHello and the ServerHello that
// was answered, rendered by wire, and every hello when there are several.
func appendHellosJSON(b []byte, fi *flowInfo) []byte {
	if len(fi.clientHellos) > 0 {
		b = jsonappend.Key(b, "client_hello")
		first := len(b)
		b = wire.AppendMessageJSON(b, fi.clientHellos[0])
		end := len(b)
		if len(fi.clientHellos) > 1 {
			b = append(jsonappend.Key(b, "client_hellos"), '[')
			b = append(b, b[first:end]...) // the first one again, not rendered twice
			for _, ch := range fi.clientHellos[1:] {
				b = wire.AppendMessageJSON(append(b, ','), ch)
			}
			b = append(b, ']')
		}
	}
	if len(fi.serverHellos) > 0 {
		sh := fi.sh
		if sh == nil {
			sh = fi.serverHellos[len(fi.serverHellos)-1]
		}
		b = wire.AppendMessageJSON(jsonappend.Key(b, "server_hello"), sh)
		if len(fi.serverHellos) > 1 {
			b = append(jsonappend.Key(b, "server_hellos"), '[')
			for i, sh := range fi.serverHellos {
				b = wire.AppendMessageJSON(elem(b, i), sh)
			}
			b = append(b, ']')
		}
	}
	return b
}

// appendCertsJSON appends a certificate chain summary, leaf first.
func appendCertsJSON(b []byte, cs []*certInfo) []byte {
	b = append(b, '[')
	for i, c := range cs {
		b = jsonappend.Text(jsonappend.Open(elem(b, i), "sha256"), c.SHA256)
		b = jint(b, "len", len(c.DER))
		if c.Err != "" {
			b = jstr(b, "error", c.Err)
		} else {
			b = jstr(b, "subject", c.Subject)
			b = jstr(b, "issuer", c.Issuer)
			b = jstr(b, "serial", c.Serial)
			b = jtime(b, "not_before", c.NotBefore)
			b = jtime(b, "not_after", c.NotAfter)
			if len(c.DNSNames) > 0 {
				b = jstrs(b, "dns_names", c.DNSNames)
			}
			if len(c.IPs) > 0 {
				b = jstrs(b, "ip_addresses", c.IPs)
			}
			b = jstr(b, "signature_algorithm", c.SigAlg)
			b = jstr(b, "public_key_algorithm", c.KeyAlg)
			b = jbool(b, "is_ca", c.IsCA)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendAlertsJSON appends "alerts" if there are any.
func appendAlertsJSON(b []byte, alerts []pcap.Alert) []byte {
	if len(alerts) == 0 {
		return b
	}
	b = append(jsonappend.Key(b, "alerts"), '[')
	for i, a := range alerts {
		b = jsonappend.Text(jsonappend.Open(elem(b, i), "dir"), dirCode(a.Dir))
		b = jstr(b, "level", a.Level.String())
		b = jstr(b, "description", a.Description.String())
		al := wire.Alert{Level: a.Level, Description: a.Description}
		b = wire.AppendAlertJSON(jsonappend.Key(b, "alert"), &al)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendEncryptedJSON appends the protected records and bytes counted in
// each direction.
func appendEncryptedJSON(b []byte, enc *[2]pcap.Counts) []byte {
	b = jsonappend.Key(b, "encrypted")
	for d := range enc {
		if d == 0 {
			b = jsonappend.Open(b, dirCode(pcap.Direction(d)))
		} else {
			b = jsonappend.Key(b, dirCode(pcap.Direction(d)))
		}
		b = strconv.AppendUint(jsonappend.Open(b, "records"), enc[d].Records, 10)
		b = append(strconv.AppendUint(jsonappend.Key(b, "bytes"), enc[d].Bytes, 10), '}')
	}
	return append(b, '}')
}

// appendErrorsJSON appends "errors": the capture problems, the decoding
// errors and the number of problems not kept, if there are any.
func appendErrorsJSON(b []byte, fi *flowInfo) []byte {
	f := fi.f
	if len(f.Problems) == 0 && len(fi.decodeErrors) == 0 && f.ProblemsDropped == 0 {
		return b
	}
	b = append(jsonappend.Key(b, "errors"), '[')
	n := 0
	for _, p := range f.Problems {
		b = jsonappend.Text(jsonappend.Open(elem(b, n), "kind"), string(p.Kind))
		b = jstr(b, "dir", dirCode(p.Dir))
		b = append(jstr(b, "detail", p.Detail), '}')
		n++
	}
	for _, e := range fi.decodeErrors {
		b = jsonappend.Text(jsonappend.Open(elem(b, n), "kind"), "decode")
		b = jstr(b, "dir", dirCode(e.dir))
		b = jint(b, "message", int(e.typ))
		b = jstr(b, "message_name", e.typ.String())
		b = append(jstr(b, "detail", e.String()), '}')
		n++
	}
	if f.ProblemsDropped > 0 {
		b = jsonappend.Text(jsonappend.Open(elem(b, n), "kind"), "dropped")
		b = append(jstr(b, "detail", strconv.Itoa(f.ProblemsDropped)+" more problems not kept"), '}')
	}
	return append(b, ']')
}
