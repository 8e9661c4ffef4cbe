package sandbox

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
)

// write sends a response the way GitHub does: JSON, rate-limit headers for
// the credential, a weak ETag on successful GETs and 304 when the client
// already has that body (which, as on GitHub, costs no quota).
func (s *Server) write(w http.ResponseWriter, c *call, quotaKey string, resp response) {
	body, _ := json.Marshal(resp.body)
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-GitHub-Api-Version-Selected", "2022-11-28")
	etag := ""
	if c.r.Method == http.MethodGet && resp.status == http.StatusOK {
		sum := sha256.Sum256(body)
		etag = `W/"` + hex.EncodeToString(sum[:16]) + `"`
		h.Set("ETag", etag)
		h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
		h.Set("Vary", "Accept, Authorization, Cookie, X-GitHub-OTP")
	}
	notModified := etag != "" && c.r.Header.Get("If-None-Match") == etag
	if quotaKey != "" {
		s.rateLimitHeaders(h, quotaKey, !notModified)
	}
	if notModified {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if c.truncate {
		// Promise the whole body, send half: the client sees a short read.
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(resp.status)
		_, _ = w.Write(body[:len(body)/2])
		return
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(resp.status)
	_, _ = w.Write(body)
}
