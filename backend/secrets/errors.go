package secrets

import "errors"

// ErrSecretNotFound is returned by Get when nothing is stored under a ref.
var ErrSecretNotFound = errors.New("secret not found")
