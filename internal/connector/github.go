package connector

import "github.com/dxgh/terraform-provider-dxgh/internal/ghclient"

// The API modes: which of GitHub's APIs reads environments, deployments and
// their statuses.
const (
	APIREST    = "rest"
	APIGraphQL = "graphql"
)

// GitHub is a configured client with what diagnostics need to say which app
// and which GitHub they talked to.
type GitHub struct {
	Client      *ghclient.Client
	AppID       int64
	BaseURL     string
	Concurrency int // fan-out across repositories; the client bounds requests in flight
	// API is APIREST ("" too) or APIGraphQL: it picks the Reader, once. The
	// provider configures APIGraphQL unless told otherwise.
	API string
}

func (g GitHub) concurrency() int {
	if g.Concurrency < 1 {
		return 8
	}
	return g.Concurrency
}

// reader is the one place the API mode is looked at.
func (g GitHub) reader() Reader {
	if g.API == APIGraphQL {
		return graphqlReader{restReader{g}}
	}
	return restReader{g}
}
