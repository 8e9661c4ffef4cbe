package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

func TestWindowLengthBound(t *testing.T) {
	since := time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		until   time.Time
		tooLong bool
	}{
		{since.AddDate(0, 0, 3660), false}, // exactly 3,660 days
		{since.AddDate(0, 0, 3660).Add(time.Second), true},
		{since.AddDate(300, 0, 0), true}, // beyond time.Duration's ~292 years
		{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), true},
	} {
		var diags diag.Diagnostics
		checkWindowLength(&diags, since, tc.until)
		if diags.HasError() != tc.tooLong {
			t.Errorf("window to %s: error %v, want %v", tc.until, diags.HasError(), tc.tooLong)
		}
	}
	var diags diag.Diagnostics
	checkWindowLength(&diags, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Now())
	if !diags.HasError() {
		t.Error("since = 0001-01-01 must be too long")
	}
}
