package conformance

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v4"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// startSandbox serves the example organisation on loopback and returns its
// base URL, ending in "/".
func startSandbox(t *testing.T) (string, *sandbox.Fixture) {
	t.Helper()
	srv, f := sandbox.ServeExample(t, sandbox.Options{})
	return srv.URL(), f
}

// appJWT signs a GitHub App JWT the way ghinstallation does: RS256, issued a
// minute in the past against clock drift, valid for nine minutes.
func appJWT(t *testing.T, appID int64, key *rsa.PrivateKey) string {
	t.Helper()
	now := time.Now()
	token, err := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.RegisteredClaims{
		Issuer:    strconv.FormatInt(appID, 10),
		IssuedAt:  jwt.NewNumericDate(now.Add(-time.Minute)),
		ExpiresAt: jwt.NewNumericDate(now.Add(9 * time.Minute)),
	}).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return token
}

func appKey(t *testing.T, f *sandbox.Fixture, appID int64) *rsa.PrivateKey {
	t.Helper()
	for _, a := range f.Apps {
		if a.ID != appID {
			continue
		}
		pemBytes, err := os.ReadFile(a.PrivateKeyFile)
		if err != nil {
			t.Fatal(err)
		}
		key, err := jwt.ParseRSAPrivateKeyFromPEM(pemBytes)
		if err != nil {
			t.Fatalf("app %d key: %v", appID, err)
		}
		return key
	}
	t.Fatalf("fixture has no app %d", appID)
	return nil
}

// conn makes requests as the provider would and checks every response
// against the description.
type conn struct {
	t       *testing.T
	spec    *Spec
	base    string
	checked int // responses validated
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// do sends one request to the operation e at target (a path relative to the
// base URL, or an absolute URL from a Link header), requires status want,
// and validates the response.
func (c *conn) do(e Endpoint, target, auth string, body any, header http.Header, want int) reply {
	c.t.Helper()
	full := target
	if !strings.HasPrefix(target, "http") {
		full = c.base + strings.TrimPrefix(target, "/")
	}
	var reqBody io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		reqBody = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(e.Method, full, reqBody)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	if auth != "" {
		req.Header.Set("Authorization", "Bearer "+auth)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", e.Method, target, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading body: %v", e.Method, target, err)
	}
	if resp.StatusCode != want {
		// Error bodies carry no secrets; success bodies are not printed.
		c.t.Fatalf("%s %s: status %d, want %d (%s)", e.Method, target, resp.StatusCode, want, errorMessage(raw))
	}
	if err := c.spec.Check(e, resp.StatusCode, resp.Header, raw); err != nil {
		c.t.Errorf("%s: %v", target, err)
	}
	c.checked++
	return reply{status: resp.StatusCode, header: resp.Header, body: raw}
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %T: %v", v, err)
	}
}

var linkNext = regexp.MustCompile(`<([^>]+)>;\s*rel="next"`)

func (r reply) next() string {
	if m := linkNext.FindStringSubmatch(r.header.Get("Link")); m != nil {
		return m[1]
	}
	return ""
}

func errorMessage(body []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	_ = json.Unmarshal(body, &e)
	return e.Message
}

// readOnly is the token request the provider makes: read access only.
var readOnly = map[string]any{"permissions": map[string]string{
	"actions": "read", "deployments": "read", "issues": "read",
	"metadata": "read", "pull_requests": "read", "members": "read",
}}

// TestSandboxConformsToGitHubsDescription walks every endpoint the provider
// uses, at github.com's root and at GitHub Enterprise Server's /api/v3/, and
// validates each response.
func TestSandboxConformsToGitHubsDescription(t *testing.T) {
	s := githubSpec(t)
	base, f := startSandbox(t)
	const appID = 1001
	key := appKey(t, f, appID)

	for _, root := range []struct{ name, prefix string }{
		{"github.com", ""},
		{"GitHub Enterprise Server", "api/v3/"},
	} {
		t.Run(root.name, func(t *testing.T) {
			c := &conn{t: t, spec: s, base: base + root.prefix}
			jwtToken := appJWT(t, appID, key)

			var installations []struct {
				ID int64 `json:"id"`
			}
			c.do(listInstallations, "app/installations?per_page=100", jwtToken, nil, nil, 200).decode(t, &installations)
			if len(installations) == 0 {
				t.Fatal("GET /app/installations listed no installation of app 1001")
			}
			for _, inst := range installations {
				c.do(getInstallation, "app/installations/"+strconv.FormatInt(inst.ID, 10), jwtToken, nil, nil, 200)
			}

			// The installation on the organisation with the most repositories.
			instID := installationWithMostRepositories(t, f, appID)
			var tok struct {
				Token string `json:"token"`
			}
			c.do(createToken, "app/installations/"+strconv.FormatInt(instID, 10)+"/access_tokens", jwtToken, readOnly, nil, 201).decode(t, &tok)
			if tok.Token == "" {
				t.Fatal("access token response has no token")
			}

			repos := c.do(listRepositories, "installation/repositories?per_page=100", tok.Token, nil, nil, 200)
			etag := repos.header.Get("ETag")
			if etag == "" {
				t.Error("GET /installation/repositories sent no ETag")
			} else {
				c.do(listRepositories, "installation/repositories?per_page=100", tok.Token, nil, http.Header{"If-None-Match": {etag}}, 304)
			}

			repo, envName := repositoryWithMostDeployments(t, f, instID)
			// Half the repository's deployments per page, so there is a second page.
			perPage := strconv.Itoa(max(1, deploymentCount(f, repo)/2))
			first := c.do(listDeployments, "repos/"+repo+"/deployments?per_page="+perPage, tok.Token, nil, nil, 200)
			next := first.next()
			if next == "" {
				t.Fatalf("GET /repos/%s/deployments?per_page=%s has no Link rel=next although there are %d deployments", repo, perPage, deploymentCount(f, repo))
			}
			c.do(listDeployments, next, tok.Token, nil, nil, 200)

			var filtered []struct {
				Environment string `json:"environment"`
			}
			c.do(listDeployments, "repos/"+repo+"/deployments?per_page=100&environment="+url.QueryEscape(envName), tok.Token, nil, nil, 200).decode(t, &filtered)
			if len(filtered) == 0 {
				t.Errorf("environment=%s listed no deployment although the fixture has some", envName)
			}

			statusRepo, deploymentID, count := deploymentWithMostStatuses(t, f, instID)
			statuses := c.do(listStatuses, "repos/"+statusRepo+"/deployments/"+strconv.FormatInt(deploymentID, 10)+"/statuses?per_page=100", tok.Token, nil, nil, 200)
			if next := statuses.next(); next != "" {
				c.do(listStatuses, next, tok.Token, nil, nil, 200)
			} else if count > 100 {
				t.Errorf("deployment %d has %d statuses but the first page of 100 has no Link rel=next", deploymentID, count)
			}

			c.do(listEnvironments, "repos/"+repo+"/environments?per_page=100", tok.Token, nil, nil, 200)
			c.changes(f, instID, tok.Token)
			c.teams(f, instID, tok.Token)
			t.Logf("%d responses conform", c.checked)
		})
	}
}

// all follows Link rel=next from target and returns how many items the
// pages held.
func (c *conn) all(e Endpoint, target, token string) int {
	c.t.Helper()
	n := 0
	for pages := 0; target != ""; pages++ {
		if pages == 20 {
			c.t.Fatalf("%s: more than 20 pages", target)
		}
		r := c.do(e, target, token, nil, nil, 200)
		var items []json.RawMessage
		r.decode(c.t, &items)
		n += len(items)
		target = r.next()
	}
	return n
}

// changes reads what dxgh_dora_metrics reads: pull requests in each state
// and order, the commits of the pull request with the most (past GitHub's
// 250), and issues by label and since, pull requests among them.
func (c *conn) changes(f *sandbox.Fixture, instID int64, token string) {
	t := c.t
	repo, count := repositoryWithMostPullRequests(t, f, instID)
	perPage := strconv.Itoa(max(1, count/3))
	if got := c.all(listPulls, "repos/"+repo+"/pulls?state=all&per_page="+perPage, token); got != count {
		t.Errorf("GET /repos/%s/pulls?state=all paged through %d pull requests, the fixture has %d", repo, got, count)
	}
	c.do(listPulls, "repos/"+repo+"/pulls?state=closed&sort=updated&direction=desc&per_page=100", token, nil, nil, 200)
	c.do(listPulls, "repos/"+repo+"/pulls?per_page=100", token, nil, nil, 200)

	prRepo, number, commits := pullRequestWithMostCommits(t, f, instID)
	if got, want := c.all(listPullCommits, "repos/"+prRepo+"/pulls/"+strconv.FormatInt(number, 10)+"/commits?per_page=100", token), min(commits, 250); got != want {
		t.Errorf("%s#%d has %d commits; the commits route listed %d, want %d (GitHub lists at most 250)", prRepo, number, commits, got, want)
	}

	var issues []struct {
		PullRequest *struct{} `json:"pull_request"`
	}
	c.do(listIssues, "repos/"+repo+"/issues?state=all&per_page=100", token, nil, nil, 200).decode(t, &issues)
	withPR := false
	for _, is := range issues {
		withPR = withPR || is.PullRequest != nil
	}
	if !withPR {
		t.Errorf("GET /repos/%s/issues?state=all listed no pull request", repo)
	}
	c.do(listIssues, "repos/"+repo+"/issues?labels=incident&state=all&since=2026-10-21T00:00:00Z&per_page=100", token, nil, nil, 200)
}

// TestSandboxErrorsConformToGitHubsDescription checks the errors the
// provider turns into diagnostics.
func TestSandboxErrorsConformToGitHubsDescription(t *testing.T) {
	s := githubSpec(t)
	base, f := startSandbox(t)
	c := &conn{t: t, spec: s, base: base}
	const appID = 1001
	jwtToken := appJWT(t, appID, appKey(t, f, appID))
	instID := installationWithMostRepositories(t, f, appID)
	tokenPath := "app/installations/" + strconv.FormatInt(instID, 10) + "/access_tokens"

	t.Run("401 JWT signed with another app's key", func(t *testing.T) {
		c := *c
		c.t = t
		forged := appJWT(t, appID, appKey(t, f, 1002))
		for _, r := range []reply{
			c.do(createToken, tokenPath, forged, readOnly, nil, 401),
			c.do(listInstallations, "app/installations", forged, nil, nil, 401),
		} {
			requireGitHubError(t, r, "")
		}
	})

	t.Run("403 token without the deployments permission", func(t *testing.T) {
		c := *c
		c.t = t
		lackingApp, lackingInst := installationLacking(t, f, "deployments")
		var tok struct {
			Token string `json:"token"`
		}
		c.do(createToken, "app/installations/"+strconv.FormatInt(lackingInst, 10)+"/access_tokens",
			appJWT(t, lackingApp, appKey(t, f, lackingApp)), nil, nil, 201).decode(t, &tok)
		repo := repositoriesOf(f, installation(t, f, lackingInst))[0]
		r := c.do(listDeployments, "repos/"+repo+"/deployments", tok.Token, nil, nil, 403)
		requireGitHubError(t, r, "Resource not accessible by integration")
	})

	t.Run("403 token without pull_requests or issues", func(t *testing.T) {
		c := *c
		c.t = t
		var tok struct {
			Token string `json:"token"`
		}
		narrowed := map[string]any{"permissions": map[string]string{"metadata": "read", "deployments": "read"}}
		c.do(createToken, tokenPath, jwtToken, narrowed, nil, 201).decode(t, &tok)
		repo, _ := repositoryWithMostPullRequests(t, f, instID)
		requireGitHubError(t, c.do(listPulls, "repos/"+repo+"/pulls", tok.Token, nil, nil, 403), "Resource not accessible by integration")
		requireGitHubError(t, c.do(listPullCommits, "repos/"+repo+"/pulls/1/commits", tok.Token, nil, nil, 403), "Resource not accessible by integration")
		requireGitHubError(t, c.do(listIssues, "repos/"+repo+"/issues", tok.Token, nil, nil, 403), "Resource not accessible by integration")
	})

	t.Run("422 a value the parameter does not take", func(t *testing.T) {
		c := *c
		c.t = t
		var tok struct {
			Token string `json:"token"`
		}
		c.do(createToken, tokenPath, jwtToken, readOnly, nil, 201).decode(t, &tok)
		repo, _ := repositoryWithMostPullRequests(t, f, instID)
		requireGitHubError(t, c.do(listPulls, "repos/"+repo+"/pulls?state=merged", tok.Token, nil, nil, 422), "Validation Failed")
		requireGitHubError(t, c.do(listIssues, "repos/"+repo+"/issues?since=yesterday", tok.Token, nil, nil, 422), "Validation Failed")
	})

	t.Run("404", func(t *testing.T) {
		c := *c
		c.t = t
		requireGitHubError(t, c.do(getInstallation, "app/installations/999999999", jwtToken, nil, nil, 404), "Not Found")

		var tok struct {
			Token string `json:"token"`
		}
		c.do(createToken, tokenPath, jwtToken, readOnly, nil, 201).decode(t, &tok)
		repo, _ := repositoryWithMostDeployments(t, f, instID)
		requireGitHubError(t, c.do(listStatuses, "repos/"+repo+"/deployments/1/statuses", tok.Token, nil, nil, 404), "Not Found")
		owner, _, _ := strings.Cut(repo, "/")
		requireGitHubError(t, c.do(listEnvironments, "repos/"+owner+"/no-such-repository/environments", tok.Token, nil, nil, 404), "Not Found")
		requireGitHubError(t, c.do(listPullCommits, "repos/"+repo+"/pulls/999999/commits", tok.Token, nil, nil, 404), "Not Found")
		requireGitHubError(t, c.do(listIssues, "repos/"+owner+"/no-such-repository/issues", tok.Token, nil, nil, 404), "Not Found")
	})
}

// TestCheckRejectsBrokenSandboxBodies proves, against GitHub's real
// description, that the check above can fail: a real sandbox body with one
// field of the wrong type and one required field removed must be rejected,
// naming both fields.
func TestCheckRejectsBrokenSandboxBodies(t *testing.T) {
	s := githubSpec(t)
	base, f := startSandbox(t)
	c := &conn{t: t, spec: s, base: base}
	const appID = 1001
	jwtToken := appJWT(t, appID, appKey(t, f, appID))
	instID := installationWithMostRepositories(t, f, appID)
	var tok struct {
		Token string `json:"token"`
	}
	c.do(createToken, "app/installations/"+strconv.FormatInt(instID, 10)+"/access_tokens", jwtToken, readOnly, nil, 201).decode(t, &tok)
	repo, _ := repositoryWithMostDeployments(t, f, instID)

	for name, tc := range map[string]struct {
		e      Endpoint
		target string
		mutate func(v any)
		want   []string
	}{
		"deployments": {
			listDeployments, "repos/" + repo + "/deployments?per_page=2",
			func(v any) {
				d := v.([]any)[1].(map[string]any)
				d["id"] = "2600000547"
				delete(d, "sha")
				d["creator"].(map[string]any)["login"] = 7
			},
			[]string{"/1/id: ", "/1/sha: ", "/1/creator/login: "},
		},
		"pull requests": {
			listPulls, "repos/" + repo + "/pulls?state=all&per_page=2",
			func(v any) {
				pr := v.([]any)[0].(map[string]any)
				pr["number"] = "1"
				delete(pr, "head")
				pr["base"].(map[string]any)["ref"] = nil
			},
			[]string{"/0/number: ", "/0/head: ", "/0/base/ref: "},
		},
		"issues": {
			listIssues, "repos/" + repo + "/issues?state=all&per_page=2",
			func(v any) {
				is := v.([]any)[1].(map[string]any)
				is["closed_at"] = "yesterday"
				delete(is, "labels")
			},
			[]string{"/1/closed_at: ", "/1/labels: "},
		},
		"environments": {
			listEnvironments, "repos/" + repo + "/environments",
			func(v any) {
				m := v.(map[string]any)
				m["total_count"] = "3"
				delete(m["environments"].([]any)[0].(map[string]any), "name")
			},
			[]string{"/total_count: ", "/environments/0/name: "},
		},
	} {
		t.Run(name, func(t *testing.T) {
			r := c.do(tc.e, tc.target, tok.Token, nil, nil, 200)
			var v any
			r.decode(t, &v)
			tc.mutate(v)
			broken, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			err = s.Check(tc.e, 200, r.header, broken)
			var mismatch *MismatchError
			if !errors.As(err, &mismatch) {
				t.Fatalf("Check accepted a broken body: %v", err)
			}
			for _, want := range tc.want {
				if !hasProblem(mismatch, want) {
					t.Errorf("no problem starting with %q in:\n%v", want, err)
				}
			}
		})
	}
}

// requireGitHubError checks the shape every GitHub error has, which the
// description does not require: a message and a documentation_url.
func requireGitHubError(t *testing.T, r reply, message string) {
	t.Helper()
	var e struct {
		Message          *string `json:"message"`
		DocumentationURL *string `json:"documentation_url"`
	}
	r.decode(t, &e)
	if e.Message == nil || *e.Message == "" || e.DocumentationURL == nil || *e.DocumentationURL == "" {
		t.Errorf("status %d: error body lacks message or documentation_url: %s", r.status, r.body)
	}
	if message != "" && e.Message != nil && *e.Message != message {
		t.Errorf("status %d: message %q, want %q", r.status, *e.Message, message)
	}
}
