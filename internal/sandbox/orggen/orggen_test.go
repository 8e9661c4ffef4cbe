package orggen

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

var (
	benchStart = time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	benchEnd   = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
)

func TestGenerateSizes(t *testing.T) {
	tests := []struct {
		name        string
		spec        Spec
		maxStatuses int
	}{
		{"small", Spec{Repos: 10, DeploymentsPerRepo: 5, Seed: 1}, 3},
		{"medium", Spec{Repos: 200, DeploymentsPerRepo: 20, Seed: 2, MaxStatuses: 1}, 1},
		{"large", Spec{Repos: 2000, DeploymentsPerRepo: 50, Seed: 3}, 3},
		{"no deployments", Spec{Repos: 3, Seed: 4}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := tt.spec
			spec.Start, spec.End, spec.AppID, spec.PublicKeyPEM = benchStart, benchEnd, 42, "PEM"
			f := Generate(spec)

			if len(f.Repositories) != spec.Repos {
				t.Fatalf("repositories = %d, want %d", len(f.Repositories), spec.Repos)
			}
			if len(f.Apps) != 1 || f.Apps[0].ID != 42 || f.Apps[0].PublicKeyPEM != "PEM" {
				t.Errorf("apps = %+v, want app 42 with the given public key", f.Apps)
			}
			if len(f.Installations) != 1 || f.Installations[0].AppID != 42 ||
				f.Installations[0].RepositorySelection != "all" || f.Installations[0].Account.Login != "bench" {
				t.Errorf("installations = %+v, want one of app 42 on all of bench", f.Installations)
			}
			for p := range RequiredPermissions {
				if f.Installations[0].Permissions[p] != "read" {
					t.Errorf("installation lacks %s: read", p)
				}
			}

			total := 0
			deploymentIDs, statusIDs := map[int64]bool{}, map[int64]bool{}
			for _, r := range f.Repositories {
				if !strings.HasPrefix(r.FullName, "bench/") {
					t.Errorf("repository %s is not owned by bench", r.FullName)
				}
				envs := map[string]bool{}
				for _, e := range r.Environments {
					envs[e.Name] = true
				}
				total += len(r.Deployments)
				for i, d := range r.Deployments {
					if deploymentIDs[d.ID] {
						t.Fatalf("deployment id %d repeated", d.ID)
					}
					deploymentIDs[d.ID] = true
					if d.CreatedAt.Before(spec.Start) || !d.CreatedAt.Before(spec.End) {
						t.Errorf("%s deployment %d created %s, outside [%s, %s)", r.FullName, d.ID, d.CreatedAt, spec.Start, spec.End)
					}
					if i > 0 && !newerFirst(r.Deployments[i-1], d) {
						t.Errorf("%s deployments not newest first at %d", r.FullName, i)
					}
					if !envs[d.Environment] {
						t.Errorf("%s deployment %d to %q, not one of its environments", r.FullName, d.ID, d.Environment)
					}
					if n := len(d.Statuses); n < 1 || n > tt.maxStatuses {
						t.Errorf("deployment %d has %d statuses, want 1 to %d", d.ID, n, tt.maxStatuses)
					}
					for _, s := range d.Statuses {
						if statusIDs[s.ID] {
							t.Fatalf("status id %d repeated", s.ID)
						}
						statusIDs[s.ID] = true
						if s.CreatedAt.Before(d.CreatedAt) {
							t.Errorf("status %d precedes its deployment", s.ID)
						}
					}
				}
			}
			if want := spec.Repos * spec.DeploymentsPerRepo; total != want {
				t.Errorf("deployments = %d, want exactly %d", total, want)
			}
		})
	}
}

func newerFirst(a, b sandbox.Deployment) bool {
	return a.CreatedAt.After(b.CreatedAt) || (a.CreatedAt.Equal(b.CreatedAt) && a.ID > b.ID)
}

func TestGenerateIsDeterministic(t *testing.T) {
	spec := Spec{Repos: 50, DeploymentsPerRepo: 10, Seed: 7, Start: benchStart, End: benchEnd}
	a, b := marshal(t, Generate(spec)), marshal(t, Generate(spec))
	if !bytes.Equal(a, b) {
		t.Error("the same spec gave two different organisations")
	}
	spec.Seed = 8
	if bytes.Equal(a, marshal(t, Generate(spec))) {
		t.Error("different seeds gave the same organisation")
	}
}

func marshal(t *testing.T, f *sandbox.Fixture) []byte {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The benchmark relies on a realistic mix: every scope setting and
// status outcome must matter at every size it runs.
func TestGenerateHasRealisticMix(t *testing.T) {
	f := Generate(Spec{Repos: 200, DeploymentsPerRepo: 20, Seed: 11, Start: benchStart, End: benchEnd})
	seen := map[string]int{}
	for _, r := range f.Repositories {
		seen["visibility "+r.Visibility]++
		if r.Archived {
			seen["archived"]++
		}
		if r.Fork {
			seen["fork"]++
		}
		if len(r.Environments) == 0 {
			seen["no environments"]++
		}
		for _, e := range r.Environments {
			if e.Name == "Production" {
				seen["Production"]++
			}
			if e.Name == "production" {
				seen["production"]++
			}
		}
		shas := map[string]bool{}
		for _, d := range r.Deployments {
			if shas[d.SHA] {
				seen["redeploy"]++
			}
			shas[d.SHA] = true
			if d.ProductionEnvironment {
				seen["production flag"]++
			}
			for _, s := range d.Statuses {
				seen["state "+s.State]++
			}
		}
	}
	for _, want := range []string{
		"visibility public", "visibility private", "visibility internal", "archived", "fork",
		"no environments", "Production", "production", "redeploy", "production flag",
		"state success", "state failure", "state error", "state inactive", "state in_progress",
	} {
		if seen[want] == 0 {
			t.Errorf("no %s in 200 generated repositories", want)
		}
	}
}

func TestGeneratePanicsOnEmptyRange(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("End before Start did not panic")
		}
	}()
	Generate(Spec{Repos: 1, DeploymentsPerRepo: 1, Start: benchEnd, End: benchStart})
}

func TestWriteFixtureRoundTrips(t *testing.T) {
	dir := t.TempDir() + "/nested"
	f := Generate(Spec{Repos: 5, DeploymentsPerRepo: 4, Seed: 5, Start: benchStart, End: benchEnd, PublicKeyPEM: "PEM"})
	if err := WriteFixture(dir, f); err != nil {
		t.Fatal(err)
	}
	got, err := sandbox.LoadFixture(dir + "/" + FixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(marshal(t, got), marshal(t, f)) {
		t.Error("LoadFixture(WriteFixture(f)) differs from f")
	}
}

func BenchmarkGenerateLargest(b *testing.B) {
	for b.Loop() {
		Generate(Spec{Repos: 2000, DeploymentsPerRepo: 50, Seed: 1, Start: benchStart, End: benchEnd})
	}
}

// Pull requests and issues come after everything else from their own random
// source: a seed's repositories, environments, deployments and statuses
// are byte for byte what they were before generated organisations had pull
// requests (these digests were taken then), so benchmark figures stay
// comparable.
func TestGenerateKeepsASeedsDeployments(t *testing.T) {
	for seed, want := range map[int64]string{
		1: "65edd902b59c09606660a4444eeb854653563d8ce0f09dcd51fc127c1843e790",
		7: "fda79a3462c9168bde3c567f2644a6e171f5e7abcdf82ef50a79d249ad57320a",
	} {
		f := Generate(Spec{Repos: 60, DeploymentsPerRepo: 25, Seed: seed, Start: benchStart, End: benchEnd, AppID: 1, PublicKeyPEM: "PEM"})
		prs := 0
		for i := range f.Repositories {
			prs += len(f.Repositories[i].PullRequests)
			f.Repositories[i].PullRequests, f.Repositories[i].Issues = nil, nil
		}
		raw, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(raw)); got != want {
			t.Errorf("seed %d: everything but pull requests and issues has digest %s, want %s", seed, got, want)
		}
		if prs == 0 {
			t.Errorf("seed %d: no pull requests", seed)
		}
	}
}

// A generated organisation has pull requests and incidents at the rates
// Generate documents, valid for the sandbox, and the same for the same seed.
func TestGenerateChanges(t *testing.T) {
	pub, err := os.ReadFile(filepath.Join(exampleDir, "app.pub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Repos: 300, DeploymentsPerRepo: 30, Seed: 5, Start: benchStart, End: benchEnd, AppID: 1, PublicKeyPEM: string(pub)}
	f := Generate(spec)
	var prodSuccesses, merged, incidents, commits int
	for i := range f.Repositories {
		r := &f.Repositories[i]
		prodSuccesses += len(productionSuccesses(r))
		for _, pr := range r.PullRequests {
			commits += len(pr.Commits)
			if pr.MergedAt != nil {
				merged++
			}
		}
		for _, is := range r.Issues {
			if hasLabel(is.Labels, "incident") {
				incidents++
			}
		}
	}
	perDeployment, incidentShare := float64(merged)/float64(prodSuccesses), float64(incidents)/float64(prodSuccesses)
	t.Logf("%d successful production deployments: %d merged pull requests (%.2f each), %d commits, %d incidents (1 in %.1f)",
		prodSuccesses, merged, perDeployment, commits, incidents, 1/incidentShare)
	if perDeployment < 1.3 || perDeployment > 1.7 {
		t.Errorf("%.2f merged pull requests per successful production deployment, want about 1.5", perDeployment)
	}
	if incidentShare < 1.0/30 || incidentShare > 1.0/14 {
		t.Errorf("an incident per %.1f successful production deployments, want about 20", 1/incidentShare)
	}
	if commits < 2*merged {
		t.Errorf("%d commits for %d merged pull requests, want a few each", commits, merged)
	}
	if _, err := sandbox.New(f, sandbox.Options{}); err != nil {
		t.Errorf("the sandbox refuses the generated organisation: %v", err)
	}
	a, _ := json.Marshal(f)
	b, _ := json.Marshal(Generate(spec))
	if !bytes.Equal(a, b) {
		t.Error("the same spec generated different organisations")
	}
}
