package connector

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

var exampleOrg = sandbox.ExampleOrgDir()

// exampleGitHub serves the example organisation and returns a client for
// the given app, authenticated with that app's key file.
func exampleGitHub(t *testing.T, appID int64, keyName string) (GitHub, *sandbox.Server) {
	t.Helper()
	srv, _ := sandbox.ServeExample(t, sandbox.Options{})
	url := srv.URL()
	pemText, err := os.ReadFile(filepath.Join(exampleOrg, keyName))
	if err != nil {
		t.Fatal(err)
	}
	key, err := ghclient.ParsePrivateKey(string(pemText))
	if err != nil {
		t.Fatal(err)
	}
	client, err := ghclient.New(ghclient.Config{AppID: appID, PrivateKey: key, BaseURL: url, MaxConcurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	return GitHub{Client: client, AppID: appID, BaseURL: url, Concurrency: 4}, srv
}

func TestVerifyWarnsAboutSettingsThatMatchNothing(t *testing.T) {
	gh, _ := exampleGitHub(t, 1001, "app.pem")
	v, err := Verify(context.Background(), gh, Settings{
		ProductionEnvironments: []string{"PRODUCTION", "prodution"},
		IgnoredRepositories:    []string{"acme/API", "acme/websight"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Warnings) != 2 {
		t.Fatalf("want 2 warnings (the misspelt environment and repository), got %d: %+v", len(v.Warnings), v.Warnings)
	}
	env, repo := v.Warnings[0], v.Warnings[1]
	if env.Attribute != "production_environments" || env.Summary != `production environment "prodution" matches no environment` ||
		env.Detail != `"prodution" matches none of the 41 environments discovered in the repositories in scope, so it has no effect; names compare case-insensitively. Closest: "production", "Prod-EU", "Preview", "staging", "qa".` {
		t.Errorf("environment warning does not name the setting, the five closest names and how many were discovered: %+v", env)
	}
	if repo.Attribute != "ignored_repositories" || !strings.Contains(repo.Summary, `"acme/websight"`) ||
		!strings.Contains(repo.Detail, `Closest: "acme/web", `) || strings.Count(repo.Detail, `"acme`) != 6 {
		t.Errorf("repository warning does not name the entry and the five closest repositories: %+v", repo)
	}
	if got := strings.Join(v.UnmatchedProduction, ","); got != "prodution" {
		t.Errorf("UnmatchedProduction: got %q, want prodution (PRODUCTION matches)", got)
	}
	if got := strings.Join(v.UnmatchedIgnored, ","); got != "acme/websight" {
		t.Errorf("UnmatchedIgnored: got %q, want acme/websight (acme/API matches)", got)
	}
	for _, r := range v.Repositories {
		if strings.EqualFold(r.FullName, "acme/api") {
			t.Errorf("acme/api is ignored (case-insensitively) but in scope")
		}
	}
}

func TestVerifyWithEverythingMatchedHasNoUnmatchedNames(t *testing.T) {
	gh, _ := exampleGitHub(t, 1001, "app.pem")
	v, err := Verify(context.Background(), gh, Settings{
		ProductionEnvironments: []string{"production"},
		IgnoredRepositories:    []string{"acme/web"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(v.UnmatchedProduction)+len(v.UnmatchedIgnored)+len(v.Warnings) != 0 {
		t.Errorf("nothing unmatched: %+v %+v %+v", v.UnmatchedProduction, v.UnmatchedIgnored, v.Warnings)
	}
}

func TestVerifyReportsSuspendedInstallations(t *testing.T) {
	gh, _ := exampleGitHub(t, 1005, "app-1005.pem")
	_, err := Verify(context.Background(), gh, Settings{})
	var codeErr *Error
	if !errors.As(err, &codeErr) || codeErr.Code != InvalidPermissions {
		t.Fatalf("want invalid_permissions for an app whose only installation is suspended, got %v", err)
	}
	if !strings.Contains(codeErr.Detail, "installation 15001") || !strings.Contains(codeErr.Summary, "suspended") {
		t.Errorf("the error must name the suspended installation: %s", codeErr)
	}
}

func TestResolveScopeAppliesEachSetting(t *testing.T) {
	gh, _ := exampleGitHub(t, 1001, "app.pem")
	// By hand from the example organisation's README.
	cases := []struct {
		name     string
		settings Settings
		want     int
	}{
		{"defaults", Settings{}, 11},
		{"archived adds legacy-billing only (old-website is also public)", Settings{ImportArchived: true}, 12},
		{"public adds docs only (old-website archived, open-sdk a fork)", Settings{ImportPublic: true}, 12},
		{"forks add terraform-aws-modules only (open-sdk is public)", Settings{ImportForked: true}, 12},
		{"everything", Settings{ImportArchived: true, ImportPublic: true, ImportForked: true}, 16},
		{"ignored is case-insensitive", Settings{IgnoredRepositories: []string{"ACME/Web", "acme-labs/experiments"}}, 9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sc, err := ResolveScope(context.Background(), gh, tc.settings)
			if err != nil {
				t.Fatal(err)
			}
			if len(sc.Repositories) != tc.want {
				t.Errorf("in scope: got %d, want %d", len(sc.Repositories), tc.want)
			}
		})
	}
}
