package orggen

import (
	"strings"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// exampleTeams nest up to three deep in acme (engineering → product →
// payments-team), closed and secret; sre has no grants of its own and
// design none at all; several repositories are in two teams and some in
// none, an archived and a forked one among the granted. In acme-labs,
// research is granted secret-project, which app 1001's installation does
// not select, and the slug platform is a team of both organisations.
var exampleTeams = []sandbox.Team{
	{ID: 7001, Org: "acme", Slug: "engineering", Name: "Engineering", Description: "Everyone who ships", Privacy: "closed",
		Members: []string{"alice", "bob"}, Repositories: []string{"acme/docs"}},
	{ID: 7002, Org: "acme", Slug: "platform", Name: "Platform", Privacy: "closed", Parent: "engineering",
		Members: []string{"carol", "dmitri"}, Repositories: []string{"acme/infra", "acme/terraform-aws-modules", "acme/data-pipeline"}},
	{ID: 7003, Org: "acme", Slug: "sre", Name: "SRE", Description: "On call", Privacy: "secret", Parent: "platform",
		Members: []string{"erin", "carol"}},
	{ID: 7004, Org: "acme", Slug: "product", Name: "Product", Privacy: "closed", Parent: "engineering",
		Members: []string{"bob", "frank"}, Repositories: []string{"acme/api", "acme/web", "acme/mobile-backend"}},
	{ID: 7005, Org: "acme", Slug: "payments-team", Name: "Payments", Description: "Money moves", Privacy: "secret", Parent: "product",
		Members: []string{"grace", "alice"}, Repositories: []string{"acme/payments", "acme/legacy-billing", "acme/api"}},
	{ID: 7006, Org: "acme", Slug: "security", Name: "Security", Privacy: "secret",
		Members: []string{"heidi"}, Repositories: []string{"acme/infra", "acme/payments"}},
	{ID: 7007, Org: "acme", Slug: "design", Name: "Design", Privacy: "closed", Members: []string{"ivan"}},
	{ID: 7101, Org: "acme-labs", Slug: "research", Name: "Research", Privacy: "closed",
		Members: []string{"judy", "alice"}, Repositories: []string{"acme-labs/experiments", "acme-labs/secret-project"}},
	{ID: 7102, Org: "acme-labs", Slug: "platform", Name: "Labs Platform", Privacy: "secret", Parent: "research",
		Members: []string{"ken"}, Repositories: []string{"acme-labs/ml-platform"}},
}

// exampleTopics by repository: some shared, some repositories with none,
// the archived legacy-billing with one.
var exampleTopics = map[string][]string{
	"acme/api": {"backend", "go"}, "acme/web": {"frontend"}, "acme/payments": {"backend", "payments"},
	"acme/mobile-backend": {"backend", "mobile"}, "acme/search": {"backend"}, "acme/data-pipeline": {"data"},
	"acme/infra": {"infrastructure", "terraform"}, "acme/customer-portal": {"frontend"}, "acme/docs": {"docs"},
	"acme/legacy-billing": {"payments"}, "acme/terraform-aws-modules": {"terraform"},
	"acme-labs/experiments": {"ml"}, "acme-labs/ml-platform": {"data", "ml"}, "acme-labs/secret-project": {"ml"},
}

// addTeams gives f the example teams and topics; it draws nothing from a
// random source, so the deployments and changes stay as they were.
func addTeams(f *sandbox.Fixture) {
	for _, t := range exampleTeams {
		t.Members = append([]string(nil), t.Members...)
		t.Repositories = append([]string(nil), t.Repositories...)
		f.Teams = append(f.Teams, t)
	}
	for i := range f.Repositories {
		r := &f.Repositories[i]
		r.Topics = append([]string(nil), exampleTopics[strings.ToLower(r.FullName)]...)
	}
}
