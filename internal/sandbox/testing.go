package sandbox

import (
	"path/filepath"
	"runtime"
	"testing"
)

// ExampleOrgDir is the example organisation's directory: fixture.json, the
// apps' key files and the oracle (oracle.py, oracle.json). Tests in every
// package find it here.
func ExampleOrgDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "example-org")
}

// ServeTest serves f on loopback for the rest of the test.
func ServeTest(tb testing.TB, f *Fixture, opts Options) *Server {
	tb.Helper()
	srv, err := New(f, opts)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := srv.Start("127.0.0.1:0"); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = srv.Close() })
	return srv
}

// ServeExample serves the example organisation for the rest of the test.
func ServeExample(tb testing.TB, opts Options) (*Server, *Fixture) {
	tb.Helper()
	f, err := LoadFixture(filepath.Join(ExampleOrgDir(), "fixture.json"))
	if err != nil {
		tb.Fatal(err)
	}
	return ServeTest(tb, f, opts), f
}
