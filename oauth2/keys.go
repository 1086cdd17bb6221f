// Package oauth2 is NetSuite OAuth 2.0 for the client: the client
// credentials (machine-to-machine) flow with JWT assertions, the
// authorization code flow with PKCE, and an Authenticator for the request
// pipeline that sends "Authorization: Bearer <access token>". Token sources
// follow golang.org/x/oauth2's TokenSource style, with a context.
//
// NetSuite facts (Help Center): the token endpoint and the client
// credentials request, section 162755359851; the assertion's header and
// claims, section 162790605110; certificates, subsection 162755332391; the
// authorization code grant, sections 158081944642 and 158081952044; errors,
// subsection 158521832417. SOAP web services accept no OAuth 2.0 (section
// 157780312610).
package oauth2

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"time"
)

// Key types for GenerateKey.
const (
	KeyEC256   = "ec256"   // EC P-256, signs ES256 (the default)
	KeyEC384   = "ec384"   // EC P-384, signs ES384
	KeyEC521   = "ec521"   // EC P-521, signs ES512
	KeyRSA3072 = "rsa3072" // RSA 3072, signs PS256
	KeyRSA4096 = "rsa4096" // RSA 4096, signs PS256
)

// MaxCertificateValidity is NetSuite's limit: "The certificate is valid
// for a maximum of two years" (subsection 162755332391).
const MaxCertificateValidity = 2 * 365 * 24 * time.Hour

// GenerateKey creates a private key NetSuite accepts for the client
// credentials flow: EC on P-256, P-384 or P-521, or RSA of 3072 or 4096
// bits (subsection 162755332391).
func GenerateKey(kind string) (crypto.Signer, error) {
	switch kind {
	case "", KeyEC256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case KeyEC384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case KeyEC521:
		return ecdsa.GenerateKey(elliptic.P521(), rand.Reader)
	case KeyRSA3072:
		return rsa.GenerateKey(rand.Reader, 3072)
	case KeyRSA4096:
		return rsa.GenerateKey(rand.Reader, 4096)
	}
	return nil, fmt.Errorf("oauth2: unknown key type %q (want %s, %s, %s, %s or %s)", kind, KeyEC256, KeyEC384, KeyEC521, KeyRSA3072, KeyRSA4096)
}

// SelfSignedCertificate returns a PEM x.509 certificate for key, valid from
// now for validity (capped at two years, NetSuite's maximum).
func SelfSignedCertificate(key crypto.Signer, commonName string, now time.Time, validity time.Duration) ([]byte, error) {
	if validity <= 0 || validity > MaxCertificateValidity {
		validity = MaxCertificateValidity
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: commonName},
		NotBefore:             now.Add(-time.Minute),
		NotAfter:              now.Add(validity - time.Minute),
		KeyUsage:              x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, fmt.Errorf("oauth2: create certificate: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), nil
}

// EncodePrivateKey returns key as PKCS#8 PEM.
func EncodePrivateKey(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("oauth2: encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// WritePrivateKeyFile writes key as PKCS#8 PEM to path with mode 0600.
func WritePrivateKeyFile(path string, key crypto.Signer) error {
	b, err := EncodePrivateKey(key)
	if err != nil {
		return err
	}
	return WriteSecretFile(path, b)
}

// WriteSecretFile writes b to path, mode 0600 also when the file existed.
func WriteSecretFile(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ParsePrivateKey parses a PEM private key: PKCS#8 ("PRIVATE KEY"), SEC 1
// ("EC PRIVATE KEY") or PKCS#1 ("RSA PRIVATE KEY"). Errors never quote the
// key.
func ParsePrivateKey(pemBytes []byte) (crypto.Signer, error) {
	b, _ := pem.Decode(pemBytes)
	if b == nil {
		return nil, errors.New("oauth2: private key: no PEM block found (want a PEM private key, e.g. \"-----BEGIN PRIVATE KEY-----\")")
	}
	var k any
	var err error
	switch b.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(b.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(b.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(b.Bytes)
	case "CERTIFICATE":
		return nil, errors.New("oauth2: private key: the file holds a certificate, not the private key (the certificate is uploaded to NetSuite; the client needs the key)")
	default:
		return nil, fmt.Errorf("oauth2: private key: unsupported PEM block %q (want PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)", b.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("oauth2: private key: cannot parse the %s block: %v", b.Type, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("oauth2: private key: %T cannot sign", k)
	}
	return s, nil
}

// LoadPrivateKeyFile reads and parses a PEM private key file.
func LoadPrivateKeyFile(path string) (crypto.Signer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("oauth2: private key: %w", err)
	}
	return ParsePrivateKey(b)
}

// Algorithm returns the assertion algorithm for key: ES256/ES384/ES512 by
// curve, PS256 for RSA (RSA PKCS#1 v1.5, RS256, is no longer accepted:
// section 162755359851). An RSA key under 3072 bits or another curve is
// refused with the reason.
func Algorithm(key crypto.Signer) (string, error) {
	switch k := key.Public().(type) {
	case *ecdsa.PublicKey:
		switch k.Curve {
		case elliptic.P256():
			return "ES256", nil
		case elliptic.P384():
			return "ES384", nil
		case elliptic.P521():
			return "ES512", nil
		}
		return "", fmt.Errorf("oauth2: EC key on %s: NetSuite accepts P-256, P-384 or P-521", k.Curve.Params().Name)
	case *rsa.PublicKey:
		if n := k.N.BitLen(); n != 3072 && n != 4096 {
			return "", fmt.Errorf("oauth2: RSA key of %d bits: NetSuite's certificates take RSA keys of 3072 or 4096 bits (or EC keys)", n)
		}
		return "PS256", nil
	}
	return "", fmt.Errorf("oauth2: %T keys are not supported (want EC or RSA)", key.Public())
}

// CheckAlgorithm validates an explicitly chosen algorithm for key.
func CheckAlgorithm(alg string, key crypto.Signer) error {
	switch alg {
	case "RS256", "RS384", "RS512":
		return fmt.Errorf("oauth2: %s (RSA PKCS#1 v1.5) is no longer accepted by NetSuite's token endpoint: use PS256, PS384 or PS512 with an RSA key, or ES256/ES384/ES512 with an EC key", alg)
	case "PS256", "PS384", "PS512":
		if _, ok := key.Public().(*rsa.PublicKey); !ok {
			return fmt.Errorf("oauth2: %s needs an RSA key", alg)
		}
		return nil
	case "ES256", "ES384", "ES512":
		want, err := Algorithm(key)
		if err != nil {
			return err
		}
		if want != alg {
			return fmt.Errorf("oauth2: %s does not fit the key (its curve signs %s)", alg, want)
		}
		return nil
	}
	return fmt.Errorf("oauth2: unknown algorithm %q (want PS256, PS384, PS512, ES256, ES384 or ES512)", alg)
}
