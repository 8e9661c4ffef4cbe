package ghclient

import (
	"fmt"
	"net/url"
	"strings"
)

// parseLink parses an RFC 8288 Link header, as GitHub sends for pagination,
// into a map from each rel to its URL:
//
//	<https://api.github.com/x?page=2>; rel="next", <…?page=5>; rel="last"
//
// A link with several rels (rel="next last") is listed under each. A header
// that does not parse is an error, never "no next link": read as the last
// page, it would make a list silently shorter.
func parseLink(header string) (map[string]string, error) {
	links := map[string]string{}
	rest := strings.TrimSpace(header)
	for rest != "" {
		if rest[0] != '<' {
			return nil, fmt.Errorf("malformed Link header: expected '<' at %q", clip(rest))
		}
		end := strings.IndexByte(rest, '>')
		if end < 0 {
			return nil, fmt.Errorf("malformed Link header: unterminated <URL> at %q", clip(rest))
		}
		target := strings.TrimSpace(rest[1:end])
		if _, err := url.Parse(target); err != nil || target == "" {
			return nil, fmt.Errorf("malformed Link header: %q is not a URL", clip(target))
		}
		params, next, err := splitParams(rest[end+1:])
		if err != nil {
			return nil, err
		}
		rest = strings.TrimSpace(next)
		for _, p := range params {
			name, value, _ := strings.Cut(p, "=")
			if !strings.EqualFold(strings.TrimSpace(name), "rel") {
				continue
			}
			value = strings.Trim(strings.TrimSpace(value), `"`)
			for _, rel := range strings.Fields(value) {
				rel = strings.ToLower(rel)
				if _, seen := links[rel]; !seen {
					links[rel] = target
				}
			}
		}
	}
	return links, nil
}

// splitParams reads the ";"-separated parameters after a link's <URL> up to
// the "," that ends the link (a quoted value may itself contain commas).
func splitParams(s string) (params []string, rest string, err error) {
	s = strings.TrimLeft(s, " \t")
	if s != "" && s[0] != ';' && s[0] != ',' {
		return nil, "", fmt.Errorf("malformed Link header: unexpected %q after a link's URL", clip(s))
	}
	var cur strings.Builder
	quoted := false
	flush := func() {
		if p := strings.TrimSpace(cur.String()); p != "" {
			params = append(params, p)
		}
		cur.Reset()
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"':
			quoted = !quoted
			cur.WriteByte(c)
		case c == ';' && !quoted:
			flush()
		case c == ',' && !quoted:
			flush()
			return params, s[i+1:], nil
		default:
			cur.WriteByte(c)
		}
	}
	if quoted {
		return nil, "", fmt.Errorf("malformed Link header: unterminated quoted string in %q", clip(s))
	}
	flush()
	return params, "", nil
}

// clip shortens text quoted in an error.
func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
