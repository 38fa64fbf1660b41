package corpusexport

// OpenSSLStream returns the input of OpenSSL's fuzz/server (the bytes a
// client sent) or fuzz/client (the bytes a server sent): the stream as it
// is, which the fuzzer writes into the SSL object's read BIO.
func OpenSSLStream(fromPeer []byte) []byte {
	return append([]byte(nil), fromPeer...)
}

// OpenSSLQUICClient returns the input of OpenSSL's fuzz/quic-client for
// the UDP datagrams a QUIC server sent: each as a 2-byte little-endian
// delay in milliseconds (0), a 2-byte little-endian length and the
// datagram, the records fuzz/quic-client.c reads in its loop. Datagrams
// over 65535 bytes are left out.
func OpenSSLQUICClient(fromServer [][]byte) []byte {
	var out []byte
	for _, d := range fromServer {
		if len(d) > 0xffff {
			continue
		}
		out = append(out, 0, 0, byte(len(d)), byte(len(d)>>8))
		out = append(out, d...)
	}
	return out
}
