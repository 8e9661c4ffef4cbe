package ghclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// get sends one GET and returns the body of a 2xx response. Every failure
// is an *APIError or a *RateLimitError.
//
// go-github builds the request (base URL, headers, API version) but does not
// send it: its Do refuses requests by itself once it has seen
// x-ratelimit-remaining: 0, and v62 offers no way to bypass that check, which
// would cut short the bounded waiting in the retrying layer.
func (c *Client) get(ctx context.Context, hc *http.Client, cl call, target string) (*http.Response, []byte, error) {
	req, err := c.gh.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return nil, nil, &APIError{Method: http.MethodGet, Route: cl.Route, Path: cl.Path, Repository: cl.Repository,
			InstallationID: cl.InstallationID, Message: err.Error(), Err: err}
	}
	cl.Path = c.apiPath(req.URL)
	req = req.WithContext(withCall(ctx, cl))
	resp, err := hc.Do(req)
	if err != nil {
		return nil, nil, c.requestError(cl, err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, nil, c.requestError(cl, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, nil, apiError(cl, resp.StatusCode, data)
	}
	return resp, data, nil
}

// requestError types an error from the layered http.Client.
func (c *Client) requestError(cl call, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // its URL is already in Path
	}
	var rl *RateLimitError
	if errors.As(err, &rl) {
		return rl
	}
	var ae *APIError
	if errors.As(err, &ae) {
		if ae.Repository == "" {
			ae.Repository = cl.Repository
		}
		return ae
	}
	return &APIError{Method: http.MethodGet, Route: cl.Route, Path: cl.Path, Repository: cl.Repository,
		InstallationID: cl.InstallationID, Message: err.Error(), Err: err}
}

// apiError builds an *APIError from GitHub's error body
// ({"message", "documentation_url"}).
func apiError(cl call, status int, data []byte) *APIError {
	var body struct {
		Message          string `json:"message"`
		DocumentationURL string `json:"documentation_url"`
	}
	_ = json.Unmarshal(data, &body)
	if body.Message == "" {
		body.Message = http.StatusText(status)
	}
	method, _, _ := strings.Cut(cl.Route, " ")
	return &APIError{
		Method: method, Route: cl.Route, Path: cl.Path, StatusCode: status,
		Message: body.Message, DocumentationURL: body.DocumentationURL,
		Repository: cl.Repository, InstallationID: cl.InstallationID,
	}
}

// apiPath is u's path relative to the API root, e.g. "/repos/acme/api".
func (c *Client) apiPath(u *url.URL) string {
	return "/" + strings.TrimPrefix(u.Path, c.base.Path)
}

// getAll reads every page of a list: per_page=100, following the Link
// header's rel="next" URL. listKey names the array in list-wrapped responses
// ({"total_count", "repositories": […]}); "" means the body is the array.
// more, if set, is asked after each page whether to read the next one.
func getAll[T any](ctx context.Context, c *Client, hc *http.Client, cl call, path string, query url.Values, listKey string, more func(page []T) bool) ([]T, error) {
	if query == nil {
		query = url.Values{}
	}
	query.Set("per_page", "100")
	target := path + "?" + query.Encode()
	seen := map[string]bool{}
	var all []T
	for {
		resp, data, err := c.get(ctx, hc, cl, target)
		if err != nil {
			return nil, err
		}
		pagePath := path
		if u, err := c.base.Parse(target); err == nil {
			pagePath = c.apiPath(u)
		}
		page, err := decodeList[T](data, listKey)
		if err != nil {
			return nil, &APIError{Method: http.MethodGet, Route: cl.Route, Path: pagePath,
				StatusCode: resp.StatusCode, Repository: cl.Repository, InstallationID: cl.InstallationID,
				Message: "unexpected response body: " + err.Error(), Err: err}
		}
		all = append(all, page...)
		if more != nil && !more(page) {
			return all, nil
		}
		next := parseLink(resp.Header.Get("Link"))["next"]
		if next == "" {
			return all, nil
		}
		if err := c.sameAPI(next); err != nil {
			return nil, &APIError{Method: http.MethodGet, Route: cl.Route, Path: pagePath,
				StatusCode: resp.StatusCode, Repository: cl.Repository, InstallationID: cl.InstallationID,
				Message: err.Error(), Err: err}
		}
		if seen[next] {
			return all, nil // a server repeating a page must not loop us forever
		}
		seen[next] = true
		target = next
	}
}

// sameAPI refuses a next-page URL outside the API root: the request would
// carry the installation token to it.
func (c *Client) sameAPI(next string) error {
	u, err := url.Parse(next)
	if err != nil {
		return fmt.Errorf("pagination link is not a URL: %w", err)
	}
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) || !strings.HasPrefix(u.Path, c.base.Path) {
		return fmt.Errorf("pagination link points outside %s; not following it", c.base)
	}
	return nil
}

func decodeList[T any](data []byte, listKey string) ([]T, error) {
	var items []T
	if listKey == "" {
		err := json.Unmarshal(data, &items)
		return items, err
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(data, &wrapped); err != nil {
		return nil, err
	}
	raw, ok := wrapped[listKey]
	if !ok {
		return nil, fmt.Errorf("no %q list in the response", listKey)
	}
	err := json.Unmarshal(raw, &items)
	return items, err
}
