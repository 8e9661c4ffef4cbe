package sandbox

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// repoRoot is the repository's top directory, from this package's.
const repoRoot = "../.."

// The README's and the troubleshooting guide's check against the sandbox,
// run as written: jwt.sh's JWT, handed to curl on standard input, is
// accepted for both requests.
func TestDocumentedCurlCheckAgainstTheSandbox(t *testing.T) {
	for _, tool := range []string{"openssl", "curl"} {
		testenv.RequireTool(t, tool, "it is needed to check the documented curl commands")
	}
	for _, doc := range []string{"README.md", "templates/guides/troubleshooting.md.tmpl"} {
		t.Run(doc, func(t *testing.T) {
			script := fencedBlockWith(t, doc, "JWT=$(APP_ID=$DXGH_APP_ID")
			srv, _ := ServeExample(t, Options{})
			cmd := exec.Command("bash", "-euo", "pipefail", "-c", script)
			cmd.Dir = repoRoot
			cmd.Env = append(os.Environ(), "DXGH_BASE_URL="+srv.URL(), "DXGH_APP_ID=1001",
				"DXGH_PRIVATE_KEY_FILE="+filepath.Join(ExampleOrgDir(), "app.pem"))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			// Both answers are GitHub's 200s: a list with acme-labs, then 11001 alone.
			if strings.Contains(string(out), `"message"`) || !strings.Contains(string(out), "acme-labs") {
				t.Errorf("the documented check did not list the installations:\n%s", out)
			}
			counts := srv.Counts()
			if counts["GET /app/installations"] != 1 || counts["GET /app/installations/{installation_id}"] != 1 {
				t.Errorf("counts %v, want one request of each", counts)
			}
		})
	}
}

// No documented command puts a credential on curl's command line, where
// every user of the machine can read it.
func TestDocsKeepCredentialsOffCommandLines(t *testing.T) {
	inArgv := regexp.MustCompile(`(?i)-H\s*["']?Authorization:`)
	var files []string
	for _, top := range []string{"README.md", "internal/sandbox/README.md", "templates", "docs", "examples"} {
		_ = filepath.WalkDir(filepath.Join(repoRoot, top), func(path string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				files = append(files, path)
			}
			return err
		})
	}
	if len(files) < 10 {
		t.Fatalf("found only %d documentation files under %s", len(files), repoRoot)
	}
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if inArgv.MatchString(line) {
				t.Errorf("%s:%d passes the Authorization header on the command line: %s", path, i+1, line)
			}
		}
	}
}

// fencedBlockWith returns the first fenced code block of the repository's
// file doc that contains marker.
func fencedBlockWith(t *testing.T, doc, marker string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, doc))
	if err != nil {
		t.Fatal(err)
	}
	for _, block := range regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(string(data), -1) {
		if strings.Contains(block[1], marker) {
			return block[1]
		}
	}
	t.Fatalf("%s has no code block with %q", doc, marker)
	return ""
}
