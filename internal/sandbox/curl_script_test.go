package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// A JWT made by hand as the connector documentation shows ("Curl commands",
// step 1) is accepted for GET /app/installations and /app/installations/{id},
// as GitHub accepts it. examples/troubleshooting/jwt.sh is that script, its
// two variables read from the environment and a trap added that removes its
// copy of the key; the docs include the same file, so this checks what users
// run, and that it leaves no copy of the key behind.
func TestConnectorDocumentationJWTScript(t *testing.T) {
	testenv.RequireTool(t, "openssl", "it is needed to check the documented JWT script")
	srv, _ := ServeExample(t, Options{})
	dir := ExampleOrgDir()
	cmd := exec.Command("bash", filepath.Join("..", "..", "examples", "troubleshooting", "jwt.sh"))
	tmpdir := t.TempDir()
	cmd.Env = append(os.Environ(), "APP_ID=1001", "PRIVATE_KEY_FILE="+filepath.Join(dir, "app.pem"), "TMPDIR="+tmpdir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("jwt.sh: %v", err)
	}
	if left, _ := os.ReadDir(tmpdir); len(left) != 0 {
		t.Errorf("jwt.sh left %d file(s) in TMPDIR", len(left))
	}
	jwt := strings.TrimSpace(string(out))
	o := &testOrg{srv: srv, url: srv.URL(), client: newTestOrgClient()}
	for _, path := range []string{"app/installations", "app/installations/11001", "api/v3/app/installations"} {
		resp, obj, _ := o.do(t, "GET", path, jwt, nil)
		if resp.StatusCode != 200 {
			t.Errorf("GET /%s with the documented JWT: %d %v", path, resp.StatusCode, obj)
		}
	}
}
