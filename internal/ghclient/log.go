package ghclient

import (
	"context"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// secretPatterns match what must never reach a log: installation tokens
// (ghs_…, and other GitHub token prefixes), JWTs and PEM blocks. The client
// does not log them in the first place; the masks are the second lock.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`gh[opsur]_[A-Za-z0-9_]{10,}`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`),
	regexp.MustCompile(`-----BEGIN [A-Z ]+-----[^-]*-----END [A-Z ]+-----`),
}

func (c *Client) logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskMessageRegexes(ctx, secretPatterns...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, secretPatterns...)
	return tflog.SetField(ctx, "github_app_id", c.appID)
}
