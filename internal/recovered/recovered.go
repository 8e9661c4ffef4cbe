// Package recovered turns a panic inside a read into an error. A provider
// is a plugin process: a panic anywhere in it, in a goroutine most of all
// (errgroup does not recover), kills the process, and Terraform reports
// "The plugin crashed" with the read's whole plan or apply lost. The
// provider's entry points (data source reads, the connection's
// verification) and every goroutine the connector and the client start
// recover instead, so a bug fails that one read with an error saying where.
package recovered

import (
	"fmt"
	"runtime/debug"

	"golang.org/x/sync/errgroup"
)

// Error is a recovered panic, with the stack of the goroutine that panicked.
type Error struct {
	Value any
	Stack []byte
}

func (e *Error) Error() string {
	return fmt.Sprintf("internal error: the provider panicked (%v); this is a bug in the provider, please report it with this stack:\n%s", e.Value, e.Stack)
}

// Catch, deferred, turns a panic in its function into *err.
func Catch(err *error) {
	if r := recover(); r != nil {
		*err = &Error{Value: r, Stack: debug.Stack()}
	}
}

// Go runs f in g, a panic in f becoming the error it returns.
func Go(g *errgroup.Group, f func() error) {
	g.Go(func() (err error) {
		defer Catch(&err)
		return f()
	})
}
