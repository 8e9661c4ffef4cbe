package ghclient

import (
	"maps"
	"slices"
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
		{"surrounding whitespace", "  <https://x/p?page=2>; rel=\"next\"  ", map[string]string{"next": "https://x/p?page=2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseLink(tc.header)
			if err != nil || !maps.Equal(got, tc.want) {
				t.Errorf("parseLink(%q)\n got %v, %v\nwant %v", tc.header, got, err, tc.want)
			}
		})
	}
}

// A Link header that does not parse must fail the read: taken as "no next
// page", it would end a list early and silently shorten it.
func TestMalformedLinkIsAnError(t *testing.T) {
	for name, header := range map[string]string{
		"garbage":                 `not a link header`,
		"unterminated URL":        `<https://x/p?page=2; rel="next"`,
		"text after the URL":      `<https://x/p?page=2> rel="next"`,
		"garbage between links":   `<https://x/p?page=2>; rel="next", junk <https://x/p?page=5>; rel="last"`,
		"unterminated quote":      `<https://x/p?page=2>; rel="next`,
		"empty URL":               `<>; rel="next"`,
		"URL that does not parse": `<http://[::1/p>; rel="next"`,
	} {
		t.Run(name, func(t *testing.T) {
			if links, err := parseLink(header); err == nil {
				t.Errorf("parseLink(%q) = %v, want an error", header, links)
			}
		})
	}
}

func TestPageRange(t *testing.T) {
	const base = "https://api.github.com/repositories/1/deployments/7/statuses"
	tests := []struct {
		name, next, last string
		want             []string
	}{
		{"GitHub's offset links", base + "?per_page=100&page=2", base + "?per_page=100&page=4",
			[]string{base + "?page=2&per_page=100", base + "?page=3&per_page=100", base + "?page=4&per_page=100"}},
		{"next is the last page", base + "?per_page=100&page=2", base + "?per_page=100&page=2",
			[]string{base + "?page=2&per_page=100"}},
		{"other parameters kept", base + "?environment=prod&per_page=100&page=2", base + "?environment=prod&per_page=100&page=3",
			[]string{base + "?environment=prod&page=2&per_page=100", base + "?environment=prod&page=3&per_page=100"}},
		{"no last link", base + "?per_page=100&page=2", "", nil},
		{"cursor pagination", base + "?per_page=100&after=abc", base + "?per_page=100&before=xyz", nil},
		{"last before next", base + "?page=3", base + "?page=2", nil},
		{"page 1 as next", base + "?page=1", base + "?page=3", nil},
		{"different lists", base + "?page=2", "https://api.github.com/repositories/2/deployments?page=3", nil},
		{"different hosts", base + "?page=2", "https://evil.example" + "/repositories/1/deployments/7/statuses?page=3", nil},
		{"other parameters differ", base + "?environment=a&page=2", base + "?environment=b&page=3", nil},
		{"absurd last page", base + "?page=2", base + "?page=99999999", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := pageRange(tc.next, tc.last); !slices.Equal(got, tc.want) {
				t.Errorf("pageRange(%q, %q)\n got %q\nwant %q", tc.next, tc.last, got, tc.want)
			}
		})
	}
}
