package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// apiMode is one way the provider reads GitHub. Tests read every mode in
// one terraform run: the configuration is written once per mode, each copy
// through its own provider. Each mode has a provider name of its own, not
// an alias of "dxgh": terraform-plugin-testing serves one provider server
// per name, and aliases of one name would share its last configuration.
type apiMode struct {
	label    string // suffix of the mode's resource names, and its name in messages
	provider string // the provider's local name in configurations
	api      string
	order    sandbox.StatusOrder // how the mode's sandbox lists a deployment's GraphQL statuses
}

var (
	restMode    = apiMode{"rest", "dxgh", connector.APIREST, sandbox.StatusesOldestFirst}
	graphqlMode = apiMode{"graphql", "dxghgraphql", connector.APIGraphQL, sandbox.StatusesOldestFirst}
	// GitHub does not document the order of a deployment's statuses in
	// GraphQL, so graphql mode is read in both orders the sandbox serves.
	graphqlNewestFirstMode = apiMode{"graphql_newest_first", "dxghgraphqlnewestfirst", connector.APIGraphQL, sandbox.StatusesNewestFirst}

	// everyMode is what the sandbox tests read; restMode first, as the
	// reference the others are compared with.
	everyMode = []apiMode{restMode, graphqlMode, graphqlNewestFirstMode}
)

// addr is a body's resource address in the mode's copy of the body.
func (m apiMode) addr(address string) string { return address + "_" + m.label }

// inModes writes body once per mode, after that mode's provider block:
// each resource and data source renamed with the mode's suffix (and every
// reference to it), read through the mode's provider.
func inModes(modes []apiMode, providerBlock func(apiMode) string, body string) string {
	var out strings.Builder
	for _, m := range modes {
		out.WriteString(providerBlock(m))
		out.WriteString(forMode(m, body))
	}
	return out.String()
}

func forMode(m apiMode, body string) string {
	f, diags := hclwrite.ParseConfig([]byte(body), "body.tf", hcl.InitialPos)
	if diags.HasErrors() {
		panic(fmt.Sprintf("test configuration: %s\n%s", diags.Error(), body))
	}
	type rename struct{ from, to []string }
	var renames []rename
	for _, b := range f.Body().Blocks() {
		labels := b.Labels()
		if len(labels) != 2 || (b.Type() != "resource" && b.Type() != "data") {
			continue
		}
		from := labels
		if b.Type() == "data" {
			from = []string{"data", labels[0], labels[1]}
		}
		to := append([]string(nil), from...)
		to[len(to)-1] = m.addr(to[len(to)-1])
		renames = append(renames, rename{from, to})
		b.SetLabels([]string{labels[0], m.addr(labels[1])})
		if len(b.Body().Attributes()) == 0 && len(b.Body().Blocks()) == 0 {
			b.Body().Clear() // `{}`: hclwrite would add the attribute on its line
			b.Body().AppendNewline()
		}
		b.Body().SetAttributeTraversal("provider", hcl.Traversal{hcl.TraverseRoot{Name: m.provider}})
	}
	var renameIn func(*hclwrite.Body)
	renameIn = func(b *hclwrite.Body) {
		for _, a := range b.Attributes() {
			for _, r := range renames {
				a.Expr().RenameVariablePrefix(r.from, r.to)
			}
		}
		for _, nested := range b.Blocks() {
			renameIn(nested.Body())
		}
	}
	renameIn(f.Body())
	return string(f.Bytes())
}

// modeSandbox is a mode with the sandbox it reads, at url.
type modeSandbox struct {
	apiMode
	srv *sandbox.Server
	url string
}

// modeSandboxes are a test's modes, each with a sandbox of its own, so each
// has GraphQL's status order and its requests can be told apart.
type modeSandboxes []modeSandbox

// exampleInEveryMode serves the example organisation to every mode.
func exampleInEveryMode(t *testing.T, opts sandbox.Options) modeSandboxes {
	t.Helper()
	return inEveryMode(opts, func(opts sandbox.Options) *sandbox.Server { return startSandbox(t, opts) })
}

// inEveryMode starts one sandbox per mode; serve gets opts with the mode's
// GraphQL status order.
func inEveryMode(opts sandbox.Options, serve func(sandbox.Options) *sandbox.Server) modeSandboxes {
	var out modeSandboxes
	for _, m := range everyMode {
		o := opts
		o.GraphQLStatusOrder = m.order
		srv := serve(o)
		out = append(out, modeSandbox{m, srv, srv.URL()})
	}
	return out
}

func (ms modeSandboxes) modes() []apiMode {
	out := make([]apiMode, len(ms))
	for i, m := range ms {
		out[i] = m.apiMode
	}
	return out
}

// config is body in every mode, each mode's provider configured for its
// sandbox with app 1001; extra lines go into every provider block.
func (ms modeSandboxes) config(body string, extra ...string) string {
	urls := map[apiMode]string{}
	for _, m := range ms {
		urls[m.apiMode] = m.url
	}
	return inModes(ms.modes(), func(m apiMode) string {
		return namedProviderConfig(m.provider, urls[m], appGood, keyFile(appGood), append([]string{m.apiLine()}, extra...)...)
	}, body)
}

// apiLine sets the mode in a provider block, explicitly in rest mode too,
// so that a change of default changes no test.
func (m apiMode) apiLine() string { return fmt.Sprintf("api = %q", m.api) }

// stateChecks are each mode's checks, made for its addresses.
func (ms modeSandboxes) stateChecks(checks func(m apiMode) []statecheck.StateCheck) []statecheck.StateCheck {
	var out []statecheck.StateCheck
	for _, m := range ms {
		out = append(out, checks(m.apiMode)...)
	}
	return out
}

// check runs check for every mode, naming the mode that fails.
func (ms modeSandboxes) check(check func(m modeSandbox) resource.TestCheckFunc) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for _, m := range ms {
			if err := check(m)(s); err != nil {
				return fmt.Errorf("api = %q (%s): %w", m.api, m.label, err)
			}
		}
		return nil
	}
}

// usedTheirAPIs fails unless graphql modes asked GitHub's GraphQL API and
// rest mode did not: a provider ignoring api would pass every comparison.
func (ms modeSandboxes) usedTheirAPIs() resource.TestCheckFunc {
	return ms.check(func(m modeSandbox) resource.TestCheckFunc {
		return func(*terraform.State) error {
			queries := m.srv.Counts()["POST /graphql"]
			switch {
			case m.api == connector.APIREST && queries != 0:
				return fmt.Errorf("%d GraphQL queries in rest mode", queries)
			case m.api == connector.APIGraphQL && queries == 0:
				return fmt.Errorf("no GraphQL query was made")
			}
			return nil
		}
	})
}

// setPermission changes an installation's permission in every mode's sandbox.
func (ms modeSandboxes) setPermission(t *testing.T, installation int64, permission, level string) {
	t.Helper()
	for _, m := range ms {
		if err := m.srv.SetPermission(installation, permission, level); err != nil {
			t.Fatal(err)
		}
	}
}

// errorInEveryMode matches terraform's output when every mode failed with
// an error matching pattern: as many matches as modes.
func (ms modeSandboxes) errorInEveryMode(pattern string) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`(?s)(?:(?:%s).*){%d}`, pattern, len(ms)))
}
