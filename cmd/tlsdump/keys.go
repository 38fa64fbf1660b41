package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/tlswire/tlswire/decrypt"
	"github.com/tlswire/tlswire/keylog"
	"github.com/tlswire/tlswire/pcap"
)

// keyFlags are the key sources for decrypting handshakes (docs/decryption.md):
// -keylog FILE, repeatable, and -decrypt-all. A capture's pcapng Decryption
// Secrets Blocks are used without a flag.
type keyFlags struct {
	logs, ech, rsa []string
	all            bool
}

// fileList is a repeatable flag of file names.
type fileList []string

func (l *fileList) String() string { return fmt.Sprint(*l) }

func (l *fileList) Set(v string) error {
	*l = append(*l, v)
	return nil
}

func (k *keyFlags) register(fs *flag.FlagSet) {
	fs.Var((*fileList)(&k.logs), "keylog", "decrypt handshakes with the SSLKEYLOGFILE `FILE` (RFC 9850, as browsers, curl, OpenSSL, Go and quic-go write it); repeatable. "+
		"pcapng Decryption Secrets Blocks in a capture are used without it")
	fs.Var((*fileList)(&k.ech), "ech-key", "open the inner ClientHello of an accepted ECH with the server's ECH key `FILE` (PEM: a PRIVATE KEY and an ECHCONFIG block, as ECH servers load them); repeatable")
	fs.Var((*fileList)(&k.rsa), "rsa-key", "decrypt TLS 1.0-1.2 connections with the RSA key exchange with the server's private key `FILE` (PEM, PKCS #1 or PKCS #8; matched to the server's certificate); repeatable")
	fs.BoolVar(&k.all, "decrypt-all", false, "decrypt every protected record (late KeyUpdate and NewSessionTicket), not only up to the first application data of each direction; application data is never shown")
}

// load reads the key logs into one store. A malformed line is reported on
// stderr with its file and line and skipped; a file that cannot be read
// is an error.
func (k *keyFlags) load(stderr io.Writer) (pcap.Keys, error) {
	keys := pcap.Keys{All: k.all}
	if len(k.ech) > 0 {
		keys.ECH = new(decrypt.ECHKeys)
		if err := loadPEM(k.ech, keys.ECH.AddPEM, "ECH key"); err != nil {
			return keys, err
		}
	}
	if len(k.rsa) > 0 {
		keys.RSA = new(decrypt.RSAKeys)
		if err := loadPEM(k.rsa, keys.RSA.AddPEM, "RSA private key"); err != nil {
			return keys, err
		}
	}
	if len(k.logs) == 0 {
		return keys, nil
	}
	keys.Log = new(keylog.Store)
	for _, name := range k.logs {
		f, err := os.Open(name)
		if err != nil {
			return keys, err
		}
		rep, err := keys.Log.Read(f)
		f.Close()
		if err != nil {
			return keys, fmt.Errorf("%s: %w", name, err)
		}
		for _, e := range rep.Errors {
			fmt.Fprintf(stderr, "tlsdump: %s: %v (skipped)\n", name, e)
		}
		if rep.Dropped > 0 {
			fmt.Fprintf(stderr, "tlsdump: %s: %d more malformed lines skipped\n", name, rep.Dropped)
		}
	}
	return keys, nil
}

// loadPEM adds the keys of PEM files with add; a file without any is an
// error.
func loadPEM(names []string, add func([]byte) (int, error), what string) error {
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if n, err := add(b); err != nil || n == 0 {
			return fmt.Errorf("%s: no %s (%v)", name, what, err)
		}
	}
	return nil
}
