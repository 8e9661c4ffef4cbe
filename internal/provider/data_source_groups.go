package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/dxgh/terraform-provider-dxgh/internal/connector"
	"github.com/dxgh/terraform-provider-dxgh/internal/ghclient"
)

// teamsInput is dxgh_deployments' and dxgh_dora_metrics' teams filter.
func teamsInput() schema.SetAttribute {
	return schema.SetAttribute{
		Optional: true, ElementType: types.StringType,
		Description: "Only the in-scope repositories of these teams (slugs, case-insensitive), as `dxgh_teams` gives them: each team's own and inherited access. " +
			"With `repositories` too, the repositories in both. A slug that matches no team is an error naming the five closest. Needs the organization permission Members (read).",
		Validators: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(stringvalidator.LengthAtLeast(1))},
	}
}

// groupByInput is dxgh_deployments' and dxgh_dora_metrics' group_by.
func groupByInput() schema.StringAttribute {
	return schema.StringAttribute{
		Optional: true,
		Description: "`team` or `topic`: also compute the figures per team (keyed by slug; needs the organization permission Members) or per repository topic, in `groups`, " +
			"from the same read. A repository in two groups counts in both, so the groups need not add up to the whole.",
		Validators: []validator.String{stringvalidator.OneOf(connector.GroupByTeam, connector.GroupByTopic)},
	}
}

// ungroupedAttribute is the data sources' ungrouped_repositories output.
func ungroupedAttribute() schema.ListAttribute {
	return schema.ListAttribute{
		Computed: true, ElementType: types.StringType,
		Description: "With `group_by`: the repositories read (`owner/name`, sorted) that are in no group. Null without `group_by`.",
	}
}

// groupsDescription describes a data source's groups output.
func groupsDescription(figures string) string {
	return "With `group_by`: " + figures + " per team slug or topic, each computed over that group's repositories among those read " +
		"(groups with none are left out). A team's repositories include those it inherits from its parent teams; a slug in two organisations is one group. " +
		"Null without `group_by`."
}

// readScope is what a data source reads: the repositories, and with
// group_by the groups among them.
type readScope struct {
	repos  []ghclient.Repository
	groups *connector.Groups // nil without group_by
}

// resolveReadScope narrows the scope to the repositories and teams asked
// for and groups what is left by groupBy. Teams are read only when teams
// or group_by = "team" needs them.
func resolveReadScope(ctx context.Context, data *providerData, s connector.Settings, repositories, teamSlugs types.Set, groupBy types.String) (readScope, diag.Diagnostics) {
	sc, diags := resolveScope(ctx, data, s)
	if diags.HasError() {
		return readScope{}, diags
	}
	repos, d := narrowRepositories(ctx, sc, repositories)
	diags.Append(d...)
	var slugs []string
	diags.Append(stringSet(ctx, teamSlugs, &slugs)...)
	if diags.HasError() {
		return readScope{}, diags
	}
	var teams []connector.Team
	if len(slugs) > 0 || groupBy.ValueString() == connector.GroupByTeam {
		var err error
		if teams, err = connector.ReadTeams(ctx, data.gh, sc, false); err != nil {
			addGitHubError(&diags, "Reading teams failed", err)
			return readScope{}, diags
		}
	}
	if len(slugs) > 0 {
		chosen, d := selectTeams(teams, slugs, path.Root("teams"))
		diags.Append(d...)
		if diags.HasError() {
			return readScope{}, diags
		}
		ofTeams := connector.ReposOfTeams(chosen)
		kept := repos[:0:0]
		for _, r := range repos {
			if ofTeams[strings.ToLower(r.FullName)] {
				kept = append(kept, r)
			}
		}
		repos = kept
	}
	out := readScope{repos: repos}
	switch groupBy.ValueString() {
	case connector.GroupByTeam:
		g := connector.TeamGroups(teams, repos)
		out.groups = &g
	case connector.GroupByTopic:
		g := connector.TopicGroups(repos)
		out.groups = &g
	}
	return out, diags
}

// selectTeams returns the teams with these slugs (case-insensitive); a
// slug that matches none is an error on at naming the five closest.
func selectTeams(teams []connector.Team, slugs []string, at path.Path) ([]connector.Team, diag.Diagnostics) {
	var diags diag.Diagnostics
	var chosen []connector.Team
	var known []string
	seen := map[string]bool{}
	for _, t := range teams {
		if !seen[t.Slug] {
			seen[t.Slug] = true
			known = append(known, t.Slug)
		}
	}
	taken := map[int]bool{}
	for _, slug := range slugs {
		found := false
		for i, t := range teams {
			if strings.EqualFold(t.Slug, slug) {
				found = true
				if !taken[i] {
					taken[i] = true
					chosen = append(chosen, t)
				}
			}
		}
		if found {
			continue
		}
		detail := fmt.Sprintf("No team of the organisations in scope has the slug %q.", slug)
		if closest := connector.Closest(slug, known, 5); len(closest) > 0 {
			detail += " The closest: " + connector.QuotedList(closest) + "."
		} else {
			detail += " The organisations in scope have no teams."
		}
		diags.AddAttributeError(at, "Team not found", detail)
	}
	return chosen, diags
}
