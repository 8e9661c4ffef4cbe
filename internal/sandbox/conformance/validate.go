package conformance

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// MismatchError reports how a response differs from the description. Each
// problem starts with the JSON Pointer of the offending field ("/0/creator/id")
// or names the status code or header at fault.
type MismatchError struct {
	Endpoint Endpoint
	Status   int
	Problems []string
}

func (e *MismatchError) Error() string {
	const shown = 20
	var b strings.Builder
	fmt.Fprintf(&b, "%s answered %d, which does not match GitHub's OpenAPI description:", e.Endpoint, e.Status)
	for i, p := range e.Problems {
		if i == shown {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-shown)
			break
		}
		b.WriteString("\n  ")
		b.WriteString(p)
	}
	return b.String()
}

// Check validates one response of the operation e against the description:
// the status code must be documented, and the body must match the schema of
// that response. It returns a *MismatchError listing every problem found.
func (s *Spec) Check(e Endpoint, status int, header http.Header, body []byte) error {
	item := s.doc.Paths.Find(e.Path)
	if item == nil {
		return fmt.Errorf("%s: no such path in the OpenAPI description", e)
	}
	op := item.GetOperation(e.Method)
	if op == nil {
		return fmt.Errorf("%s: no such operation in the OpenAPI description", e)
	}

	mismatch := &MismatchError{Endpoint: e, Status: status}
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil {
		if name, ok := sharedErrors[status]; ok {
			ref = s.doc.Components.Responses[name]
		}
	}
	if ref == nil || ref.Value == nil {
		mismatch.Problems = append(mismatch.Problems, fmt.Sprintf(
			"status %d is not a documented response (documented: %s)", status, documented(op.Responses)))
		return mismatch
	}

	mismatch.Problems = checkBody(ref.Value, header, body)
	if len(mismatch.Problems) > 0 {
		return mismatch
	}
	return nil
}

func checkBody(resp *openapi3.Response, header http.Header, body []byte) []string {
	if len(resp.Content) == 0 {
		if len(bytes.TrimSpace(body)) > 0 {
			return []string{"body: the description documents no body for this status, got one"}
		}
		return nil
	}
	media := resp.Content.Get("application/json")
	if media == nil || media.Schema == nil || media.Schema.Value == nil {
		return []string{"body: the description has no application/json schema for this status"}
	}

	var problems []string
	if mt, _, err := mime.ParseMediaType(header.Get("Content-Type")); err != nil || mt != "application/json" {
		problems = append(problems, fmt.Sprintf("header Content-Type: want application/json, got %q", header.Get("Content-Type")))
	}

	var value any
	if err := json.Unmarshal(body, &value); err != nil {
		return append(problems, fmt.Sprintf("body: not valid JSON: %v", err))
	}
	err := media.Schema.Value.VisitJSON(value,
		openapi3.MultiErrors(),
		openapi3.VisitAsResponse(),
		openapi3.EnableFormatValidation(),
		openapi3.DisableSchemaErrorDetails(),
	)
	return append(problems, schemaProblems(err)...)
}

// schemaProblems flattens kin-openapi's errors into "pointer: reason" lines,
// sorted so that failures read the same on every run.
func schemaProblems(err error) []string {
	if err == nil {
		return nil
	}
	var problems []string
	var walk func(error)
	walk = func(err error) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			pointer := "/" + strings.Join(se.JSONPointer(), "/")
			reason := se.Reason
			if reason == "" {
				reason = se.Error()
			}
			problems = append(problems, pointer+": "+reason)
			return
		}
		problems = append(problems, err.Error())
	}
	walk(err)
	sort.Strings(problems)
	return slices.Compact(problems)
}

func documented(responses *openapi3.Responses) string {
	var codes []string
	for code := range responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	if len(codes) == 0 {
		return "none"
	}
	return strings.Join(codes, ", ")
}
