// Package ghclient reads what the provider needs from GitHub's REST and
// GraphQL APIs as a GitHub App: installations, their repositories,
// environments, deployments and deployment statuses, and for the DORA
// metrics pull requests, their first commits and labelled issues.
//
// Requests pass through three layers:
//
//	retrying (go-retryablehttp: retries, backoff, rate-limit waits)
//	  → auth (ghinstallation: app JWT, or an installation token it refreshes)
//	    → wire (client-wide concurrency bound, whole-body reads, counters, logs)
//
// Retries sit above authentication so every attempt carries a fresh JWT
// (they live two minutes, shorter than a rate-limit wait) and a valid
// installation token, and so a failed token request is retried with the
// request that needed it.
//
// Per-request state travels in the request's context, because go-github
// builds the request and ghinstallation's transports sit between the layers:
// the call (route, path, repository, installation; wire.go) for errors,
// logs and rate-limit quotas; the retry policy's attempts (retry.go), so a
// wait held back by another request's rate limit counts against this
// request's budget (pause.go); and, inside a shared look-up, its flight
// (memo.go), whose waiters' deadlines bound rate-limit waits.
//
// What newer go-github releases would replace. The client sends with
// net/http instead of go-github's Do because v62's Do refuses a request by
// itself once it has seen x-ratelimit-remaining: 0, through an unexported
// context key; go-github exported that key as BypassRateLimitCheck later
// (google/go-github#3386, December 2024). With it, Do would send, and its
// Response's NextPage/LastPage/After would replace link.go and pageRange.
// v62's CheckResponse classifies 403s but not 429s; handling 429 there
// (google/go-github#3951, January 2026) would retire the 429 branch of
// rateLimited. Both need a go-github newer than v62, which ghinstallation
// v2.11.0 is built on.
package ghclient

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bradleyfalzon/ghinstallation/v2"
	"github.com/google/go-github/v62/github"
	"github.com/hashicorp/go-cleanhttp"
	"golang.org/x/sync/semaphore"
)

const (
	defaultMaxConcurrency   = 8
	defaultMaxRateLimitWait = 5 * time.Minute
	defaultUserAgent        = "terraform-provider-dxgh"

	// A page of 100 deployments is a few hundred KiB; anything near these
	// bounds is not GitHub answering, and must fail rather than exhaust
	// memory or loop.
	defaultMaxBodyBytes = 32 << 20
	defaultMaxPages     = 10_000 // per list: a million items
)

// Config configures a Client. BaseURL is expected to be normalised already
// (NormalizeBaseURL); New normalises it again, which is idempotent.
type Config struct {
	AppID      int64
	PrivateKey *rsa.PrivateKey
	BaseURL    string
	// InstallationIDs, when set, restricts the client to these installations.
	InstallationIDs []int64
	// MaxConcurrency bounds requests in flight across the client, token
	// requests included. Default 8.
	MaxConcurrency int
	// MaxRateLimitWait bounds any single rate-limit wait and the total a
	// request waits for rate limits. nil means 5m; zero fails at once.
	MaxRateLimitWait *time.Duration
	UserAgent        string
	// BaseTransport defaults to a pooled cleanhttp transport.
	BaseTransport http.RoundTripper
}

// Client reads from GitHub as one GitHub App. It is meant to live for one
// Terraform run: results are memoised for its life. It is safe for
// concurrent use.
type Client struct {
	appID   int64
	key     *rsa.PrivateKey
	base    *url.URL
	onlyIDs []int64
	maxWait time.Duration

	gh    *github.Client // builds requests; see fetch for why it does not send them
	wire  *wire
	app   *http.Client // authenticated with the app's JWT
	sem   *semaphore.Weighted
	memo  memo
	stats stats

	mu            sync.Mutex
	installations map[int64]Installation    // known installations, for token permissions
	tokens        map[tokenKey]*http.Client // one token transport per installation and read
	pauses        map[quotaKey]pauseInfo    // by quota: requests held back for a rate limit

	// waitScale scales every sleep (not the accounting), so tests can run
	// minute-long backoffs in milliseconds.
	waitScale float64
	// attemptTimeout bounds one HTTP attempt, so a hung connection becomes
	// a retryable error instead of a hung plan.
	attemptTimeout time.Duration
	// maxBodyBytes bounds a response body and maxPages the pages of a list;
	// tests lower them.
	maxBodyBytes int64
	maxPages     int
}

// DefaultTransport is the transport a client uses unless given one: a
// pooled cleanhttp transport keeping an idle connection for each of
// maxConcurrency slots. cleanhttp keeps GOMAXPROCS+1 per host; with more
// requests in flight than that, connections (TLS handshakes, against
// GitHub) would be closed and re-opened all through a read.
func DefaultTransport(maxConcurrency int) *http.Transport {
	t := cleanhttp.DefaultPooledTransport()
	t.MaxIdleConnsPerHost = max(t.MaxIdleConnsPerHost, maxConcurrency)
	t.MaxIdleConns = max(t.MaxIdleConns, maxConcurrency)
	return t
}

// New builds a Client. It makes no network request.
func New(cfg Config) (*Client, error) {
	if cfg.AppID <= 0 {
		return nil, errors.New("app ID must be a positive number")
	}
	if cfg.PrivateKey == nil {
		return nil, errors.New("private key is required")
	}
	baseURL, err := NormalizeBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	if cfg.MaxConcurrency <= 0 {
		cfg.MaxConcurrency = defaultMaxConcurrency
	}
	maxWait := defaultMaxRateLimitWait
	if cfg.MaxRateLimitWait != nil {
		if *cfg.MaxRateLimitWait < 0 {
			return nil, errors.New("max rate-limit wait must not be negative")
		}
		maxWait = *cfg.MaxRateLimitWait
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = defaultUserAgent
	}
	if cfg.BaseTransport == nil {
		cfg.BaseTransport = DefaultTransport(cfg.MaxConcurrency)
	}

	gh := github.NewClient(nil)
	gh.BaseURL = base
	gh.UserAgent = cfg.UserAgent

	c := &Client{
		appID:          cfg.AppID,
		key:            cfg.PrivateKey,
		base:           base,
		onlyIDs:        append([]int64(nil), cfg.InstallationIDs...),
		maxWait:        maxWait,
		gh:             gh,
		sem:            semaphore.NewWeighted(int64(cfg.MaxConcurrency)),
		installations:  map[int64]Installation{},
		tokens:         map[tokenKey]*http.Client{},
		pauses:         map[quotaKey]pauseInfo{},
		waitScale:      1,
		attemptTimeout: 60 * time.Second,
		maxBodyBytes:   defaultMaxBodyBytes,
		maxPages:       defaultMaxPages,
	}
	c.wire = &wire{c: c, next: cfg.BaseTransport}
	c.app = c.httpClient(c.appsTransport())
	return c, nil
}

// appsTransport signs each request with a fresh app JWT.
func (c *Client) appsTransport() *ghinstallation.AppsTransport {
	atr := ghinstallation.NewAppsTransportFromPrivateKey(c.wire, c.appID, c.key)
	// ghinstallation joins paths to BaseURL with "/": it wants no trailing slash.
	atr.BaseURL = strings.TrimSuffix(c.base.String(), "/")
	return atr
}

// httpClient stacks the layers over auth; redirect.go says why each
// http.Client has its own CheckRedirect.
func (c *Client) httpClient(auth http.RoundTripper) *http.Client {
	below := &http.Client{Transport: auth, CheckRedirect: handRedirectUp}
	token, _ := auth.(*installationAuth)
	return &http.Client{Transport: &retrying{c: c, next: below, token: token}, CheckRedirect: c.checkRedirect}
}

// installationClient returns the HTTP client for an installation's token
// for reads needing perm, creating its transport on first use. Each read
// has a token of its own, asking for read access to that read's permission
// and metadata, nothing else (DESIGN §7): a token that lists deployments
// cannot read Actions data, and none is ever unrestricted.
func (c *Client) installationClient(inst Installation, perm string) *http.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	key := tokenKey{inst.ID, perm}
	if hc, ok := c.tokens[key]; ok {
		return hc
	}
	// A transport per token, each with its own AppsTransport: ghinstallation
	// writes to the AppsTransport on every token refresh, so sharing one
	// would race.
	hc := c.httpClient(newInstallationAuth(func() *ghinstallation.Transport {
		itr := ghinstallation.NewFromAppsTransport(c.appsTransport(), inst.ID)
		itr.InstallationTokenOptions = tokenOptions(inst.Permissions, perm)
		return itr
	}))
	c.tokens[key] = hc
	return hc
}

// tokenKey names a token: the installation, and the permission it reads with.
type tokenKey struct {
	installationID int64
	permission     string
}

func (c *Client) remember(insts ...Installation) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, inst := range insts {
		c.installations[inst.ID] = inst
	}
}

func (c *Client) known(id int64) (Installation, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	inst, ok := c.installations[id]
	return inst, ok
}

// The permissions the provider's reads use, each of them read-only. GitHub
// gives every app metadata: read, and every token asks for it.
const (
	permMetadata    = "metadata"    // GET /installation/repositories
	permActions     = "actions"     // GET /repos/{owner}/{repo}/environments
	permDeployments = "deployments" // deployments and their statuses
	// Pull requests and their commits (REST /pulls, GraphQL pullRequests).
	permPullRequests = "pull_requests"
	permIssues       = "issues" // GET /repos/{owner}/{repo}/issues, GraphQL issues and labels
	// Organization teams and their repositories (REST /orgs/{org}/teams…,
	// GraphQL Organization.teams): the organisation permission members.
	permMembers = "members"
)

// tokenOptions asks for metadata and perm, read-only. A permission the
// installation does not hold is not asked for (GitHub refuses such a token
// request with 422); the read then gets GitHub's own 403 for it, which names
// the endpoint.
func tokenOptions(have map[string]string, perm string) *github.InstallationTokenOptions {
	p := &github.InstallationPermissions{Metadata: github.String("read")}
	if level := have[perm]; perm != permMetadata && level != "" && level != "none" {
		switch perm {
		case permActions:
			p.Actions = github.String("read")
		case permDeployments:
			p.Deployments = github.String("read")
		case permPullRequests:
			p.PullRequests = github.String("read")
		case permIssues:
			p.Issues = github.String("read")
		case permMembers:
			p.Members = github.String("read")
		}
	}
	return &github.InstallationTokenOptions{Permissions: p}
}

// Stats counts what the client did, for logs and the benchmark.
type Stats struct {
	// Requests is every HTTP request sent, token requests and retries included.
	Requests      int64
	TokenRequests int64
	Retries       int64
	// RateLimitWaits counts waits for a rate limit; RateLimitWaited sums
	// them (unscaled, as GitHub asked).
	RateLimitWaits  int64
	RateLimitWaited time.Duration
	// GraphQLQueries counts GraphQL queries (each also among Requests, once
	// per attempt there); GraphQLPoints sums their cost as GitHub reported it.
	GraphQLQueries int64
	GraphQLPoints  int64
	// GraphQLSplits counts batches split in two after GitHub timed out.
	GraphQLSplits int64
}

type stats struct {
	requests, tokenRequests, retries, rateLimitWaits, rateLimitWaited atomic.Int64
	graphqlQueries, graphqlPoints, graphqlSplits                      atomic.Int64
}

// Stats returns the counters so far.
func (c *Client) Stats() Stats {
	return Stats{
		Requests:        c.stats.requests.Load(),
		TokenRequests:   c.stats.tokenRequests.Load(),
		Retries:         c.stats.retries.Load(),
		RateLimitWaits:  c.stats.rateLimitWaits.Load(),
		RateLimitWaited: time.Duration(c.stats.rateLimitWaited.Load()),
		GraphQLQueries:  c.stats.graphqlQueries.Load(),
		GraphQLPoints:   c.stats.graphqlPoints.Load(),
		GraphQLSplits:   c.stats.graphqlSplits.Load(),
	}
}

// scaled is the real sleep for a wait GitHub asked for.
func (c *Client) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * c.waitScale)
}

// String never shows the key.
func (c *Client) String() string {
	return fmt.Sprintf("ghclient.Client{app: %d, base: %s}", c.appID, c.base)
}
