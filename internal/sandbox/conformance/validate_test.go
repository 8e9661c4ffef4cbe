package conformance

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// These tests run the validator against a small GitHub-shaped description in
// testdata, so they need no download: they prove the check fails when it
// should. The same is proved against GitHub's real description in
// TestCheckRejectsBrokenSandboxBodies.

var jsonHeader = http.Header{"Content-Type": {"application/json; charset=utf-8"}}

func loadMini(t *testing.T) *Spec {
	t.Helper()
	s, err := Load("testdata/mini-openapi.json", listDeployments.Path, getInstallation.Path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}

func TestCheckAcceptsConformingResponses(t *testing.T) {
	s := loadMini(t)
	for name, tc := range map[string]struct {
		e      Endpoint
		status int
		header http.Header
		body   string
	}{
		"list":                {listDeployments, 200, jsonHeader, `[{"id":1,"creator":{"login":"alice","id":7},"created_at":"2026-01-02T03:04:05Z"}]`},
		"nullable creator":    {listDeployments, 200, jsonHeader, `[{"id":1,"creator":null,"created_at":"2026-01-02T03:04:05Z"}]`},
		"extra fields":        {listDeployments, 200, jsonHeader, `[{"id":1,"creator":null,"created_at":"2026-01-02T03:04:05Z","node_id":"DE_1"}]`},
		"documented 404":      {getInstallation, 404, jsonHeader, `{"message":"Not Found","documentation_url":"https://docs.github.com/rest"}`},
		"304 without body":    {getInstallation, 304, http.Header{}, ``},
		"shared 403 fallback": {listDeployments, 403, jsonHeader, `{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"}`},
	} {
		t.Run(name, func(t *testing.T) {
			if err := s.Check(tc.e, tc.status, tc.header, []byte(tc.body)); err != nil {
				t.Errorf("Check: %v", err)
			}
		})
	}
}

func TestCheckNamesTheOffendingField(t *testing.T) {
	s := loadMini(t)
	for name, tc := range map[string]struct {
		e      Endpoint
		status int
		header http.Header
		body   string
		want   []string // each must start one problem
	}{
		"wrong type": {
			listDeployments, 200, jsonHeader,
			`[{"id":"1","creator":null,"created_at":"2026-01-02T03:04:05Z"}]`,
			[]string{"/0/id: "},
		},
		"missing required field": {
			listDeployments, 200, jsonHeader,
			`[{"id":1,"creator":null,"created_at":"2026-01-02T03:04:05Z"},{"id":2,"created_at":"2026-01-02T03:04:05Z"}]`,
			[]string{"/1/creator: "},
		},
		"nested field": {
			listDeployments, 200, jsonHeader,
			`[{"id":1,"creator":{"login":42},"created_at":"2026-01-02T03:04:05Z"}]`,
			[]string{"/0/creator/id: ", "/0/creator/login: "},
		},
		"date-time format": {
			listDeployments, 200, jsonHeader,
			`[{"id":1,"creator":null,"created_at":"2026-01-02 03:04:05"}]`,
			[]string{"/0/created_at: "},
		},
		"object instead of array": {
			listDeployments, 200, jsonHeader,
			`{"deployments":[]}`,
			[]string{"/: "},
		},
		"truncated body": {
			listDeployments, 200, jsonHeader,
			`[{"id":1,"creator":nu`,
			[]string{"body: not valid JSON"},
		},
		"not JSON content type": {
			listDeployments, 200, http.Header{"Content-Type": {"text/plain"}},
			`[]`,
			[]string{"header Content-Type: "},
		},
		"undocumented status": {
			listDeployments, 422, jsonHeader,
			`{"message":"Validation Failed"}`,
			[]string{"status 422 is not a documented response (documented: 200)"},
		},
		"error body of the wrong shape": {
			getInstallation, 404, jsonHeader,
			`{"message":["Not Found"]}`,
			[]string{"/message: "},
		},
		"body where none is documented": {
			getInstallation, 304, jsonHeader,
			`{}`,
			[]string{"body: the description documents no body"},
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := s.Check(tc.e, tc.status, tc.header, []byte(tc.body))
			var mismatch *MismatchError
			if !errors.As(err, &mismatch) {
				t.Fatalf("Check = %v, want a *MismatchError", err)
			}
			for _, want := range tc.want {
				if !hasProblem(mismatch, want) {
					t.Errorf("no problem starting with %q in:\n%v", want, err)
				}
			}
			if !strings.Contains(err.Error(), tc.e.String()) {
				t.Errorf("error does not name the endpoint %s: %v", tc.e, err)
			}
		})
	}
}

func TestCheckRejectsUnknownOperations(t *testing.T) {
	s := loadMini(t)
	if err := s.Check(Endpoint{"POST", listDeployments.Path}, 201, jsonHeader, []byte(`{}`)); err == nil {
		t.Error("Check accepted an operation the description does not have")
	}
	if err := s.Check(Endpoint{"GET", "/nowhere"}, 200, jsonHeader, []byte(`{}`)); err == nil {
		t.Error("Check accepted a path the description does not have")
	}
}

func TestLoadKeepsOnlyWhatThePathsReach(t *testing.T) {
	// The mini description's "unused" schema has a dangling $ref: loading it
	// whole would fail, so success shows that pruning dropped it.
	s := loadMini(t)
	if _, ok := s.doc.Components.Schemas["unused"]; ok {
		t.Error(`schema "unused" was kept although no kept path reaches it`)
	}
	if _, ok := s.doc.Components.Schemas["simple-user"]; !ok {
		t.Error(`schema "simple-user", reached through deployment.creator, was dropped`)
	}

	if _, err := Load("testdata/mini-openapi.json", "/not/in/the/description"); err == nil {
		t.Error("Load accepted a path the description does not have")
	}
}

func hasProblem(m *MismatchError, prefix string) bool {
	for _, p := range m.Problems {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}
