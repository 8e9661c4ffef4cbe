package gql

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/lexer"
	"github.com/vektah/gqlparser/v2/parser"
)

// Correction is one change Correct made to GitHub's published schema.
type Correction struct {
	Type, Field string
	Line        int // of the removed definition, in the published file
}

func (c Correction) String() string {
	return fmt.Sprintf("removed the second definition of %s.%s (line %d)", c.Type, c.Field, c.Line)
}

// Correct returns GitHub's published schema text with what keeps it from
// loading removed, and says what it removed. The published 15.26.1 file
// defines EnterpriseOwnerInfo.repositoryDeployKeySetting and
// repositoryDeployKeySettingOrganizations twice, which the GraphQL spec (and
// gqlparser, and so genqlient) refuses. Only a repeated field whose type,
// arguments and directives equal the first definition's is removed (their
// descriptions may differ); any other conflict is an error. Everything else
// is kept byte for byte, so the result diffs against the published file in
// exactly the removed lines.
func Correct(src string) (string, []Correction, error) {
	doc, err := parser.ParseSchema(&ast.Source{Name: "schema.graphql", Input: src})
	if err != nil {
		return "", nil, fmt.Errorf("parsing the published schema: %w", err)
	}
	tokens, err := lexAll(src)
	if err != nil {
		return "", nil, err
	}
	runes := []rune(src)
	type span struct{ from, to int } // rune offsets, [from, to)
	var cuts []span
	var corrections []Correction
	for _, def := range doc.Definitions {
		first := map[string]*ast.FieldDefinition{}
		kept := def.Fields[:0:0]
		for i, f := range def.Fields {
			earlier, repeated := first[f.Name]
			if !repeated {
				first[f.Name] = f
				kept = append(kept, f)
				continue
			}
			if signature(earlier) != signature(f) {
				return "", nil, fmt.Errorf("%s.%s is defined twice, differently (lines %d and %d): not a repetition Correct may remove",
					def.Name, f.Name, earlier.Position.Line, f.Position.Line)
			}
			// From the end of the field before it (so its description and
			// the blank line before that go too) to the end of this one.
			from, err := fieldEnd(tokens, def.Fields[i-1])
			if err != nil {
				return "", nil, err
			}
			to, err := fieldEnd(tokens, f)
			if err != nil {
				return "", nil, err
			}
			cuts = append(cuts, span{from, to})
			corrections = append(corrections, Correction{Type: def.Name, Field: f.Name, Line: f.Position.Line})
		}
		def.Fields = kept
	}
	var out strings.Builder
	at := 0
	for _, c := range cuts {
		out.WriteString(string(runes[at:c.from]))
		at = c.to
	}
	out.WriteString(string(runes[at:]))

	// The text surgery must remove exactly those fields: the result parses
	// to the published document without them.
	got, err := parser.ParseSchema(&ast.Source{Name: "schema.graphql", Input: out.String()})
	if err != nil {
		return "", nil, fmt.Errorf("the corrected schema does not parse: %w", err)
	}
	if format(got) != format(doc) {
		return "", nil, fmt.Errorf("the corrected schema is not the published one less the repeated fields")
	}
	return out.String(), corrections, nil
}

func signature(f *ast.FieldDefinition) string {
	var b strings.Builder
	b.WriteString(f.Type.String())
	for _, a := range f.Arguments {
		fmt.Fprintf(&b, " %s:%s", a.Name, a.Type.String())
		if a.DefaultValue != nil {
			b.WriteString("=" + a.DefaultValue.String())
		}
	}
	for _, d := range f.Directives {
		b.WriteString(" @" + d.Name)
		for _, a := range d.Arguments {
			fmt.Fprintf(&b, " %s:%s", a.Name, a.Value.String())
		}
	}
	return b.String()
}

func format(doc *ast.SchemaDocument) string {
	var buf bytes.Buffer
	formatter.NewFormatter(&buf).FormatSchemaDocument(doc)
	return buf.String()
}

func lexAll(src string) ([]lexer.Token, error) {
	lx := lexer.New(&ast.Source{Name: "schema.graphql", Input: src})
	var tokens []lexer.Token
	for {
		t, err := lx.ReadToken()
		if err != nil {
			return nil, err
		}
		tokens = append(tokens, t)
		if t.Kind == lexer.EOF {
			return tokens, nil
		}
	}
}

// fieldEnd is the rune offset just past a field definition's last token:
// name, arguments, `:`, type, directives.
func fieldEnd(tokens []lexer.Token, f *ast.FieldDefinition) (int, error) {
	i := 0
	for i < len(tokens) && tokens[i].Pos.Start < f.Position.Start {
		i++
	}
	if i == len(tokens) || tokens[i].Kind != lexer.Name || tokens[i].Value != f.Name {
		return 0, fmt.Errorf("line %d: no field %s where the parser put it", f.Position.Line, f.Name)
	}
	i++
	skipParens := func() {
		if tokens[i].Kind != lexer.ParenL {
			return
		}
		for depth := 0; ; i++ {
			switch tokens[i].Kind {
			case lexer.ParenL:
				depth++
			case lexer.ParenR:
				depth--
			}
			if depth == 0 {
				i++
				return
			}
		}
	}
	skipParens()
	if tokens[i].Kind != lexer.Colon {
		return 0, fmt.Errorf("line %d: field %s has no type", f.Position.Line, f.Name)
	}
	i++
	for tokens[i].Kind == lexer.BracketL {
		i++
	}
	i++ // the named type
	for tokens[i].Kind == lexer.Bang || tokens[i].Kind == lexer.BracketR {
		i++
	}
	for tokens[i].Kind == lexer.At {
		i += 2 // @ and the directive's name
		skipParens()
	}
	return tokens[i-1].Pos.End, nil
}
