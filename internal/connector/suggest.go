package connector

import (
	"sort"
	"strconv"
	"strings"
)

// Closest returns up to n candidates nearest to name by edit distance,
// ignoring case, nearest first and ties by name (case-insensitively), for
// "did you mean" hints.
// A short list reads better than all 41 environments of an organisation.
func Closest(name string, candidates []string, n int) []string {
	type scored struct {
		name string
		dist int
	}
	lower := strings.ToLower(name)
	all := make([]scored, len(candidates))
	for i, c := range candidates {
		all[i] = scored{c, editDistance(lower, strings.ToLower(c))}
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].dist != all[j].dist {
			return all[i].dist < all[j].dist
		}
		return lessFold(all[i].name, all[j].name)
	})
	out := make([]string, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, s.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// QuotedList writes names as a hint lists them: quoted, comma-separated.
func QuotedList(names []string) string {
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = strconv.Quote(n)
	}
	return strings.Join(quoted, ", ")
}
