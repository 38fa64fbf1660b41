package resumption

import (
	"crypto/sha256"
	"encoding/hex"
)

// Hash is the SHA-256 of a session ID, a ticket or a PSK identity: what the
// package keeps instead of the bytes, and what JSON output carries so that
// flows of different runs can be joined (docs/resumption.md).
type Hash [sha256.Size]byte

// HashOf returns the SHA-256 of b.
func HashOf(b []byte) Hash { return sha256.Sum256(b) }

// String returns the hash in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// AppendHex appends the hash in lower-case hex.
func (h Hash) AppendHex(b []byte) []byte { return hex.AppendEncode(b, h[:]) }
