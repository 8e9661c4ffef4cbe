package ghclient

import "strings"

// parseLink parses an RFC 8288 Link header, as GitHub sends for pagination,
// into a map from each rel to its URL:
//
//	<https://api.github.com/x?page=2>; rel="next", <…?page=5>; rel="last"
//
// A link with several rels (rel="next last") is listed under each. Malformed
// entries are skipped rather than failing the request: the worst outcome is
// no "next", which the caller treats as the last page.
func parseLink(header string) map[string]string {
	links := map[string]string{}
	rest := header
	for {
		start := strings.IndexByte(rest, '<')
		if start < 0 {
			return links
		}
		end := strings.IndexByte(rest[start:], '>')
		if end < 0 {
			return links
		}
		target := rest[start+1 : start+end]
		rest = rest[start+end+1:]
		// Parameters run up to the next link, which starts with '<' after a
		// comma; a quoted value may itself contain commas.
		params, next := splitParams(rest)
		rest = next
		for _, p := range params {
			name, value, ok := strings.Cut(p, "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
				continue
			}
			value = strings.Trim(strings.TrimSpace(value), `"`)
			for _, rel := range strings.Fields(value) {
				rel = strings.ToLower(rel)
				if _, seen := links[rel]; !seen {
					links[rel] = strings.TrimSpace(target)
				}
			}
		}
	}
}

// splitParams reads ";"-separated parameters until the "," that ends a link.
func splitParams(s string) (params []string, rest string) {
	var cur strings.Builder
	quoted := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
			cur.WriteByte(c)
		case c == ';' && !quoted:
			if p := strings.TrimSpace(cur.String()); p != "" {
				params = append(params, p)
			}
			cur.Reset()
		case c == ',' && !quoted:
			if p := strings.TrimSpace(cur.String()); p != "" {
				params = append(params, p)
			}
			return params, s[i+1:]
		default:
			cur.WriteByte(c)
		}
	}
	if p := strings.TrimSpace(cur.String()); p != "" {
		params = append(params, p)
	}
	return params, ""
}
