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
// over 65535 bytes and empty ones (which the fuzzer skips) are left out.
// The fuzzer stops reading when 3 bytes or fewer follow a delay, so a last
// datagram of 0 or 1 byte is followed by an empty record, for it to be
// read.
func OpenSSLQUICClient(fromServer [][]byte) []byte {
	var out []byte
	last := -1
	for _, d := range fromServer {
		if len(d) == 0 || len(d) > 0xffff {
			continue
		}
		out = append(out, 0, 0, byte(len(d)), byte(len(d)>>8))
		out = append(out, d...)
		last = len(d)
	}
	if last == 1 {
		out = append(out, 0, 0, 0, 0)
	}
	return out
}
