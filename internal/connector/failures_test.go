package connector

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// When the installation's budget runs out in the middle of the deployments
// read, the error is the rate limit, with its reset time, on the request
// that met it: not the "context canceled" of a request the failure stopped.
func TestBudgetRunningOutNamesTheLimitNotACancellation(t *testing.T) {
	for _, s := range []Settings{{ProductionEnvironments: []string{"production"}}, {}} {
		for run := 0; run < 3; run++ {
			gh, srv := exampleGitHub(t, 1001, "app.pem")
			v, err := Verify(context.Background(), gh, s)
			if err != nil {
				t.Fatal(err)
			}
			// Verification spent ~20 requests of installation 11001's
			// budget; 30 more leave it spent halfway through the read.
			srv.SetFaults(sandbox.Faults{PrimaryLimitAfter: 40, PrimaryResetAfter: time.Hour})
			since := time.Date(2026, 10, 21, 0, 0, 0, 0, time.UTC)
			_, err = CollectDeployments(context.Background(), gh, v.Repositories, s, since, since.AddDate(0, 0, 30))
			var rl *ghclient.RateLimitWaitError
			if !errors.As(err, &rl) {
				t.Fatalf("settings %+v: want the rate limit, got %T %v", s, err, err)
			}
			msg := err.Error()
			if strings.Contains(msg, "context canceled") || !strings.HasPrefix(msg, "reading acme/") ||
				!strings.Contains(msg, "primary rate limit exhausted for installation 11001") || !strings.Contains(msg, "resets at") {
				t.Errorf("settings %+v: error %q must be the rate limit of the repository that met it, with its reset", s, msg)
			}
		}
	}
}
