package httpx

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
)

// IsCertificateError tells a server whose certificate could not be verified
// (unknown authority, wrong name, expired) from a network that is down. It
// is never retried: a certificate does not fix itself in a second, and the
// user must hear "certificate", not "could not reach".
func IsCertificateError(err error) bool {
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalid x509.CertificateInvalidError
	var verify *tls.CertificateVerificationError
	return errors.As(err, &unknownCA) || errors.As(err, &hostErr) || errors.As(err, &invalid) || errors.As(err, &verify)
}
