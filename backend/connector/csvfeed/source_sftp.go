package csvfeed

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pkg/sftp"
	"golang.org/x/crypto/ssh"

	"shelfsync/backend/connector"
	"shelfsync/backend/connector/httpx"
	"shelfsync/backend/plain"
)

// handshakeTimeout bounds connecting, the SSH handshake and logging in; the
// download itself is bounded by the sync's context.
const handshakeTimeout = 30 * time.Second

type sftpSource struct {
	user string
	addr string // host:port
	path string // file or folder on the server
	auth []ssh.AuthMethod
}

func newSFTPSource(raw string, cfg connector.Config, _ options) (*sftpSource, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return nil, plain.Errorf("The SFTP address %q is not valid; enter it like sftp://user@host/folder", raw)
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, plain.New("The SFTP address needs a user name; enter it like sftp://user@host/folder")
	}
	if _, has := u.User.Password(); has {
		return nil, plain.New("Put the SFTP password in the password field, not in the address, so it is kept in the keyring")
	}
	port := u.Port()
	if port == "" {
		port = "22"
	}
	s := &sftpSource{user: u.User.Username(), addr: net.JoinHostPort(u.Hostname(), port), path: u.Path}
	// "/~/inbox" means "inbox in the user's home folder", as in OpenSSH.
	switch {
	case s.path == "" || s.path == "/~" || s.path == "/~/":
		s.path = "."
	case strings.HasPrefix(s.path, "/~/"):
		s.path = s.path[len("/~/"):]
	}

	if key := strings.TrimSpace(cfg.Secrets[SecretPrivateKey]); key != "" {
		signer, err := parsePrivateKey(key, cfg.Secrets[SecretPassphrase])
		if err != nil {
			return nil, err
		}
		s.auth = append(s.auth, ssh.PublicKeys(signer))
	}
	if pw := cfg.Secrets[SecretPassword]; pw != "" {
		s.auth = append(s.auth, ssh.Password(pw), ssh.KeyboardInteractive(func(_, _ string, questions []string, _ []bool) ([]string, error) {
			// Servers that ask for the password this way ask one question.
			answers := make([]string, len(questions))
			for i := range answers {
				answers[i] = pw
			}
			return answers, nil
		}))
	}
	if len(s.auth) == 0 {
		return nil, plain.New("Enter the SFTP password or private key for this connection")
	}
	return s, nil
}

func parsePrivateKey(key, passphrase string) (ssh.Signer, error) {
	var signer ssh.Signer
	var err error
	if passphrase != "" {
		signer, err = ssh.ParsePrivateKeyWithPassphrase([]byte(key), []byte(passphrase))
	} else {
		signer, err = ssh.ParsePrivateKey([]byte(key))
	}
	var missing *ssh.PassphraseMissingError
	switch {
	case err == nil:
		return signer, nil
	case errors.As(err, &missing):
		return nil, plain.New("The SFTP private key is protected by a passphrase; enter the passphrase too")
	case passphrase != "" && strings.Contains(err.Error(), "decryption password incorrect"):
		return nil, plain.New("The passphrase does not unlock the SFTP private key; check it and try again")
	}
	return nil, plain.Errorf("The SFTP private key could not be read (%v); paste the whole key, including its BEGIN and END lines", err)
}

// open logs in, finds the file (the newest match in a folder) and returns
// it streaming; closing the body closes the session.
func (s *sftpSource) open(ctx context.Context, dataDir, pattern string) (*opened, error) {
	hosts, err := newHostKeyChecker(dataDir)
	if err != nil {
		return nil, err
	}
	dialer := net.Dialer{Timeout: handshakeTimeout, Control: httpx.RefuseForbidden}
	conn, err := dialer.DialContext(ctx, "tcp", s.addr)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("connect to %s stopped: %w", s.addr, ctx.Err())
		}
		if errors.Is(err, httpx.ErrForbiddenAddress) {
			return nil, fmt.Errorf("The SFTP server %s: %w", s.addr, err)
		}
		return nil, plain.Wrap(connector.ErrUnavailable, "The SFTP server %s could not be reached (%v); check the address and this computer's internet connection", s.addr, err)
	}
	// Cancelling the sync closes the connection, which ends any read.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	_ = conn.SetDeadline(time.Now().Add(handshakeTimeout)) // a TCP conn always takes one; without it the ctx still ends the wait
	config := &ssh.ClientConfig{
		User:              s.user,
		Auth:              s.auth,
		HostKeyCallback:   hosts.callback,
		HostKeyAlgorithms: hosts.algorithms(s.addr, conn.RemoteAddr()),
		Timeout:           handshakeTimeout,
	}
	sc, chans, reqs, err := ssh.NewClientConn(conn, s.addr, config)
	if err != nil {
		stop()
		conn.Close()
		return nil, s.describeHandshake(ctx, err)
	}
	_ = conn.SetDeadline(time.Time{}) // a TCP conn always takes one; a stale deadline would fail the read with a sentence
	client := ssh.NewClient(sc, chans, reqs)
	closeAll := func() {
		stop()
		client.Close()
	}
	fsys, err := sftp.NewClient(client)
	if err != nil {
		closeAll()
		return nil, plain.Errorf("The server %s accepted the login but does not offer SFTP (%v); check that SFTP is enabled for this user", s.addr, err)
	}
	closeAll = func() {
		fsys.Close()
		stop()
		client.Close()
	}
	file, err := s.find(fsys, pattern)
	if err != nil {
		closeAll()
		if ctx.Err() != nil {
			return nil, fmt.Errorf("read from %s stopped: %w", s.addr, ctx.Err())
		}
		return nil, err
	}
	fh, err := fsys.Open(file.name)
	if err != nil {
		closeAll()
		return nil, s.describeFileError(file.name, err)
	}
	return &opened{
		name:     path.Base(file.name),
		modTime:  file.modTime,
		body:     &sessionFile{File: fh, done: closeAll},
		apiCalls: 1,
	}, nil
}

// find stats the configured path; for a folder it lists it and picks the
// newest file matching the pattern.
func (s *sftpSource) find(fsys *sftp.Client, pattern string) (candidate, error) {
	info, err := fsys.Stat(s.path)
	if err != nil {
		return candidate{}, s.describeFileError(s.path, err)
	}
	if !info.IsDir() {
		return candidate{s.path, info.ModTime()}, nil
	}
	entries, err := fsys.ReadDir(s.path)
	if err != nil {
		return candidate{}, s.describeFileError(s.path, err)
	}
	var cands []candidate
	var others []string
	for _, e := range entries {
		if !e.Mode().IsRegular() {
			continue
		}
		if matchName(pattern, e.Name()) {
			cands = append(cands, candidate{e.Name(), e.ModTime()})
		} else {
			others = append(others, e.Name())
		}
	}
	best, ok := newest(cands)
	if !ok {
		sort.Strings(others)
		return candidate{}, noMatchError(s.path, " on "+s.addr, pattern, others)
	}
	return candidate{path.Join(s.path, best.name), best.modTime}, nil
}

func (s *sftpSource) describeHandshake(ctx context.Context, err error) error {
	var unknown *UnknownHostKeyError
	var changed *HostKeyChangedError
	switch {
	case errors.As(err, &unknown):
		return unknown
	case errors.As(err, &changed):
		return changed
	case ctx.Err() != nil:
		return fmt.Errorf("connect to %s stopped: %w", s.addr, ctx.Err())
	case strings.Contains(err.Error(), "unable to authenticate"):
		return plain.Wrap(connector.ErrUnauthorized, "The SFTP server %s refused the login for user %q; check the user name and the password or private key in this connection's settings", s.addr, s.user)
	}
	return plain.Wrap(connector.ErrUnavailable, "The SFTP server %s could not be reached (%v); check the address and try again", s.addr, err)
}

func (s *sftpSource) describeFileError(p string, err error) error {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return plain.Errorf("The SFTP server %s has no file or folder %s; check the path in this connection's settings", s.addr, p)
	case errors.Is(err, os.ErrPermission):
		return plain.Errorf("The SFTP user %q may not read %s on %s; check the folder's permissions with your hosting provider", s.user, p, s.addr)
	}
	return fmt.Errorf("read %s on SFTP server %s: %w", p, s.addr, err)
}

// sessionFile closes the SFTP session along with the file.
type sessionFile struct {
	*sftp.File
	done func()
}

func (f *sessionFile) Close() error {
	err := f.File.Close()
	f.done()
	return err
}

var _ io.ReadCloser = (*sessionFile)(nil)
