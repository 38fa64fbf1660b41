package wire

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"reflect"
	"testing"
)

// quicClientHello has crypto/tls build a QUIC ClientHello carrying params
// as its quic_transport_parameters and returns the message.
func quicClientHello(t *testing.T, params []byte) []byte {
	t.Helper()
	qc := tls.QUICClient(&tls.QUICConfig{TLSConfig: &tls.Config{
		ServerName: "example.test", NextProtos: []string{"h3"}, MinVersion: tls.VersionTLS13}})
	qc.SetTransportParameters(params)
	if err := qc.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer qc.Close()
	var out []byte
	for {
		ev := qc.NextEvent()
		if ev.Kind == tls.QUICNoEvent {
			break
		}
		if ev.Kind == tls.QUICWriteData {
			out = append(out, ev.Data...)
		}
	}
	return out
}

func TestExtQUICTransportParametersReal(t *testing.T) {
	skipAllocsUnderRace(t)
	pa := QUICPreferredAddress{IPv4Address: [4]byte{192, 0, 2, 1}, IPv4Port: 443,
		IPv6Address: [16]byte{0x20, 0x01, 0x0d, 0xb8, 15: 1}, IPv6Port: 8443,
		ConnectionID: []byte{1, 2, 3, 4, 5, 6, 7, 8}, StatelessResetToken: bytes.Repeat([]byte{0xaa}, 16)}
	paBytes, err := AppendQUICPreferredAddress(nil, &pa)
	if err != nil {
		t.Fatal(err)
	}
	v := func(x uint64) []byte { b, _ := AppendQUICVarint(nil, x); return b }
	src := QUICTransportParametersExtension{Parameters: []QUICTransportParameter{
		{ID: QUICParamInitialSourceConnectionID, Value: []byte{9, 8, 7, 6}},
		{ID: QUICParamMaxIdleTimeout, Value: v(30000), IDLen: 2},
		// initial_max_data as an 8-byte varint, and a 4-byte length.
		{ID: QUICParamInitialMaxData, Value: []byte{0xc0, 0, 0, 0, 0, 0x10, 0, 0}, LengthLen: 4},
		{ID: QUICParamInitialMaxStreamDataBidiLocal, Value: v(1 << 18)},
		{ID: QUICParamInitialMaxStreamDataBidiRemote, Value: v(1 << 18)},
		{ID: QUICParamInitialMaxStreamDataUni, Value: v(1 << 18)},
		{ID: QUICParamInitialMaxStreamsBidi, Value: v(100)},
		{ID: QUICParamInitialMaxStreamsUni, Value: v(3)},
		{ID: QUICParamMaxUDPPayloadSize, Value: v(1472)},
		{ID: QUICParamAckDelayExponent, Value: v(3)},
		{ID: QUICParamMaxAckDelay, Value: v(25)},
		{ID: QUICParamActiveConnectionIDLimit, Value: v(8)},
		{ID: QUICParamDisableActiveMigration, Value: []byte{}},
		{ID: QUICParamMaxDatagramFrameSize, Value: v(65535)},
		{ID: QUICParamGreaseQUICBit, Value: []byte{}},
		{ID: QUICParamPreferredAddress, Value: paBytes},
		{ID: QUICParamVersionInformation, Value: []byte{0, 0, 0, 1, 0x6b, 0x33, 0x43, 0xcf, 0, 0, 0, 1}},
		{ID: 27 + 31*5, Value: []byte("grease"), IDLen: 8}, // reserved ID (RFC 9000 §18.1)
	}}
	params, err := src.Append(nil)
	if err != nil {
		t.Fatal(err)
	}
	if src.Len() != len(params) {
		t.Fatalf("Len %d, appended %d", src.Len(), len(params))
	}
	var ch ClientHello
	if err := ch.Unmarshal(quicClientHello(t, params)); err != nil {
		t.Fatal(err)
	}
	var e QUICTransportParametersExtension
	if found, err := ch.Extensions.Decode(ExtensionQUICTransportParameters, InClientHello, &e); !found || err != nil {
		t.Fatalf("quic_transport_parameters: %v %v", found, err)
	}
	data, _ := ch.Extensions.Find(ExtensionQUICTransportParameters)
	if !bytes.Equal(data, params) {
		t.Fatal("crypto/tls changed the parameters")
	}
	if out, err := e.Append(nil); err != nil || !bytes.Equal(out, data) {
		t.Fatalf("round trip differs: %v", err)
	}
	if !reflect.DeepEqual(e, src) {
		t.Fatalf("decoded %+v", e)
	}
	for _, c := range []struct {
		get  func() (uint64, bool)
		want uint64
	}{
		{e.MaxIdleTimeout, 30000}, {e.InitialMaxData, 1 << 20}, {e.InitialMaxStreamDataBidiLocal, 1 << 18},
		{e.InitialMaxStreamDataBidiRemote, 1 << 18}, {e.InitialMaxStreamDataUni, 1 << 18},
		{e.InitialMaxStreamsBidi, 100}, {e.InitialMaxStreamsUni, 3}, {e.MaxUDPPayloadSize, 1472},
		{e.AckDelayExponent, 3}, {e.MaxAckDelay, 25}, {e.ActiveConnectionIDLimit, 8},
		{e.MaxDatagramFrameSize, 65535},
	} {
		if got, ok := c.get(); !ok || got != c.want {
			t.Errorf("accessor: got %d %v, want %d", got, ok, c.want)
		}
	}
	if !e.DisableActiveMigration() || !e.GreaseQUICBit() {
		t.Error("flags")
	}
	if id, ok := e.InitialSourceConnectionID(); !ok || !bytes.Equal(id, []byte{9, 8, 7, 6}) {
		t.Error("initial_source_connection_id")
	}
	if _, ok := e.RetrySourceConnectionID(); ok {
		t.Error("retry_source_connection_id present")
	}
	if _, ok := e.OriginalDestinationConnectionID(); ok {
		t.Error("original_destination_connection_id present")
	}
	if _, ok := e.StatelessResetToken(); ok {
		t.Error("stateless_reset_token present")
	}
	got, ok, err := e.PreferredAddress()
	if !ok || err != nil || !reflect.DeepEqual(got, pa) {
		t.Errorf("preferred_address: %+v %v %v", got, ok, err)
	}
	chosen, avail, ok, err := e.VersionInformation(nil)
	if !ok || err != nil || chosen != 1 || !reflect.DeepEqual(avail, []uint32{0x6b3343cf, 1}) {
		t.Errorf("version_information: %x %x %v %v", chosen, avail, ok, err)
	}
	buf := make([]uint32, 0, 4)
	if n := testing.AllocsPerRun(10, func() {
		_ = e.Unmarshal(data, InClientHello)
		_, _ = e.MaxIdleTimeout()
		_, _, _ = e.PreferredAddress()
		_, _, _, _ = e.VersionInformation(buf)
	}); n != 0 {
		t.Errorf("decoding allocates %v", n)
	}
}

func TestExtQUICTransportParametersErrors(t *testing.T) {
	var e QUICTransportParametersExtension
	for _, c := range []struct {
		data  []byte
		field string
		cause error
	}{
		{[]byte{0x40}, "transport_parameter_id", ErrTruncated},
		{[]byte{0x01}, "transport_parameter_length", ErrTruncated},
		{[]byte{0x01, 0x80, 0}, "transport_parameter_length", ErrTruncated},
		{[]byte{0x01, 0x02, 0x00}, "transport_parameter_length", ErrLength},
	} {
		err := e.Unmarshal(c.data, InClientHello)
		var we *Error
		if !errors.As(err, &we) || we.Field != c.field || !errors.Is(err, c.cause) {
			t.Errorf("%x: %v", c.data, err)
		}
	}
	// A value that is not a varint, a preferred_address and a
	// version_information that are malformed.
	e.Parameters = []QUICTransportParameter{
		{ID: QUICParamMaxIdleTimeout, Value: []byte{0x40}},
		{ID: QUICParamPreferredAddress, Value: make([]byte, 40)},
		{ID: QUICParamVersionInformation, Value: []byte{0, 0, 0, 1, 0}},
	}
	if _, ok := e.MaxIdleTimeout(); ok {
		t.Error("truncated varint accepted")
	}
	if _, ok, err := e.PreferredAddress(); !ok || err == nil {
		t.Error("short preferred_address accepted")
	}
	if _, _, ok, err := e.VersionInformation(nil); !ok || err == nil {
		t.Error("bad version_information accepted")
	}
	// Encodings that cannot be produced.
	for _, p := range []QUICTransportParameter{
		{ID: 1 << 62}, {ID: 300, IDLen: 1}, {ID: 1, IDLen: 3}, {ID: 1, Value: make([]byte, 64), LengthLen: 1},
	} {
		e.Parameters = []QUICTransportParameter{p}
		if _, err := e.Append(nil); !errors.Is(err, ErrTooLarge) {
			t.Errorf("%+v: Append err %v", p, err)
		}
	}
}
