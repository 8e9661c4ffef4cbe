package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
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
	{"GET", "/repos/{owner}/{repo}/pulls"},
	{"GET", "/repos/{owner}/{repo}/pulls/{pull_number}/commits"},
	{"GET", "/repos/{owner}/{repo}/issues"},
	{"GET", "/orgs/{org}/teams"},
	{"GET", "/orgs/{org}/teams/{team_slug}"},
	{"GET", "/orgs/{org}/teams/{team_slug}/repos"},
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

	// Corrections lists where the description was corrected before use
	// (see correctUnions), as JSON Pointers into it.
	Corrections []string
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
	pruned, corrections, err := prune(raw, paths)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI description %s: %w", file, err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(pruned)
	if err != nil {
		return nil, fmt.Errorf("OpenAPI description %s: %w", file, err)
	}
	return &Spec{doc: doc, Corrections: corrections}, nil
}

// prune returns the description with only the given paths, the shared error
// responses and every component reachable from them through $ref, with
// correctUnions applied; and where it corrected the description.
func prune(raw []byte, paths []string) ([]byte, []string, error) {
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, nil, fmt.Errorf("not JSON: %w", err)
	}
	allPaths, _ := doc["paths"].(map[string]any)
	allComponents, _ := doc["components"].(map[string]any)

	keptPaths := map[string]any{}
	keptComponents := map[string]map[string]any{}
	var queue []any

	for _, p := range paths {
		item, ok := allPaths[p]
		if !ok {
			return nil, nil, fmt.Errorf("no path %q", p)
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
					return nil, nil, fmt.Errorf("unsupported $ref %q", ref)
				}
				if _, seen := keptComponents[kind][name]; seen {
					continue
				}
				group, _ := allComponents[kind].(map[string]any)
				target, ok := group[name]
				if !ok {
					return nil, nil, fmt.Errorf("dangling $ref %q", ref)
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

	var corrections []string
	correctUnions(doc, "", &corrections)
	sort.Strings(corrections)
	out, err := json.Marshal(doc)
	return out, corrections, err
}

// correctUnions rewrites "allOf": [user, enterprise] as "anyOf". GitHub's
// description writes the account of an installation that way in places
// (github/rest-api-description#2497): read as JSON Schema it requires an
// account to be a user and an enterprise at once, which no response of
// GitHub is, its own examples included. The installation component says
// "anyOf" for the same field.
func correctUnions(node any, pointer string, corrections *[]string) {
	switch n := node.(type) {
	case []any:
		for i, v := range n {
			correctUnions(v, pointer+"/"+strconv.Itoa(i), corrections)
		}
	case map[string]any:
		if members, ok := n["allOf"].([]any); ok && isUserOrEnterprise(members) {
			n["anyOf"] = members
			delete(n, "allOf")
			*corrections = append(*corrections, pointer)
		}
		for k, v := range n {
			escaped := strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
			correctUnions(v, pointer+"/"+escaped, corrections)
		}
	}
}

func isUserOrEnterprise(members []any) bool {
	if len(members) != 2 {
		return false
	}
	kinds := map[string]bool{}
	for _, m := range members {
		schema, _ := m.(map[string]any)
		switch {
		case schema["$ref"] == "#/components/schemas/simple-user" || schema["title"] == "Simple User":
			kinds["user"] = true
		case schema["$ref"] == "#/components/schemas/enterprise" || schema["title"] == "Enterprise":
			kinds["enterprise"] = true
		}
	}
	return kinds["user"] && kinds["enterprise"]
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
