package connector

import (
	"context"
	"crypto/rsa"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/metrics"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox/orggen"
)

// Both API modes give identical results: environments, production
// deployments (named and by flag) with their statuses and newest state, on
// the example organisation and on generated ones, in both orders GraphQL
// may list statuses in.
func TestBothModesGiveIdenticalResults(t *testing.T) {
	pub, err := os.ReadFile(filepath.Join(exampleOrg, "app.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	example, err := sandbox.LoadFixture(filepath.Join(sandbox.ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	generated := func(seed int64) *sandbox.Fixture {
		return orggen.Generate(orggen.Spec{Repos: 150, Seed: seed, Start: end.Add(-90 * 24 * time.Hour), End: end,
			DeploymentsPerRepo: 12, MaxStatuses: 4, AppID: 1001, PublicKeyPEM: string(pub)})
	}
	fixtures := map[string]*sandbox.Fixture{"example": realBots(example), "generated 1": realBots(generated(1)), "generated 2": realBots(generated(2))}
	since, until := end.Add(-30*24*time.Hour), end
	for name, f := range fixtures {
		for _, order := range []sandbox.StatusOrder{sandbox.StatusesOldestFirst, sandbox.StatusesNewestFirst} {
			t.Run(fmt.Sprintf("%s, status order %d", name, order), func(t *testing.T) {
				srv := sandbox.ServeTest(t, f, sandbox.Options{GraphQLStatusOrder: order})
				named := Settings{ProductionEnvironments: []string{"production", "Production"}}
				rest := readAll(t, fixtureGitHub(t, srv, APIREST), named, since, until)
				gql := readAll(t, fixtureGitHub(t, srv, APIGraphQL), named, since, until)
				for k := range rest {
					if reflect.DeepEqual(rest[k], gql[k]) {
						continue
					}
					r, g := rest[k], gql[k]
					if rl, ok := r.([]string); ok {
						r, g = onlyIn(rl, g.([]string)), onlyIn(g.([]string), rl)
					}
					t.Errorf("%s differs:\n rest only    %v\n graphql only %v", k, r, g)
				}
				if len(rest["deployments, named"].([]string)) == 0 {
					t.Error("no production deployment read: the comparison shows nothing")
				}
			})
		}
	}
}

// exampleAppKey is app 1001's private key (the example organisation's app.pem).
func exampleAppKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	key, err := os.ReadFile(filepath.Join(exampleOrg, "app.pem"))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ghclient.ParsePrivateKey(string(key))
	if err != nil {
		t.Fatal(err)
	}
	return pk
}

func fixtureGitHub(t *testing.T, srv *sandbox.Server, api string) GitHub {
	t.Helper()
	pk := exampleAppKey(t)
	client, err := ghclient.New(ghclient.Config{AppID: 1001, PrivateKey: pk, BaseURL: srv.URL(), MaxConcurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	return GitHub{Client: client, AppID: 1001, BaseURL: srv.URL(), Concurrency: 4, API: api}
}

// readAll is everything the data sources report, in one comparable form.
func readAll(t *testing.T, gh GitHub, named Settings, since, until time.Time) map[string]any {
	t.Helper()
	ctx := context.Background()
	v, err := Verify(ctx, gh, named)
	if err != nil {
		t.Fatalf("%s: %v", gh.API, err)
	}
	out := map[string]any{"environments": v.Environments}
	for label, s := range map[string]Settings{"deployments, named": named, "deployments, flag": {}} {
		found, err := CollectDeployments(ctx, gh, v.Repositories, s, since, until)
		if err != nil {
			t.Fatalf("%s, %s: %v", gh.API, label, err)
		}
		lines := make([]string, len(found))
		for i, d := range found {
			sts := make([]metrics.Status, len(d.Statuses))
			var seen []string
			for j, st := range d.Statuses {
				sts[j] = metrics.Status{ID: st.ID, State: st.State, CreatedAt: st.CreatedAt}
				seen = append(seen, st.CreatedAt.Format(time.RFC3339)+" "+st.State)
			}
			sort.Strings(seen)
			creator := ""
			if d.Creator != nil {
				creator = d.Creator.Login
			}
			lines[i] = fmt.Sprintf("%s %d %s %s %s %s %s %s key=%s newest=%s deployed=%v statuses=%v", d.Repository, d.ID, d.SHA, d.Ref, d.Task,
				d.Environment, creator, d.CreatedAt.Format(time.RFC3339), d.EnvironmentKey, metrics.NewestState(sts), metrics.DeployedAt(sts), seen)
		}
		out[label] = lines
	}
	return out
}

func onlyIn(a, b []string) []string {
	in := map[string]bool{}
	for _, x := range b {
		in[x] = true
	}
	var out []string
	for _, x := range a {
		if !in[x] {
			out = append(out, x)
		}
	}
	return out
}

// realBots renames the fixtures' bots ("deploy-bot", which the sandbox
// serves as a Bot in GraphQL but without "[bot]" in REST) to the login
// GitHub's REST API gives a bot, "deploy-bot[bot]": on GitHub a Bot's REST
// login always ends in "[bot]", and that is the login both modes report.
func realBots(f *sandbox.Fixture) *sandbox.Fixture {
	bot := func(login string) string {
		if strings.HasSuffix(login, "-bot") {
			return login + "[bot]"
		}
		return login
	}
	for i := range f.Repositories {
		for j := range f.Repositories[i].Deployments {
			d := &f.Repositories[i].Deployments[j]
			d.Creator = bot(d.Creator)
			for k := range d.Statuses {
				d.Statuses[k].Creator = bot(d.Statuses[k].Creator)
			}
		}
	}
	return f
}
