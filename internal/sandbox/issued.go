package sandbox

import "sort"

// IssuedTokens returns every installation token the server has issued so
// far, expired ones included, sorted. It is for tests that look for leaked
// credentials (e.g. the provider's secrets acceptance test): the sandbox
// never serves these values back over HTTP.
func (s *Server) IssuedTokens() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.tokens))
	for v := range s.tokens {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}
