package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Endpoint is one operation of the GitHub REST API, by method and path
// template as the spec writes it.
type Endpoint struct {
	Method string
	Path   string
}

func (e Endpoint) String() string { return e.Method + " " + e.Path }

// ProviderEndpoints are the operations the provider calls (DESIGN §3).
var ProviderEndpoints = []Endpoint{
	{"GET", "/app/installations"},
	{"GET", "/app/installations/{installation_id}"},
	{"POST", "/app/installations/{installation_id}/access_tokens"},
	{"GET", "/installation/repositories"},
	{"GET", "/repos/{owner}/{repo}/deployments"},
	{"GET", "/repos/{owner}/{repo}/deployments/{deployment_id}/statuses"},
	{"GET", "/repos/{owner}/{repo}/environments"},
}

// sharedErrors are the spec's own responses for errors any endpoint can
// return, used when an operation does not document the status itself.
var sharedErrors = map[int]string{
	401: "requires_authentication",
	403: "forbidden",
	404: "not_found",
}

// Spec is a loaded OpenAPI description, ready to validate responses.
type Spec struct {
	doc *openapi3.T
}

// Load reads an OpenAPI description and keeps only the given path templates
// and the components they reach: GitHub's full description is 13 MB and
// resolving all of it takes seconds, most of it spent on unused operations.
// With no paths given it keeps the ProviderEndpoints' paths.
func Load(file string, paths ...string) (*Spec, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading OpenAPI description: %w", err)
	}
	if len(paths) == 0 {
		for _, e := range ProviderEndpoints {
			paths = append(paths, e.Path)
		}
	}
	pruned, err := prune(raw, paths)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI description %s: %w", file, err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(pruned)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI description %s: %w", file, err)
	}
	return &Spec{doc: doc}, nil
}

// prune returns the description with only the given paths, the shared error
// responses and every component reachable from them through $ref.
func prune(raw []byte, paths []string) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("not JSON: %w", err)
	}
	allPaths, _ := doc["paths"].(map[string]any)
	allComponents, _ := doc["components"].(map[string]any)

	keptPaths := map[string]any{}
	keptComponents := map[string]map[string]any{}
	var queue []any

	for _, p := range paths {
		item, ok := allPaths[p]
		if !ok {
			return nil, fmt.Errorf("no path %q", p)
		}
		keptPaths[p] = item
		queue = append(queue, item)
	}
	for _, name := range sharedErrors {
		queue = append(queue, map[string]any{"$ref": "#/components/responses/" + name})
	}

	for len(queue) > 0 {
		node := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		switch n := node.(type) {
		case []any:
			queue = append(queue, n...)
		case map[string]any:
			for k, v := range n {
				ref, isRef := v.(string)
				if k != "$ref" || !isRef {
					queue = append(queue, v)
					continue
				}
				kind, name, ok := componentRef(ref)
				if !ok {
					return nil, fmt.Errorf("unsupported $ref %q", ref)
				}
				if _, seen := keptComponents[kind][name]; seen {
					continue
				}
				group, _ := allComponents[kind].(map[string]any)
				target, ok := group[name]
				if !ok {
					return nil, fmt.Errorf("dangling $ref %q", ref)
				}
				if keptComponents[kind] == nil {
					keptComponents[kind] = map[string]any{}
				}
				keptComponents[kind][name] = target
				queue = append(queue, target)
			}
		}
	}

	doc["paths"] = keptPaths
	doc["components"] = keptComponents
	delete(doc, "webhooks") // OpenAPI 3.1 only; GitHub's 3.0 file has none, but be safe
	return json.Marshal(doc)
}

// componentRef splits "#/components/schemas/deployment" into its kind and
// name, undoing JSON Pointer escapes.
func componentRef(ref string) (kind, name string, ok bool) {
	rest, found := strings.CutPrefix(ref, "#/components/")
	if !found {
		return "", "", false
	}
	kind, name, found = strings.Cut(rest, "/")
	if !found || strings.Contains(name, "/") {
		return "", "", false
	}
	name = strings.NewReplacer("~1", "/", "~0", "~").Replace(name)
	return kind, name, true
}
