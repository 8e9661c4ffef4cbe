package ghclient

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"strings"
)

// KeyError says why a private key cannot be used to sign the app's JWTs. Its
// message describes what the key is, never what it contains.
type KeyError struct {
	Reason string
}

func (e *KeyError) Error() string { return e.Reason }

// ParsePrivateKey parses a GitHub App private key: PKCS#1 ("BEGIN RSA
// PRIVATE KEY", the file GitHub downloads) or PKCS#8 RSA ("BEGIN PRIVATE
// KEY"). It forgives what copying a key into a variable does to it: CRLF line
// ends, a UTF-8 byte-order mark (Windows editors write one), surrounding
// whitespace and literal "\n" escapes. Any other input is a
// *KeyError that names what it is instead.
func ParsePrivateKey(s string) (*rsa.PrivateKey, error) {
	s = strings.ReplaceAll(s, `\r\n`, "\n")
	s = strings.ReplaceAll(s, `\n`, "\n")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "\ufeff"))
	if s == "" {
		return nil, &KeyError{Reason: "the private key is empty"}
	}
	block, _ := pem.Decode([]byte(s))
	if block == nil {
		return nil, notPEM(s)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		if isEncrypted(block) {
			return nil, encrypted()
		}
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			// Some tools label PKCS#8 content with the PKCS#1 header.
			if k, err8 := x509.ParsePKCS8PrivateKey(block.Bytes); err8 == nil {
				return rsaOrReason(k)
			}
			return nil, &KeyError{Reason: "the RSA PRIVATE KEY block is damaged: its contents are not a valid PKCS#1 key; download a new private key from the app's settings"}
		}
		return key, nil
	case "PRIVATE KEY":
		key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, &KeyError{Reason: "the PRIVATE KEY block is damaged or uses an unsupported algorithm: its contents are not a valid PKCS#8 key"}
		}
		return rsaOrReason(key)
	case "ENCRYPTED PRIVATE KEY":
		return nil, encrypted()
	case "EC PRIVATE KEY", "EC PARAMETERS":
		return nil, &KeyError{Reason: "the key is an EC key, not RSA; GitHub Apps sign with RSA keys: use the .pem file from the app's settings → Private keys"}
	case "OPENSSH PRIVATE KEY":
		return nil, &KeyError{Reason: "the key is in OpenSSH format, not PEM; GitHub App keys are PEM files beginning with -----BEGIN RSA PRIVATE KEY-----"}
	case "PUBLIC KEY", "RSA PUBLIC KEY":
		return nil, &KeyError{Reason: "the key is a public key; the app's private key is needed (the .pem file GitHub downloads when you generate a private key)"}
	case "CERTIFICATE":
		return nil, &KeyError{Reason: "the key is a certificate, not a private key; use the app's private key (.pem) instead"}
	default:
		return nil, &KeyError{Reason: fmt.Sprintf("the key is a PEM %q block, not an RSA private key", block.Type)}
	}
}

func rsaOrReason(key any) (*rsa.PrivateKey, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return k, nil
	case *ecdsa.PrivateKey:
		return nil, &KeyError{Reason: "the key is an EC key, not RSA; GitHub Apps sign with RSA keys: use the .pem file from the app's settings → Private keys"}
	case ed25519.PrivateKey:
		return nil, &KeyError{Reason: "the key is an Ed25519 key, not RSA; GitHub Apps sign with RSA keys: use the .pem file from the app's settings → Private keys"}
	default:
		return nil, &KeyError{Reason: fmt.Sprintf("the key is a PKCS#8 %T key, not RSA", key)}
	}
}

func isEncrypted(b *pem.Block) bool {
	return strings.Contains(b.Headers["Proc-Type"], "ENCRYPTED")
}

func encrypted() error {
	return &KeyError{Reason: "the key is encrypted with a passphrase; GitHub App keys are not: use the downloaded .pem as is, or decrypt it first (openssl pkey -in key.pem -out key-plain.pem)"}
}

// notPEM explains input that has no PEM block, recognising the usual
// mistakes: a path instead of contents, a base64 blob, an SSH public key.
func notPEM(s string) error {
	switch {
	case strings.HasPrefix(s, "ssh-"):
		return &KeyError{Reason: "the key is an SSH public key; the app's private key (.pem) is needed"}
	case strings.Contains(s, "-----BEGIN"):
		return &KeyError{Reason: "the key is not valid PEM: the BEGIN/END lines or the base64 between them are damaged"}
	case !strings.ContainsAny(s, " \n") && (strings.HasSuffix(s, ".pem") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "~")):
		return &KeyError{Reason: "the key looks like a file path, not PEM contents; use private_key_file for a path"}
	default:
		return &KeyError{Reason: "the key is not PEM: expected the .pem file GitHub downloads, beginning with -----BEGIN RSA PRIVATE KEY-----"}
	}
}
