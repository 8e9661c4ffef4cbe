package safelog

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestMask(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMDAxIn0.c2lnbmF0dXJl"
	for _, tc := range []struct{ in, want string }{
		{"token ghs_16C7e42F292c6912E7710c838347Ae178B4a", "token ***"},
		{"Bearer " + jwt + " sent", "Bearer *** sent"},
		{"key -----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY----- end", "key *** end"},
		{"ghp_abcdefghijklmnop and gho_abcdefghijklmnop", "*** and ***"},
		{"GET /repos/acme/api/deployments", "GET /repos/acme/api/deployments"},
		{"ghs_short", "ghs_short"}, // not a token: too short to be one
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A log line masks the message and every string-like field value, and
// leaves the caller's field map as it was: that map may be shared.
func TestLogMasksACopyOfTheFields(t *testing.T) {
	var out bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &out)
	ctx = WithField(ctx, "auth", "token ghs_16C7e42F292c6912E7710c838347Ae178B4a")
	fields := map[string]any{
		"error":  errors.New("401 for ghs_16C7e42F292c6912E7710c838347Ae178B4a"),
		"header": "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMDAxIn0.c2lnbmF0dXJl",
		"list":   []string{"ok", "ghu_abcdefghijklmnop"},
		"status": 401,
	}
	Debug(ctx, "request with ghs_16C7e42F292c6912E7710c838347Ae178B4a failed", fields)

	logged := out.String()
	if strings.Contains(logged, "ghs_16C7") || strings.Contains(logged, "eyJ") || strings.Contains(logged, "ghu_") {
		t.Errorf("a secret reached the log: %s", logged)
	}
	for _, want := range []string{`"@message":"request with *** failed"`, `"auth":"token ***"`, `"status":401`, `"list":["ok","***"]`} {
		if !strings.Contains(logged, want) {
			t.Errorf("log lacks %s: %s", want, logged)
		}
	}
	if h := fields["header"].(string); !strings.HasPrefix(h, "Bearer eyJ") {
		t.Errorf("the caller's map was written: header = %q", h)
	}
}
