package decrypt

import (
	"crypto/hkdf"
	"hash"
)

// expandLabel is HKDF-Expand-Label (RFC 8446 §7.1):
//
//	HKDF-Expand(Secret, HkdfLabel{length, "tls13 " + Label, Context}, Length)
//
// It runs at key setup only, where allocating is fine.
func expandLabel(h func() hash.Hash, secret []byte, label string, context []byte, length int) []byte {
	const prefix = "tls13 "
	info := make([]byte, 0, 4+len(prefix)+len(label)+len(context))
	info = append(info, byte(length>>8), byte(length), byte(len(prefix)+len(label)))
	info = append(info, prefix...)
	info = append(info, label...)
	info = append(info, byte(len(context)))
	info = append(info, context...)
	out, err := hkdf.Expand(h, secret, string(info), length)
	if err != nil {
		// Only a length above 255 hash lengths fails; callers ask for at most 64 bytes.
		panic("decrypt: HKDF-Expand-Label: " + err.Error())
	}
	return out
}

// ExpandLabel is HKDF-Expand-Label of RFC 8446 §7.1 with the hash of a
// TLS 1.3 cipher suite (SHA-256 or SHA-384), as QUIC and DTLS 1.3 use it
// too (RFC 9001 §5.1). It returns ErrUnsupported for a suite that is not
// a TLS 1.3 suite this package knows.
func ExpandLabel(suite uint16, secret []byte, label string, context []byte, length int) ([]byte, error) {
	p, err := lookupSuite(suite, 0x0304)
	if err != nil {
		return nil, err
	}
	if length < 0 || length > 255*p.prf.Size() {
		return nil, setupError("HKDF-Expand-Label", "length", "", ErrUnsupported)
	}
	return expandLabel(p.prf.New, secret, label, context, length), nil
}
