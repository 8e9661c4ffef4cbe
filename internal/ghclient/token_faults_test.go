package ghclient

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// tokenRead is a read that mints an installation token for each request
// (the sandbox's tokens live 30 s, less than ghinstallation's minute of
// margin): environments of every acme repository in batched queries, the
// deployments of acme/api page by page, the heap's statuses, and acme/api's
// environments by REST.
func tokenRead(t *testing.T, c *Client) (string, error) {
	t.Helper()
	ctx := context.Background()
	acme, err := c.installation(ctx, instAcme)
	if err != nil {
		return "", err
	}
	repos, err := c.InstallationRepositories(ctx, acme)
	if err != nil {
		return "", err
	}
	envs, err := c.GraphQLEnvironments(ctx, repos)
	if err != nil {
		return "", err
	}
	var api Repository
	for _, r := range repos {
		if r.FullName == "acme/api" {
			api = r
		}
	}
	deps, err := c.GraphQLDeployments(ctx, []Repository{api, repos[1], repos[2]}, GraphQLDeploymentQuery{Environments: []string{"production", "staging"}})
	if err != nil {
		return "", err
	}
	sts, err := c.GraphQLDeploymentStatuses(ctx, []RepositoryDeployment{{Repository: api, Deployment: Deployment{ID: statusHeap, NodeID: "DE_kgDO00009001"}},
		{Repository: api, Deployment: deps["acme/api"][0]}})
	if err != nil {
		return "", err
	}
	rest, err := c.Environments(ctx, api)
	if err != nil {
		return "", err
	}
	b, err := json.Marshal([]any{envs, deps, sts, rest})
	return string(b), err
}

// One 502 on the k-th installation token request, for each k of the first
// ten, is retried like any transient failure, whether the token is for a
// batched GraphQL query (which is split on a timeout of its own, not its
// token's), a GraphQL page or a REST request: the read ends as without it.
func TestTokenRequestBadGatewayIsRetried(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	clean := func() string {
		url, _ := serveAt(t, now, sandbox.Options{TokenTTL: 30 * time.Second})
		c, _ := newTestClient(t, url)
		got, err := tokenRead(t, c)
		if err != nil {
			t.Fatal(err)
		}
		if n := c.Stats().TokenRequests; n < 10 {
			t.Fatalf("the read makes %d token requests, fewer than the ten the test needs", n)
		}
		return got
	}()
	for k := 1; k <= 10; k++ {
		url, srv := serveAt(t, now, sandbox.Options{TokenTTL: 30 * time.Second, Faults: sandbox.Faults{TokenBadGateway: []int{k}}})
		c, _ := newTestClient(t, url)
		got, err := tokenRead(t, c)
		if err != nil {
			t.Errorf("502 on token request %d: %v", k, err)
			continue
		}
		if got != clean {
			t.Errorf("502 on token request %d: the read differs from a clean one", k)
		}
		if n := srv.Counts()["fault: on the token route"]; n != 1 {
			t.Errorf("502 on token request %d: %d faults on the token route, want 1", k, n)
		}
	}
}

// A 401 for an installation token GitHub revoked drops the token: a new
// one is minted and the request repeated, once, in REST and GraphQL alike.
func TestRevokedTokenIsReplacedOnce(t *testing.T) {
	for _, at := range []int{1, 2, 3} { // the repositories page, the GraphQL query, the REST page
		url, srv := serve(t, sandbox.Options{Faults: sandbox.Faults{RevokeTokenAt: at}})
		c, _ := newTestClient(t, url)
		ctx := context.Background()
		inst := installation(t, c, instAcme)
		api := repository(t, c, inst, "acme/api")
		if _, err := c.GraphQLEnvironments(ctx, []Repository{api}); err != nil {
			t.Fatalf("token revoked at use %d: %v", at, err)
		}
		if _, err := c.Environments(ctx, api); err != nil {
			t.Fatalf("token revoked at use %d: %v", at, err)
		}
		counts := srv.Counts()
		// metadata, actions (GraphQL) and actions (REST) share no token; the
		// revoked one is minted again.
		if counts["fault: 401"] != 1 || c.Stats().TokenRequests != 3 {
			t.Errorf("token revoked at use %d: %d 401s, %d token requests; want 1 and 3 (counts %v)", at, counts["fault: 401"], c.Stats().TokenRequests, counts)
		}
	}
}

// GitHub refusing every token: each request is tried twice (the second
// time with a new token), then fails with the 401 and its installation.
func TestRefusedTokensFailAfterOneNewToken(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	ctx := context.Background()
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	srv.SetFaults(sandbox.Faults{RejectTokens: true})
	srv.ResetCounts()
	before := c.Stats().TokenRequests
	_, gqlErr := c.GraphQLEnvironments(ctx, []Repository{api})
	_, restErr := c.Deployments(ctx, api, DeploymentQuery{})
	for _, err := range []error{gqlErr, restErr} {
		var ae *APIError
		if !errors.As(err, &ae) || ae.StatusCode != 401 || ae.InstallationID != instAcme {
			t.Errorf("want a 401 *APIError of installation %d, got %T %v", instAcme, err, err)
		}
	}
	counts := srv.Counts()
	if counts["POST /graphql"] != 2 || counts["GET /repos/{owner}/{repo}/deployments"] != 2 || c.Stats().TokenRequests-before != 4 {
		t.Errorf("%d queries, %d REST requests, %d new tokens; want 2, 2 and 4 (two reads, one new token each besides the first)",
			counts["POST /graphql"], counts["GET /repos/{owner}/{repo}/deployments"], c.Stats().TokenRequests-before)
	}
}

// The app's own JWT refused is never retried: nothing a new token changes.
func TestRefusedAppJWTIsNotRetried(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.PrivateKey = other })
	_, err = c.Installations(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != 401 {
		t.Fatalf("want a 401, got %T %v", err, err)
	}
	if n := srv.Counts()["GET /app/installations"]; n != 1 || c.Stats().Retries != 0 {
		t.Errorf("%d requests, %d retries; want 1 and none", n, c.Stats().Retries)
	}
}
