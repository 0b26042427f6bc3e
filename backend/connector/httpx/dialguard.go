package httpx

import (
	"errors"
	"net"
	"shelfsync/backend/plain"
	"syscall"
	"time"
)

// ErrForbiddenAddress marks a connection refused because of where it
// would go, whatever name led there.
var ErrForbiddenAddress = errors.New("forbidden address")

// guardedDialer connects like Go's default transport, but never to a
// link-local address (the cloud metadata service at 169.254.169.254, which
// hands out the machine's own credentials), an unspecified or a multicast
// one. Addresses are checked when a connection is saved; this checks the
// address a name resolves to at the moment of connecting, so a shop name
// that later resolves there is refused too.
var guardedDialer = &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: RefuseForbidden}

// RefuseForbidden is a net.Dialer Control that refuses a link-local,
// unspecified or multicast address; the SFTP feed dials with it too.
func RefuseForbidden(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil // not an IP address and port: nothing to judge
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return nil
	}
	if ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsUnspecified() || ip.IsMulticast() {
		return plain.Wrap(ErrForbiddenAddress, "ShelfSync does not connect to %s, a link-local or special address (the cloud metadata service lives at 169.254.169.254): check the address", ip)
	}
	return nil
}
