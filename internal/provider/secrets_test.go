package provider

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

// TestAccSecrets_notInStatePlanOrLogs enforces the standard "no private key
// or token in state, plan output or logs, at any log level" end to end: it
// builds the provider, runs real terraform (apply, plan, show) through a
// dev_overrides CLI configuration with TF_LOG=TRACE, the key passed in
// DXGH_PRIVATE_KEY_PEM and max_concurrency = 50, and then looks for every
// secret that crossed the wire in everything terraform wrote.
//
// Secrets: the private key (whole, by line, and every 40-character piece of
// its base64 body), every app JWT and installation token the provider
// presented to the sandbox (recorded from the Authorization header), and
// every token the sandbox issued (sandbox.Server.IssuedTokens).
//
// Artifacts: the TF_LOG trace of each command, terraform's stdout and stderr,
// terraform.tfstate (and its backup), the saved plan file's contents, and
// `terraform show -json` of the plan and of the state.
func TestAccSecrets_notInStatePlanOrLogs(t *testing.T) {
	testenv.RequireTerraform(t)
	start := time.Now()

	// The example organisation, dated so that the last few days have
	// deployments (and so status requests), behind a recorder of credentials.
	fixture, err := sandbox.LoadFixture(filepath.Join(exampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	fixture.Rebase(time.Now())
	srv, err := sandbox.New(fixture, sandbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec := &credentialRecorder{next: srv, seen: map[string]bool{}}
	ts := httptest.NewServer(rec)
	t.Cleanup(ts.Close)

	keyPEM, err := os.ReadFile(keyFile(appGood))
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	cliConfig := buildDevProvider(t, dir)
	work := filepath.Join(dir, "work")
	mustWrite(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    dxgh = { source = "dxgh/dxgh" }
  }
}

# As many requests at once as the provider allows, each logging through
# internal/safelog at TRACE.
provider "dxgh" {
  max_concurrency = 50
}

resource "dxgh_connection" "acme" {
  name = "Acme DX - GitHub Deployments"
}

data "dxgh_environments" "all" {
  import_settings = dxgh_connection.acme.import_settings
}

data "dxgh_deployments" "recent" {
  import_settings = dxgh_connection.acme.import_settings
  since           = timeadd(plantimestamp(), "-72h")
}

output "environment_names" {
  value = data.dxgh_environments.all.names
}

output "deployments_total" {
  value = data.dxgh_deployments.recent.total_count
}
`)

	// artifacts: what terraform wrote, by name.
	artifacts := map[string][]byte{}
	tf := func(name string, args ...string) {
		t.Helper()
		logPath := filepath.Join(dir, "trace-"+name+".log")
		cmd := exec.Command("terraform", args...)
		cmd.Dir = work
		cmd.Env = append(envWithout(os.Environ(), "DXGH_", "TF_LOG"),
			"TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
			"TF_LOG=TRACE", "TF_LOG_PATH="+logPath,
			"DXGH_APP_ID=1001", "DXGH_PRIVATE_KEY_PEM="+string(keyPEM), "DXGH_BASE_URL="+ts.URL+"/")
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		artifacts[name+" stdout"] = stdout.Bytes()
		artifacts[name+" stderr"] = stderr.Bytes()
		trace, readErr := os.ReadFile(logPath)
		if readErr != nil {
			t.Fatalf("terraform %s wrote no TF_LOG_PATH trace: %v", name, readErr)
		}
		artifacts[name+" trace log"] = trace
		if err != nil {
			// Terraform's output is checked below for leaks, so a failure
			// prints a bounded excerpt only.
			t.Fatalf("terraform %s: %v\nstdout:\n%.4000s\nstderr:\n%.4000s", strings.Join(args, " "), err, stdout.Bytes(), stderr.Bytes())
		}
	}
	tf("apply", "apply", "-auto-approve", "-input=false")
	tf("plan", "plan", "-input=false", "-out=tfplan")
	tf("show-plan", "show", "-json", "tfplan")
	tf("show-state", "show", "-json")

	for _, f := range []string{"terraform.tfstate", "terraform.tfstate.backup"} {
		b, err := os.ReadFile(filepath.Join(work, f))
		if os.IsNotExist(err) && f != "terraform.tfstate" {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		artifacts[f] = b
	}
	plan, err := zip.OpenReader(filepath.Join(work, "tfplan"))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range plan.File {
		r, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		_ = r.Close()
		if err != nil {
			t.Fatal(err)
		}
		artifacts["plan file: "+zf.Name] = b
	}
	_ = plan.Close()

	// The test must have looked at something: credentials crossed the wire,
	// the provider's own request logs are in the trace, and the read worked.
	jwts, presentedTokens := rec.credentials()
	issued := srv.IssuedTokens()
	if len(jwts) == 0 || len(issued) == 0 || len(presentedTokens) == 0 {
		t.Fatalf("captured %d JWTs, %d issued and %d presented tokens: the test is not looking at anything", len(jwts), len(issued), len(presentedTokens))
	}
	issuedSet := map[string]bool{}
	for _, tok := range issued {
		issuedSet[tok] = true
	}
	for _, tok := range presentedTokens {
		if !issuedSet[tok] {
			t.Errorf("the provider presented a token (%.8s…) the sandbox did not issue", tok)
		}
	}
	// The default api, graphql, with the flag fallback: environments and
	// statuses by GraphQL, deployments by REST (only REST has the flag).
	counts := srv.Counts()
	for _, route := range []string{
		"GET /app/installations",
		"POST /app/installations/{installation_id}/access_tokens",
		"GET /installation/repositories",
		"GET /repos/{owner}/{repo}/deployments",
		"POST /graphql",
	} {
		if counts[route] == 0 {
			t.Errorf("no %s request was made; counts: %v", route, counts)
		}
	}
	for _, name := range []string{"apply", "plan"} {
		trace := string(artifacts[name+" trace log"])
		if len(trace) < 64<<10 {
			t.Errorf("%s trace log is only %d bytes: TF_LOG=TRACE did not take", name, len(trace))
		}
		// The provider's TRACE request log (internal/ghclient/wire.go), as
		// terraform records the plugin's output.
		for _, want := range []string{"[TRACE] provider.terraform-provider-dxgh", "GitHub request", "GET /repos/{owner}/{repo}/deployments"} {
			if !strings.Contains(trace, want) {
				t.Errorf("%s trace log lacks %q: the provider's logs are not in it", name, want)
			}
		}
	}
	state := string(artifacts["show-state stdout"])
	for _, want := range []string{`"dxgh_connection"`, `"dxgh_environments"`, `"dxgh_deployments"`, `"installations"`} {
		if !strings.Contains(state, want) {
			t.Errorf("terraform show -json lacks %s", want)
		}
	}

	// The secrets, and where they must not be.
	secrets := newSecretSet(string(keyPEM))
	for _, j := range jwts {
		secrets.add("an app JWT", j)
		if parts := strings.Split(j, "."); len(parts) == 3 {
			secrets.add("an app JWT's signature", parts[2])
		}
	}
	for _, tok := range append(issued, presentedTokens...) {
		secrets.add("an installation token", tok)
		secrets.add("an installation token's random part", strings.TrimPrefix(tok, "ghs_"))
	}
	// Positive controls: the search finds each kind of secret, also inside a
	// JSON string with its line breaks escaped.
	if len(secrets.keyPieces) < 1000 {
		t.Fatalf("only %d pieces of the private key to look for", len(secrets.keyPieces))
	}
	keyLines := strings.Split(strings.TrimSpace(string(keyPEM)), "\n")
	for what, sample := range map[string]string{
		"JWT":       `{"authorization":"Bearer ` + jwts[0] + `"}`,
		"token":     `token ` + strings.TrimPrefix(issued[0], "ghs_"),
		"key piece": `{"pem":"x` + strings.Join(keyLines[2:4], "\\n")[30:90] + `y"}`,
	} {
		if len(secrets.find([]byte(sample))) == 0 {
			t.Fatalf("positive control: the search misses a %s", what)
		}
	}
	names := make([]string, 0, len(artifacts))
	for name := range artifacts {
		names = append(names, name)
	}
	sort.Strings(names)
	var scanned int
	for _, name := range names {
		scanned += len(artifacts[name])
		for _, leak := range secrets.find(artifacts[name]) {
			t.Errorf("%s: %s", name, leak)
		}
	}
	t.Logf("checked %d artifacts (%d bytes) for the key, %d JWTs and %d tokens (%d requests) in %s",
		len(artifacts), scanned, len(jwts), len(issued), counts["total"], time.Since(start).Round(time.Second))
}

// credentialRecorder passes requests to the sandbox and keeps every
// credential presented in an Authorization header.
type credentialRecorder struct {
	next http.Handler
	mu   sync.Mutex
	seen map[string]bool
}

func (c *credentialRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h := r.Header.Get("Authorization"); h != "" {
		if _, cred, ok := strings.Cut(h, " "); ok && strings.TrimSpace(cred) != "" {
			c.mu.Lock()
			c.seen[strings.TrimSpace(cred)] = true
			c.mu.Unlock()
		}
	}
	c.next.ServeHTTP(w, r)
}

// credentials returns the JWTs and the other credentials (tokens) seen.
func (c *credentialRecorder) credentials() (jwts, tokens []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for cred := range c.seen {
		if strings.Count(cred, ".") == 2 {
			jwts = append(jwts, cred)
		} else {
			tokens = append(tokens, cred)
		}
	}
	sort.Strings(jwts)
	sort.Strings(tokens)
	return jwts, tokens
}

// keyWindow is the length of the pieces of the key's base64 body looked for:
// long enough never to match by chance, short enough to catch a partial leak.
const keyWindow = 40

// secretSet finds secrets in artifacts: exact values, the generic markers
// "PRIVATE KEY" and "ghs_", and any keyWindow-long piece of the private key's
// base64 body.
type secretSet struct {
	exact     map[string]string   // value → what it is
	keyPieces map[string]struct{} // every keyWindow-long substring of the key's base64 body
	markers   []string
}

func newSecretSet(keyPEM string) *secretSet {
	s := &secretSet{exact: map[string]string{}, keyPieces: map[string]struct{}{}, markers: []string{"PRIVATE KEY", "ghs_"}}
	s.add("the private key PEM", strings.TrimSpace(keyPEM))
	var body strings.Builder
	for _, line := range strings.Split(strings.ReplaceAll(keyPEM, "\r", ""), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "-----") {
			continue
		}
		if len(line) >= 16 {
			s.add("a line of the private key", line)
		}
		body.WriteString(line)
	}
	b := body.String()
	for i := 0; i+keyWindow <= len(b); i++ {
		s.keyPieces[b[i:i+keyWindow]] = struct{}{}
	}
	return s
}

func (s *secretSet) add(what, value string) {
	if len(value) >= 16 {
		s.exact[value] = what
	}
}

// find reports each kind of secret found in b once, with the line it is on,
// never the secret itself.
func (s *secretSet) find(b []byte) []string {
	var found []string
	text := string(b)
	values := make([]string, 0, len(s.exact))
	for v := range s.exact {
		values = append(values, v)
	}
	sort.Strings(values)
	reported := map[string]bool{}
	for _, v := range values {
		if i := strings.Index(text, v); i >= 0 && !reported[s.exact[v]] {
			reported[s.exact[v]] = true
			found = append(found, s.exact[v]+" appears at line "+lineOf(text, i))
		}
	}
	for _, m := range s.markers {
		if i := strings.Index(text, m); i >= 0 {
			found = append(found, "the marker "+m+" appears at line "+lineOf(text, i))
		}
	}
	// Pieces of the key's base64 body, also across line breaks, CRLF and
	// literal \n escapes (JSON strings, env var forms).
	for _, form := range []string{text, strings.NewReplacer("\\r", "", "\\n", "", "\r", "", "\n", "").Replace(text)} {
		if i := s.keyPieceIndex(form); i >= 0 {
			where := "at line " + lineOf(form, i)
			if form != text {
				where = "once line breaks are removed, at byte " + strconv.Itoa(i)
			}
			found = append(found, "a piece of the private key's base64 body appears "+where)
			break
		}
	}
	return found
}

// keyPieceIndex is the offset of the first keyWindow-long piece of the key's
// base64 body in text, or -1.
func (s *secretSet) keyPieceIndex(text string) int {
	isB64 := func(c byte) bool {
		return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
	}
	for i := 0; i < len(text); {
		if !isB64(text[i]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isB64(text[j]) {
			j++
		}
		for k := i; k+keyWindow <= j; k++ {
			if _, ok := s.keyPieces[text[k:k+keyWindow]]; ok {
				return k
			}
		}
		i = j
	}
	return -1
}

func lineOf(text string, offset int) string {
	return strconv.Itoa(strings.Count(text[:offset], "\n") + 1)
}

// envWithout drops the variables whose names start with any of prefixes, so
// that the caller's own DXGH_* or TF_LOG* settings cannot change the test.
func envWithout(env []string, prefixes ...string) []string {
	out := env[:0:0]
next:
	for _, kv := range env {
		for _, p := range prefixes {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		out = append(out, kv)
	}
	return out
}
