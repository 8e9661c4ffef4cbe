package ghclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

const (
	routeInstallations = "GET /app/installations"
	routeRepositories  = "GET /installation/repositories"
	routeEnvironments  = "GET /repos/{owner}/{repo}/environments"
	routeDeployments   = "GET /repos/{owner}/{repo}/deployments"
	routeStatuses      = "GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses"
	routeToken         = "POST /app/installations/{installation_id}/access_tokens"
)

// TestReadsTheOrganisation reads everything the provider needs, with the API
// served at the root (like api.github.com) and only under /api/v3/ (like
// GHES, which answers 404 at the root): every request must keep the prefix.
func TestReadsTheOrganisation(t *testing.T) {
	for _, prefix := range []string{"", "api/v3/"} {
		t.Run("base /"+prefix, func(t *testing.T) {
			url, srv := serve(t, sandbox.Options{EnterpriseServer: prefix != ""})
			c, _ := newTestClient(t, url+prefix)
			t.Cleanup(func() {
				if n := srv.Counts()[sandbox.CountOutsideAPIV3]; n != 0 {
					t.Errorf("%d requests missed the /api/v3/ prefix", n)
				}
			})
			ctx := context.Background()

			insts, err := c.Installations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ids := []int64{}
			for _, inst := range insts {
				ids = append(ids, inst.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, []int64{instAcme, instLabs}) {
				t.Fatalf("installations %v, want [%d %d]", ids, instAcme, instLabs)
			}
			acme := installation(t, c, instAcme)
			if acme.Account.Login != "acme" || acme.Permissions["deployments"] != "read" {
				t.Errorf("installation %d = %+v", instAcme, acme)
			}

			repos, err := c.InstallationRepositories(ctx, acme)
			if err != nil {
				t.Fatal(err)
			}
			if len(repos) != 31 {
				t.Fatalf("acme has 31 repositories, listed %d", len(repos))
			}
			for _, r := range repos {
				if r.InstallationID != instAcme {
					t.Fatalf("%s has InstallationID %d, want %d", r.FullName, r.InstallationID, instAcme)
				}
			}
			api := repository(t, c, acme, "acme/api")

			envs, err := c.Environments(ctx, api)
			if err != nil {
				t.Fatal(err)
			}
			names := []string{}
			for _, e := range envs {
				names = append(names, e.Name)
			}
			slices.Sort(names)
			if !slices.Equal(names, []string{"production", "staging"}) {
				t.Errorf("environments %v", names)
			}

			deps, err := c.Deployments(ctx, api, DeploymentQuery{})
			if err != nil {
				t.Fatal(err)
			}
			if len(deps) != 351 {
				t.Fatalf("got %d deployments, want 351", len(deps))
			}
			if !slices.IsSortedFunc(deps, func(a, b Deployment) int { return b.CreatedAt.Compare(a.CreatedAt) }) {
				t.Error("deployments are not newest first")
			}
			if d := deps[0]; d.Environment != "production" || !d.ProductionEnvironment || d.Creator == nil || d.Creator.Login != "octocat" || len(d.SHA) != 40 {
				t.Errorf("newest deployment decoded as %+v", d)
			}

			prod, err := c.Deployments(ctx, api, DeploymentQuery{Environment: "staging"})
			if err != nil {
				t.Fatal(err)
			}
			if len(prod) != 175 || slices.ContainsFunc(prod, func(d Deployment) bool { return d.Environment != "staging" }) {
				t.Errorf("environment=staging returned %d deployments, want the 175 staging ones", len(prod))
			}

			sts, err := c.DeploymentStatuses(ctx, api, statusHeap)
			if err != nil {
				t.Fatal(err)
			}
			if len(sts) != 250 {
				t.Errorf("got %d statuses, want all 250", len(sts))
			}
		})
	}
}

func TestStatusesBeyondOnePageArePaged(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	sts, err := c.DeploymentStatuses(context.Background(), api, statusHeap)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, s := range sts {
		ids[s.ID] = true
	}
	if len(ids) != 250 {
		t.Errorf("got %d distinct statuses, want 250", len(ids))
	}
	if n := srv.Counts()[routeStatuses]; n != 3 {
		t.Errorf("250 statuses took %d requests, want 3 pages of 100", n)
	}
}

func TestDeploymentPagingStopsAtSince(t *testing.T) {
	newest := time.Now().UTC().Truncate(time.Second)
	url, srv := serveAt(t, newest, sandbox.Options{})
	c, _ := newTestClient(t, url)
	api := repository(t, c, installation(t, c, instAcme), "acme/api")

	// The fixture has one deployment per hour; the newest 150 are within
	// 149.5 hours of the newest, so pages 1 and 2 are needed and 3 and 4 not.
	since := newest.Add(-149*time.Hour - 30*time.Minute)
	deps, err := c.Deployments(context.Background(), api, DeploymentQuery{Since: since})
	if err != nil {
		t.Fatal(err)
	}
	if len(deps) != 150 {
		t.Errorf("got %d deployments since %s, want 150", len(deps), since)
	}
	for _, d := range deps {
		if d.CreatedAt.Before(since) {
			t.Fatalf("deployment %d created %s, before since", d.ID, d.CreatedAt)
		}
	}
	if n := srv.Counts()[routeDeployments]; n != 2 {
		t.Errorf("made %d deployment requests, want 2 (stop at the page reaching since)", n)
	}
}

// TestLookupsAreMemoised: a plan's resource and data sources ask for the
// same things; each is fetched once, even when asked concurrently. The
// sandbox holds each look-up's first request until all ten callers have
// asked, so they are concurrent whatever the timing.
func TestLookupsAreMemoised(t *testing.T) {
	gates := map[string]*sandbox.Gate{
		routeEnvironments: sandbox.NewGate(), routeDeployments: sandbox.NewGate(), routeStatuses: sandbox.NewGate(),
	}
	url, srv := serve(t, sandbox.Options{Gates: gates})
	c, _ := newTestClient(t, url)
	ctx := context.Background()
	acme := installation(t, c, instAcme)
	api := repository(t, c, acme, "acme/api")
	before := srv.Counts()

	lookups := []struct {
		route string
		call  func() error
	}{
		{routeInstallations, func() error { _, err := c.Installations(ctx); return err }},
		{routeRepositories, func() error { _, err := c.InstallationRepositories(ctx, acme); return err }},
		{routeEnvironments, func() error { _, err := c.Environments(ctx, api); return err }},
		{routeDeployments, func() error {
			_, err := c.Deployments(ctx, api, DeploymentQuery{Environment: "production"})
			return err
		}},
		{routeStatuses, func() error { _, err := c.DeploymentStatuses(ctx, api, statusHeap); return err }},
	}
	for _, l := range lookups {
		var asked, done sync.WaitGroup
		for range 10 {
			asked.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				asked.Done()
				if err := l.call(); err != nil {
					t.Error(err)
				}
			}()
		}
		asked.Wait()
		if g := gates[l.route]; g != nil {
			if err := g.WaitHeld(1, time.Minute); err != nil {
				t.Fatalf("%s: %v", l.route, err)
			}
			g.Open()
		}
		done.Wait()
	}
	after := srv.Counts()
	for route, want := range map[string]int{
		routeInstallations: 0, // already fetched before
		routeRepositories:  0,
		routeEnvironments:  1,
		routeDeployments:   2, // 175 production deployments: two pages
		routeStatuses:      3,
	} {
		if got := after[route] - before[route]; got != want {
			t.Errorf("%s: %d requests for 10 concurrent callers, want %d", route, got, want)
		}
	}
}

func TestRetriesServerErrorsResetsAndTruncation(t *testing.T) {
	faults := map[string]sandbox.Faults{
		"5xx":       {Seed: 1, ServerErrorRate: 0.3},
		"resets":    {Seed: 2, ResetRate: 0.3},
		"truncated": {Seed: 3, TruncateRate: 0.3},
	}
	for name, f := range faults {
		t.Run(name, func(t *testing.T) {
			url, srv := serve(t, sandbox.Options{})
			clean, _ := newTestClient(t, url)
			want := readEverything(t, clean)

			srv.SetFaults(f)
			c, _ := newTestClient(t, url)
			got := readEverything(t, c)
			if !maps.EqualFunc(got, want, slices.Equal) {
				t.Errorf("with %s faults the reads differ from a clean run", name)
			}
			if c.Stats().Retries == 0 {
				t.Errorf("no retries counted with %s faults", name)
			}
		})
	}
}

// readEverything reads acme's repositories, environments and deployments and
// returns them as comparable strings.
func readEverything(t *testing.T, c *Client) map[string][]string {
	t.Helper()
	ctx := context.Background()
	out := map[string][]string{}
	repos, err := c.InstallationRepositories(ctx, installation(t, c, instAcme))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range repos {
		out["repos"] = append(out["repos"], r.FullName)
		envs, err := c.Environments(ctx, r)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range envs {
			out[r.FullName] = append(out[r.FullName], e.Name)
		}
	}
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	deps, err := c.Deployments(ctx, api, DeploymentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range deps {
		out["deployments"] = append(out["deployments"], fmt.Sprint(d.ID, d.CreatedAt.Unix()))
	}
	slices.Sort(out["repos"])
	return out
}

func TestGivesUpAfterSixTries(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	acme := installation(t, c, instAcme)
	srv.SetFaults(sandbox.Faults{Seed: 1, ServerErrorRate: 1})
	_, err := c.InstallationRepositories(context.Background(), acme)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode < 500 || apiErr.Route != routeRepositories && apiErr.Route != routeToken {
		t.Fatalf("want a 5xx *APIError naming the route, got %T %v", err, err)
	}
	if tries := c.Stats().Retries; tries != maxTries-1 {
		t.Errorf("retried %d times, want %d", tries, maxTries-1)
	}
}

func TestSecondaryRateLimit(t *testing.T) {
	for name, retryAfter := range map[string]time.Duration{"with retry-after": 3 * time.Second, "without retry-after": 0} {
		t.Run(name, func(t *testing.T) {
			url, srv := serve(t, sandbox.Options{})
			clean, _ := newTestClient(t, url)
			want := readEverything(t, clean)
			srv.SetFaults(sandbox.Faults{Seed: 7, SecondaryRateLimitRate: 0.2, RetryAfter: retryAfter})
			c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(time.Hour) })
			got := readEverything(t, c)
			if !maps.EqualFunc(got, want, slices.Equal) {
				t.Error("reads under secondary rate limits differ from a clean run")
			}
			st := c.Stats()
			if st.RateLimitWaits == 0 {
				t.Fatal("no rate-limit waits counted")
			}
			// Each wait is what GitHub asked, or at least a minute when it did not say.
			least := retryAfter
			if least == 0 {
				least = time.Minute
			}
			if st.RateLimitWaited < time.Duration(st.RateLimitWaits)*least {
				t.Errorf("waited %s over %d waits, want at least %s each", st.RateLimitWaited, st.RateLimitWaits, least)
			}
		})
	}
}

func TestPrimaryRateLimitBeyondMaxWaitFailsAtOnce(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(5 * time.Minute) })
	c.waitScale = 1 // real sleeps: failing must not involve any
	acme := installation(t, c, instAcme)
	srv.SetFaults(sandbox.Faults{PrimaryLimitAfter: 1, PrimaryResetAfter: time.Hour})

	// The sandbox's reset is an hour from now, in whole seconds.
	earliestReset := time.Now().Add(time.Hour - time.Second)
	_, err := c.Environments(context.Background(), repository(t, c, acme, "acme/api"))
	_, err2 := c.Deployments(context.Background(), repository(t, c, acme, "acme/api"), DeploymentQuery{})
	if err == nil {
		err = err2
	}
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) {
		t.Fatalf("want *RateLimitWaitError, got %T %v", err, err)
	}
	if st := c.Stats(); st.RateLimitWaits != 0 || st.RateLimitWaited != 0 || st.Retries != 0 {
		t.Errorf("stats %+v: it must fail without waiting or retrying first", st)
	}
	if rl.Secondary || rl.MaxWait != 5*time.Minute || rl.Reset.Before(earliestReset) {
		t.Errorf("RateLimitWaitError = %+v, want the primary limit's reset (not before %s)", rl, earliestReset)
	}
	for _, want := range []string{"primary rate limit", "max_rate_limit_wait (5m0s)"} {
		if !strings.Contains(rl.Error(), want) {
			t.Errorf("%q does not say %q", rl.Error(), want)
		}
	}
}

func TestPrimaryRateLimitWithinMaxWaitIsWaitedOut(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url)
	c.waitScale = 1 // the sandbox's reset is real time
	acme := installation(t, c, instAcme)
	api := repository(t, c, acme, "acme/api")
	srv.SetFaults(sandbox.Faults{PrimaryLimitAfter: 1, PrimaryResetAfter: 2 * time.Second})
	if _, err := c.Deployments(context.Background(), api, DeploymentQuery{}); err != nil {
		t.Fatal(err)
	}
	if c.Stats().RateLimitWaits == 0 {
		t.Error("no rate-limit wait counted")
	}
}

func TestRateLimitWaitBoundedByDeadline(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	c, _ := newTestClient(t, url, func(cfg *Config) { cfg.MaxRateLimitWait = durationPtr(2 * time.Hour) })
	c.waitScale = 1
	acme := installation(t, c, instAcme)
	api := repository(t, c, acme, "acme/api")
	srv.SetFaults(sandbox.Faults{PrimaryLimitAfter: 1, PrimaryResetAfter: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := c.Deployments(ctx, api, DeploymentQuery{})
	var rl *RateLimitWaitError
	if !errors.As(err, &rl) || rl.Deadline.IsZero() {
		t.Fatalf("want *RateLimitWaitError bounded by the deadline, got %T %v", err, err)
	}
	if st := c.Stats(); st.RateLimitWaits != 0 || st.Retries != 0 {
		t.Errorf("stats %+v: it must fail without waiting or retrying first", st)
	}
}

func TestTokensAreReusedAndRefreshed(t *testing.T) {
	t.Run("reused while valid", func(t *testing.T) {
		url, srv := serve(t, sandbox.Options{})
		c, _ := newTestClient(t, url)
		readEverything(t, c)
		if n := srv.Counts()[routeToken]; n != 3 {
			t.Errorf("%d token requests for one installation's three kinds of read, want one each", n)
		}
	})
	t.Run("refreshed near expiry", func(t *testing.T) {
		// ghinstallation refreshes a minute before expiry, so a 30s token is
		// refreshed for every request; the sandbox rejects expired ones.
		url, srv := serve(t, sandbox.Options{TokenTTL: 30 * time.Second})
		c, _ := newTestClient(t, url)
		readEverything(t, c)
		counts := srv.Counts()
		if counts[routeToken] < 2 {
			t.Errorf("%d token requests with short-lived tokens, want one per request", counts[routeToken])
		}
	})
}

// Least privilege: each read's token asks for read access to the one
// permission that read uses, and metadata; never for more, never for nothing.
func TestEachReadsTokenAsksForExactlyItsPermission(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	c, rec := newTestClient(t, url)
	readEverything(t, c) // acme: repositories, environments, deployments
	labs := installation(t, c, instLabs)
	tool := repository(t, c, labs, "labs/tool")
	if _, err := c.Deployments(context.Background(), tool, DeploymentQuery{}); err != nil {
		t.Fatal(err)
	}
	// labs' installation has no actions permission: its token asks for
	// metadata alone, and GitHub's 403 for the environments is the error.
	_, err := c.Environments(context.Background(), tool)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Route != routeEnvironments {
		t.Errorf("environments of labs/tool without actions: %v, want GitHub's 403 for the environments", err)
	}

	// The DORA reads: acme's pull requests and issues, each with its token;
	// labs holds neither permission, so its token asks for metadata alone
	// and GitHub's 403 names the pull requests.
	api := repository(t, c, installation(t, c, instAcme), "acme/api")
	if _, err := c.PullRequests(context.Background(), api, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Issues(context.Background(), api, "incident", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = c.PullRequests(context.Background(), tool, time.Now().Add(-time.Hour))
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || apiErr.Route != "GET /repos/{owner}/{repo}/pulls" {
		t.Errorf("pull requests of labs/tool without pull_requests: %v, want GitHub's 403 for the pull requests", err)
	}

	want := []string{
		`{"permissions":{"actions":"read","metadata":"read"}}`,       // acme environments
		`{"permissions":{"deployments":"read","metadata":"read"}}`,   // acme deployments
		`{"permissions":{"deployments":"read","metadata":"read"}}`,   // labs deployments
		`{"permissions":{"issues":"read","metadata":"read"}}`,        // acme issues
		`{"permissions":{"metadata":"read","pull_requests":"read"}}`, // acme pull requests
		`{"permissions":{"metadata":"read"}}`,                        // acme repositories
		`{"permissions":{"metadata":"read"}}`,                        // labs repositories
		`{"permissions":{"metadata":"read"}}`,                        // labs environments, actions not held
		`{"permissions":{"metadata":"read"}}`,                        // labs pull requests, not held
	}
	var got []string
	for _, ask := range rec.tokenAsks {
		b, _ := json.Marshal(ask)
		got = append(got, string(b))
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("token requests asked for\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestConcurrencyIsBounded: the sandbox holds every environments request
// and lets one go at a time, so at each step the client must have as many
// outstanding as max_concurrency allows. The recorder, under the client's
// semaphore, sees requests before they reach the wire: held ones cannot
// leave it, so a client sending more than 3 at once shows there.
func TestConcurrencyIsBounded(t *testing.T) {
	gate := sandbox.NewGate()
	url, _ := serve(t, sandbox.Options{Gates: map[string]*sandbox.Gate{routeEnvironments: gate}})
	c, rec := newTestClient(t, url, func(cfg *Config) { cfg.MaxConcurrency = 3 })
	repos, err := c.InstallationRepositories(context.Background(), installation(t, c, instAcme))
	if err != nil {
		t.Fatal(err)
	}
	var asked, wg sync.WaitGroup
	for _, r := range repos {
		asked.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			asked.Done()
			if _, err := c.Environments(context.Background(), r); err != nil {
				t.Error(err)
			}
		}()
	}
	asked.Wait()
	for left := len(repos); left > 0; left-- {
		if err := gate.WaitHeld(min(3, left), time.Minute); err != nil {
			gate.Open()
			t.Fatalf("with %d requests to go: %v; max_concurrency 3 keeps 3 outstanding", left, err)
		}
		gate.Let(1)
	}
	wg.Wait()
	if p := gate.Peak(); p != 3 {
		t.Errorf("%d requests outstanding at once, want max_concurrency's 3", p)
	}
	if rec.maxInFlight > 3 {
		t.Errorf("%d requests in flight below the client, max_concurrency is 3", rec.maxInFlight)
	}
}

// Every read's permission, the DORA reads' included, maps to its token
// option: metadata and that permission, read-only; a permission the
// installation lacks (or holds as none) is left out, never widened.
func TestTokenOptionsAskForTheReadsPermissionOnly(t *testing.T) {
	asked := func(have map[string]string, perm string) map[string]string {
		var body struct {
			Permissions map[string]string `json:"permissions"`
		}
		b, _ := json.Marshal(tokenOptions(have, perm))
		if err := json.Unmarshal(b, &body); err != nil {
			t.Fatal(err)
		}
		return body.Permissions
	}
	for _, perm := range []string{permActions, permDeployments, permPullRequests, permIssues} {
		if got, want := asked(readAll, perm), map[string]string{"metadata": "read", perm: "read"}; !maps.Equal(got, want) {
			t.Errorf("%s: token asks %v, want %v", perm, got, want)
		}
		if got := asked(map[string]string{"metadata": "read", perm: "none"}, perm); !maps.Equal(got, map[string]string{"metadata": "read"}) {
			t.Errorf("%s held as none: token asks %v, want metadata alone", perm, got)
		}
	}
}
