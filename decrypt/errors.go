package decrypt

import (
	"errors"

	"github.com/tlswire/tlswire/wire"
)

// Causes carried by the *wire.Error values this package returns, beside
// wire.ErrTruncated and wire.ErrTooLarge; test for them with errors.Is.
var (
	// ErrAuthentication: the record's AEAD tag or MAC does not verify: the
	// key is wrong, the record is not the next one in sequence, or it was
	// altered.
	ErrAuthentication = errors.New("authentication failed (wrong key, out of sequence or altered)")
	// ErrPadding: CBC padding that TLS does not allow (RFC 5246 §6.2.3.2).
	ErrPadding = errors.New("bad CBC padding")
	// ErrNoContentType: a TLS 1.3 plaintext is all padding, without an
	// inner content type (RFC 8446 §5.4).
	ErrNoContentType = errors.New("no inner content type")
	// ErrNoKey: the key log has no secret for this connection (or not the
	// one this record needs).
	ErrNoKey = errors.New("no key")
	// ErrUnsupported: the version, cipher suite or secret is one this
	// package does not decrypt (see Supported).
	ErrUnsupported = errors.New("not supported for decryption")
)

// recordError is the error of a record that cannot be opened; offset is
// from the start of the record, header included.
func recordError(msg, field string, offset int, cause error) error {
	return &wire.Error{Message: msg, Field: field, Offset: offset, Err: cause}
}

// setupError is the error of a key setup (no offset: nothing was parsed).
func setupError(msg, field, detail string, cause error) error {
	return &wire.Error{Message: msg, Field: field, Offset: -1, Err: cause, Detail: detail}
}
