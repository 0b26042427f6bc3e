package cli

import (
	"fmt"
	"os"
)

func readSmallFile(path string) (string, error) {
	info, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if info.Size() > 1<<20 {
		return "", fmt.Errorf("%s is larger than 1 MiB; is it really a key file?", path)
	}
	b, err := os.ReadFile(path)
	return string(b), err
}
