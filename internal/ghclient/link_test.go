package ghclient

import (
	"maps"
	"testing"
)

func TestParseLink(t *testing.T) {
	tests := []struct {
		name, header string
		want         map[string]string
	}{
		{"empty", "", map[string]string{}},
		{
			"GitHub's first page",
			`<https://api.github.com/repositories/1/deployments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/deployments?per_page=100&page=5>; rel="last"`,
			map[string]string{
				"next": "https://api.github.com/repositories/1/deployments?per_page=100&page=2",
				"last": "https://api.github.com/repositories/1/deployments?per_page=100&page=5",
			},
		},
		{
			"middle page, all four rels",
			`<https://x/p?page=1>; rel="prev", <https://x/p?page=3>; rel="next", <https://x/p?page=4>; rel="last", <https://x/p?page=1>; rel="first"`,
			map[string]string{"prev": "https://x/p?page=1", "next": "https://x/p?page=3", "last": "https://x/p?page=4", "first": "https://x/p?page=1"},
		},
		{"last page has no next", `<https://x/p?page=1>; rel="first", <https://x/p?page=3>; rel="prev"`,
			map[string]string{"first": "https://x/p?page=1", "prev": "https://x/p?page=3"}},
		{"unquoted rel and odd spacing", `<https://x/p?page=2>;rel=next ,<https://x/p?page=9> ;  rel = "last"`,
			map[string]string{"next": "https://x/p?page=2", "last": "https://x/p?page=9"}},
		{"several rels in one link", `<https://x/p?page=2>; rel="next last"`,
			map[string]string{"next": "https://x/p?page=2", "last": "https://x/p?page=2"}},
		{"comma inside the URL", `<https://x/p?ids=1,2&page=2>; rel="next"`,
			map[string]string{"next": "https://x/p?ids=1,2&page=2"}},
		{"other parameters, quoted comma", `<https://x/p?page=2>; title="a, b"; rel="next"`,
			map[string]string{"next": "https://x/p?page=2"}},
		{"rel is case-insensitive", `<https://x/p?page=2>; REL="Next"`,
			map[string]string{"next": "https://x/p?page=2"}},
		{"cursor pagination", `<https://api.github.com/installation/repositories?per_page=100&after=Y3Vyc29yOjEwMA%3D%3D>; rel="next"`,
			map[string]string{"next": "https://api.github.com/installation/repositories?per_page=100&after=Y3Vyc29yOjEwMA%3D%3D"}},
		{"garbage", `not a link header`, map[string]string{}},
		{"unterminated URL", `<https://x/p?page=2; rel="next"`, map[string]string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := parseLink(tc.header); !maps.Equal(got, tc.want) {
				t.Errorf("parseLink(%q)\n got %v\nwant %v", tc.header, got, tc.want)
			}
		})
	}
}
