package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The troubleshooting script of the connector documentation ("Curl
// commands", step 1), verbatim but for its two variables.
const docScript = `
b64url() { base64 | tr -d '\n=' | tr '+/' '-_'; }

HEADER=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
NOW=$(date +%s); EXP=$((NOW + 300))
PAYLOAD=$(printf '{"iat":%s,"exp":%s,"iss":"%s"}' "$NOW" "$EXP" "$APP_ID" | b64url)

tmp=$(mktemp)
tr -d '\r' < "$PRIVATE_KEY_FILE" > "$tmp"
SIG=$(printf '%s' "$HEADER.$PAYLOAD" | openssl dgst -sha256 -sign "$tmp" -binary | b64url)
rm -f "$tmp"

echo "$HEADER.$PAYLOAD.$SIG"
`

// A JWT made by hand as the connector documentation shows is accepted for
// GET /app/installations and GET /app/installations/{id}, as GitHub accepts it.
func TestConnectorDocumentationJWTScript(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("openssl is needed to check the documented JWT script")
		}
		t.Skip("openssl not on PATH")
	}
	dir := filepath.Join("testdata", "example-org")
	f, err := LoadFixture(filepath.Join(dir, "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := New(f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	// The documentation's text, and the copy users run from examples/.
	scripts := map[string]*exec.Cmd{
		"connector documentation":         exec.Command("bash", "-c", docScript),
		"examples/troubleshooting/jwt.sh": exec.Command("bash", filepath.Join("..", "..", "examples", "troubleshooting", "jwt.sh")),
	}
	o := &testOrg{srv: srv, url: srv.URL(), client: newTestOrgClient()}
	for name, cmd := range scripts {
		cmd.Env = append(os.Environ(), "APP_ID=1001", "PRIVATE_KEY_FILE="+filepath.Join(dir, "app.pem"))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		jwt := strings.TrimSpace(string(out))
		for _, path := range []string{"app/installations", "app/installations/11001", "api/v3/app/installations"} {
			resp, obj, _ := o.do(t, "GET", path, jwt, nil)
			if resp.StatusCode != 200 {
				t.Errorf("GET /%s with the JWT from the %s: %d %v", path, name, resp.StatusCode, obj)
			}
		}
	}
}
