package sandbox

import "net/http"

// CountOutsideAPIV3 is the Counts key of requests an EnterpriseServer
// sandbox refused because they missed the /api/v3/ prefix.
const CountOutsideAPIV3 = "outside /api/v3/"

// refuseOutsideAPIV3 answers 404 to an API request at the root when the
// sandbox plays GitHub Enterprise Server (Options.EnterpriseServer), whose
// REST API lives only under /api/v3/; it reports whether it answered. So a
// client that drops the prefix fails against it, as it would against GHES.
func (s *Server) refuseOutsideAPIV3(w http.ResponseWriter, prefix string) bool {
	if !s.opts.EnterpriseServer || prefix != "" {
		return false
	}
	s.mu.Lock()
	s.counts[CountOutsideAPIV3]++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write([]byte(`{"message":"Not Found","documentation_url":"` + docsRoot + `"}`))
	return true
}
