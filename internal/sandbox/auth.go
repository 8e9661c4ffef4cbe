package sandbox

import (
	"crypto/rand"
	"errors"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v4"
)

// GitHub's messages for app JWTs it refuses.
const (
	msgJWTUndecodable = "A JSON web token could not be decoded"
	msgExpTooFar      = "'Expiration time' claim ('exp') is too far in the future"
	msgExpInvalid     = "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
	msgIatInvalid     = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
	msgIntegration    = "Integration not found"
	msgBadCredentials = "Bad credentials"
	msgNotAccessible  = "Resource not accessible by integration"
)

// Clock allowances: GitHub refuses an exp more than ten minutes ahead and
// tolerates a little drift on iat.
const (
	maxJWTLifetime = 10 * time.Minute
	iatDrift       = 60 * time.Second
)

var errUnknownApp = errors.New("unknown app")

// verifyJWT checks an app JWT the way GitHub does: RS256 signed by the
// app's key (the app named by iss, a number or a string), exp in the future
// but at most ten minutes ahead, iat not in the future.
func (s *Server) verifyJWT(raw string) (*appState, int, string) {
	var app *appState
	claims := jwt.MapClaims{}
	parser := jwt.NewParser(jwt.WithValidMethods([]string{"RS256"}), jwt.WithoutClaimsValidation())
	_, err := parser.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		id, ok := issuer(claims["iss"])
		if !ok {
			return nil, errors.New("no iss")
		}
		s.mu.Lock()
		app = s.apps[id]
		s.mu.Unlock()
		if app == nil {
			return nil, errUnknownApp
		}
		return app.key, nil
	})
	if errors.Is(err, errUnknownApp) {
		return nil, 404, msgIntegration
	}
	if err != nil {
		return nil, 401, msgJWTUndecodable
	}
	now := s.opts.Now()
	exp, ok := numericClaim(claims["exp"])
	if !ok || !time.Unix(exp, 0).After(now) {
		return nil, 401, msgExpInvalid
	}
	if time.Unix(exp, 0).Sub(now) > maxJWTLifetime+time.Second {
		return nil, 401, msgExpTooFar
	}
	iat, ok := numericClaim(claims["iat"])
	if !ok || time.Unix(iat, 0).After(now.Add(iatDrift)) {
		return nil, 401, msgIatInvalid
	}
	return app, 0, ""
}

func issuer(v any) (int64, bool) {
	switch iss := v.(type) {
	case float64:
		return int64(iss), iss > 0
	case string:
		id, err := strconv.ParseInt(iss, 10, 64)
		return id, err == nil
	}
	return 0, false
}

func numericClaim(v any) (int64, bool) {
	f, ok := v.(float64)
	return int64(f), ok
}

// token is an installation access token.
type token struct {
	installationID int64
	expires        time.Time
	permissions    map[string]string
	repositories   map[string]bool // lower-cased full names; nil = all of the installation's
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func newTokenValue() string {
	b := make([]byte, 36)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(tokenAlphabet))))
		b[i] = tokenAlphabet[n.Int64()]
	}
	return "ghs_" + string(b)
}

// credential reads the Authorization header: "Bearer X" or "token X".
func credential(header string) string {
	for _, scheme := range []string{"Bearer ", "bearer ", "token ", "Token "} {
		if strings.HasPrefix(header, scheme) {
			return strings.TrimSpace(header[len(scheme):])
		}
	}
	return ""
}

func looksLikeJWT(cred string) bool { return strings.Count(cred, ".") == 2 }

// levelAtLeastRead: write and admin include read.
func levelAtLeastRead(level string) bool {
	return level == "read" || level == "write" || level == "admin"
}

// levelRank orders permission levels for granting token requests.
func levelRank(level string) int {
	switch level {
	case "read":
		return 1
	case "write":
		return 2
	case "admin":
		return 3
	}
	return 0
}
