package orggen

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/dxgh/terraform-provider-dxgh/internal/sandbox"
)

// FixtureFile is the name WriteFixture gives the fixture in its directory.
const FixtureFile = "fixture.json"

// WriteFixture writes f to dir/fixture.json, creating dir, indented so
// that a regenerated fixture diffs readably. Key files the fixture names
// are not written; they belong to whoever made the keys.
func WriteFixture(dir string, f *sandbox.Fixture) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, FixtureFile)
	file, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(file, 1<<16)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(f); err != nil {
		file.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
