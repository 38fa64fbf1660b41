package tlsgen

import "crypto/tls"

// Scenarios returns the standard set of handshakes the tests and generators
// use: TLS 1.0 to 1.3, RSA and ECDSA, client auth, resumption, HRR, ALPN,
// SNI and the default X25519MLKEM768 key share.
func Scenarios() ([]Scenario, error) {
	p, err := TestPKI()
	if err != nil {
		return nil, err
	}
	app := []byte("GET / HTTP/1.1\r\nHost: example.test\r\n\r\n")
	rsaServer := &tls.Config{Certificates: []tls.Certificate{p.RSA}, MinVersion: tls.VersionTLS10}
	ecServer := &tls.Config{Certificates: []tls.Certificate{p.ECDSA}, MinVersion: tls.VersionTLS10}
	v := func(min, max uint16) *tls.Config {
		return &tls.Config{ServerName: "example.test", RootCAs: p.Pool, MinVersion: min, MaxVersion: max}
	}
	withALPN := func(c *tls.Config, protos ...string) *tls.Config { c.NextProtos = protos; return c }
	clientAuth := func(c *tls.Config) *tls.Config {
		c = c.Clone()
		c.ClientAuth = tls.RequireAnyClientCert
		return c
	}
	withCert := func(c *tls.Config) *tls.Config { c.Certificates = []tls.Certificate{p.Client}; return c }
	rsaKX := func(c *tls.Config) *tls.Config {
		c.CipherSuites = []uint16{tls.TLS_RSA_WITH_AES_128_GCM_SHA256}
		return c
	}
	// A server certificate with an OCSP staple and SCTs: the client asks
	// for both by default, so TLS 1.2 carries a CertificateStatus message
	// and the signed_certificate_timestamp extension in the clear.
	staple := p.ECDSA
	staple.OCSPStaple = []byte("tlswire test OCSP response (opaque to the TLS layer)")
	staple.SignedCertificateTimestamps = [][]byte{[]byte("tlswire test SCT 1"), []byte("tlswire test SCT 2")}
	stapling := &tls.Config{Certificates: []tls.Certificate{staple}, MinVersion: tls.VersionTLS10}
	ech, err := NewECHKeys(42, "public.example.test")
	if err != nil {
		return nil, err
	}
	withECH := func(c *tls.Config) *tls.Config { c.EncryptedClientHelloConfigList = ech.ConfigList; return c }
	echServer := func(c *tls.Config) *tls.Config {
		c = c.Clone()
		c.EncryptedClientHelloKeys = ech.ServerKeys
		return c
	}
	hrrServer := &tls.Config{Certificates: []tls.Certificate{p.ECDSA}, CurvePreferences: []tls.CurveID{tls.CurveP384}}
	return []Scenario{
		{Name: "tls13-default", Client: v(0, 0), Server: ecServer, AppData: app},
		{Name: "tls13-alpn-rsa", Client: withALPN(v(0, 0), "h2", "http/1.1"), Server: withALPN(rsaServer.Clone(), "h2"), AppData: app},
		{Name: "tls13-x25519", Client: func() *tls.Config { c := v(0, 0); c.CurvePreferences = []tls.CurveID{tls.X25519}; return c }(), Server: ecServer},
		{Name: "tls13-hrr", Client: v(0, 0), Server: hrrServer, AppData: app},
		{Name: "tls13-client-auth", Client: withCert(v(0, 0)), Server: clientAuth(ecServer)},
		{Name: "tls13-resume", Client: v(0, 0), Server: ecServer, Resume: true, AppData: app},
		{Name: "tls12-ecdhe-ecdsa", Client: v(tls.VersionTLS12, tls.VersionTLS12), Server: ecServer, AppData: app},
		{Name: "tls12-ecdhe-rsa-alpn", Client: withALPN(v(tls.VersionTLS12, tls.VersionTLS12), "http/1.1"), Server: withALPN(rsaServer.Clone(), "http/1.1"), AppData: app},
		{Name: "tls12-rsa-kx", Client: rsaKX(v(tls.VersionTLS12, tls.VersionTLS12)), Server: rsaKX(rsaServer.Clone())},
		{Name: "tls12-client-auth", Client: withCert(v(tls.VersionTLS12, tls.VersionTLS12)), Server: clientAuth(ecServer)},
		{Name: "tls12-resume", Client: v(tls.VersionTLS12, tls.VersionTLS12), Server: ecServer, Resume: true, AppData: app},
		{Name: "tls11-ecdhe-rsa", Client: v(tls.VersionTLS11, tls.VersionTLS11), Server: rsaServer},
		{Name: "tls10-ecdhe-rsa", Client: v(tls.VersionTLS10, tls.VersionTLS10), Server: rsaServer},
		// Appended last so that, under a seeded random source, the
		// scenarios above keep their bytes.
		{Name: "tls12-ocsp-sct", Client: v(tls.VersionTLS12, tls.VersionTLS12), Server: stapling, AppData: app},
		{Name: "tls13-ech", Client: withECH(v(tls.VersionTLS13, 0)), Server: echServer(ecServer), AppData: app},
		{Name: "tls13-ech-hrr", Client: withECH(v(tls.VersionTLS13, 0)), Server: echServer(hrrServer)},
	}, nil
}
