package cli

import (
	"fmt"
	"io"
	"os"
)

// maxKeyFile bounds a key file: a private key is a few kilobytes.
const maxKeyFile = 1 << 20

// readSmallFile reads a key file. Only a plain file: a named pipe would
// block, and /dev/zero reports a size of 0 and never ends, so the size
// is not trusted either and the read itself is bounded.
func readSmallFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !info.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a plain file; give the path of the key file itself", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return "", err
	}
	if len(b) > maxKeyFile {
		return "", fmt.Errorf("%s is larger than 1 MiB; is it really a key file?", path)
	}
	return string(b), nil
}
