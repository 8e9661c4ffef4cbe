package timezones

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // as the provider: the test never depends on the machine's zoneinfo
)

// Every suggested name must be one time_zone accepts.
func TestEveryNameLoads(t *testing.T) {
	if len(Names) < 400 {
		t.Fatalf("only %d names: is names_generated.go generated?", len(Names))
	}
	for _, n := range Names {
		if _, err := time.LoadLocation(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	for _, n := range []string{"UTC", "Europe/Paris", "America/Argentina/Buenos_Aires"} {
		if !slices.Contains(Names, n) {
			t.Errorf("%s is not listed", n)
		}
	}
}
