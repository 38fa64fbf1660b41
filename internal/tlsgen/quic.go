package tlsgen

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"time"
)

// QUICMessage is a run of TLS handshake bytes that one side handed to its
// QUIC layer to send in CRYPTO frames at one encryption level (RFC 9001
// §4.1.3). Consecutive writes of the same side and level are merged, so Data
// is a concatenation of complete handshake messages, in plaintext: under QUIC
// the TLS record layer is not used and the messages that TCP-TLS 1.3
// encrypts (EncryptedExtensions, Certificate, CertificateVerify, Finished,
// NewSessionTicket) are visible as they are encoded.
type QUICMessage struct {
	ClientToServer bool
	Level          tls.QUICEncryptionLevel
	Data           []byte
}

// QUIC transport parameter IDs (RFC 9000 §18.2) used in the hellos.
const (
	tpMaxIdleTimeout           = 0x01
	tpInitialMaxData           = 0x04
	tpInitialMaxStreamDataBidi = 0x05
	tpInitialMaxStreamsBidi    = 0x08
	tpOriginalDestinationCID   = 0x00
	tpInitialSourceCID         = 0x0f
)

// appendVarint appends v as a QUIC variable-length integer (RFC 9000 §16).
func appendVarint(b []byte, v uint64) []byte {
	switch {
	case v < 1<<6:
		return append(b, byte(v))
	case v < 1<<14:
		return append(b, 0x40|byte(v>>8), byte(v))
	case v < 1<<30:
		return append(b, 0x80|byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	default:
		return append(b, 0xc0|byte(v>>56), byte(v>>48), byte(v>>40), byte(v>>32),
			byte(v>>24), byte(v>>16), byte(v>>8), byte(v))
	}
}

// transportParams encodes a realistic set of transport parameters
// (RFC 9000 §18): integer parameters and connection IDs.
func transportParams(server bool) []byte {
	var b []byte
	intParam := func(id, v uint64) {
		var val []byte
		val = appendVarint(val, v)
		b = appendVarint(appendVarint(b, id), uint64(len(val)))
		b = append(b, val...)
	}
	bytesParam := func(id uint64, v []byte) {
		b = appendVarint(appendVarint(b, id), uint64(len(v)))
		b = append(b, v...)
	}
	if server {
		bytesParam(tpOriginalDestinationCID, []byte{0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08})
	}
	intParam(tpMaxIdleTimeout, 30000)
	intParam(tpInitialMaxData, 1<<20)
	intParam(tpInitialMaxStreamDataBidi, 1<<18)
	intParam(tpInitialMaxStreamsBidi, 100)
	if server {
		bytesParam(tpInitialSourceCID, []byte{0xf0, 0x67, 0xa5, 0x50, 0x2a, 0x42, 0x62, 0xb5})
	} else {
		bytesParam(tpInitialSourceCID, []byte{0xc1, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07})
	}
	return b
}

// QUICHandshake runs a TLS 1.3 handshake over crypto/tls's QUIC API with
// both sides in process, then has the server send one session ticket, and
// returns the handshake bytes each side wrote, level by level, in the order
// they were written. Both sides set QUIC transport parameters, so the hellos
// and EncryptedExtensions carry the quic_transport_parameters extension.
// The configs are cloned; a ClientSessionCache in client is shared with the
// clone, so calling QUICHandshake twice with the same client config resumes
// if the server config has fixed ticket keys (Config.SetSessionTicketKeys:
// each clone would otherwise make its own automatic keys).
// Empty server certificates are filled from TestPKI, as in Run.
func QUICHandshake(client, server *tls.Config) ([]QUICMessage, error) {
	return QUICHandshakeWith(client, server, QUICOptions{})
}

// QUICOptions are the less common settings of QUICHandshakeWith.
type QUICOptions struct {
	// TicketEarlyData lets the session ticket the server sends be used for
	// 0-RTT (max_early_data_size 0xffffffff, RFC 9001 §4.6.1), so that a
	// client resuming with it offers early data when its ALPN matches.
	TicketEarlyData bool
}

// QUICHandshakeWith is QUICHandshake with options.
func QUICHandshakeWith(client, server *tls.Config, o QUICOptions) ([]QUICMessage, error) {
	p, err := TestPKI()
	if err != nil {
		return nil, err
	}
	cc, sc := &tls.Config{}, &tls.Config{}
	if client != nil {
		cc = client.Clone()
	}
	if server != nil {
		sc = server.Clone()
	}
	if len(sc.Certificates) == 0 && sc.GetCertificate == nil && sc.GetConfigForClient == nil {
		sc.Certificates = []tls.Certificate{p.ECDSA}
	}
	if cc.ServerName == "" && !cc.InsecureSkipVerify {
		cc.InsecureSkipVerify = true
	}
	// QUIC requires TLS 1.3 (RFC 9001 §4.2).
	cc.MinVersion, sc.MinVersion = tls.VersionTLS13, tls.VersionTLS13

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	cq := tls.QUICClient(&tls.QUICConfig{TLSConfig: cc})
	sq := tls.QUICServer(&tls.QUICConfig{TLSConfig: sc})
	defer cq.Close()
	defer sq.Close()
	cq.SetTransportParameters(transportParams(false))
	sq.SetTransportParameters(transportParams(true))

	var out []QUICMessage
	var clientDone, serverDone bool
	// drain moves every pending event of from to its peer and reports
	// whether any data moved.
	drain := func(from, to *tls.QUICConn, fromClient bool, done *bool) (bool, error) {
		moved := false
		for {
			e := from.NextEvent()
			switch e.Kind {
			case tls.QUICNoEvent:
				return moved, nil
			case tls.QUICWriteData:
				moved = true
				if n := len(out); n > 0 && out[n-1].ClientToServer == fromClient && out[n-1].Level == e.Level {
					out[n-1].Data = append(out[n-1].Data, e.Data...)
				} else {
					out = append(out, QUICMessage{ClientToServer: fromClient, Level: e.Level, Data: append([]byte(nil), e.Data...)})
				}
				if err := to.HandleData(e.Level, e.Data); err != nil {
					return moved, fmt.Errorf("tlsgen: QUIC %s: %w", peerName(!fromClient), err)
				}
			case tls.QUICHandshakeDone:
				*done = true
			case tls.QUICErrorEvent:
				return moved, fmt.Errorf("tlsgen: QUIC %s: %w", peerName(fromClient), e.Err)
			case tls.QUICTransportParametersRequired:
				return moved, errors.New("tlsgen: QUIC transport parameters requested after Start")
			}
		}
	}
	if err := cq.Start(ctx); err != nil {
		return nil, err
	}
	if err := sq.Start(ctx); err != nil {
		return nil, err
	}
	for !clientDone || !serverDone {
		m1, err := drain(cq, sq, true, &clientDone)
		if err != nil {
			return out, err
		}
		m2, err := drain(sq, cq, false, &serverDone)
		if err != nil {
			return out, err
		}
		if !m1 && !m2 && (!clientDone || !serverDone) {
			return out, errors.New("tlsgen: QUIC handshake stalled")
		}
	}
	if sc.SessionTicketsDisabled {
		return out, nil
	}
	if err := sq.SendSessionTicket(tls.QUICSessionTicketOptions{EarlyData: o.TicketEarlyData}); err != nil {
		return out, err
	}
	if _, err := drain(sq, cq, false, &serverDone); err != nil {
		return out, err
	}
	if _, err := drain(cq, sq, true, &clientDone); err != nil {
		return out, err
	}
	return out, nil
}

func peerName(client bool) string {
	if client {
		return "client"
	}
	return "server"
}
