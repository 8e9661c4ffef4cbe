package sandbox

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// page cuts items to the requested page (per_page default 30, at most 100,
// page from 1) and sets GitHub's Link header with absolute URLs that keep
// the other query parameters.
func page[T any](c *call, items []T) ([]T, http.Header) {
	q := c.r.URL.Query()
	perPage, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || perPage < 1 {
		perPage = 30
	}
	perPage = min(perPage, 100)
	pageNo, err := strconv.Atoi(q.Get("page"))
	if err != nil || pageNo < 1 {
		pageNo = 1
	}
	last := max(1, (len(items)+perPage-1)/perPage)
	start := min((pageNo-1)*perPage, len(items))
	end := min(start+perPage, len(items))

	link := func(n int, rel string) string {
		q.Set("page", strconv.Itoa(n))
		u := c.base + strings.TrimPrefix(c.path, "/") + "?" + q.Encode()
		return fmt.Sprintf("<%s>; rel=%q", u, rel)
	}
	var links []string
	if pageNo > 1 {
		links = append(links, link(min(pageNo-1, last), "prev"))
	}
	if pageNo < last {
		links = append(links, link(pageNo+1, "next"), link(last, "last"))
	}
	if pageNo > 1 {
		links = append(links, link(1, "first"))
	}
	h := http.Header{}
	if len(links) > 0 {
		h.Set("Link", strings.Join(links, ", "))
	}
	return items[start:end], h
}
