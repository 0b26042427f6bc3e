package secrets

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"shelfsync/backend/atomicfile"
)

// On a server there is no desktop keyring, and secrets must not rest in
// plain text: the sealed store keeps them in a file, each encrypted with
// AES-256-GCM under a key kept apart from the data (an environment
// variable, or a key file only ShelfSync's user can read).
const (
	// KeyEnv names the environment variable holding the key: 32 bytes in
	// base64 or hex (`openssl rand -base64 32`).
	KeyEnv = "SHELFSYNC_SECRET_KEY"
	// keyFileName is the key file created on first start when KeyEnv is
	// not set.
	keyFileName = "secret.key"
	// sealedFileName holds the sealed secrets.
	sealedFileName = "secrets.sealed.json"
	// BackendSealed is the sealed store.
	BackendSealed Backend = "sealed"
)

// keyCheck is sealed with the key and kept beside the secrets, so a wrong
// key is named as such rather than as damaged secrets.
const keyCheck = "shelfsync-key-check"

// sealedFile is the sealed store's file: its secrets by ref, each sealed
// under the key, and the key check.
type sealedFile struct {
	Check   string            `json:"check"`
	Secrets map[string]string `json:"secrets"`
}

// sealedFormat keeps each secret sealed with AES-256-GCM under the key.
type sealedFormat struct{ aead cipher.AEAD }

// HasSealed reports whether dataDir's secrets are sealed (a server made
// its key there, or KeyEnv is set), so every command on it uses that store.
func HasSealed(dataDir, envKey string) bool {
	if envKey != "" {
		return true
	}
	for _, name := range []string{keyFileName, sealedFileName} {
		if _, err := os.Stat(filepath.Join(dataDir, name)); err == nil {
			return true
		}
	}
	return false
}

// OpenSealed opens dataDir's sealed store under envKey, or when that is
// empty under the key file, created (0600) on first use. Secrets an
// earlier plain secrets file kept are sealed and that file removed.
func OpenSealed(dataDir, envKey string) (Store, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, fmt.Errorf("create the data folder %s: %w", dataDir, err)
	}
	format, err := openSealedFormat(dataDir, envKey)
	if err != nil {
		return nil, err
	}
	s := &fileStore{path: filepath.Join(dataDir, sealedFileName), format: format}
	if _, err := s.load(); err != nil {
		return nil, err
	}
	if err := importPlain(s, filepath.Join(dataDir, fileName)); err != nil {
		return nil, err
	}
	return s, nil
}

// openSealedFormat seals under envKey or, when that is empty, dataDir's
// key file.
func openSealedFormat(dataDir, envKey string) (sealedFormat, error) {
	key, err := loadKey(dataDir, envKey)
	if err != nil {
		return sealedFormat{}, err
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return sealedFormat{}, fmt.Errorf("use the secret key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return sealedFormat{}, fmt.Errorf("use the secret key: %w", err)
	}
	return sealedFormat{aead}, nil
}

// loadKey decodes envKey, or reads (or creates) the key file.
func loadKey(dataDir, envKey string) ([]byte, error) {
	if envKey != "" {
		key, err := decodeKey(envKey)
		if err != nil {
			return nil, fmt.Errorf("%s is not a usable key: it must be 32 random bytes in base64 or hex, as `openssl rand -base64 32` prints", KeyEnv)
		}
		return key, nil
	}
	path := filepath.Join(dataDir, keyFileName)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		// Secrets sealed under a key from the environment: a new key file
		// would not open them, and a plain file would undo the sealing.
		if _, err := os.Stat(filepath.Join(dataDir, sealedFileName)); err == nil {
			return nil, fmt.Errorf("the secrets in %s are sealed under a key given in %s; set it to that key for this command too", dataDir, KeyEnv)
		}
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("make a secret key: %w", err)
		}
		if err := atomicfile.Write(path, []byte(base64.StdEncoding.EncodeToString(key)+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("save the secret key in %s: %w", path, err)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the secret key %s: %w", path, err)
	}
	if info, err := os.Stat(path); err == nil && info.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("the secret key %s can be read by other users of this computer; run chmod 600 on it", path)
	}
	key, err := decodeKey(string(b))
	if err != nil {
		return nil, fmt.Errorf("the secret key %s is damaged; restore it from a backup, or move it and %s aside and enter the connections' secrets again", path, sealedFileName)
	}
	return key, nil
}

func decodeKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	for _, decode := range []func(string) ([]byte, error){
		base64.StdEncoding.DecodeString, base64.RawStdEncoding.DecodeString,
		base64.URLEncoding.DecodeString, base64.RawURLEncoding.DecodeString, hex.DecodeString,
	} {
		if key, err := decode(text); err == nil && len(key) == 32 {
			return key, nil
		}
	}
	return nil, errors.New("not 32 bytes of base64 or hex")
}

// keep seals value under a fresh nonce, bound to ref so a sealed value
// moved to another ref does not open.
func (f sealedFormat) keep(ref, value string) string {
	nonce := make([]byte, f.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err) // crypto/rand does not fail on the systems Go supports
	}
	return base64.StdEncoding.EncodeToString(f.aead.Seal(nonce, nonce, []byte(value), []byte(ref)))
}

func (f sealedFormat) reveal(ref, sealed string) (string, error) {
	b, err := base64.StdEncoding.DecodeString(sealed)
	n := f.aead.NonceSize()
	if err != nil || len(b) < n {
		return "", errDamaged
	}
	plain, err := f.aead.Open(nil, b[:n], b[n:], []byte(ref))
	if err != nil {
		return "", err
	}
	return string(plain), nil
}

// decode reads the file and checks the key against it.
func (f sealedFormat) decode(path string, b []byte) (map[string]string, error) {
	var file sealedFile
	if err := json.Unmarshal(b, &file); err != nil || file.Secrets == nil {
		return nil, errDamaged
	}
	if file.Check != "" {
		if _, err := f.reveal(keyCheck, file.Check); err != nil {
			return nil, fmt.Errorf("the secret key does not open %s: it is not the key these secrets were sealed with; set %s (or restore %s) to that key", path, KeyEnv, keyFileName)
		}
	}
	return file.Secrets, nil
}

func (f sealedFormat) encode(sealed map[string]string) ([]byte, error) {
	return json.MarshalIndent(sealedFile{Check: f.keep(keyCheck, keyCheck), Secrets: sealed}, "", " ")
}

// importPlain seals what a plain secrets file (the fallback used before
// this data folder became a server's) holds, then removes that file.
func importPlain(sealed *fileStore, path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	plain, err := newFileStore(path)
	if err != nil {
		return err
	}
	all, err := plain.load()
	if err != nil {
		return err
	}
	sealed.mu.Lock()
	defer sealed.mu.Unlock()
	kept, err := sealed.load()
	if err != nil {
		return err
	}
	for ref, v := range all {
		if _, ok := kept[ref]; !ok {
			kept[ref] = sealed.format.keep(ref, v)
		}
	}
	if err := sealed.save(kept); err != nil {
		return fmt.Errorf("seal the secrets of %s: %w", path, err)
	}
	if err := os.Remove(path); err != nil {
		return fmt.Errorf("the secrets of %s are now sealed, but the plain file could not be removed; delete it: %w", path, err)
	}
	return nil
}
