// Package timezones lists the IANA time zone names Go knows, for
// "did you mean" hints: Go has no API that lists them.
package timezones

// The list is generated from the zoneinfo.zip of the Go toolchain that
// runs go generate (the pinned one, whose time/tzdata the provider embeds).
//go:generate go run ./gen
