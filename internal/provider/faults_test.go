package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// shortTokens makes every request mint its installation token: a token
// that lives 30 s is within ghinstallation's minute of refresh margin from
// the start, so token requests are as many as the others and the faults
// drawn for them many.
const shortTokens = 30 * time.Second

// Under 10% injected faults (5xx, resets, cut-short bodies), token requests
// among the requests faulted, every mode ends equal to the oracle, in every
// run.
func TestAccDeployments_equalUnderFaultsOnTheTokenRoute(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			ms := testOracleScenario(t, "named_prod_30d", sandbox.Options{TokenTTL: shortTokens, Faults: sandbox.Faults{
				Seed: seed, ServerErrorRate: 0.05, ResetRate: 0.03, TruncateRate: 0.02,
			}}, true)
			for _, m := range ms {
				if n := m.srv.Counts()["fault: on the token route"]; n == 0 {
					t.Errorf("%s: no fault on the token route; the run shows nothing about them (counts %v)", m.label, m.srv.Counts())
				}
			}
		})
	}
}

// Each transient fault shape GitHub produces on tokens and GraphQL is
// survived in every mode, equal to the oracle: 502s on token requests
// (each retried), a token revoked mid-read (replaced once), and RATE_LIMITED
// at HTTP 200 with retry-after (waited, its second, not until the reset).
func TestAccDeployments_equalAfterTransientTokenAndGraphQLFaults(t *testing.T) {
	for _, tc := range []struct {
		name   string
		opts   sandbox.Options
		fault  string
		graphQ bool // the fault is GraphQL's only
	}{
		{"502 on token requests", sandbox.Options{TokenTTL: shortTokens, Faults: sandbox.Faults{TokenBadGateway: []int{1, 3, 5, 7, 9}}}, "on the token route", false},
		{"a revoked token", sandbox.Options{Faults: sandbox.Faults{RevokeTokenAt: 7}}, "401", false},
		{"RATE_LIMITED with retry-after", sandbox.Options{Faults: sandbox.Faults{GraphQLRateLimited: 2, RetryAfter: time.Second}}, "graphql rate limited", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ms := testOracleScenario(t, "named_prod_30d", tc.opts, true)
			for _, m := range ms {
				if n := m.srv.Counts()["fault: "+tc.fault]; n == 0 && (m.api == graphqlMode.api || !tc.graphQ) {
					t.Errorf("%s: no %q fault was served (counts %v)", m.label, tc.fault, m.srv.Counts())
				}
			}
		})
	}
}

// The GraphQL pages that cannot be followed fail the read at once in
// graphql mode, naming the query, the deployment and what repeated:
// acme/search's deployment with 130 statuses has two pages of them.
func TestAccDeployments_graphqlPagesThatRepeatFailTheRead(t *testing.T) {
	sc := loadOracle(t, "named_prod_30d")
	for _, tc := range []struct {
		name   string
		faults sandbox.Faults
		want   []string
	}{
		{"repeated page", sandbox.Faults{GraphQLRepeatedPage: true}, []string{"GraphQL query DeploymentStatusesPage for acme/search deployment", "page 2", "repeats a cursor already followed"}},
		{"stuck cursor", sandbox.Faults{GraphQLStuckCursor: true}, []string{"GraphQL query DeploymentStatusesPage for acme/search deployment", "page 2", "repeats a cursor already followed"}},
		{"null first cursor", sandbox.Faults{GraphQLNullFirstCursor: true}, []string{"GraphQL query DeploymentStatuses for acme/search deployment", "page 1", "hasNextPage without an endCursor"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := startSandbox(t, sandbox.Options{Faults: tc.faults})
			accTest(t, resource.TestCase{Steps: []resource.TestStep{{
				Config: namedProviderConfig(graphqlMode.provider, srv.URL(), appGood, keyFile(appGood), graphqlMode.apiLine()) +
					forMode(graphqlMode, deploymentsConfig(sc, true)),
				ExpectError: wrapped(append([]string{"Reading deployments failed"}, tc.want...)...),
			}}})
			if n := srv.Counts()["POST /graphql"]; n > 40 {
				t.Errorf("%d GraphQL queries: the pages were followed on", n)
			}
		})
	}
}

// Installation tokens GitHub refuses even when new fail with
// invalid_credentials naming the installation: the connection at plan,
// and a data source read on its own.
func TestAccRefusedTokensAreInvalidCredentials(t *testing.T) {
	for _, body := range []string{
		`
resource "dxgh_connection" "test" {
  name = "refused"
}
`,
		deploymentsBody,
	} {
		srv := startSandbox(t, sandbox.Options{Faults: sandbox.Faults{RejectTokens: true}})
		accTest(t, resource.TestCase{Steps: []resource.TestStep{{
			Config:      namedProviderConfig(graphqlMode.provider, srv.URL(), appGood, keyFile(appGood), graphqlMode.apiLine()) + forMode(graphqlMode, body),
			ExpectError: wrapped("invalid_credentials: GitHub refused the installation tokens of installation 1", "401", "again with a newly minted token"),
		}}})
	}
}
