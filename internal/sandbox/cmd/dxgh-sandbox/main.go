// Command dxgh-sandbox runs the sandbox GitHub on loopback for the demo and
// for trying the provider by hand. It prints the provider's environment
// variables, one per line (with -provider-dir also TF_CLI_CONFIG_FILE, a CLI
// configuration whose dev_overrides use that build), then "sandbox ready",
// and runs until interrupted. `make sandbox` builds the provider and passes
// -provider-dir, -export and -rebase-to-now.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
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
		rebase     = flag.Bool("rebase-to-now", false, "shift all dates by whole days so the newest deployment was yesterday (make sandbox sets it; -rebase-to-now=false keeps the fixture's dates)")
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
		inherited  = flag.Bool("team-repos-inherited", false, "list a team's repositories with those its ancestor teams are granted (default: its own grants; GitHub does not document which)")
		provDir    = flag.String("provider-dir", "", "directory holding a terraform-provider-dxgh build: also print TF_CLI_CONFIG_FILE, a temporary CLI configuration whose dev_overrides use that build")
		export     = flag.Bool("export", false, "print the variables as shell export lines, quoted, to paste into another shell")
	)
	flag.Parse()
	log.SetFlags(0)

	order := sandbox.StatusesOldestFirst
	if *newestSts {
		order = sandbox.StatusesNewestFirst
	}
	err := run(config{
		fixture: *fixture, addr: *addr, keyOut: *keyOut, appID: *appID, rebase: *rebase,
		providerDir: *provDir, export: *export,
		opts: sandbox.Options{TokenTTL: *tokenTTL, RateLimit: *rateLimit, GraphQLPoints: *gqlPoints, GraphQLStatusOrder: order, TeamReposInherited: *inherited, Faults: sandbox.Faults{
			Seed: *seed, Latency: *latency, ServerErrorRate: *errRate, ResetRate: *resetRate,
			SecondaryRateLimitRate: *secRate, RetryAfter: *retryAfter, TruncateRate: *truncRate,
		}},
	})
	if err != nil {
		log.Fatalf("dxgh-sandbox: %v", err)
	}
}

type config struct {
	fixture, addr, keyOut, providerDir string
	appID                              int64
	rebase, export                     bool
	opts                               sandbox.Options
}

// run serves until interrupted; the temporary files it wrote (the key, the
// CLI configuration) are removed on every return.
func run(c config) error {
	f, err := sandbox.LoadFixture(c.fixture)
	if err != nil {
		return err
	}
	if c.rebase {
		f.Rebase(time.Now())
	}
	app, err := pickApp(f, c.appID)
	if err != nil {
		return err
	}
	keyPath, err := writeKey(app.PrivateKeyFile, c.keyOut)
	if c.keyOut == "" && keyPath != "" {
		defer removeFile(keyPath)
	}
	if err != nil {
		return err
	}
	cliConfig := ""
	if c.providerDir != "" {
		if cliConfig, err = writeCLIConfig(c.providerDir); err != nil {
			return err
		}
		defer removeFile(cliConfig)
	}
	srv, err := sandbox.New(f, c.opts)
	if err != nil {
		return err
	}
	url, err := srv.Start(c.addr)
	if err != nil {
		return err
	}
	defer func() { _ = srv.Close() }()

	vars := [][2]string{{"DXGH_BASE_URL", url}, {"DXGH_APP_ID", strconv.FormatInt(app.ID, 10)}, {"DXGH_PRIVATE_KEY_FILE", keyPath}}
	if cliConfig != "" {
		vars = append(vars, [2]string{"TF_CLI_CONFIG_FILE", cliConfig})
	}
	printVars(vars, c.export)
	fmt.Println("sandbox ready")

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	return nil
}

// printVars prints NAME=value lines for programs (examples/demo/run.sh, the
// benchmark) or, with export, lines a person pastes into another shell.
func printVars(vars [][2]string, export bool) {
	if export {
		fmt.Printf("# Run these %d lines in another shell, then terraform plan in any directory (no terraform init). Ctrl-C here stops the sandbox.\n", len(vars))
	}
	for _, v := range vars {
		if export {
			fmt.Printf("export %s=%s\n", v[0], shellQuote(v[1]))
		} else {
			fmt.Printf("%s=%s\n", v[0], v[1])
		}
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

// removeFile removes a temporary file main wrote; one already gone is fine.
func removeFile(path string) { _ = os.Remove(path) }
