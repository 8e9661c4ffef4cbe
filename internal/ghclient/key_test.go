package ghclient

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	testKeyOnce sync.Once
	testKey     *rsa.PrivateKey
)

// rsaKey is one 2048-bit key shared by the package's tests (generating one
// takes a while).
func rsaKey(t testing.TB) *rsa.PrivateKey {
	t.Helper()
	testKeyOnce.Do(func() {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		testKey = k
	})
	return testKey
}

func pemString(typ string, der []byte, headers map[string]string) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Headers: headers, Bytes: der}))
}

func TestParsePrivateKey(t *testing.T) {
	key := rsaKey(t)
	pkcs1 := pemString("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(key), nil)
	pkcs8DER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8 := pemString("PRIVATE KEY", pkcs8DER, nil)

	good := map[string]string{
		"PKCS#1 as GitHub downloads it": pkcs1,
		"PKCS#8 RSA":                    pkcs8,
		"CRLF line ends":                strings.ReplaceAll(pkcs1, "\n", "\r\n"),
		"surrounding whitespace":        "\n\t  " + pkcs1 + "  \n\n",
		"literal \\n escapes (env var)": strings.ReplaceAll(strings.TrimSpace(pkcs1), "\n", `\n`),
		"literal \\r\\n escapes":        strings.ReplaceAll(strings.TrimSpace(pkcs8), "\n", `\r\n`),
		"PKCS#8 under a PKCS#1 header":  pemString("RSA PRIVATE KEY", pkcs8DER, nil),
		// Windows editors save UTF-8 with a byte-order mark, often with CRLF.
		"UTF-8 byte-order mark":    "\ufeff" + pkcs1,
		"byte-order mark and CRLF": "\ufeff" + strings.ReplaceAll(pkcs1, "\n", "\r\n"),
	}
	for name, in := range good {
		t.Run(name, func(t *testing.T) {
			got, err := ParsePrivateKey(in)
			if err != nil {
				t.Fatalf("ParsePrivateKey: %v", err)
			}
			if !got.Equal(key) {
				t.Fatal("parsed a different key")
			}
		})
	}

	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecSEC1, _ := x509.MarshalECPrivateKey(ec)
	ecPKCS8, _ := x509.MarshalPKCS8PrivateKey(ec)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	edPKCS8, _ := x509.MarshalPKCS8PrivateKey(ed)
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	legacyEncrypted := pemString("RSA PRIVATE KEY", []byte("ciphertext-ciphertext"),
		map[string]string{"Proc-Type": "4,ENCRYPTED", "DEK-Info": "AES-256-CBC,00112233445566778899AABBCCDDEEFF"})

	bad := []struct {
		name, in, want string
	}{
		{"EC key (SEC 1)", pemString("EC PRIVATE KEY", ecSEC1, nil), "EC key, not RSA"},
		{"EC key with parameters first", pemString("EC PARAMETERS", []byte{6, 8, 42, 134, 72, 206, 61, 3, 1, 7}, nil) + pemString("EC PRIVATE KEY", ecSEC1, nil), "EC key, not RSA"},
		{"EC key (PKCS#8)", pemString("PRIVATE KEY", ecPKCS8, nil), "EC key, not RSA"},
		{"Ed25519 key", pemString("PRIVATE KEY", edPKCS8, nil), "Ed25519 key, not RSA"},
		{"public key", pemString("PUBLIC KEY", pub, nil), "public key"},
		{"PKCS#1 public key", pemString("RSA PUBLIC KEY", x509.MarshalPKCS1PublicKey(&key.PublicKey), nil), "public key"},
		{"certificate", pemString("CERTIFICATE", cert, nil), "certificate"},
		{"encrypted PKCS#1 (Proc-Type)", legacyEncrypted, "encrypted"},
		{"encrypted PKCS#8", pemString("ENCRYPTED PRIVATE KEY", []byte("ciphertext"), nil), "encrypted"},
		{"OpenSSH format", pemString("OPENSSH PRIVATE KEY", []byte("openssh-key-v1"), nil), "OpenSSH"},
		{"SSH public key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ user@host", "SSH public key"},
		{"garbage", "not a key at all", "not PEM"},
		{"a file path", "/home/me/app.2024-01-01.private-key.pem", "file path"},
		{"empty", "", "empty"},
		{"only whitespace", " \n\t ", "empty"},
		{"damaged base64", "-----BEGIN RSA PRIVATE KEY-----\n!!!!\n-----END RSA PRIVATE KEY-----", "not valid PEM"},
		{"damaged PKCS#1 contents", pemString("RSA PRIVATE KEY", []byte("nonsense"), nil), "damaged"},
		{"damaged PKCS#8 contents", pemString("PRIVATE KEY", []byte("nonsense"), nil), "damaged"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParsePrivateKey(tc.in)
			var ke *KeyError
			if !errors.As(err, &ke) {
				t.Fatalf("want *KeyError, got %T %v", err, err)
			}
			if !strings.Contains(ke.Error(), tc.want) {
				t.Errorf("message %q does not say %q", ke.Error(), tc.want)
			}
			assertNoKeyMaterial(t, ke.Error(), tc.in)
		})
	}
}

// assertNoKeyMaterial fails if msg repeats any long run of the input's base64.
func assertNoKeyMaterial(t *testing.T, msg, input string) {
	t.Helper()
	for _, line := range strings.Split(input, "\n") {
		line = strings.TrimSpace(line)
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") && !strings.Contains(line, ":") && strings.Contains(msg, line) {
			t.Errorf("error message contains key material %q", line)
		}
	}
}
