package wire

// extMessageSet is a set of ExtMessage values.
type extMessageSet uint16

func messages(ms ...ExtMessage) extMessageSet {
	var s extMessageSet
	for _, m := range ms {
		s |= 1 << m
	}
	return s
}

// extensionMessages is the "TLS 1.3" column of the IANA TLS ExtensionType
// registry (registry as of 2025-11), which extends the table of RFC 8446
// §4.2: the messages each extension may appear in under TLS 1.3. An
// extension not listed may appear in a ClientHello only (TLS 1.3 servers
// must not send it).
var extensionMessages = map[ExtensionType]extMessageSet{
	0:      messages(InClientHello, InEncryptedExtensions),                      // server_name
	1:      messages(InClientHello, InEncryptedExtensions),                      // max_fragment_length
	5:      messages(InClientHello, InCertificateRequest, InCertificate),        // status_request
	10:     messages(InClientHello, InEncryptedExtensions),                      // supported_groups
	13:     messages(InClientHello, InCertificateRequest),                       // signature_algorithms
	14:     messages(InClientHello, InEncryptedExtensions),                      // use_srtp
	15:     messages(InClientHello, InEncryptedExtensions),                      // heartbeat
	16:     messages(InClientHello, InEncryptedExtensions),                      // application_layer_protocol_negotiation
	18:     messages(InClientHello, InCertificateRequest, InCertificate),        // signed_certificate_timestamp
	19:     messages(InClientHello, InEncryptedExtensions),                      // client_certificate_type
	20:     messages(InClientHello, InEncryptedExtensions),                      // server_certificate_type
	21:     messages(InClientHello),                                             // padding
	27:     messages(InClientHello, InCertificateRequest),                       // compress_certificate
	28:     messages(InClientHello, InEncryptedExtensions),                      // record_size_limit
	30:     messages(InClientHello),                                             // pwd_protect
	31:     messages(InClientHello),                                             // pwd_clear
	32:     messages(InClientHello, InServerHello, InHelloRetryRequest),         // password_salt
	33:     messages(InClientHello, InServerHello),                              // tls_cert_with_extern_psk
	34:     messages(InClientHello, InCertificateRequest, InCertificate),        // delegated_credential
	39:     messages(InClientHello, InEncryptedExtensions),                      // supported_ekt_ciphers
	41:     messages(InClientHello, InServerHello),                              // pre_shared_key
	42:     messages(InClientHello, InEncryptedExtensions, InNewSessionTicket),  // early_data
	43:     messages(InClientHello, InServerHello, InHelloRetryRequest),         // supported_versions
	44:     messages(InClientHello, InHelloRetryRequest),                        // cookie
	45:     messages(InClientHello),                                             // psk_key_exchange_modes
	47:     messages(InClientHello, InCertificateRequest),                       // certificate_authorities
	48:     messages(InCertificateRequest),                                      // oid_filters
	49:     messages(InClientHello),                                             // post_handshake_auth
	50:     messages(InClientHello, InCertificateRequest),                       // signature_algorithms_cert
	51:     messages(InClientHello, InServerHello, InHelloRetryRequest),         // key_share
	52:     messages(InClientHello, InCertificateRequest, InCertificate),        // transparency_info
	54:     messages(InClientHello, InServerHello),                              // connection_id
	55:     messages(InClientHello, InEncryptedExtensions),                      // external_id_hash
	56:     messages(InClientHello, InEncryptedExtensions),                      // external_session_id
	57:     messages(InClientHello, InEncryptedExtensions),                      // quic_transport_parameters
	58:     messages(InClientHello, InEncryptedExtensions),                      // ticket_request
	59:     messages(InClientHello, InCertificate),                              // dnssec_chain
	17513:  messages(InClientHello, InEncryptedExtensions),                      // application_settings (old code point)
	17613:  messages(InClientHello, InEncryptedExtensions),                      // application_settings
	0xfe0d: messages(InClientHello, InHelloRetryRequest, InEncryptedExtensions), // encrypted_client_hello
	0xfd00: messages(InClientHello),                                             // ech_outer_extensions
	0xffa5: messages(InClientHello, InEncryptedExtensions),                      // quic_transport_parameters (draft)
}

// extensionAllowedIn reports whether an extension of type t may appear in
// message in under TLS 1.3 (see extensionMessages). Callers skip the check
func extensionAllowedIn(t ExtensionType, in ExtMessage) bool {
	s, ok := extensionMessages[t]
	if !ok {
		return in == InClientHello
	}
	return s&(1<<in) != 0
}
