package metrics

// OnlyRepositories keeps the deployments of these repositories, in order:
// a group's part of a read.
func OnlyRepositories(deployments []Deployment, repos []string) []Deployment {
	in := repositorySet(repos)
	var out []Deployment
	for _, d := range deployments {
		if in[d.Repository] {
			out = append(out, d)
		}
	}
	return out
}

// Only is the input of these repositories only: what a read of just them
// would have given, in the same order, with the same window and settings.
func (in DORAInput) Only(repos []string) DORAInput {
	set := repositorySet(repos)
	out := in
	out.Deployments = OnlyRepositories(in.Deployments, repos)
	out.PullRequests, out.Incidents = nil, nil
	for _, p := range in.PullRequests {
		if set[p.Repository] {
			out.PullRequests = append(out.PullRequests, p)
		}
	}
	for _, i := range in.Incidents {
		if set[i.Repository] {
			out.Incidents = append(out.Incidents, i)
		}
	}
	return out
}

func repositorySet(repos []string) map[string]bool {
	out := make(map[string]bool, len(repos))
	for _, r := range repos {
		out[r] = true
	}
	return out
}
