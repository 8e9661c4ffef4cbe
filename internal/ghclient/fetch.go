package ghclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/sync/errgroup"

	"github.com/dxgh/terraform-provider-dxgh/internal/recovered"
)

// get sends one GET and returns the body of a 2xx response. Every failure
// is an *APIError or a *RateLimitWaitError.
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
	data, err := readBody(resp.Body)
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
	var rl *RateLimitWaitError
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
	method, _, _ := strings.Cut(cl.Route, " ")
	return &APIError{Method: method, Route: cl.Route, Path: cl.Path, Repository: cl.Repository,
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
//
// Without more, every page is needed, so once page 1's Link names the last
// page the rest are requested at once (each still under the client's
// semaphore) instead of one round trip after another: at 2,000 repositories
// that turns 20 sequential repository pages into a round or three.
//
// The list is complete or an error: a malformed Link header, a next link
// already followed, or more than maxPages pages fail the read. An item
// served twice (offset pages shift when one is created during the read) is
// kept once.
func getAll[T listItem](ctx context.Context, c *Client, hc *http.Client, cl call, path string, query url.Values, listKey string, more func(page []T) bool) ([]T, error) {
	if query == nil {
		query = url.Values{}
	}
	query.Set("per_page", "100")
	target := path + "?" + query.Encode()
	seen := map[string]bool{}
	ids := map[int64]bool{}
	var all []T
	pages := 0
	add := func(page []T) {
		pages++
		for _, item := range page {
			if !ids[item.listID()] {
				ids[item.listID()] = true
				all = append(all, item)
			}
		}
	}
	resp, page, err := getPage[T](ctx, c, hc, cl, target, listKey)
	for {
		if err != nil {
			return nil, err
		}
		add(page)
		if more != nil && !more(page) {
			return all, nil
		}
		links, linkErr := parseLink(resp.Header.Get("Link"))
		if linkErr != nil {
			return nil, linkError(cl, c.pagePath(target, path), resp.StatusCode, linkErr)
		}
		next := links["next"]
		if next == "" {
			return all, nil
		}
		if err := c.sameAPI(next); err != nil {
			return nil, linkError(cl, c.pagePath(target, path), resp.StatusCode, err)
		}
		if seen[next] {
			return nil, linkError(cl, c.pagePath(target, path), resp.StatusCode,
				fmt.Errorf("the next-page link repeats a page already read (%s); the list cannot be read to its end", c.pagePath(next, next)))
		}
		if pages >= c.maxPages {
			return nil, linkError(cl, c.pagePath(target, path), resp.StatusCode,
				fmt.Errorf("the list has more than %d pages of 100; the provider reads at most that many", c.maxPages))
		}
		seen[next] = true
		if rest := pageRange(next, links["last"]); more == nil && len(rest) > 1 && pages+len(rest) <= c.maxPages {
			for _, u := range rest {
				seen[u] = true
			}
			var batch [][]T
			if resp, batch, err = getPages[T](ctx, c, hc, cl, rest, listKey); err != nil {
				return nil, err
			}
			for _, p := range batch[:len(batch)-1] {
				add(p)
			}
			// The last page goes round the loop like any other: if the list
			// grew since page 1, its own next link is followed.
			target, page = rest[len(rest)-1], batch[len(batch)-1]
			continue
		}
		target = next
		resp, page, err = getPage[T](ctx, c, hc, cl, target, listKey)
	}
}

// getPage reads and decodes one page of a list.
func getPage[T listItem](ctx context.Context, c *Client, hc *http.Client, cl call, target, listKey string) (*http.Response, []T, error) {
	resp, data, err := c.get(ctx, hc, cl, target)
	if err != nil {
		return nil, nil, err
	}
	page, err := decodeList[T](data, listKey)
	if err != nil {
		return nil, nil, &APIError{Method: http.MethodGet, Route: cl.Route, Path: c.pagePath(target, target),
			StatusCode: resp.StatusCode, Repository: cl.Repository, InstallationID: cl.InstallationID,
			Message: "unexpected response body: " + err.Error(), Err: err}
	}
	return resp, page, nil
}

// getPages reads the given pages concurrently and returns them in order,
// with the response of the last; the first failure cancels the others.
func getPages[T listItem](ctx context.Context, c *Client, hc *http.Client, cl call, targets []string, listKey string) (*http.Response, [][]T, error) {
	pages := make([][]T, len(targets))
	var last *http.Response
	g, gctx := errgroup.WithContext(ctx)
	for i, target := range targets {

		recovered.Go(g, func() error {
			resp, page, err := getPage[T](gctx, c, hc, cl, target, listKey)
			if err != nil {
				return err
			}
			pages[i] = page
			if i == len(targets)-1 {
				last = resp
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	return last, pages, nil
}

// maxPagesAtOnce bounds the pages requested at once from one Link header,
// so a server announcing an absurd last page cannot make us queue millions
// of requests; longer lists are followed page by page beyond it.
const maxPagesAtOnce = 1000

// pageRange lists the URLs of pages next..last when both are the same list
// numbered by a page parameter (GitHub's offset pagination); otherwise (no
// last link, cursor pagination, anything unexpected) nil, and the caller
// follows next links one at a time.
func pageRange(next, last string) []string {
	if last == "" {
		return nil
	}
	nu, err1 := url.Parse(next)
	lu, err2 := url.Parse(last)
	if err1 != nil || err2 != nil || nu.Scheme != lu.Scheme || nu.Host != lu.Host || nu.Path != lu.Path {
		return nil
	}
	nq, lq := nu.Query(), lu.Query()
	from, err1 := strconv.Atoi(nq.Get("page"))
	to, err2 := strconv.Atoi(lq.Get("page"))
	if err1 != nil || err2 != nil || from < 2 || to < from || to-from >= maxPagesAtOnce {
		return nil
	}
	nq.Del("page")
	lq.Del("page")
	if nq.Encode() != lq.Encode() {
		return nil
	}
	urls := make([]string, 0, to-from+1)
	for n := from; n <= to; n++ {
		nq.Set("page", strconv.Itoa(n))
		u := *nu
		u.RawQuery = nq.Encode()
		urls = append(urls, u.String())
	}
	return urls
}

// pagePath is the API path of a page's URL, for errors; fallback when it
// does not parse.
func (c *Client) pagePath(target, fallback string) string {
	if u, err := c.base.Parse(target); err == nil {
		return c.apiPath(u)
	}
	return fallback
}

func linkError(cl call, path string, status int, err error) *APIError {
	return &APIError{Method: http.MethodGet, Route: cl.Route, Path: path, StatusCode: status,
		Repository: cl.Repository, InstallationID: cl.InstallationID, Message: err.Error(), Err: err}
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
