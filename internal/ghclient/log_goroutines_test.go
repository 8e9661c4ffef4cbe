package ghclient

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// The goroutines the client starts log safely on one context: tflog's
// masking options would write the context's field map from each of them
// (a string field set, as the framework sets tf_rpc), the runtime's fatal
// "concurrent map writes", the plugin crash of issues 20 and 24; the client
// sets none (internal/safelog). Here: the installations of installation_ids read
// concurrently, and a list's later pages requested at once. It fails under
// the race detector (make test-race) at once, and now and then without it.
func TestConcurrentRequestsLogSafelyOnOneContext(t *testing.T) {
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
