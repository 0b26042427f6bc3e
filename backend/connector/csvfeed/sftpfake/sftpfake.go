// Package sftpfake is a real SSH server on 127.0.0.1 serving the local file
// system over SFTP, for tests of CSV feeds read over SFTP (the connector's
// own, the CLI's, the services').
package sftpfake

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"net"
	"sync"
	"testing"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"
)

// Server is an SFTP server with one user, User, who logs in with Password
// or a key.
type Server struct {
	Addr string
	ln   net.Listener
	wg   sync.WaitGroup
	mu   sync.Mutex
	open []net.Conn
}

const (
	User     = "merchant"
	Password = "correct horse"
)

// NewHostKey makes an Ed25519 host key.
func NewHostKey(t testing.TB) ssh.Signer {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// NewRSAHostKey makes an RSA host key.
func NewRSAHostKey(t testing.TB) ssh.Signer {
	t.Helper()
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ssh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Start listens on 127.0.0.1 with the given host keys; clientKey, when
// set, is accepted for public-key login besides the password. The server
// stops when the test ends.
func Start(t testing.TB, clientKey ssh.PublicKey, hostKeys ...ssh.Signer) *Server {
	t.Helper()
	cfg := &ssh.ServerConfig{
		PasswordCallback: func(c ssh.ConnMetadata, pw []byte) (*ssh.Permissions, error) {
			if c.User() == User && string(pw) == Password {
				return nil, nil
			}
			return nil, errRefused
		},
		PublicKeyCallback: func(c ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			if clientKey != nil && c.User() == User && string(key.Marshal()) == string(clientKey.Marshal()) {
				return nil, nil
			}
			return nil, errRefused
		},
	}
	for _, k := range hostKeys {
		cfg.AddHostKey(k)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), ln: ln}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.open = append(s.open, c)
			s.mu.Unlock()
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c, cfg)
			}()
		}
	}()
	t.Cleanup(s.close)
	return s
}

var errRefused = errors.New("refused")

// subsystemName reads the string a "subsystem" request carries.
func subsystemName(payload []byte) string {
	if len(payload) < 4 {
		return ""
	}
	n := binary.BigEndian.Uint32(payload)
	if uint64(n) > uint64(len(payload)-4) {
		return ""
	}
	return string(payload[4 : 4+n])
}

func (s *Server) serve(c net.Conn, cfg *ssh.ServerConfig) {
	defer c.Close()
	conn, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		return
	}
	defer conn.Close()
	var sessions sync.WaitGroup
	defer sessions.Wait()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			_ = nc.Reject(ssh.UnknownChannelType, "sessions only") // a fake: the client under test sees a failed write
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			continue
		}
		sessions.Add(1)
		go func() {
			defer sessions.Done()
			defer ch.Close()
			for req := range creqs {
				isSFTP := req.Type == "subsystem" && subsystemName(req.Payload) == "sftp"
				_ = req.Reply(isSFTP, nil) // a fake: the client under test sees a failed write
				if !isSFTP {
					continue
				}
				go ssh.DiscardRequests(creqs)
				srv, err := sftp.NewServer(ch)
				if err != nil {
					return
				}
				_ = srv.Serve() // a fake: the client under test sees a failed write
				_ = srv.Close() // a fake: the client under test sees a failed write
				return
			}
		}()
	}
}

func (s *Server) close() {
	s.ln.Close()
	s.mu.Lock()
	for _, c := range s.open {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
}
