package recovered

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"
)

// A panic in a goroutine of the group is the group's error, with its value
// and the stack that leads to it, and the process goes on.
func TestGoRecoversAPanicAsTheGroupsError(t *testing.T) {
	var g errgroup.Group
	Go(&g, func() error { return nil })
	Go(&g, func() error {
		panic("boom")
	})
	err := g.Wait()
	var re *Error
	if !errors.As(err, &re) || !strings.Contains(err.Error(), "the provider panicked (boom)") || !strings.Contains(string(re.Stack), "recovered_test.go") {
		t.Fatalf("want a *Error with the panic and its stack, got %T %v", err, err)
	}
}

// Catch leaves a function that does not panic alone.
func TestCatchWithoutAPanic(t *testing.T) {
	f := func() (err error) {
		defer Catch(&err)
		return errors.New("plain")
	}
	if err := f(); err == nil || err.Error() != "plain" {
		t.Errorf("got %v", err)
	}
}
