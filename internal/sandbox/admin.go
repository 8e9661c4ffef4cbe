package sandbox

import (
	"encoding/json"
	"net/http"
)

// serveAdmin answers the sandbox's own routes, for the standalone binary
// and the benchmark: counts, reset, faults, redirects. They are never faulted or counted.
func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("Content-Type", "application/json")
	switch {
	case path == "counts" && r.Method == http.MethodGet:
		_ = json.NewEncoder(w).Encode(s.Counts())
	case path == "counts/reset" && r.Method == http.MethodPost:
		s.ResetCounts()
		w.WriteHeader(http.StatusNoContent)
	case path == "faults" && r.Method == http.MethodPut:
		var f Faults
		if err := json.NewDecoder(r.Body).Decode(&f); err != nil {
			http.Error(w, `{"message":"bad faults JSON"}`, http.StatusBadRequest)
			return
		}
		s.SetFaults(f)
		w.WriteHeader(http.StatusNoContent)
	case path == "redirects" && r.Method == http.MethodPut:
		var rs []Redirect
		if err := json.NewDecoder(r.Body).Decode(&rs); err != nil {
			http.Error(w, `{"message":"bad redirects JSON"}`, http.StatusBadRequest)
			return
		}
		if err := s.SetRedirects(rs...); err != nil {
			w.WriteHeader(http.StatusUnprocessableEntity)
			_ = json.NewEncoder(w).Encode(object{"message": err.Error()})
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		http.Error(w, `{"message":"Not Found"}`, http.StatusNotFound)
	}
}
