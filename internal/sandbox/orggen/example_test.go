package orggen

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
	"github.com/dxgh/terraform-provider-dxgh/internal/testenv"
)

const exampleDir = "../testdata/example-org"

// The checked-in fixture is what the generator makes: hand edits belong
// in example.go, so the organisation can always be regenerated.
func TestExampleOrgIsCheckedIn(t *testing.T) {
	dir := t.TempDir()
	if err := WriteFixture(dir, ExampleOrg()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, FixtureFile))
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join(exampleDir, FixtureFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("testdata/example-org/fixture.json is stale: run go generate ./internal/sandbox/orggen, then python3 internal/sandbox/testdata/example-org/oracle.py")
	}
}

// oracle.json, which the dxgh_deployments and dxgh_dora_metrics acceptance
// tests read, is what oracle.py computes from fixture.json. Without python3
// on PATH the test skips, so that make test needs only Go and Terraform,
// except in CI (CI=true), where a missing python3 fails it.
func TestExampleOracleIsCurrent(t *testing.T) {
	python := testenv.RequireTool(t, "python3", "Python 3.11+ checks that oracle.json is up to date")
	out, err := exec.Command(python, filepath.Join(exampleDir, "oracle.py"), "--check").CombinedOutput()
	if err != nil {
		t.Errorf("python3 oracle.py --check: %v\n%s", err, out)
	}
}

// oracle.py's dxgh_dora_metrics definitions hold on small hand-made
// fixtures with a case for each of DESIGN's edges (oracle.py --selftest),
// so the oracle the acceptance tests trust is itself tested.
func TestExampleOracleSelfTest(t *testing.T) {
	python := testenv.RequireTool(t, "python3", "Python 3.11+ runs the oracle's self-test")
	out, err := exec.Command(python, filepath.Join(exampleDir, "oracle.py"), "--selftest").CombinedOutput()
	if err != nil {
		t.Errorf("python3 oracle.py --selftest: %v\n%s", err, out)
	}
}

func loadExample(t *testing.T) *sandbox.Fixture {
	t.Helper()
	f, err := sandbox.LoadFixture(filepath.Join(exampleDir, FixtureFile))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Each app's key pair: a PKCS#1 RSA private key, as GitHub downloads it,
// whose public half is the one the sandbox verifies JWTs with.
func TestExampleKeysArePairs(t *testing.T) {
	f := loadExample(t)
	for _, app := range f.Apps {
		raw, err := os.ReadFile(app.PrivateKeyFile)
		if err != nil {
			t.Fatalf("app %d: %v", app.ID, err)
		}
		block, _ := pem.Decode(raw)
		if block == nil || block.Type != "RSA PRIVATE KEY" {
			t.Fatalf("app %d: %s is not a PKCS#1 PEM key", app.ID, app.PrivateKeyFile)
		}
		key, err := x509.ParsePKCS1PrivateKey(block.Bytes)
		if err != nil {
			t.Fatalf("app %d: %v", app.ID, err)
		}
		pubBlock, _ := pem.Decode([]byte(app.PublicKeyPEM))
		if pubBlock == nil {
			t.Fatalf("app %d: no public key", app.ID)
		}
		pub, err := x509.ParsePKIXPublicKey(pubBlock.Bytes)
		if err != nil {
			t.Fatalf("app %d: %v", app.ID, err)
		}
		if !key.PublicKey.Equal(pub.(*rsa.PublicKey)) {
			t.Errorf("app %d: public key does not match %s", app.ID, app.PrivateKeyFile)
		}
	}
	if filepath.Base(f.Apps[0].PrivateKeyFile) != "app.pem" || f.Apps[0].ID != ExampleAppID {
		t.Errorf("the good app's key is %s, want app.pem", f.Apps[0].PrivateKeyFile)
	}
}

func TestExampleInstallations(t *testing.T) {
	f := loadExample(t)
	byID := map[int64]sandbox.Installation{}
	for _, in := range f.Installations {
		byID[in.ID] = in
	}
	tests := []struct {
		id        int64
		app       int64
		account   string
		selection string
		repos     int
		missing   []string
		suspended bool
	}{
		{AcmeInstallationID, ExampleAppID, "acme", "all", 0, nil, false},
		{AcmeLabsInstallationID, ExampleAppID, "acme-labs", "selected", 2, nil, false},
		{UnderprivilegedInstID, UnderprivilegedApp, "acme", "all", 0, []string{"deployments", "members"}, false},
		{EmptySelectionInstID, EmptySelectionAppID, "acme-labs", "selected", 0, nil, false},
		{SuspendedInstallationID, SuspendedAppID, "acme", "all", 0, nil, true},
	}
	for _, tt := range tests {
		in, found := byID[tt.id]
		if !found {
			t.Errorf("installation %d missing", tt.id)
			continue
		}
		if in.AppID != tt.app || in.Account.Login != tt.account || in.RepositorySelection != tt.selection ||
			len(in.Repositories) != tt.repos || (in.SuspendedAt != nil) != tt.suspended {
			t.Errorf("installation %d = app %d on %s (%s, %d repositories, suspended %v)", tt.id,
				in.AppID, in.Account.Login, in.RepositorySelection, len(in.Repositories), in.SuspendedAt != nil)
		}
		var missing []string
		for _, p := range []string{"actions", "deployments", "issues", "members", "metadata", "pull_requests"} {
			if v := in.Permissions[p]; v != "read" && v != "write" {
				missing = append(missing, p)
			}
		}
		if strings.Join(missing, ",") != strings.Join(tt.missing, ",") {
			t.Errorf("installation %d lacks %v, want %v", tt.id, missing, tt.missing)
		}
	}
	if byID[AcmeLabsInstallationID].Permissions["deployments"] != "write" {
		t.Error("the acme-labs installation should hold deployments: write, to show write satisfies read")
	}
	for _, in := range f.Installations {
		if in.AppID == UninstalledAppID {
			t.Errorf("app %d should be installed nowhere, found installation %d", UninstalledAppID, in.ID)
		}
	}
}

// The edge cases the acceptance tests and the sandbox rely on are present.
func TestExampleOrgCoversEdgeCases(t *testing.T) {
	f := loadExample(t)
	var (
		acmeRepos, labsRepos, deployments   int
		manyEnvs, noEnvs, manyStatuses      bool
		prodSpellings                       = map[string]bool{}
		flagOnStaging, noFlagOnProd         bool
		transient, noStatus, statusTie      bool
		redeploy                            bool
		visibility                          = map[string]bool{}
		archived, fork, archivedPublic      bool
		deploymentIDs, statusIDs            = map[int64]bool{}, map[int64]bool{}
		first, last                         time.Time
		berlinDSTDays                       = map[string]bool{}
		newYorkDSTCluster, midnightUTCPairs int
	)
	for _, r := range f.Repositories {
		switch {
		case strings.HasPrefix(r.FullName, "acme/"):
			acmeRepos++
		case strings.HasPrefix(r.FullName, "acme-labs/"):
			labsRepos++
		}
		visibility[r.Visibility] = true
		archived = archived || r.Archived
		fork = fork || r.Fork
		archivedPublic = archivedPublic || (r.Archived && r.Visibility == "public")
		manyEnvs = manyEnvs || len(r.Environments) >= 35
		noEnvs = noEnvs || (len(r.Environments) == 0 && len(r.Deployments) == 0)
		for _, e := range r.Environments {
			if strings.EqualFold(e.Name, "production") {
				prodSpellings[e.Name] = true
			}
		}
		shas := map[string]bool{}
		for _, d := range r.Deployments {
			deployments++
			if deploymentIDs[d.ID] {
				t.Errorf("deployment id %d repeated", d.ID)
			}
			deploymentIDs[d.ID] = true
			if first.IsZero() || d.CreatedAt.Before(first) {
				first = d.CreatedAt
			}
			if d.CreatedAt.After(last) {
				last = d.CreatedAt
			}
			redeploy = redeploy || shas[d.SHA]
			shas[d.SHA] = true
			flagOnStaging = flagOnStaging || (strings.EqualFold(d.Environment, "staging") && d.ProductionEnvironment)
			noFlagOnProd = noFlagOnProd || (strings.EqualFold(d.Environment, "production") && !d.ProductionEnvironment)
			transient = transient || d.TransientEnvironment
			noStatus = noStatus || len(d.Statuses) == 0
			manyStatuses = manyStatuses || len(d.Statuses) >= 120
			seconds := map[time.Time]bool{}
			for _, s := range d.Statuses {
				if statusIDs[s.ID] {
					t.Errorf("status id %d repeated", s.ID)
				}
				statusIDs[s.ID] = true
				statusTie = statusTie || seconds[s.CreatedAt]
				seconds[s.CreatedAt] = true
			}
			u := d.CreatedAt.UTC()
			if u.After(time.Date(2026, 10, 24, 20, 0, 0, 0, time.UTC)) && u.Before(time.Date(2026, 10, 26, 2, 0, 0, 0, time.UTC)) {
				berlinDSTDays[u.Format(time.DateOnly)] = true
			}
			if u.After(time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)) && u.Before(time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)) {
				newYorkDSTCluster++
			}
			if h := u.Hour(); (h == 23 && u.Minute() >= 55) || (h == 0 && u.Minute() < 5) {
				midnightUTCPairs++
			}
		}
	}
	checks := []struct {
		ok   bool
		what string
	}{
		{acmeRepos >= 12, "at least 12 repositories under acme"},
		{labsRepos >= 2, "at least 2 repositories under acme-labs"},
		{deployments >= 400 && deployments <= 700, "400 to 700 deployments"},
		{visibility["private"] && visibility["internal"] && visibility["public"], "private, internal and public repositories"},
		{archived && fork && archivedPublic, "archived, fork and archived public repositories"},
		{manyEnvs, "a repository with 35 or more environments"},
		{noEnvs, "a repository with no environments and no deployments"},
		{prodSpellings["production"] && prodSpellings["Production"], "both production and Production"},
		{manyStatuses, "a deployment with 120 or more statuses"},
		{flagOnStaging && noFlagOnProd, "production_environment disagreeing with the name both ways"},
		{transient, "transient environments"},
		{noStatus, "a deployment with no statuses"},
		{statusTie, "statuses tied on created_at"},
		{redeploy, "a redeploy of the same SHA"},
		{len(berlinDSTDays) >= 2 && newYorkDSTCluster >= 4 && midnightUTCPairs >= 4, "clusters around the DST changes and midnight UTC"},
		{!first.Before(ExampleStart) && !last.After(ExampleEnd), "deployments within 2026-08-01 to 2026-11-20"},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("example organisation lacks %s", c.what)
		}
	}
}
