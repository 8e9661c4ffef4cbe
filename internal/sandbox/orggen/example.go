package orggen

//go:generate go run ./cmd/example-org -dir ../testdata/example-org

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The example organisation's fixed identifiers, for tests that name them.
const (
	ExampleAppID        int64 = 1001 // the good app
	UninstalledAppID    int64 = 1002 // installed nowhere
	UnderprivilegedApp  int64 = 1003 // on acme without deployments and members
	EmptySelectionAppID int64 = 1004 // on acme-labs, "selected" with no repositories
	SuspendedAppID      int64 = 1005 // on acme, suspended

	AcmeInstallationID      int64 = 11001 // app 1001 on acme, all repositories
	AcmeLabsInstallationID  int64 = 11002 // app 1001 on acme-labs, two selected repositories
	UnderprivilegedInstID   int64 = 13001
	EmptySelectionInstID    int64 = 14001
	SuspendedInstallationID int64 = 15001
)

// The example organisation's time range: deployments are created in
// [ExampleStart, ExampleEnd], the end included so that a window ending
// there shows it is exclusive.
var (
	ExampleStart = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	ExampleEnd   = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
)

var (
	acme     = sandbox.Account{ID: 5001, Login: "acme", Type: "Organization"}
	acmeLabs = sandbox.Account{ID: 5002, Login: "acme-labs", Type: "Organization"}
)

// ExampleOrg is the example organisation of internal/sandbox/testdata/example-org.
// Its README has a table of what each repository exercises. Keys are
// named by file (app.pem, app-1002.pem, …) and made by cmd/example-org.
func ExampleOrg() *sandbox.Fixture {
	f := &sandbox.Fixture{Apps: exampleApps(), Installations: exampleInstallations()}
	b := &exampleBuilder{rng: rand.New(rand.NewPCG(20260801, 1001))}
	for i, spec := range exampleRepos {
		f.Repositories = append(f.Repositories, b.repository(i, spec))
	}
	b.addSpecials(f.Repositories)
	b.number(f.Repositories)
	addChanges(f.Repositories) // after everything else, from a random source of its own
	addTeams(f)
	return f
}

func exampleApps() []sandbox.App {
	app := func(id int64, slug, name, keyBase string) sandbox.App {
		return sandbox.App{ID: id, Slug: slug, Name: name, PublicKeyFile: keyBase + ".pub.pem", PrivateKeyFile: keyBase + ".pem"}
	}
	return []sandbox.App{
		app(ExampleAppID, "acme-dx-github-deployments", "Acme DX - GitHub Deployments", "app"),
		app(UninstalledAppID, "acme-dx-never-installed", "Acme DX - Never Installed", "app-1002"),
		app(UnderprivilegedApp, "acme-dx-missing-permissions", "Acme DX - Missing Permissions", "app-1003"),
		app(EmptySelectionAppID, "acme-dx-no-repositories", "Acme DX - No Repositories", "app-1004"),
		app(SuspendedAppID, "acme-dx-suspended", "Acme DX - Suspended", "app-1005"),
	}
}

func exampleInstallations() []sandbox.Installation {
	perms := func(extra map[string]string, drop ...string) map[string]string {
		p := clonePermissions(RequiredPermissions)
		for k, v := range extra {
			p[k] = v
		}
		for _, k := range drop {
			delete(p, k)
		}
		return p
	}
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 30, 0, 0, time.UTC) }
	suspended := at(2026, 9, 30)
	return []sandbox.Installation{
		{ID: AcmeInstallationID, AppID: ExampleAppID, Account: acme, RepositorySelection: "all",
			Permissions: perms(map[string]string{"contents": "read"}), CreatedAt: at(2026, 1, 15)},
		// write satisfies read: deployments is write here.
		{ID: AcmeLabsInstallationID, AppID: ExampleAppID, Account: acmeLabs, RepositorySelection: "selected",
			Permissions:  perms(map[string]string{"deployments": "write"}),
			Repositories: []string{"acme-labs/experiments", "acme-labs/ml-platform"}, CreatedAt: at(2026, 2, 3)},
		{ID: UnderprivilegedInstID, AppID: UnderprivilegedApp, Account: acme, RepositorySelection: "all",
			Permissions: perms(nil, "deployments", "members"), CreatedAt: at(2026, 3, 10)},
		{ID: EmptySelectionInstID, AppID: EmptySelectionAppID, Account: acmeLabs, RepositorySelection: "selected",
			Permissions: perms(nil), Repositories: []string{}, CreatedAt: at(2026, 4, 1)},
		{ID: SuspendedInstallationID, AppID: SuspendedAppID, Account: acme, RepositorySelection: "all",
			Permissions: perms(nil), SuspendedAt: &suspended, CreatedAt: at(2026, 5, 20)},
	}
}

// envShare is an environment and its share of a repository's routine
// deployments. A name ending in "*" is a family of transient per-pull-request
// environments ("pr-*" gives pr-1204, pr-1217, …) that GitHub has already
// deleted, so they appear on deployments but not in the environment list.
type envShare struct {
	name  string
	share int
	// prod is the production_environment flag routine deployments carry.
	prod bool
}

type exampleRepo struct {
	fullName   string
	visibility string
	archived   bool
	fork       bool
	// extraEnvs are listed environments that routine deployments skip.
	extraEnvs []string
	envs      []envShare
	routine   int       // routine deployments, drawn from envs
	last      time.Time // routine deployments stop here (archived repositories)
}

func customers(n int) []string {
	var out []string
	for i := 1; i <= n; i++ {
		out = append(out, fmt.Sprintf("customer-%02d", i))
	}
	return out
}

var exampleRepos = []exampleRepo{
	{fullName: "acme/api", visibility: "private", routine: 80,
		envs: []envShare{{"production", 45, true}, {"staging", 35, false}, {"qa", 20, false}}},
	{fullName: "acme/web", visibility: "private", routine: 70,
		envs: []envShare{{"Production", 40, true}, {"Staging", 25, false}, {"Preview", 10, false}, {"pr-*", 25, false}}},
	{fullName: "acme/payments", visibility: "internal", routine: 40,
		envs: []envShare{{"production", 40, true}, {"prod-eu", 25, true}, {"staging", 35, false}}},
	{fullName: "acme/mobile-backend", visibility: "internal", routine: 25,
		envs: []envShare{{"Production", 60, true}, {"QA", 40, false}}},
	{fullName: "acme/search", visibility: "private", routine: 30,
		envs: []envShare{{"Production", 50, true}, {"staging", 30, false}, {"qa", 20, false}}},
	{fullName: "acme/data-pipeline", visibility: "internal", routine: 35,
		envs: []envShare{{"production", 60, true}, {"staging", 40, false}}},
	{fullName: "acme/infra", visibility: "private", routine: 30,
		envs: []envShare{{"production", 50, true}, {"Staging", 30, false}, {"Prod-EU", 20, false}}},
	{fullName: "acme/customer-portal", visibility: "private", routine: 60, extraEnvs: customers(36),
		envs: []envShare{{"production", 20, true}, {"staging", 15, false}, {"customer-*", 65, false}}},
	{fullName: "acme/sandbox", visibility: "private"},
	{fullName: "acme/docs", visibility: "public", routine: 20,
		envs: []envShare{{"production", 70, true}, {"preview", 30, false}}},
	{fullName: "acme/legacy-billing", visibility: "private", archived: true, routine: 12,
		last: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC),
		envs: []envShare{{"production", 70, true}, {"staging", 30, false}}},
	{fullName: "acme/old-website", visibility: "public", archived: true, routine: 10,
		last: time.Date(2026, 10, 30, 0, 0, 0, 0, time.UTC),
		envs: []envShare{{"Production", 100, true}}},
	{fullName: "acme/terraform-aws-modules", visibility: "private", fork: true, routine: 15,
		envs: []envShare{{"production", 100, true}}},
	{fullName: "acme/open-sdk", visibility: "public", fork: true, routine: 12,
		envs: []envShare{{"production", 60, true}, {"preview", 40, false}}},
	{fullName: "acme-labs/experiments", visibility: "private", routine: 25,
		envs: []envShare{{"production", 55, true}, {"staging", 45, false}}},
	{fullName: "acme-labs/ml-platform", visibility: "internal", routine: 20,
		envs: []envShare{{"Production", 50, true}, {"qa", 50, false}}},
	// Not selected by app 1001's installation on acme-labs: never in scope.
	{fullName: "acme-labs/secret-project", visibility: "private", routine: 10,
		envs: []envShare{{"production", 100, true}}},
}

type exampleBuilder struct {
	rng   *rand.Rand
	envID int64
}

var (
	deployers = []string{"alice", "bob", "carol", "dmitri", "deploy-bot", "deploy-bot", "release-bot"}
	refs      = []string{"main", "main", "main", "v2.14.0", "release/2026-10", "hotfix/checkout"}
)

func (b *exampleBuilder) repository(i int, spec exampleRepo) sandbox.Repository {
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).AddDate(0, i, 0)
	r := sandbox.Repository{
		ID:            690000001 + int64(i),
		FullName:      spec.fullName,
		Visibility:    spec.visibility,
		Archived:      spec.archived,
		Fork:          spec.fork,
		DefaultBranch: "main",
		CreatedAt:     created,
		Environments:  []sandbox.Environment{},
		Deployments:   []sandbox.Deployment{},
	}
	var names []string
	for _, e := range spec.envs {
		if e.name[len(e.name)-1] != '*' {
			names = append(names, e.name)
		}
	}
	names = append(names, spec.extraEnvs...)
	for k, name := range names {
		b.envID++
		r.Environments = append(r.Environments, sandbox.Environment{
			ID: 310000000 + b.envID, Name: name, CreatedAt: created.Add(time.Duration(k+1) * 24 * time.Hour),
		})
	}
	last := spec.last
	if last.IsZero() {
		last = ExampleEnd
	}
	var sha string
	for range spec.routine {
		e := b.pickEnv(spec.envs)
		name := e.name
		transient := false
		switch name {
		case "pr-*":
			name, transient = fmt.Sprintf("pr-%d", 1200+b.rng.IntN(300)), true
		case "customer-*":
			name = spec.extraEnvs[b.rng.IntN(len(spec.extraEnvs))]
		}
		if sha == "" || b.rng.IntN(10) != 0 { // one in ten redeploys the previous SHA
			sha = randomSHA(b.rng)
		}
		at := b.workingTime(ExampleStart, last)
		r.Deployments = append(r.Deployments, sandbox.Deployment{
			SHA: sha, Ref: refs[b.rng.IntN(len(refs))], Task: "deploy", Environment: name,
			ProductionEnvironment: e.prod, TransientEnvironment: transient,
			Creator: deployers[b.rng.IntN(len(deployers))], CreatedAt: at,
			Statuses: b.routineStatuses(at),
		})
	}
	return r
}

func (b *exampleBuilder) pickEnv(envs []envShare) envShare {
	return envs[pickWeighted(b.rng, len(envs), func(i int) int { return envs[i].share })]
}

// workingTime draws a time in [from, to): mostly weekdays and working
// hours, so that deployment days and medians are not trivially 7.
func (b *exampleBuilder) workingTime(from, to time.Time) time.Time {
	days := int(to.Sub(from) / (24 * time.Hour))
	for {
		day := from.AddDate(0, 0, b.rng.IntN(days))
		if wd := day.Weekday(); (wd == time.Saturday || wd == time.Sunday) && b.rng.IntN(5) != 0 {
			continue
		}
		hour := 7 + b.rng.IntN(11)
		if b.rng.IntN(5) == 0 {
			hour = b.rng.IntN(24)
		}
		return day.Add(time.Duration(hour)*time.Hour + time.Duration(b.rng.IntN(3600))*time.Second)
	}
}

// routineStatuses draws one of the common status histories.
func (b *exampleBuilder) routineStatuses(at time.Time) []sandbox.Status {
	histories := []struct {
		weight int
		states []string
	}{
		{50, []string{"success"}},
		{15, []string{"in_progress", "success"}},
		{5, []string{"pending", "in_progress", "success"}},
		{8, []string{"failure"}},
		{4, []string{"in_progress", "failure"}},
		{4, []string{"error"}},
		{8, []string{"success", "inactive"}},
		{2, []string{"success", "failure"}},
		{2, nil},
		{2, []string{"queued", "in_progress", "success"}},
	}
	h := histories[pickWeighted(b.rng, len(histories), func(i int) int { return histories[i].weight })]
	return b.history(at, h.states...)
}

// history makes statuses in order, each 20 s to 10 min after the last.
// Ids are given later by number, in this order.
func (b *exampleBuilder) history(at time.Time, states ...string) []sandbox.Status {
	out := make([]sandbox.Status, 0, len(states))
	for _, s := range states {
		at = at.Add(time.Duration(20+b.rng.IntN(580)) * time.Second)
		out = append(out, sandbox.Status{State: s, Creator: "deploy-bot", CreatedAt: at})
	}
	return out
}

// number gives deployments ids in creation order across the organisation
// (ties in the order they were added), statuses ids in the order of each
// history, and lists deployments and statuses newest first as GitHub does.
func (b *exampleBuilder) number(repos []sandbox.Repository) {
	type ref struct{ repo, dep int }
	var all []ref
	for i := range repos {
		for j := range repos[i].Deployments {
			all = append(all, ref{i, j})
		}
	}
	slices.SortStableFunc(all, func(x, y ref) int {
		return repos[x.repo].Deployments[x.dep].CreatedAt.Compare(repos[y.repo].Deployments[y.dep].CreatedAt)
	})
	statusID := int64(5200000001)
	for k, r := range all {
		d := &repos[r.repo].Deployments[r.dep]
		d.ID = 2600000001 + int64(k)
		for s := range d.Statuses {
			d.Statuses[s].ID = statusID
			statusID++
		}
		if d.Description != oldestFirst {
			slices.SortStableFunc(d.Statuses, newestStatusFirst)
		}
	}
	for i := range repos {
		slices.SortStableFunc(repos[i].Deployments, func(x, y sandbox.Deployment) int {
			if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
				return c
			}
			return cmp.Compare(y.ID, x.ID)
		})
	}
}

func newestStatusFirst(x, y sandbox.Status) int {
	if c := y.CreatedAt.Compare(x.CreatedAt); c != 0 {
		return c
	}
	return cmp.Compare(y.ID, x.ID)
}
