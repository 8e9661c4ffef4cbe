package ghclient

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultBaseURL is GitHub.com's REST API.
const DefaultBaseURL = "https://api.github.com/"

// NormalizeBaseURL turns what a user writes for base_url into the API root
// the client needs, always ending in "/":
//
//   - "" and any spelling of github.com or api.github.com → https://api.github.com/
//   - GitHub Enterprise Cloud with data residency, SUBDOMAIN.ghe.com → https://api.SUBDOMAIN.ghe.com/
//   - other hosts are GitHub Enterprise Server, whose API lives under /api/v3/:
//     https://ghe.example.com, …/api/v3 and …/api/v3/ → https://ghe.example.com/api/v3/
//   - loopback hosts (127.0.0.0/8, ::1, localhost) are kept as written, so a
//     local server such as the sandbox works both at "/" and at "/api/v3/";
//     they alone may use plain http. Names under .localhost are not among
//     them: only "localhost" itself is certain to resolve to this machine.
//
// A scheme-less value means https. Credentials, query strings and fragments
// are refused: they would end up in logs and error messages.
func NormalizeBaseURL(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return DefaultBaseURL, nil
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("base_url %q is not a URL: %w", s, err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("base_url must be an http(s) URL, got scheme %q", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return "", fmt.Errorf("base_url %q has no host", s)
	case u.User != nil:
		return "", fmt.Errorf("base_url must not contain credentials; the provider authenticates with the app's key")
	case u.RawQuery != "" || u.Fragment != "":
		return "", fmt.Errorf("base_url must not contain a query or fragment, got %q", s)
	}
	host := strings.ToLower(u.Host)
	hostname := strings.ToLower(u.Hostname())
	path := strings.TrimRight(u.Path, "/")

	if isLoopback(hostname) {
		return u.Scheme + "://" + host + path + "/", nil
	}
	if u.Scheme != "https" {
		return "", fmt.Errorf("base_url must use https (plain http is only allowed for loopback addresses such as the local sandbox), got %q", s)
	}
	switch {
	case hostname == "github.com" || hostname == "www.github.com" || hostname == "api.github.com":
		if path != "" && path != "/api/v3" {
			return "", fmt.Errorf("base_url %q: GitHub.com's API has no path; use https://api.github.com/", s)
		}
		return DefaultBaseURL, nil
	case strings.HasSuffix(hostname, ".ghe.com"):
		if !strings.HasPrefix(host, "api.") {
			host = "api." + host
		}
		return "https://" + host + "/", nil
	case strings.HasPrefix(hostname, "api."):
		// An API host of its own (as go-github treats "api." hosts): no /api/v3.
		return "https://" + host + path + "/", nil
	case path == "":
		return "https://" + host + "/api/v3/", nil
	case strings.HasSuffix(path, "/api/v3"):
		return "https://" + host + path + "/", nil
	default:
		return "", fmt.Errorf("base_url %q: a GitHub Enterprise Server API URL looks like https://HOST/api/v3/", s)
	}
}

func isLoopback(hostname string) bool {
	if hostname == "localhost" {
		return true
	}
	ip := net.ParseIP(hostname)
	return ip != nil && ip.IsLoopback()
}
