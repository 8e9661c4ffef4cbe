// Command example-org writes the sandbox's example organisation: its
// fixture.json, and a test-only RSA key pair for each app whose key files
// are missing. Existing keys are kept, so regenerating leaves them alone
// (Go's RSA key generation cannot be seeded).
//
//	go run ./internal/sandbox/orggen/cmd/example-org -dir internal/sandbox/testdata/example-org
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
)

func main() {
	dir := flag.String("dir", "internal/sandbox/testdata/example-org", "directory to write the example organisation to")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "example-org:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	f := orggen.ExampleOrg()
	if err := orggen.WriteFixture(dir, f); err != nil {
		return err
	}
	for _, app := range f.Apps {
		if err := ensureKeyPair(filepath.Join(dir, app.PrivateKeyFile), filepath.Join(dir, app.PublicKeyFile)); err != nil {
			return fmt.Errorf("app %d: %w", app.ID, err)
		}
	}
	return nil
}

// ensureKeyPair writes a 2048-bit RSA key as PKCS#1 (what GitHub downloads)
// and its public key as PKIX, unless the private key already exists.
func ensureKeyPair(privPath, pubPath string) error {
	if _, err := os.Stat(privPath); err == nil {
		return nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return err
	}
	priv := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := os.WriteFile(privPath, priv, 0o600); err != nil {
		return err
	}
	return os.WriteFile(pubPath, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o644)
}
