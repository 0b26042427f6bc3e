package csvfeed

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"
	"shelfsync/backend/plain"
)

// KnownHostsFile is the OpenSSH-format file in the data folder that holds
// the SFTP host keys the user accepted.
const KnownHostsFile = "known_hosts"

// UnknownHostKeyError is returned the first time ShelfSync meets an SFTP
// server. The UI or CLI shows the fingerprint, asks the user to accept it,
// calls AcceptHostKey and tries again.
type UnknownHostKeyError struct {
	// Host is the address as dialled, host:port.
	Host string
	// Fingerprint is the key's SHA256 fingerprint, "SHA256:…", as
	// `ssh-keygen -lf` prints it.
	Fingerprint string
	Key         ssh.PublicKey
}

func (e *UnknownHostKeyError) Error() string {
	return fmt.Sprintf("The SFTP server %s is new to ShelfSync. Its %s key fingerprint is %s. If your hosting provider shows the same fingerprint, accept it and connect again", e.Host, e.Key.Type(), e.Fingerprint)
}

// HostKeyChangedError is returned when an SFTP server shows a different key
// than the one accepted before. It is never accepted automatically.
type HostKeyChangedError struct {
	Host        string
	Fingerprint string   // the key shown now
	Known       []string // fingerprints accepted before
	KnownHosts  string   // the file to edit
}

func (e *HostKeyChangedError) Error() string {
	return fmt.Sprintf("WARNING: the SFTP server %s now shows a different host key (%s) than the one accepted before (%s). Someone may be intercepting the connection, so nothing was read. If the server was really reinstalled or moved, check the new fingerprint with your hosting provider, remove the old line for %s from %s, and connect again",
		e.Host, e.Fingerprint, strings.Join(e.Known, ", "), knownhosts.Normalize(e.Host), e.KnownHosts)
}

// AcceptHostKey records key as the trusted key of host (host or host:port)
// in dataDir/known_hosts, creating the file if needed.
func AcceptHostKey(dataDir, host string, key ssh.PublicKey) error {
	if dataDir == "" {
		return errors.New("no data folder to record the SFTP host key in")
	}
	if key == nil {
		return errors.New("no SFTP host key to accept")
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dataDir, err)
	}
	p := filepath.Join(dataDir, KnownHostsFile)
	fh, err := os.OpenFile(p, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", p, err)
	}
	line := knownhosts.Line([]string{knownhosts.Normalize(host)}, key) + "\n"
	if _, err := fh.WriteString(line); err != nil {
		fh.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := fh.Sync(); err != nil {
		fh.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	return fh.Close()
}

// hostKeyChecker verifies SFTP servers against dataDir/known_hosts. It
// never trusts an unknown key on its own.
type hostKeyChecker struct {
	path  string
	check ssh.HostKeyCallback // nil when the file does not exist yet
}

func newHostKeyChecker(dataDir string) (*hostKeyChecker, error) {
	if dataDir == "" {
		return nil, plain.New("ShelfSync has no data folder to keep trusted SFTP host keys in; this is a setup problem, please report it")
	}
	p := filepath.Join(dataDir, KnownHostsFile)
	hc := &hostKeyChecker{path: p}
	cb, err := knownhosts.New(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, plain.Errorf("The list of trusted SFTP servers (%s) cannot be read (%v); fix or remove the damaged line and try again", p, err)
	default:
		hc.check = cb
	}
	return hc, nil
}

// callback is the ssh.HostKeyCallback: known key -> nil, unknown host ->
// *UnknownHostKeyError, different key -> *HostKeyChangedError.
func (h *hostKeyChecker) callback(hostname string, remote net.Addr, key ssh.PublicKey) error {
	if h.check == nil {
		return &UnknownHostKeyError{Host: hostname, Fingerprint: ssh.FingerprintSHA256(key), Key: key}
	}
	err := h.check(hostname, remote, key)
	var ke *knownhosts.KeyError
	var re *knownhosts.RevokedError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ke) && len(ke.Want) == 0:
		return &UnknownHostKeyError{Host: hostname, Fingerprint: ssh.FingerprintSHA256(key), Key: key}
	case errors.As(err, &ke):
		known := make([]string, len(ke.Want))
		for i, w := range ke.Want {
			known[i] = ssh.FingerprintSHA256(w.Key)
		}
		return &HostKeyChangedError{Host: hostname, Fingerprint: ssh.FingerprintSHA256(key), Known: known, KnownHosts: h.path}
	case errors.As(err, &re):
		return plain.Errorf("The SFTP server %s shows a host key marked as revoked in %s; nothing was read", hostname, h.path)
	}
	return fmt.Errorf("check the SFTP server's host key: %w", err)
}

// algorithms lists the host key algorithms of the keys already trusted for
// hostname, so the handshake asks the server for that kind of key; without
// this a server holding both an RSA and an Ed25519 key could present the
// one we never saw and look "changed". Empty when nothing is known.
func (h *hostKeyChecker) algorithms(hostname string, remote net.Addr) []string {
	if h.check == nil {
		return nil
	}
	// A throwaway key never matches, so the KeyError lists every trusted
	// key for the host.
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil
	}
	probe, err := ssh.NewPublicKey(pub)
	if err != nil {
		return nil
	}
	var ke *knownhosts.KeyError
	if !errors.As(h.check(hostname, remote, probe), &ke) {
		return nil
	}
	var algos []string
	seen := map[string]bool{}
	for _, w := range ke.Want {
		for _, a := range algorithmsFor(w.Key.Type()) {
			if !seen[a] {
				seen[a] = true
				algos = append(algos, a)
			}
		}
	}
	return algos
}

// algorithmsFor maps a key type to the signature algorithms that prove it.
func algorithmsFor(keyType string) []string {
	if keyType == ssh.KeyAlgoRSA {
		return []string{ssh.KeyAlgoRSASHA512, ssh.KeyAlgoRSASHA256, ssh.KeyAlgoRSA}
	}
	return []string{keyType}
}
