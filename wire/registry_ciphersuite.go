package wire

// CipherSuiteKeyExchange returns the key exchange of cipher suite id
// (IANA "TLS Cipher Suites"), or KeyExchangeUnknown.
// Placeholder: the full registry table replaces this file.
func CipherSuiteKeyExchange(id uint16) KeyExchange {
	if id>>8 == 0x13 {
		return KeyExchangeTLS13
	}
	return KeyExchangeUnknown
}
