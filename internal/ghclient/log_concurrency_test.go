package ghclient

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// lockedBuffer is a log sink many goroutines write to.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// rootLoggerLikeTheFramework is a tflog root logger at TRACE carrying the
// fields terraform-plugin-framework sets on every RPC's context before the
// provider sees it, so the logger's field map is not empty.
func rootLoggerLikeTheFramework(w *lockedBuffer) context.Context {
	ctx := tflogtest.RootLogger(context.Background(), w)
	ctx = tflog.SetField(ctx, "tf_provider_addr", "registry.terraform.io/dxgh/dxgh")
	ctx = tflog.SetField(ctx, "tf_req_id", "5b1f0c1e-0000-4000-8000-000000000000")
	ctx = tflog.SetField(ctx, "tf_rpc", "ReadDataSource")
	return tflog.SetField(ctx, "tf_data_source_type", "dxgh_deployments")
}

// Many reads at once on one context, as a terraform plan runs them: every
// request goroutine logs through the same tflog root logger. Under -race
// (make test-race) this fails on any logging state the goroutines share
// and write (terraform-plugin-log#246: its field masking writes the
// context's field map in place); without it, Go may stop the process with
// "concurrent map writes". The logs must still show no secret.
func TestConcurrentReadsLogThroughOneRootLogger(t *testing.T) {
	url, srv := serve(t, sandbox.Options{})
	srv.SetFaults(sandbox.Faults{Seed: 24, ServerErrorRate: 0.1, SecondaryRateLimitRate: 0.05, RetryAfter: time.Second})
	var logs lockedBuffer
	ctx := rootLoggerLikeTheFramework(&logs)
	c, rec := newTestClient(t, url, func(cfg *Config) {
		cfg.MaxConcurrency = 50
		cfg.MaxRateLimitWait = durationPtr(time.Hour)
	})

	insts, err := c.Installations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var repos []Repository
	for _, inst := range insts {
		rs, err := c.InstallationRepositories(ctx, inst)
		if err != nil {
			t.Fatal(err)
		}
		repos = append(repos, rs...)
	}
	if len(repos) < 30 {
		t.Fatalf("only %d repositories: too few to read concurrently", len(repos))
	}
	since := time.Now().Add(-30 * 24 * time.Hour)
	api := repos[0]
	if api.FullName != "acme/api" {
		t.Fatalf("first repository is %s, want acme/api (its deployments and statuses span several pages, read at once)", api.FullName)
	}

	var acme []Repository // labs's installation may not read environments
	for _, r := range repos {
		if r.InstallationID == instAcme {
			acme = append(acme, r)
		}
	}
	var g errgroup.Group
	for _, r := range repos {
		g.Go(func() error { _, err := c.Deployments(ctx, r, DeploymentQuery{}); return err })
	}
	for _, r := range acme {
		g.Go(func() error { _, err := c.Environments(ctx, r); return err })
	}
	g.Go(func() error { _, err := c.DeploymentStatuses(ctx, api, statusHeap); return err })
	g.Go(func() error { _, err := c.GraphQLEnvironments(ctx, acme); return err })
	g.Go(func() error {
		_, err := c.GraphQLDeployments(ctx, repos, GraphQLDeploymentQuery{Environments: []string{"production"}, Since: since})
		return err
	})
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}

	out := logs.String()
	for _, want := range []string{`"@message":"GitHub request"`, `"@message":"GitHub GraphQL query"`, `"@message":"retrying GitHub request"`, `"tf_req_id":`, `"github_app_id":`} {
		if !strings.Contains(out, want) {
			t.Errorf("the logs lack %s", want)
		}
	}
	if rec.maxInFlight < 2 {
		t.Errorf("at most %d request in flight: nothing ran concurrently", rec.maxInFlight)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, s := range rec.secrets {
		if strings.Contains(out, s) {
			t.Fatalf("a credential (%.8s…) appears in the logs", s)
		}
	}
}
