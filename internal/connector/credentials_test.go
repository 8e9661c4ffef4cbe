package connector

import (
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// Installation tokens GitHub refuses even when newly minted are
// invalid_credentials, naming the installation, in both modes; one refused
// token (revoked) is replaced and the connection verifies.
func TestRefusedInstallationTokensAreInvalidCredentials(t *testing.T) {
	for _, api := range []string{APIREST, APIGraphQL} {
		gh, srv := exampleGitHub(t, 1001, "app.pem")
		gh.API = api
		srv.SetFaults(sandbox.Faults{RevokeTokenAt: 1})
		if _, err := Verify(context.Background(), gh, Settings{}); err != nil {
			t.Fatalf("%s: one revoked token: %v", api, err)
		}

		gh, srv = exampleGitHub(t, 1001, "app.pem")
		gh.API = api
		srv.SetFaults(sandbox.Faults{RejectTokens: true})
		_, err := Verify(context.Background(), gh, Settings{})
		var ce *Error
		if !errors.As(err, &ce) || ce.Code != InvalidCredentials || !strings.Contains(ce.Summary, "installation tokens of installation 1100") ||
			!strings.Contains(ce.Detail, "401") {
			t.Errorf("%s: want invalid_credentials naming the installation, got %T %v", api, err, err)
		}
	}
}

type unresolvable struct{}

func (unresolvable) RoundTrip(req *http.Request) (*http.Response, error) {
	return nil, &net.DNSError{Err: "no such host", Name: req.URL.Hostname(), IsNotFound: true}
}

// A GitHub Enterprise Server host that does not resolve is reported with
// the URL base_url was normalised to, /api/v3/ included.
func TestUnresolvableHostNamesTheNormalisedURL(t *testing.T) {
	key := exampleAppKey(t)
	base, err := ghclient.NormalizeBaseURL("https://ghe.example.com")
	if err != nil {
		t.Fatal(err)
	}
	client, err := ghclient.New(ghclient.Config{AppID: 1001, PrivateKey: key, BaseURL: base, BaseTransport: unresolvable{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = ResolveScope(context.Background(), GitHub{Client: client, AppID: 1001, BaseURL: base}, Settings{})
	if err == nil || !strings.Contains(err.Error(), "https://ghe.example.com/api/v3/app/installations") || !strings.Contains(err.Error(), "no such host") {
		t.Errorf("error %v: want the normalised URL tried and the resolver's answer", err)
	}
}

// One 502 on the k-th installation token request, for each k of the first
// ten, in both modes: the read ends equal to a read without it. Tokens live
// 30 s, inside ghinstallation's minute of margin, so every request mints
// one and the k-th falls on every kind of read in turn.
func TestOneBadGatewayOnTheKthTokenRequest(t *testing.T) {
	f, err := sandbox.LoadFixture(filepath.Join(sandbox.ExampleOrgDir(), "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	f = realBots(f)
	named := Settings{ProductionEnvironments: []string{"production", "Production"}}
	since, until := exampleSince, exampleUntil
	for _, api := range []string{APIREST, APIGraphQL} {
		clean := readAll(t, fixtureGitHub(t, sandbox.ServeTest(t, f, sandbox.Options{TokenTTL: 30 * time.Second}), api), named, since, until)
		for k := 1; k <= 10; k++ {
			srv := sandbox.ServeTest(t, f, sandbox.Options{TokenTTL: 30 * time.Second, Faults: sandbox.Faults{TokenBadGateway: []int{k}}})
			got := readAll(t, fixtureGitHub(t, srv, api), named, since, until)
			if !reflect.DeepEqual(got, clean) {
				t.Errorf("%s, 502 on token request %d: the read differs from one without it", api, k)
			}
			if n := srv.Counts()["fault: on the token route"]; n != 1 {
				t.Errorf("%s, 502 on token request %d: %d faults on the token route, want 1", api, k, n)
			}
		}
	}
}
