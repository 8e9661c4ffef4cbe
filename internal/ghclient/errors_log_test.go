package ghclient

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// TestLogsNeverShowSecrets captures tflog at TRACE during real requests,
// retries and rate-limit waits, and looks for every JWT and token that
// crossed the wire.
func TestLogsNeverShowSecrets(t *testing.T) {
	url, srv := serve(t, sandbox.Options{TokenTTL: 30 * time.Second})
	srv.SetFaults(sandbox.Faults{Seed: 4, ServerErrorRate: 0.1, SecondaryRateLimitRate: 0.1, RetryAfter: time.Second})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	c, rec := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(time.Hour) })

	insts, err := c.Installations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, inst := range insts {
		repos, err := c.InstallationRepositories(ctx, inst)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range repos {
			if _, err := c.Deployments(ctx, r, DeploymentQuery{}); err != nil {
				t.Fatal(err)
			}
		}
	}

	out := logs.String()
	if !strings.Contains(out, `"route":"GET /repos/{owner}/{repo}/deployments"`) || !strings.Contains(out, `"@level":"trace"`) {
		t.Fatalf("expected trace entries per request, got:\n%.2000s", out)
	}
	if c.Stats().Retries == 0 || !strings.Contains(out, "retrying GitHub request") {
		t.Error("expected retries in the logs")
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.secrets) < 2 {
		t.Fatalf("recorded %d secrets; the test is not looking at anything", len(rec.secrets))
	}
	for _, s := range rec.secrets {
		if strings.Contains(out, s) {
			t.Fatalf("a credential (%.8s…) appears in the logs", s)
		}
		// Parts of a JWT (header, claims, signature) must not appear either.
		for _, part := range strings.Split(s, ".") {
			if len(part) > 20 && strings.Contains(out, part) {
				t.Fatalf("part of a JWT (%.8s…) appears in the logs", part)
			}
		}
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()

	t.Run("JWT of another key is a 401 on GET /app/installations", func(t *testing.T) {
		url, _ := serve(t, sandbox.Options{})
		other, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := newTestClient(t, url, func(cfg *Config) { cfg.PrivateKey = other })
		_, err = c.Installations(ctx)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 401 || apiErr.Route != routeInstallations || apiErr.Message == "" {
			t.Fatalf("want a 401 *APIError with GitHub's message, got %T %v", err, err)
		}
	})

	t.Run("an installation ID that is not the app's is a 404 naming it", func(t *testing.T) {
		url, _ := serve(t, sandbox.Options{})
		c, _ := newTestClient(t, url, func(cfg *Config) { cfg.InstallationIDs = []int64{instAcme, 999} })
		_, err := c.Installations(ctx)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.InstallationID != 999 {
			t.Fatalf("want a 404 *APIError for installation 999, got %T %v", err, err)
		}
		if !strings.Contains(err.Error(), "999") {
			t.Errorf("%q does not name the installation", err)
		}
	})

	t.Run("installation_ids selects exactly those", func(t *testing.T) {
		url, srv := serve(t, sandbox.Options{})
		c, _ := newTestClient(t, url, func(cfg *Config) { cfg.InstallationIDs = []int64{instLabs} })
		insts, err := c.Installations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(insts) != 1 || insts[0].ID != instLabs || insts[0].Account.Login != "labs" {
			t.Fatalf("got %+v", insts)
		}
		if n := srv.Counts()[routeInstallations]; n != 0 {
			t.Errorf("listed all installations (%d requests) instead of reading the selected one", n)
		}
	})

	t.Run("a permission the token lacks is a 403 naming the repository", func(t *testing.T) {
		url, _ := serve(t, sandbox.Options{})
		c, _ := newTestClient(t, url)
		tool := repository(t, c, installation(t, c, instLabs), "labs/tool")
		_, err := c.Environments(ctx, tool) // needs actions: read, which labs lacks
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Repository != "labs/tool" ||
			apiErr.Route != routeEnvironments || apiErr.Path != "/repos/labs/tool/environments" {
			t.Fatalf("want a 403 *APIError for labs/tool environments, got %T %+v", err, err)
		}
	})

	t.Run("a refused token request is an *APIError on the token route", func(t *testing.T) {
		url, srv := serve(t, sandbox.Options{})
		c, _ := newTestClient(t, url)
		tool := repository(t, c, installation(t, c, instLabs), "labs/tool")
		// The installation loses a permission after it was listed: the
		// deployments token asks for it and GitHub refuses with 422.
		srv.SetPermission(instLabs, "deployments", "")
		_, err := c.Deployments(ctx, tool, DeploymentQuery{})
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.Route != routeToken || apiErr.InstallationID != instLabs || apiErr.StatusCode < 400 {
			t.Fatalf("want an *APIError for the token request, got %T %v", err, err)
		}
	})
}
