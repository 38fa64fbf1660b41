package main

import (
	"bytes"
	"crypto/ecdh"
	"crypto/tls"
	"crypto/x509"
	"encoding/binary"
	"encoding/pem"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/cryptotest"

	"github.com/tlswire/tlswire/internal/tlsgen"
)

// testdata/decrypt.pcapng and testdata/decrypt.keylog are crypto/tls
// handshakes and the key log their clients wrote (KeyLogWriter), made
// reproducibly as the shipped capture is; TestDecryptCapture regenerates
// and compares them (-update rewrites them and the golden outputs).
const (
	decryptCapture = "testdata/decrypt.pcapng"
	decryptKeyLog  = "testdata/decrypt.keylog"
)

// decryptScenarios are the tlsgen scenarios of the decryption capture.
var decryptScenarios = []string{
	"tls13-alpn-rsa",       // TLS 1.3: ALPN h2 in EncryptedExtensions, certificate chain
	"tls13-client-auth",    // CertificateRequest, client certificate
	"tls13-resume",         // PSK resumption: NewSessionTicket of the first connection's
	"tls12-ecdhe-rsa-alpn", // TLS 1.2: the Finished messages
}

// buildDecrypt makes the decryption capture and its key log.
func buildDecrypt(t *testing.T) (capture, keyLog []byte) {
	cryptotest.SetGlobalRandom(t, 2)
	tlsgen.ResetPKI()
	defer tlsgen.ResetPKI()
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	w := newCaptureWriter(t)
	ts := tlsgen.Clock
	for i, name := range decryptScenarios {
		for _, s := range ss {
			if s.Name != name {
				continue
			}
			s.Client = s.Client.Clone()
			s.Client.KeyLogWriter = &log
			c, err := tlsgen.Run(s)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			cli := netip.AddrPortFrom(netip.MustParseAddr("192.0.2.30"), uint16(51000+i))
			ts = w.conn(cli, netip.MustParseAddrPort("198.51.100.40:443"), uint32(7000*(i+1)), ts, c)
		}
	}
	return bytes.Clone(w.bytes()), log.Bytes()
}

// withSecretsBlock inserts a pcapng Decryption Secrets Block of type TLS
// (pcapng §4.7) holding keyLog after the section's first two blocks (the
// Section Header and Interface Description pcapgo writes).
func withSecretsBlock(capture, keyLog []byte) []byte {
	off := 0
	for range 2 {
		off += int(binary.LittleEndian.Uint32(capture[off+4:]))
	}
	pad := (4 - len(keyLog)%4) % 4
	n := uint32(20 + len(keyLog) + pad)
	b := binary.LittleEndian.AppendUint32(nil, 0x0a)
	b = binary.LittleEndian.AppendUint32(b, n)
	b = binary.LittleEndian.AppendUint32(b, 0x544c534b)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(keyLog)))
	b = append(append(b, keyLog...), make([]byte, pad)...)
	b = binary.LittleEndian.AppendUint32(b, n)
	return append(append(append([]byte(nil), capture[:off]...), b...), capture[off:]...)
}

// TestDecryptCapture decrypts the generated capture with -keylog, and the
// same capture with its key log in a Decryption Secrets Block without a
// flag: the TLS 1.3 flows show what only decryption shows.
func TestDecryptCapture(t *testing.T) {
	capture, keyLog := buildDecrypt(t)
	if *update {
		if err := os.WriteFile(decryptCapture, capture, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(decryptKeyLog, keyLog, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, got := range map[string][]byte{decryptCapture: capture, decryptKeyLog: keyLog} {
		if want, err := os.ReadFile(name); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("%s is stale or missing (%v): run go test ./cmd/tlsdump -run TestDecryptCapture -update", name, err)
		}
	}
	text := mustRun(t, "-keylog", decryptKeyLog, decryptCapture)
	golden(t, "decrypt.txt", text)
	js := mustRun(t, "-json", "-keylog", decryptKeyLog, decryptCapture)
	golden(t, "decrypt.jsonl", js)

	dsb := filepath.Join(t.TempDir(), "dsb.pcapng")
	if err := os.WriteFile(dsb, withSecretsBlock(capture, keyLog), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := mustRun(t, "-json", dsb); got != js {
		t.Errorf("with a Decryption Secrets Block:\n%s", lineDiff(js, got))
	}

	flows := decodeLines(t, js)
	if len(flows) != len(decryptScenarios) {
		t.Fatalf("%d flows", len(flows))
	}
	decrypted := func(obj map[string]any) (n int) {
		for _, m := range obj["messages"].([]any) {
			if m.(map[string]any)["decrypted"] == true {
				n++
			}
		}
		return n
	}
	for i, want := range []struct {
		alpn       string
		decrypted  int
		clientCert bool
		tickets    bool
	}{
		{"h2", 5, false, false},
		{"", 8, true, false},
		{"", 4, false, true},
		{"http/1.1", 2, false, false},
	} {
		f := flows[i]
		if str(f, "decryption") != "decrypted" || str(f, "alpn") != want.alpn || decrypted(f) != want.decrypted ||
			(f["client_certificates"] != nil) != want.clientCert || (f["session_tickets"] != nil) != want.tickets {
			t.Errorf("%s: decryption %q, alpn %q, %d decrypted messages, client certificates %v, tickets %v", decryptScenarios[i],
				str(f, "decryption"), str(f, "alpn"), decrypted(f), f["client_certificates"] != nil, f["session_tickets"] != nil)
		}
		if strings.HasPrefix(decryptScenarios[i], "tls13") && i != 2 && f["certificates"] == nil {
			t.Errorf("%s: no certificates", decryptScenarios[i])
		}
	}

	// Without keys: nothing decrypted, and no decryption member.
	plain := decodeLines(t, mustRun(t, "-json", decryptCapture))
	for i, f := range plain {
		if f["decryption"] != nil || decrypted(f) != 0 {
			t.Errorf("flow %d without keys: %v", i, f["decryption"])
		}
	}
	// A key log with garbage: the lines are reported, the rest is used.
	bad := filepath.Join(t.TempDir(), "bad.keylog")
	os.WriteFile(bad, append([]byte("CLIENT_RANDOM zz\n"), keyLog...), 0o644)
	code, out, errOut := tlsdump(t, nil, "-json", "-keylog", bad, decryptCapture)
	if code != 0 || out != js || !strings.Contains(errOut, "line 1") {
		t.Errorf("garbage key log: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := tlsdump(t, nil, "-keylog", filepath.Join(t.TempDir(), "missing"), decryptCapture); code != exitUnreadable {
		t.Errorf("missing key log: exit %d", code)
	}
}

// TestDecryptDocs checks that docs/tlsdump.md shows the current output of
// the decryption commands it quotes.
func TestDecryptDocs(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "tlsdump.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, port := range []string{"51000", "51002"} {
		if out := mustRun(t, "-keylog", decryptKeyLog, "-port", port, decryptCapture); !strings.Contains(string(doc), strings.TrimRight(out, "\n")) {
			t.Errorf("docs/tlsdump.md does not show the current output of tlsdump -keylog -port %s", port)
		}
	}
	js := mustRun(t, "-json", "-keylog", decryptKeyLog, "-port", "51002", decryptCapture)
	for _, member := range []string{`"messages":[`, `"decryption":"decrypted","session_tickets":[`} {
		i := strings.Index(js, member)
		j := strings.Index(string(doc), member)
		if i < 0 || j < 0 {
			t.Fatalf("%s missing", member)
		}
		line := js[i:]
		line = line[:strings.Index(line, "]")+1]
		if !strings.Contains(string(doc), line) {
			t.Errorf("docs/tlsdump.md does not show the current %s", member)
		}
	}
}

// TestECHKey: with -ech-key (the PEM file an ECH server loads) and the key
// log, the inner ClientHello of an accepted ECH is shown beside the outer
// one and the handshake decrypts; without it, the flow has no key.
func TestECHKey(t *testing.T) {
	ss, err := tlsgen.Scenarios()
	if err != nil {
		t.Fatal(err)
	}
	var s tlsgen.Scenario
	for _, sc := range ss {
		if sc.Name == "tls13-ech" {
			s = sc
		}
	}
	c, log, err := tlsgen.RunWithKeyLog(s)
	if err != nil {
		t.Fatal(err)
	}
	w := newCaptureWriter(t)
	w.conn(netip.MustParseAddrPort("192.0.2.30:52000"), netip.MustParseAddrPort("198.51.100.40:443"), 1, tlsgen.Clock, c)
	dir := t.TempDir()
	capture, keyLog, echKey := filepath.Join(dir, "ech.pcapng"), filepath.Join(dir, "keylog"), filepath.Join(dir, "ech.pem")
	os.WriteFile(capture, w.bytes(), 0o644)
	os.WriteFile(keyLog, log, 0o644)
	k := s.Server.EncryptedClientHelloKeys[0]
	priv, err := ecdh.X25519().NewPrivateKey(k.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	list := binary.BigEndian.AppendUint16(nil, uint16(len(k.Config)))
	list = append(list, k.Config...)
	pemData := append(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "ECHCONFIG", Bytes: list})...)
	os.WriteFile(echKey, pemData, 0o644)

	f := decodeLines(t, mustRun(t, "-json", "-keylog", keyLog, "-ech-key", echKey, capture))[0]
	if str(f, "inner_server_name") != "example.test" || f["inner_client_hello"] == nil || str(f, "decryption") != "decrypted" {
		t.Errorf("inner server name %q, decryption %q", str(f, "inner_server_name"), str(f, "decryption"))
	}
	if text := mustRun(t, "-keylog", keyLog, "-ech-key", echKey, capture); !strings.Contains(text, "  ech inner     server name example.test") {
		t.Errorf("text:\n%s", text)
	}
	f = decodeLines(t, mustRun(t, "-json", "-keylog", keyLog, capture))[0]
	if f["inner_client_hello"] != nil || str(f, "decryption") != "undecryptable" {
		t.Errorf("without -ech-key: decryption %q", str(f, "decryption"))
	}
}

// TestECHRetryConfigs: a crypto/tls server that does not know the client's
// ECH config rejects it and sends its own in the EncryptedExtensions
// (RFC 9849 §7.1); with the key log, tlsdump decrypts them and shows them
// in the flow's ech object.
func TestECHRetryConfigs(t *testing.T) {
	offered, err := tlsgen.NewECHKeys(7, "public.example.test")
	if err != nil {
		t.Fatal(err)
	}
	server, err := tlsgen.NewECHKeys(9, "public.example.test")
	if err != nil {
		t.Fatal(err)
	}
	pki, err := tlsgen.TestPKI()
	if err != nil {
		t.Fatal(err)
	}
	var log bytes.Buffer
	s := tlsgen.Scenario{
		Name: "tls13-ech-rejected",
		Client: &tls.Config{ServerName: "example.test", RootCAs: pki.Pool, MinVersion: tls.VersionTLS13,
			EncryptedClientHelloConfigList: offered.ConfigList, KeyLogWriter: &log},
		Server: &tls.Config{Certificates: []tls.Certificate{pki.ECDSA}, EncryptedClientHelloKeys: server.ServerKeys},
		Fails:  true,
	}
	c, err := tlsgen.Run(s)
	if err != nil {
		t.Fatal(err)
	}
	w := newCaptureWriter(t)
	w.conn(netip.MustParseAddrPort("192.0.2.30:52000"), netip.MustParseAddrPort("198.51.100.40:443"), 9000, tlsgen.Clock, c)
	dir := t.TempDir()
	capture, keyLog := filepath.Join(dir, "ech.pcapng"), filepath.Join(dir, "ech.keylog")
	if err := os.WriteFile(capture, w.bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyLog, log.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	without := mustRun(t, "-json", capture)
	if strings.Contains(without, `"retry_configs"`) {
		t.Fatal("retry configs shown without the key log")
	}
	out := mustRun(t, "-json", "-keylog", keyLog, capture)
	for _, want := range []string{`"config_id":7`, `"retry_configs":[{"version":65037,"config_id":9`, `"public_name":"public.example.test"`, `"status":"retry configs sent (real or GREASE)"`} {
		if !strings.Contains(out, want) {
			t.Errorf("no %s in %s", want, out)
		}
	}
}
