package wire

// SupportedGroupsExtension is the supported_groups extension (RFC 8446
// §4.2.7, formerly elliptic_curves, RFC 8422 §5.1.1). It has the same form
// in the ClientHello and EncryptedExtensions.
type SupportedGroupsExtension struct {
	// Groups is named_group_list<2..2^16-1> in wire order, GREASE included.
	Groups []uint16
}

// ExtensionType returns supported_groups (10).
func (*SupportedGroupsExtension) ExtensionType() ExtensionType { return ExtensionSupportedGroups }

// Unmarshal decodes extension_data; in is not used.
func (e *SupportedGroupsExtension) Unmarshal(data []byte, _ ExtMessage) error {
	var err error
	e.Groups, err = extU16List("supported_groups", "named_group_list", data, 2, 2, e.Groups)
	return err
}

// Append appends extension_data.
func (e *SupportedGroupsExtension) Append(b []byte) ([]byte, error) {
	return extAppendU16List(b, "supported_groups", "named_group_list", 2, e.Groups)
}

// Len is the length Append appends.
func (e *SupportedGroupsExtension) Len() int { return 2 + 2*len(e.Groups) }

// appendJSON appends the groups with their names.
func (e *SupportedGroupsExtension) appendJSON(b []byte) []byte {
	return jRegList[NamedGroup](b, "groups", "group_names", e.Groups, grease16)
}

// ECPointFormatsExtension is the ec_point_formats extension (RFC 8422
// §5.1.2), the same in the ClientHello and ServerHello.
type ECPointFormatsExtension struct {
	// Formats is ec_point_format_list<1..2^8-1>.
	Formats []byte
}

// ExtensionType returns ec_point_formats (11).
func (*ECPointFormatsExtension) ExtensionType() ExtensionType { return ExtensionECPointFormats }

// Unmarshal decodes extension_data; in is not used.
func (e *ECPointFormatsExtension) Unmarshal(data []byte, _ ExtMessage) error {
	return extOpaque8("ec_point_formats", "ec_point_format_list", data, 1, &e.Formats)
}

// Append appends extension_data.
func (e *ECPointFormatsExtension) Append(b []byte) ([]byte, error) {
	return extAppendVec(b, "ec_point_formats", "ec_point_format_list", 1, e.Formats)
}

// Len is the length Append appends.
func (e *ECPointFormatsExtension) Len() int { return 1 + len(e.Formats) }

// appendJSON appends the point formats with their names.
func (e *ECPointFormatsExtension) appendJSON(b []byte) []byte {
	return jRegList[ECPointFormat](b, "ec_point_formats", "ec_point_format_names", e.Formats, greaseNone)
}
