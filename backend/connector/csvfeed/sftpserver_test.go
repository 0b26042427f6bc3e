package csvfeed

import (
	"testing"

	"golang.org/x/crypto/ssh"

	"shelfsync/backend/connector/csvfeed/sftpfake"
)

// The SFTP server of these tests is sftpfake's, shared with the CLI's and
// the services' tests; these names keep the tests short.
type testSFTPServer struct {
	*sftpfake.Server
	addr string
}

const (
	testUser     = sftpfake.User
	testPassword = sftpfake.Password
)

func startSFTPServer(t *testing.T, clientKey ssh.PublicKey, hostKeys ...ssh.Signer) *testSFTPServer {
	s := sftpfake.Start(t, clientKey, hostKeys...)
	return &testSFTPServer{s, s.Addr}
}

func newHostKey(t *testing.T) ssh.Signer    { return sftpfake.NewHostKey(t) }
func newRSAHostKey(t *testing.T) ssh.Signer { return sftpfake.NewRSAHostKey(t) }
