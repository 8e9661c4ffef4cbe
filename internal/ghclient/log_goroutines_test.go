package ghclient

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// lockedBuffer is a log sink safe for the concurrent writes under test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// The goroutines the client starts log with contexts of their own: tflog
// masks fields in the context's own map, so two goroutines logging with one
// masked context (a string field set, as the framework sets tf_rpc) write
// one map at once, the runtime's fatal "concurrent map writes", the plugin
// crash of issue 20. Here: the installations of installation_ids read
// concurrently, and a list's later pages requested at once. It fails under
// the race detector (make test-race) at once, and now and then without it.
func TestConcurrentRequestsLogWithContextsOfTheirOwn(t *testing.T) {
	url, _ := serve(t, sandbox.Options{})
	for run := 0; run < 20; run++ {
		ctx := tflogtest.RootLogger(context.Background(), &lockedBuffer{})
		ctx = tflog.SetField(ctx, "tf_rpc", "ReadDataSource")
		c, _ := newTestClient(t, url, func(cfg *Config) { cfg.InstallationIDs = []int64{instAcme, instLabs} })
		insts, err := c.Installations(ctx)
		if err != nil {
			t.Fatal(err)
		}
		api := repository(t, c, insts[0], "acme/api")
		sts, err := c.DeploymentStatuses(ctx, api, statusHeap)
		if err != nil || len(sts) != 250 {
			t.Fatalf("%d statuses, %v", len(sts), err)
		}
	}
}
