package orggen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func spec(repos, perRepo int, seed int64) Spec {
	return Spec{Repos: repos, DeploymentsPerRepo: perRepo, Seed: seed,
		Start: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)}
}

// The benchmark compares runs, so the same spec must give the same
// organisation, and the sizes it asks for.
func TestGenerateIsDeterministicAndSized(t *testing.T) {
	cases := []struct{ repos, perRepo int }{{10, 50}, {200, 50}, {2000, 50}}
	for _, c := range cases {
		a, b := Generate(spec(c.repos, c.perRepo, 1)), Generate(spec(c.repos, c.perRepo, 1))
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if string(ja) != string(jb) {
			t.Errorf("%d repositories: two runs of one spec differ", c.repos)
		}
		if len(a.Repositories) != c.repos {
			t.Errorf("repositories: got %d, want %d", len(a.Repositories), c.repos)
		}
		total := 0
		ids := map[int64]bool{}
		for _, r := range a.Repositories {
			for _, d := range r.Deployments {
				total++
				if ids[d.ID] {
					t.Fatalf("deployment ID %d repeated", d.ID)
				}
				ids[d.ID] = true
				if d.CreatedAt.Before(spec(0, 0, 0).Start) || !d.CreatedAt.Before(spec(0, 0, 0).End) {
					t.Fatalf("deployment %d at %s is outside the range", d.ID, d.CreatedAt)
				}
				if len(d.Statuses) == 0 || len(d.Statuses) > 3 {
					t.Fatalf("deployment %d has %d statuses, want 1..3", d.ID, len(d.Statuses))
				}
			}
		}
		if total != c.repos*c.perRepo {
			t.Errorf("%d repositories: %d deployments, want exactly %d", c.repos, total, c.repos*c.perRepo)
		}
	}
	other, _ := json.Marshal(Generate(spec(10, 50, 2)))
	same, _ := json.Marshal(Generate(spec(10, 50, 1)))
	if string(other) == string(same) {
		t.Error("another seed gave the same organisation")
	}
}

// The checked-in example organisation is exactly what ExampleOrg writes,
// so it can be regenerated and nobody edits one without the other.
func TestExampleOrgMatchesTheCheckedInFixture(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFixture(dir, ExampleOrg()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, FixtureFile))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("..", "testdata", "example-org", FixtureFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("ExampleOrg() differs from testdata/example-org/fixture.json: regenerate it with go run ./internal/sandbox/orggen/cmd/example-org")
	}
}
