package orggen

import (
	"fmt"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// oldestFirst marks the one deployment whose statuses the fixture lists
// oldest first: the fixture format allows any order, so the sandbox must
// sort them itself.
const oldestFirst = "statuses listed oldest first in the fixture"

// st is a status of a hand-made deployment, at an offset in seconds from
// the deployment's creation. Equal offsets tie on created_at; the status
// listed later gets the higher id.
type st struct {
	state  string
	offset int
}

// special is a hand-made deployment for one edge case the metrics or the
// sandbox must get right; why says which, and becomes its description.
type special struct {
	repo, env string
	prod      bool
	transient bool
	at        string // RFC 3339
	sha       string // a key shared by redeploys of one SHA; "" for a fresh one
	why       string
	statuses  []st
}

func ok(offset int) []st { return []st{{"success", offset}} }

var specials = []special{
	// Window boundaries and status histories, acme/api production.
	{repo: "acme/api", env: "production", prod: true, at: "2026-10-21T00:00:00Z", why: "created exactly at since of the 30-day windows: inside", statuses: ok(30)},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-20T00:00:00Z", why: "created exactly at until of the 30-day windows: outside", statuses: ok(30)},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-19T23:59:59Z", why: "last second inside the 30-day windows", statuses: ok(20)},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-02T15:00:00Z", why: "pending, in_progress, success", statuses: []st{{"pending", 10}, {"in_progress", 60}, {"success", 300}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-03T15:00:00Z", why: "success then failure: successful, and failed by its newest state", statuses: []st{{"success", 120}, {"failure", 900}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-10-28T10:00:00Z", why: "success then inactive (superseded): still successful", statuses: []st{{"success", 60}, {"inactive", 86400}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-05T11:00:00Z", why: "no statuses: counted, neither successful nor failed, no state", statuses: nil},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-06T09:00:00Z", why: "success and failure in the same second, failure has the higher id: state failure", statuses: []st{{"success", 120}, {"failure", 120}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-09T09:00:00Z", why: "failure and success in the same second, success has the higher id: state success", statuses: []st{{"failure", 120}, {"success", 120}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-10T16:00:00Z", why: oldestFirst, statuses: []st{{"in_progress", 30}, {"success", 200}, {"inactive", 5000}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-11T12:00:00Z", why: "error, then success on retry: successful, state success", statuses: []st{{"error", 60}, {"success", 600}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-12T12:00:00Z", why: "queued then error: failed, never successful", statuses: []st{{"queued", 5}, {"error", 30}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-16T08:00:00Z", why: "two deployments created in the same second (1 of 2): ordered by id", statuses: ok(40)},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-16T08:00:00Z", why: "two deployments created in the same second (2 of 2): ordered by id", statuses: []st{{"failure", 40}}},
	{repo: "acme/api", env: "production", prod: true, at: "2026-11-18T10:00:00Z", why: "success and inactive in the same second: state inactive, successful", statuses: []st{{"success", 30}, {"inactive", 30}}},

	// More than 100 statuses: every status page must be read.
	{repo: "acme/search", env: "Production", prod: true, at: "2026-11-10T14:00:00Z", why: "130 statuses: pending, 128 in_progress updates, success", statuses: manyStatuses()},

	// production_environment disagreeing with the environment's name.
	{repo: "acme/payments", env: "staging", prod: true, at: "2026-10-26T14:00:00Z", why: "flag true on staging", statuses: ok(90)},
	{repo: "acme/payments", env: "staging", prod: true, at: "2026-11-04T14:00:00Z", why: "flag true on staging", statuses: ok(90)},
	{repo: "acme/payments", env: "staging", prod: true, at: "2026-11-13T14:00:00Z", why: "flag true on staging, failed", statuses: []st{{"failure", 90}}},
	{repo: "acme/payments", env: "production", prod: false, at: "2026-10-27T10:00:00Z", why: "flag false on production", statuses: ok(90)},
	{repo: "acme/payments", env: "production", prod: false, at: "2026-11-07T10:00:00Z", why: "flag false on production, on a Saturday", statuses: ok(90)},
	{repo: "acme/payments", env: "production", prod: false, at: "2026-11-14T10:00:00Z", why: "flag false on production", statuses: []st{{"in_progress", 30}, {"success", 400}}},
	{repo: "acme/customer-portal", env: "customer-07", prod: true, at: "2026-11-06T12:00:00Z", why: "flag true on a customer's environment", statuses: ok(60)},

	// Redeploys of one SHA are separate deployments.
	{repo: "acme/infra", env: "production", prod: true, at: "2026-11-08T10:00:00Z", sha: "X", why: "redeploy of one SHA (1 of 3): failure", statuses: []st{{"failure", 120}}},
	{repo: "acme/infra", env: "production", prod: true, at: "2026-11-08T10:20:00Z", sha: "X", why: "redeploy of one SHA (2 of 3): error", statuses: []st{{"error", 120}}},
	{repo: "acme/infra", env: "production", prod: true, at: "2026-11-08T10:45:00Z", sha: "X", why: "redeploy of one SHA (3 of 3): success", statuses: ok(120)},
	{repo: "acme/infra", env: "Prod-EU", prod: false, at: "2026-11-08T11:30:00Z", sha: "X", why: "the same SHA promoted to Prod-EU (flag false)", statuses: ok(120)},
	{repo: "acme/infra", env: "production", prod: true, at: "2026-11-15T09:00:00Z", sha: "Y", why: "redeploy of one SHA, both successful (1 of 2)", statuses: ok(60)},
	{repo: "acme/infra", env: "production", prod: true, at: "2026-11-15T09:30:00Z", sha: "Y", why: "redeploy of one SHA, both successful (2 of 2)", statuses: ok(60)},

	// Transient per-pull-request environments, deleted since.
	{repo: "acme/web", env: "pr-1301", transient: true, at: "2026-11-04T13:00:00Z", why: "transient preview environment", statuses: ok(45)},
	{repo: "acme/web", env: "pr-1301", transient: true, at: "2026-11-04T15:00:00Z", why: "transient preview environment, torn down", statuses: []st{{"success", 45}, {"inactive", 7200}}},
	{repo: "acme/web", env: "Production", prod: true, at: "2026-10-31T23:30:00Z", why: "UTC Oct 31 23:30 is Oct 31 in New York, Nov 1 in Berlin", statuses: ok(60)},

	// Day boundaries: midnight UTC and the 2026 DST changes
	// (Europe: Sunday 25 Oct 01:00 UTC; US: Sunday 1 Nov 06:00 UTC).
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-24T21:30:00Z", why: "Berlin Oct 24 23:30 CEST", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-24T22:30:00Z", why: "Berlin Oct 25 00:30 CEST", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-25T00:30:00Z", why: "Berlin Oct 25 02:30 CEST, before the change", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-25T01:30:00Z", why: "Berlin Oct 25 02:30 CET, after the change", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-25T22:30:00Z", why: "Berlin Oct 25 23:30 CET", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-25T23:30:00Z", why: "Berlin Oct 26 00:30 CET", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-01T03:30:00Z", why: "New York Oct 31 23:30 EDT", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-01T04:30:00Z", why: "New York Nov 1 00:30 EDT", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-01T05:30:00Z", why: "New York Nov 1 01:30 EDT, before the change", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-01T06:30:00Z", why: "New York Nov 1 01:30 EST, after the change", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-02T04:30:00Z", why: "New York Nov 1 23:30 EST", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-02T05:30:00Z", why: "New York Nov 2 00:30 EST", statuses: ok(30)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-29T23:59:30Z", why: "just before midnight UTC; before the short window", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-30T00:00:30Z", why: "just after midnight UTC; in the short window", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-12T23:58:00Z", why: "just before midnight UTC", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-13T00:02:00Z", why: "just after midnight UTC", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-02T23:59:59Z", why: "last second of the short window", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-11-03T00:00:00Z", why: "exactly at until of the short window: outside", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-08-21T23:30:00Z", why: "Berlin Aug 22 01:30 but before since of the 90-day window: outside", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-08-22T00:00:00Z", why: "exactly at since of the 90-day window: inside", statuses: ok(20)},
	{repo: "acme/data-pipeline", env: "production", prod: true, at: "2026-10-20T23:30:00Z", why: "half an hour before the 30-day windows", statuses: ok(20)},
}

func manyStatuses() []st {
	out := []st{{"pending", 5}}
	for i := 1; i <= 128; i++ {
		out = append(out, st{"in_progress", 30 * i})
	}
	return append(out, st{"success", 30 * 129})
}

// addSpecials adds the hand-made deployments to their repositories.
func (b *exampleBuilder) addSpecials(repos []sandbox.Repository) {
	byName := map[string]*sandbox.Repository{}
	for i := range repos {
		byName[repos[i].FullName] = &repos[i]
	}
	shas := map[string]string{}
	for _, s := range specials {
		r := byName[s.repo]
		if r == nil {
			panic("orggen: special deployment for unknown repository " + s.repo)
		}
		at, err := time.Parse(time.RFC3339, s.at)
		if err != nil {
			panic(fmt.Sprintf("orggen: special deployment at %q: %v", s.at, err))
		}
		sha := shas[s.sha]
		if sha == "" {
			sha = randomSHA(b.rng)
			if s.sha != "" {
				shas[s.sha] = sha
			}
		}
		d := sandbox.Deployment{
			SHA: sha, Ref: "main", Task: "deploy", Environment: s.env,
			ProductionEnvironment: s.prod, TransientEnvironment: s.transient,
			Description: s.why, Creator: "alice", CreatedAt: at, Statuses: []sandbox.Status{},
		}
		for _, x := range s.statuses {
			d.Statuses = append(d.Statuses, sandbox.Status{State: x.state, Creator: "deploy-bot", CreatedAt: at.Add(time.Duration(x.offset) * time.Second)})
		}
		r.Deployments = append(r.Deployments, d)
	}
}
