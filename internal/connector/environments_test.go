package connector

import (
	"context"
	"strings"
	"testing"
)

// A repository whose environments cannot be read fails the read and is
// named, with the endpoint, instead of being left out.
func TestListEnvironmentsFailsNamingRepositoryAndEndpoint(t *testing.T) {
	gh, srv := exampleGitHub(t, 1001, "app.pem")
	sc, err := ResolveScope(context.Background(), gh, Settings{IgnoredRepositories: []string{"acme-labs/experiments", "acme-labs/ml-platform"}})
	if err != nil {
		t.Fatal(err)
	}
	// Revoked between listing the repositories and reading them.
	if err := srv.SetPermission(11001, "actions", ""); err != nil {
		t.Fatal(err)
	}
	_, err = ListEnvironments(context.Background(), gh, sc.Repositories)
	if err == nil {
		t.Fatal("want an error once actions: read is revoked")
	}
	// The environments' token asks for actions: read, which GitHub now
	// refuses to grant: its answer to the token request is the cause.
	msg := err.Error()
	if !strings.Contains(msg, "GET /repos/{owner}/{repo}/environments") || !strings.Contains(msg, "acme/") ||
		!strings.Contains(msg, "The permissions requested are not granted to this installation") {
		t.Errorf("error must name the repository, the endpoint and GitHub's answer: %s", msg)
	}
}

func TestGroupEnvironmentsMergesCaseVariants(t *testing.T) {
	gh, _ := exampleGitHub(t, 1001, "app.pem")
	sc, err := ResolveScope(context.Background(), gh, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	groups, err := DiscoverEnvironments(context.Background(), gh, sc.Repositories)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups {
		if strings.EqualFold(g.Name, "production") {
			// 6 repositories spell it production, 4 Production (fixture README).
			if g.Name != "production" || len(g.Repositories) != 10 || strings.Join(g.Spellings, ",") != "Production,production" {
				t.Errorf("production group: %+v", g)
			}
			return
		}
	}
	t.Error("no production environment discovered")
}
