// Package bench measures the provider's read path at organisation scale
// against the sandbox run as a separate process: requests made against the
// REST lower bound, wall time against requests × latency ÷ concurrency, and
// peak memory.
package bench

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
)

// Size is one generated organisation.
type Size struct {
	Name               string
	Repos              int
	DeploymentsPerRepo int
	// Teams, when more than 0, gives the organisation that many nested
	// teams and its repositories topics, and each DORA read is followed by
	// the same read grouped by team (Phases.Grouped*).
	Teams int
}

// Config is one benchmark run.
type Config struct {
	SandboxBinary  string // built dxgh-sandbox
	Latency        time.Duration
	MaxConcurrency int
	// FanOut is connector.GitHub.Concurrency, the goroutines per read;
	// 0 means MaxConcurrency, as the provider configures it.
	FanOut                 int
	ProductionEnvironments []string // empty: the flag fallback
	IncludeDeployments     bool     // false: counts only, as include_deployments = false
	API                    string   // the provider's api: "rest" or "graphql"
	DORA                   bool     // also read dxgh_dora_metrics, measured apart
	Seed                   int64
	groupByTeam            bool // the size has teams: also read dxgh_dora_metrics grouped by team
}

// Result is what one run measured.
type Result struct {
	Size                        string
	Mode                        string
	API                         string
	Repos, Deployments          int
	Requests                    int // HTTP requests of both APIs: REST requests + GraphQL queries
	RESTRequests                int
	GraphQLQueries              int
	GraphQLPoints               int
	Bound                       Bound
	Wall, Ideal                 time.Duration
	Floor                       time.Duration // Bound.Floor: the ideal with the waits no client can avoid
	PeakRSSMB, PeakHeapMB       float64
	RequestsByRoute             map[string]int
	TotalCount, SuccessfulCount int
	Tier                        string
	Latency                     time.Duration
	Concurrency                 int
	Phases                      Phases
	Connections                 int64         // TCP connections the client dialled
	Busy                        time.Duration // Σ request durations (until response headers)
	MaxInFlight                 int
	Timeline                    string        // when each kind of request was on the wire
	CPU                         time.Duration // this process's CPU time during the read: the provider side
}

// Phases is the wall time of each read of the run, in order, and what the
// deployments read and the dxgh_dora_metrics read cost (REST requests +
// GraphQL points, from the sandbox's counters around each read).
type Phases struct {
	Verify, Environments, Deployments time.Duration
	DeploymentsCost                   int
	// The dxgh_dora_metrics read, after the three others in the same plan
	// (so its deployments are the shared ones), when Config.DORA is set.
	DORA                  time.Duration
	DORACost              int
	countsBeforeDORA      map[string]int
	beforeDORA            func()
	wallBeforeDORA        time.Duration
	DORAChanges, DORAFail int
	// The same dxgh_dora_metrics read with group_by = "team", after it in
	// the same plan: what grouping adds (the teams read), how many groups,
	// and the peak RSS before and after it.
	GroupedDORA                     time.Duration
	GroupedDORACost, Groups         int
	PeakRSSBeforeGroupMB, PeakRSSMB float64
}

// GroupedRatio is what dxgh_dora_metrics with group_by = "team" costs
// alone ÷ what it costs without: the same reads plus the teams read.
func (p Phases) GroupedRatio() float64 {
	alone := p.DORAStandaloneCost()
	return float64(alone+p.GroupedDORACost) / float64(alone)
}

// cost is REST requests + GraphQL points of a counts map.
func cost(c map[string]int) int { return c["total"] - c["POST /graphql"] + c["graphql points"] }

// DORAStandaloneCost is what a dxgh_dora_metrics read would cost alone: its
// own reads plus the deployments read it shares in a plan with
// dxgh_deployments. Issue 14's target: at most 2 × DeploymentsCost.
func (p Phases) DORAStandaloneCost() int { return p.DORACost + p.DeploymentsCost }

// MeanInFlight is the average number of requests on the wire during the
// read: max_concurrency when every slot is busy all the time.
func (r Result) MeanInFlight() float64 { return r.Busy.Seconds() / r.Wall.Seconds() }

// Cost is the rate-limit budget the read spent (DESIGN §6): REST requests
// plus GraphQL points.
func (r Result) Cost() int { return r.RESTRequests + r.GraphQLPoints }

// RequestRatio is the cost ÷ the REST lower bound.
func (r Result) RequestRatio() float64 { return float64(r.Cost()) / float64(r.Bound.Total()) }

// WallRatio is wall time ÷ ideal.
func (r Result) WallRatio() float64 { return r.Wall.Seconds() / r.Ideal.Seconds() }

// The window: the last 30 days of the generated range.
var (
	rangeStart = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	rangeEnd   = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	since      = rangeEnd.AddDate(0, 0, -30)
)

// Run generates the organisation, starts the sandbox on it and reads it
// once, as one Terraform run reads: verify, environments, deployments.
func Run(ctx context.Context, size Size, cfg Config) (Result, error) {
	dir, err := os.MkdirTemp("", "dxgh-bench-")
	if err != nil {
		return Result{}, err
	}
	defer os.RemoveAll(dir)
	f, key, err := generate(size, cfg.Seed)
	cfg.groupByTeam = size.Teams > 0
	if err != nil {
		return Result{}, err
	}
	f.Apps[0].PrivateKeyFile = "app.pem"
	if err := os.WriteFile(filepath.Join(dir, "app.pem"), pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}), 0o600); err != nil {
		return Result{}, err
	}
	if err := orggen.WriteFixture(dir, f); err != nil {
		return Result{}, err
	}
	settings := connector.Settings{ProductionEnvironments: cfg.ProductionEnvironments}
	res := Result{Size: size.Name, Mode: mode(cfg), API: cfg.API, Repos: size.Repos, Latency: cfg.Latency, Concurrency: cfg.MaxConcurrency,
		Bound: LowerBound(f, 1, settings, since, rangeEnd)}
	for _, r := range f.Repositories {
		res.Deployments += len(r.Deployments)
	}
	f = nil // the fixture belongs to the sandbox process from here on

	url, stop, err := startSandbox(cfg, filepath.Join(dir, orggen.FixtureFile))
	if err != nil {
		return res, err
	}
	defer stop()

	runtime.GC()
	debug.FreeOSMemory()
	if err := resetPeakRSS(); err != nil {
		fmt.Fprintf(os.Stderr, "peak RSS includes generating the organisation: %v\n", err)
	}
	peakHeap := sampleHeap()

	cpu0 := cpuTime()
	start := time.Now()
	m := newMeter(cfg.MaxConcurrency)
	// Memory, CPU and the wire are the three reads': taken before a
	// dxgh_dora_metrics read.
	memoryTaken := false
	takeMemory := func() {
		if !memoryTaken {
			memoryTaken = true
			res.PeakHeapMB, res.PeakRSSMB = peakHeap(), peakRSSMB()
			res.CPU = cpuTime() - cpu0
			res.Connections, res.Busy, res.MaxInFlight = m.snapshot()
			res.Timeline = m.timeline()
		}
	}
	res.Phases.beforeDORA = takeMemory
	sum, err := read(ctx, url, key, settings, cfg, m, &res.Phases)
	res.Wall = time.Since(start)
	if cfg.DORA && err == nil {
		res.Wall = res.Phases.wallBeforeDORA
	}
	takeMemory()
	if err != nil {
		return res, err
	}
	res.TotalCount, res.SuccessfulCount, res.Tier = sum.TotalCount, sum.SuccessfulCount, sum.Tier
	// A fast read of the wrong deployments measures nothing.
	if sum.TotalCount != res.Bound.InWindow {
		return res, fmt.Errorf("the read found %d production deployments in the window; the organisation has %d", sum.TotalCount, res.Bound.InWindow)
	}
	want := 0 // include_deployments = false lists none
	if cfg.IncludeDeployments {
		want = res.Bound.InWindow
	}
	if sum.Listed != want {
		return res, fmt.Errorf("the deployments list has %d entries; want %d", sum.Listed, want)
	}
	res.RequestsByRoute, err = counts(url)
	if cfg.DORA && err == nil {
		res.RequestsByRoute = res.Phases.countsBeforeDORA // the three reads' figures
	}
	res.Requests = res.RequestsByRoute["total"]
	res.GraphQLQueries = res.RequestsByRoute["POST /graphql"]
	res.GraphQLPoints = res.RequestsByRoute["graphql points"]
	res.RESTRequests = res.Requests - res.GraphQLQueries
	res.Ideal = time.Duration(float64(res.Requests) * float64(cfg.Latency) / float64(cfg.MaxConcurrency))
	res.Floor = res.Bound.Floor(cfg.Latency, cfg.MaxConcurrency)
	if err == nil && res.MaxInFlight > cfg.MaxConcurrency {
		err = fmt.Errorf("%d requests were in flight at once, more than max_concurrency %d", res.MaxInFlight, cfg.MaxConcurrency)
	}
	return res, err
}

// generate builds the organisation of a size, for app 1 with a new key.
func generate(size Size, seed int64) (*sandbox.Fixture, *rsa.PrivateKey, error) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	f := orggen.Generate(orggen.Spec{
		Org: "bench", Repos: size.Repos, Seed: seed, Start: rangeStart, End: rangeEnd,
		DeploymentsPerRepo: size.DeploymentsPerRepo, AppID: 1, Teams: size.Teams,
		PublicKeyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})),
	})
	return f, key, nil
}

func apiOf(cfg Config) string {
	if cfg.API == "" {
		return "rest"
	}
	return cfg.API
}

func mode(cfg Config) string {
	m := "flag fallback"
	if len(cfg.ProductionEnvironments) > 0 {
		m = "environment=" + strings.Join(cfg.ProductionEnvironments, ",")
	}
	if !cfg.IncludeDeployments {
		m += ", no list"
	}
	return m
}

// read is one `terraform plan` of a dxgh_connection and both data sources,
// through the provider's plugin-protocol server in this process: the
// connection is planned (its ModifyPlan verifies), then dxgh_environments
// and dxgh_deployments are read with the connection's import_settings, over
// the last 30 days, on the provider's one shared client.
func read(ctx context.Context, url string, key *rsa.PrivateKey, s connector.Settings, cfg Config, m *meter, ph *Phases) (summary, error) {
	start := time.Now()
	t := start
	lap := func(d *time.Duration) { now := time.Now(); *d, t = now.Sub(t), now }
	sess, err := newSession(ctx, m)
	if err != nil {
		return summary{}, err
	}
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)})
	if err := sess.configure(ctx, map[string]tftypes.Value{
		"app_id": str("1"), "private_key_pem": str(string(keyPEM)), "base_url": str(url),
		"max_concurrency": number(cfg.MaxConcurrency), "max_rate_limit_wait": str("1m"), "api": str(apiOf(cfg)),
	}); err != nil {
		return summary{}, err
	}
	conn := map[string]tftypes.Value{"name": str("bench")}
	if len(s.ProductionEnvironments) > 0 {
		conn["production_environments"] = stringSet(s.ProductionEnvironments)
	}
	planned, err := sess.planCreate(ctx, "dxgh_connection", conn)
	if err != nil {
		return summary{}, err
	}
	lap(&ph.Verify)
	settings := planned["import_settings"]
	if _, err := sess.readData(ctx, "dxgh_environments", map[string]tftypes.Value{"import_settings": settings}); err != nil {
		return summary{}, err
	}
	lap(&ph.Environments)
	before, err := counts(url)
	if err != nil {
		return summary{}, err
	}
	state, err := sess.readData(ctx, "dxgh_deployments", map[string]tftypes.Value{
		"since": str(since.Format(time.RFC3339)), "until": str(rangeEnd.Format(time.RFC3339)),
		"import_settings": settings, "include_deployments": boolean(cfg.IncludeDeployments),
	})
	if err != nil {
		return summary{}, err
	}
	lap(&ph.Deployments)
	after, err := counts(url)
	if err != nil {
		return summary{}, err
	}
	ph.DeploymentsCost = cost(after) - cost(before)
	sum, err := summarize(state)
	if err != nil || !cfg.DORA {
		return sum, err
	}
	ph.countsBeforeDORA, ph.wallBeforeDORA = after, time.Since(start)
	if ph.beforeDORA != nil {
		ph.beforeDORA()
	}
	t = time.Now()
	dora, err := sess.readData(ctx, "dxgh_dora_metrics", map[string]tftypes.Value{
		"since": str(since.Format(time.RFC3339)), "until": str(rangeEnd.Format(time.RFC3339)),
		"import_settings": settings,
	})
	if err != nil {
		return sum, fmt.Errorf("dxgh_dora_metrics: %w", err)
	}
	lap(&ph.DORA)
	end, err := counts(url)
	if err != nil {
		return sum, err
	}
	ph.DORACost = cost(end) - cost(after)
	ph.DORAChanges, ph.DORAFail, err = doraSummary(dora)
	if err != nil || !cfg.groupByTeam {
		return sum, err
	}
	return sum, groupedDORA(ctx, sess, url, settings, end, ph)
}

// groupedDORA reads dxgh_dora_metrics again, grouped by team: the
// deployments, pull requests and issues are the plan's memoised ones, so
// what it costs is what grouping adds.
func groupedDORA(ctx context.Context, sess *session, url string, settings tftypes.Value, before map[string]int, ph *Phases) error {
	ph.PeakRSSBeforeGroupMB = peakRSSMB()
	start := time.Now()
	grouped, err := sess.readData(ctx, "dxgh_dora_metrics", map[string]tftypes.Value{
		"since": str(since.Format(time.RFC3339)), "until": str(rangeEnd.Format(time.RFC3339)),
		"import_settings": settings, "group_by": str("team"),
	})
	if err != nil {
		return fmt.Errorf("dxgh_dora_metrics grouped by team: %w", err)
	}
	ph.GroupedDORA, ph.PeakRSSMB = time.Since(start), peakRSSMB()
	end, err := counts(url)
	if err != nil {
		return err
	}
	ph.GroupedDORACost = cost(end) - cost(before)
	var groups map[string]tftypes.Value
	if err := grouped["groups"].As(&groups); err != nil {
		return err
	}
	if ph.Groups = len(groups); ph.Groups == 0 {
		return fmt.Errorf("dxgh_dora_metrics grouped by team has no group: it measured nothing")
	}
	return nil
}

// doraSummary is what the benchmark checks of dxgh_dora_metrics: how many
// changes and failed deployments it found (a read that found none measured
// nothing).
func doraSummary(state map[string]tftypes.Value) (changes, failed int, err error) {
	var lead, cfr map[string]tftypes.Value
	if err := state["lead_time"].As(&lead); err != nil {
		return 0, 0, err
	}
	if err := state["change_failure_rate"].As(&cfr); err != nil {
		return 0, 0, err
	}
	if changes, err = intAttr(lead, "changes"); err != nil {
		return 0, 0, err
	}
	failed, err = intAttr(cfr, "failed")
	return changes, failed, err
}

// summary is what the benchmark checks of dxgh_deployments' state.
type summary struct {
	TotalCount, SuccessfulCount, Listed int
	Tier                                string
}

func summarize(state map[string]tftypes.Value) (summary, error) {
	var sum summary
	var err error
	if sum.TotalCount, err = intAttr(state, "total_count"); err != nil {
		return sum, err
	}
	if sum.SuccessfulCount, err = intAttr(state, "successful_count"); err != nil {
		return sum, err
	}
	var freq map[string]tftypes.Value
	if err := state["frequency"].As(&freq); err != nil {
		return sum, err
	}
	if err := freq["dora_tier"].As(&sum.Tier); err != nil {
		return sum, err
	}
	var list []tftypes.Value
	if !state["deployments"].IsNull() {
		if err := state["deployments"].As(&list); err != nil {
			return sum, err
		}
	}
	sum.Listed = len(list)
	return sum, nil
}

func startSandbox(cfg Config, fixture string) (string, func(), error) {
	// The quota is raised: the benchmark measures requests and time, and the
	// largest organisation needs more than one installation's 5,000 an hour.
	cmd := exec.Command(cfg.SandboxBinary, "-fixture", fixture, "-latency", cfg.Latency.String(), "-key-out", fixture+".key",
		"-rate-limit", "1000000", "-graphql-points", "1000000")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { _ = cmd.Process.Signal(os.Interrupt); _ = cmd.Wait() }
	url := ""
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "DXGH_BASE_URL="); ok {
			url = v
		}
		if line == "sandbox ready" {
			go func() { _, _ = bufio.NewReader(out).WriteTo(os.Stdout) }()
			return url, stop, nil
		}
	}
	stop()
	return "", nil, fmt.Errorf("sandbox did not start")
}

func counts(url string) (map[string]int, error) {
	resp, err := http.Get(url + "_sandbox/counts")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var c map[string]int
	return c, json.NewDecoder(resp.Body).Decode(&c)
}
