package ghclient

import (
	"reflect"
	"testing"
)

// Teams are cut, by size, into the TeamRepositories queries that cost
// least by GitHub's rule (a query is at least 1 point), each page fitting
// its largest team (at most 100); empty teams are not asked; at most 100
// teams a query.
func TestTeamBatchesSizePagesToTheTeams(t *testing.T) {
	teamsOf := func(counts ...int) []Team {
		out := make([]Team, len(counts))
		for i, n := range counts {
			out[i] = Team{RepositoryCount: n}
		}
		return out
	}
	many := make([]int, 150)
	for i := range many {
		many[i] = 3
	}
	for _, tc := range []struct {
		name        string
		counts      []int
		wantBatches [][]int
		wantFirsts  []int
	}{
		{"none", nil, nil, nil},
		{"empty teams need no query", []int{0, 0}, nil, nil},
		{"small teams share one query, however unlike", []int{5, 0, 9, 30}, [][]int{{0, 2, 3}}, []int{30}},
		// One query asking 81 of all six: 6 + 486 requests, 5 points. Apart:
		// {1,2,3} asking 3 (12 requests, 1 point) and {40,80,81} asking 81
		// (246 requests, 2 points): 3 points.
		{"large teams apart from small ones", []int{1, 2, 3, 40, 80, 81}, [][]int{{0, 1, 2}, {3, 4, 5}}, []int{3, 81}},
		{"pages stop at 100", []int{150, 90}, [][]int{{1, 0}}, []int{100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			batches, firsts := teamBatches(teamsOf(tc.counts...))
			if !reflect.DeepEqual(batches, tc.wantBatches) || !reflect.DeepEqual(firsts, tc.wantFirsts) {
				t.Errorf("teamBatches(%v) = %v pages %v, want %v pages %v", tc.counts, batches, firsts, tc.wantBatches, tc.wantFirsts)
			}
		})
	}
	// 150 teams of 3: every team in exactly one query of at most 100, for
	// fewer points than 100 and 50 at once (4 + 2), as GitHub rounds.
	batches, firsts := teamBatches(teamsOf(many...))
	covered, points := map[int]bool{}, 0
	for b, batch := range batches {
		if len(batch) > 100 || firsts[b] != 3 {
			t.Errorf("query %d asks %d teams for %d repositories", b, len(batch), firsts[b])
		}
		for _, i := range batch {
			covered[i] = true
		}
		points += queryPoints(len(batch), firsts[b])
	}
	if len(covered) != 150 || points >= queryPoints(100, 3)+queryPoints(50, 3) {
		t.Errorf("150 like teams: %d covered for %d points", len(covered), points)
	}
}
