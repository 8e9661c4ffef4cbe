// Command dxgh-sandbox runs the sandbox GitHub on loopback for the demo and
// for trying the provider by hand. It prints the provider's environment
// variables, one per line, then "sandbox ready", and runs until interrupted.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

func main() {
	var (
		fixture    = flag.String("fixture", defaultFixture(), "organisation fixture (JSON)")
		addr       = flag.String("addr", "127.0.0.1:0", "listen address")
		keyOut     = flag.String("key-out", "", "write the app's private key here (default: a temporary file)")
		appID      = flag.Int64("app", 0, "app whose key to write (default: the first app with a private key)")
		rebase     = flag.Bool("rebase-to-now", false, "shift all dates by whole days so the newest deployment was yesterday")
		latency    = flag.Duration("latency", 0, "latency added to every API request")
		seed       = flag.Int64("fault-seed", 1, "seed for fault injection")
		errRate    = flag.Float64("fault-5xx", 0, "share of requests answered 500/502/503")
		resetRate  = flag.Float64("fault-reset", 0, "share of connections reset")
		secRate    = flag.Float64("fault-secondary", 0, "share of requests hitting the secondary rate limit")
		retryAfter = flag.Duration("fault-retry-after", time.Second, "retry-after for secondary limits (0 omits it)")
		truncRate  = flag.Float64("fault-truncate", 0, "share of bodies cut short")
		tokenTTL   = flag.Duration("token-ttl", time.Hour, "installation token lifetime")
		rateLimit  = flag.Int("rate-limit", 5000, "requests per hour per installation or app, as x-ratelimit-limit")
		gqlPoints  = flag.Int("graphql-points", 5000, "GraphQL points per hour per installation")
		newestSts  = flag.Bool("graphql-statuses-newest-first", false, "list a deployment's statuses newest first in GraphQL (default: oldest first; GitHub does not document the order)")
	)
	flag.Parse()
	log.SetFlags(0)

	f, err := sandbox.LoadFixture(*fixture)
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
	if *rebase {
		f.Rebase(time.Now())
	}
	app, err := pickApp(f, *appID)
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
	keyPath, err := writeKey(app.PrivateKeyFile, *keyOut)
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
	order := sandbox.StatusesOldestFirst
	if *newestSts {
		order = sandbox.StatusesNewestFirst
	}
	srv, err := sandbox.New(f, sandbox.Options{TokenTTL: *tokenTTL, RateLimit: *rateLimit, GraphQLPoints: *gqlPoints, GraphQLStatusOrder: order, Faults: sandbox.Faults{
		Seed: *seed, Latency: *latency, ServerErrorRate: *errRate, ResetRate: *resetRate,
		SecondaryRateLimitRate: *secRate, RetryAfter: *retryAfter, TruncateRate: *truncRate,
	}})
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
	url, err := srv.Start(*addr)
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
	fmt.Printf("DXGH_BASE_URL=%s\nDXGH_APP_ID=%d\nDXGH_PRIVATE_KEY_FILE=%s\nsandbox ready\n", url, app.ID, keyPath)

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	_ = srv.Close()
	if *keyOut == "" {
		_ = os.Remove(keyPath)
	}
}

// defaultFixture finds the example organisation from the module root or
// from anywhere inside the repository.
func defaultFixture() string {
	dir, _ := os.Getwd()
	for d := dir; ; d = filepath.Dir(d) {
		p := filepath.Join(d, "internal", "sandbox", "testdata", "example-org", "fixture.json")
		if _, err := os.Stat(p); err == nil {
			return p
		}
		if filepath.Dir(d) == d {
			return "internal/sandbox/testdata/example-org/fixture.json"
		}
	}
}

func pickApp(f *sandbox.Fixture, id int64) (sandbox.App, error) {
	for _, a := range f.Apps {
		if (id == 0 && a.PrivateKeyFile != "") || (id != 0 && a.ID == id) {
			if a.PrivateKeyFile == "" {
				return a, fmt.Errorf("app %d has no private key file in the fixture", a.ID)
			}
			return a, nil
		}
	}
	return sandbox.App{}, fmt.Errorf("no app %d with a private key in the fixture", id)
}

func writeKey(src, dst string) (string, error) {
	pem, err := os.ReadFile(src)
	if err != nil {
		return "", err
	}
	if dst == "" {
		f, err := os.CreateTemp("", "dxgh-sandbox-*.pem")
		if err != nil {
			return "", err
		}
		dst = f.Name()
		_ = f.Close()
	}
	return dst, os.WriteFile(dst, pem, 0o600)
}
