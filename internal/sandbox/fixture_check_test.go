package sandbox

import (
	"strings"
	"testing"
	"time"
)

// A fixture GitHub could not have is refused when the sandbox is built,
// naming the repository and the number, rather than served.
func TestNewRefusesImpossiblePullRequestsAndIssues(t *testing.T) {
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	later := at.Add(time.Hour)
	merged := func(n, id int64) PullRequest {
		return PullRequest{Number: n, ID: id, State: "closed", ClosedAt: &later, MergedAt: &later, CreatedAt: at, UpdatedAt: later}
	}
	issue := func(n, id int64) Issue { return Issue{Number: n, ID: id, State: "open", CreatedAt: at, UpdatedAt: at} }
	cases := []struct {
		name string
		prs  []PullRequest
		is   []Issue
		want string // "" accepted
	}{
		{"numbers shared by pull requests and issues, all distinct", []PullRequest{merged(1, 10), merged(3, 11)}, []Issue{issue(2, 20)}, ""},
		{"a pull request and an issue with one number", []PullRequest{merged(7, 10)}, []Issue{issue(7, 20)}, "acme/api issue #7: number 7 is acme/api pull request #7's already"},
		{"two issues with one number", nil, []Issue{issue(4, 20), issue(4, 21)}, "number 4 is"},
		{"number 0", nil, []Issue{issue(0, 20)}, "numbers start at 1"},
		{"an id used twice", []PullRequest{merged(1, 10)}, []Issue{issue(2, 10)}, "has id 10"},
		{"closed without closed_at", []PullRequest{{Number: 1, ID: 1, State: "closed"}}, nil, "state closed but closed_at unset"},
		{"open with closed_at", nil, []Issue{{Number: 1, ID: 1, State: "open", ClosedAt: &at}}, "state open but closed_at set"},
		{"an unknown state", nil, []Issue{{Number: 1, ID: 1, State: "merged"}}, `state "merged"`},
		{"merged at another time than closed", []PullRequest{{Number: 1, ID: 1, State: "closed", ClosedAt: &at, MergedAt: &later}}, nil, "without the same closed_at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &Fixture{Repositories: []Repository{{FullName: "acme/api", PullRequests: tc.prs, Issues: tc.is}}}
			_, err := New(f, Options{})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("error %v, want one containing %q", err, tc.want)
			}
		})
	}
}
