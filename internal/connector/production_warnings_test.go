package connector

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A data source warns, as the connection does, about a production
// environment that matches nothing it read, suggesting the five closest of
// the 41 discovered names; in both API modes it asks GitHub for nothing
// more than the deployments read did.
func TestProductionWarningsAfterCollectDeployments(t *testing.T) {
	for _, api := range []string{APIREST, APIGraphQL} {
		t.Run(api, func(t *testing.T) {
			gh, srv := exampleGitHub(t, 1001, "app.pem")
			gh.API = api
			ctx := context.Background()
			s := Settings{ProductionEnvironments: []string{"Production", "prodution"}}
			sc, err := ResolveScope(ctx, gh, s)
			if err != nil {
				t.Fatal(err)
			}
			since := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
			until := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
			if _, err := CollectDeployments(ctx, gh, sc.Repositories, s, since, until); err != nil {
				t.Fatal(err)
			}
			var ws []Warning
			requests(t, srv, "production warnings", nil, func() (err error) {
				ws, err = ProductionWarnings(ctx, gh, sc.Repositories, s)
				return err
			})
			if len(ws) != 1 {
				t.Fatalf("want one warning, for prodution (Production matches case-insensitively), got %+v", ws)
			}
			w := ws[0]
			if w.Attribute != "production_environments" || w.Summary != `production environment "prodution" matches no environment` {
				t.Errorf("warning: %+v", w)
			}
			want := `"prodution" matches none of the 41 environments discovered in the 11 repositories read, so it has no effect; names compare case-insensitively. Closest: "production", "Prod-EU", "Preview", "staging", "qa".`
			if w.Detail != want {
				t.Errorf("detail\n got  %s\n want %s", w.Detail, want)
			}
		})
	}
}

func TestProductionWarningsWithoutProductionEnvironmentsAsksNothing(t *testing.T) {
	gh, srv := exampleGitHub(t, 1001, "app.pem")
	ctx := context.Background()
	sc, err := ResolveScope(ctx, gh, Settings{})
	if err != nil {
		t.Fatal(err)
	}
	requests(t, srv, "no production environments", nil, func() error {
		ws, err := ProductionWarnings(ctx, gh, sc.Repositories, Settings{})
		if len(ws) != 0 {
			t.Errorf("no names configured, no warning: %+v", ws)
		}
		return err
	})
}

func TestClosestNearestFirstTiesByName(t *testing.T) {
	got := Closest("PRODUTION", []string{"staging", "Production", "prod-eu", "prod-us", "dev", "qa", "preview"}, 5)
	// staging and dev are both 8 away: dev first.
	want := []string{"Production", "prod-eu", "prod-us", "preview", "dev"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := Closest("x", nil, 5); len(got) != 0 {
		t.Errorf("no candidates must give no suggestion, got %q", got)
	}
	if got := Closest("x", []string{"a", "b"}, 5); len(got) != 2 {
		t.Errorf("fewer candidates than asked: all of them, got %q", got)
	}
}
