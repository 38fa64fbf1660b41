package wire

// SupportedVersionsExtension is the supported_versions extension (RFC 8446
// §4.2.1): a list of versions in the ClientHello, the selected version in
// the ServerHello and HelloRetryRequest.
type SupportedVersionsExtension struct {
	// In selects the form: InClientHello for the list, any other message
	// for selected_version.
	In ExtMessage
	// Versions is versions<2..254> (ClientHello), GREASE included.
	Versions []uint16
	// Selected is selected_version (ServerHello, HelloRetryRequest).
	Selected uint16
}

// ExtensionType returns supported_versions (43).
func (*SupportedVersionsExtension) ExtensionType() ExtensionType { return ExtensionSupportedVersions }

// Unmarshal decodes extension_data as it appears in message in.
func (e *SupportedVersionsExtension) Unmarshal(data []byte, in ExtMessage) error {
	e.In = in
	e.Versions = e.Versions[:0]
	e.Selected = 0
	if in != InClientHello {
		return extU16("supported_versions", "selected_version", data, &e.Selected)
	}
	var err error
	e.Versions, err = extU16List("supported_versions", "versions", data, 1, 2, e.Versions)
	return err
}

// Append appends extension_data.
func (e *SupportedVersionsExtension) Append(b []byte) ([]byte, error) {
	if e.In != InClientHello {
		return extAppendU16(b, e.Selected)
	}
	return extAppendU16List(b, "supported_versions", "versions", 1, e.Versions)
}

// Len is the length Append appends.
func (e *SupportedVersionsExtension) Len() int {
	if e.In != InClientHello {
		return 2
	}
	return 1 + 2*len(e.Versions)
}

// appendJSON appends the offered versions (ClientHello) or the selected
// one, with their names.
func (e *SupportedVersionsExtension) appendJSON(b []byte) []byte {
	if e.In == InClientHello {
		return jRegList[ProtocolVersion](b, "versions", "version_names", e.Versions, grease16)
	}
	return jReg(b, "selected_version", ProtocolVersion(e.Selected), grease16)
}
