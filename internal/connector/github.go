package connector

import "github.com/dxgh/terraform-provider-dxgh/internal/ghclient"

// GitHub is a configured client with what diagnostics need to say which app
// and which GitHub they talked to.
type GitHub struct {
	Client      *ghclient.Client
	AppID       int64
	BaseURL     string
	Concurrency int // fan-out across repositories; the client bounds requests in flight
}

func (g GitHub) concurrency() int {
	if g.Concurrency < 1 {
		return 8
	}
	return g.Concurrency
}
