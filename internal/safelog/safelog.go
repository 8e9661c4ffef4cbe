// Package safelog is how the provider logs: tflog's root-logger calls, with
// every secret masked by this package before tflog sees the message or a
// field.
//
// The provider installs no tflog masking option (MaskMessageRegexes,
// MaskAllFieldValuesRegexes and the like) on any context. terraform-plugin-log
// applies those options by writing the context's field map in place on every
// log call (LoggerOpts.ApplyMask), and that map is shared by every goroutine
// that logs on the context or on one derived from it: concurrent requests then
// race on it, and Go stops the process with "concurrent map writes"
// (hashicorp/terraform-plugin-log#246, after #126; this provider's issue 24).
// Without masking options tflog only reads that map, which is safe from many
// goroutines, and masking here works on copies each call owns.
//
// Nothing else in the provider calls tflog's logging functions: the linter
// (forbidigo in .golangci.yml) refuses them outside this package.
package safelog

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Masked is what a secret is replaced with, as tflog's own masking writes it.
const Masked = "***"

// secretPatterns match what must never reach a log: GitHub tokens (ghs_…,
// installation tokens, and the other prefixes), JWTs and PEM blocks. The
// provider does not log them in the first place; the masks are the second
// lock.
var secretPatterns = []*regexp.Regexp{
	regexp.MustCompile(`gh[opsur]_[A-Za-z0-9_]{10,}`),
	regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`),
	regexp.MustCompile(`-----BEGIN [A-Z ]+-----[^-]*-----END [A-Z ]+-----`),
}

// Mask replaces every secret in s.
func Mask(s string) string {
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, Masked)
	}
	return s
}

// maskValue masks a field's value: strings, errors and Stringers become
// masked strings (an error's text may quote a response); other values
// (numbers, booleans, durations' counts) carry no secret and stay as they are.
func maskValue(v any) any {
	switch v := v.(type) {
	case string:
		return Mask(v)
	case error:
		return Mask(v.Error())
	case fmt.Stringer:
		return Mask(v.String())
	case []string:
		out := make([]string, len(v))
		for i, s := range v {
			out[i] = Mask(s)
		}
		return out
	default:
		return v
	}
}

// maskFields returns a masked copy: the caller's map is never written, so a
// map shared between goroutines stays safe to log.
func maskFields(fields []map[string]any) map[string]any {
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	out := make(map[string]any, n)
	for _, f := range fields {
		for k, v := range f {
			out[k] = maskValue(v)
		}
	}
	return out
}

// WithField is tflog.SetField with the value masked: a field on the
// returned context, for every later log line on it. tflog copies the field
// map, so the parent context is not changed.
func WithField(ctx context.Context, key string, value any) context.Context {
	return tflog.SetField(ctx, key, maskValue(value))
}

// Trace logs at TRACE.
func Trace(ctx context.Context, msg string, fields ...map[string]any) {
	tflog.Trace(ctx, Mask(msg), maskFields(fields))
}

// Debug logs at DEBUG.
func Debug(ctx context.Context, msg string, fields ...map[string]any) {
	tflog.Debug(ctx, Mask(msg), maskFields(fields))
}

// Info logs at INFO.
func Info(ctx context.Context, msg string, fields ...map[string]any) {
	tflog.Info(ctx, Mask(msg), maskFields(fields))
}

// Error logs at ERROR.
func Error(ctx context.Context, msg string, fields ...map[string]any) {
	tflog.Error(ctx, Mask(msg), maskFields(fields))
}
