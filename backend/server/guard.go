package server

import (
	"net"
	"net/http"
	"net/url"
	"strings"
)

// IsLoopback reports whether a listen address (host:port) only accepts
// connections from this computer. An empty host (":8484") listens on every
// interface, and a name other than localhost could resolve anywhere.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hostIsLoopbackName reports whether a request's Host names this computer
// (localhost or a loopback address, any port).
func hostIsLoopbackName(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkRequest refuses what a browser would only send when another site
// drives it, and returns the refusal's status and sentence (0 when the
// request may go on).
//
//   - Host: a server on loopback answers only to localhost and loopback
//     addresses. A page on evil.example whose name an attacker rebinds to
//     127.0.0.1 (DNS rebinding) reaches the socket with Host: evil.example,
//     and no password stands in its way when none is set.
//   - Origin and Sec-Fetch-Site: a write must come from a page of this
//     server, and no API request may come from another site's page (the
//     SameSite cookie stops most of it; this also covers the loopback server
//     without a password, and browsers that send no SameSite).
//
// A reverse proxy in front may pass its own public name as Host: the
// names in publicHosts (from --public-url) are accepted as well.
func (p hostPolicy) checkRequest(r *http.Request) (int, string) {
	if p.loopbackOnly && !hostIsLoopbackName(r.Host) && !p.public(r.Host) {
		return http.StatusMisdirectedRequest, "This ShelfSync answers only at http://127.0.0.1 or http://localhost on this computer."
	}
	if origin := r.Header.Get("Origin"); origin != "" && !isRead(r) {
		u, err := url.Parse(origin)
		if err != nil || origin == "null" || !(strings.EqualFold(u.Host, r.Host) || p.public(u.Host)) {
			return http.StatusForbidden, "This request came from another web site, so ShelfSync refused it."
		}
	}
	if strings.HasPrefix(r.URL.Path, "/api/") || !isRead(r) {
		switch r.Header.Get("Sec-Fetch-Site") {
		case "", "same-origin", "none":
		default:
			return http.StatusForbidden, "This request came from another web site, so ShelfSync refused it."
		}
	}
	return 0, ""
}

// hostPolicy says which Host and Origin names the server answers to.
type hostPolicy struct {
	// loopbackOnly: the server listens on loopback and answers only to
	// loopback names (and publicHosts).
	loopbackOnly bool
	// publicHosts are host[:port] names a reverse proxy serves us under.
	publicHosts []string
}

func (p hostPolicy) public(host string) bool {
	for _, h := range p.publicHosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

func isRead(r *http.Request) bool {
	return r.Method == http.MethodGet || r.Method == http.MethodHead
}
