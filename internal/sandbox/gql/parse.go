package gql

import (
	"errors"
	"fmt"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/lexer"
)

// parseError words a syntax error as graphql-ruby does: `Parse error on
// "}" (RCURLY) at [1, 10]`, or "Unexpected end of document", naming the
// token gqlparser stopped at.
func parseError(query string, err error) *Error {
	var ge *gqlerror.Error
	if !errors.As(err, &ge) || len(ge.Locations) == 0 {
		return &Error{Message: err.Error()}
	}
	loc := ge.Locations[0]
	e := &Error{Locations: []Location{{Line: loc.Line, Column: loc.Column}}}
	tok, ok := tokenAt(query, loc.Line, loc.Column)
	switch {
	case ok && tok.Kind == lexer.EOF:
		e.Message = "Unexpected end of document"
	case ok:
		text := tok.Value
		if text == "" {
			text = tok.Kind.String()
		}
		e.Message = fmt.Sprintf("Parse error on %q (%s) at [%d, %d]", text, rubyTokenName(tok), loc.Line, loc.Column)
	default: // the lexer itself failed there, e.g. an unterminated string
		e.Message = fmt.Sprintf("Parse error on bad input (%s) at [%d, %d]", ge.Message, loc.Line, loc.Column)
	}
	return e
}

func tokenAt(query string, line, column int) (lexer.Token, bool) {
	lx := lexer.New(&ast.Source{Input: query})
	for {
		t, err := lx.ReadToken()
		if err != nil {
			return t, false
		}
		if t.Pos.Line > line || (t.Pos.Line == line && t.Pos.Column >= column) || t.Kind == lexer.EOF {
			return t, t.Pos.Line == line && t.Pos.Column == column || t.Kind == lexer.EOF
		}
	}
}

// graphql-ruby's names for tokens, as its parse errors print them.
var rubyTokens = map[lexer.Type]string{
	lexer.Bang: "BANG", lexer.Dollar: "VAR_SIGN", lexer.Amp: "AMP", lexer.ParenL: "LPAREN", lexer.ParenR: "RPAREN",
	lexer.Spread: "ELLIPSIS", lexer.Colon: "COLON", lexer.Equals: "EQUALS", lexer.At: "DIR_SIGN",
	lexer.BracketL: "LBRACKET", lexer.BracketR: "RBRACKET", lexer.BraceL: "LCURLY", lexer.BraceR: "RCURLY",
	lexer.Pipe: "PIPE", lexer.Int: "INT", lexer.Float: "FLOAT", lexer.String: "STRING", lexer.BlockString: "STRING",
}

var rubyKeywords = map[string]bool{
	"query": true, "mutation": true, "subscription": true, "fragment": true, "on": true, "true": true,
	"false": true, "null": true, "schema": true, "scalar": true, "type": true, "interface": true,
	"union": true, "enum": true, "input": true, "extend": true, "directive": true, "implements": true, "repeatable": true,
}

func rubyTokenName(t lexer.Token) string {
	if t.Kind == lexer.Name {
		if rubyKeywords[t.Value] {
			return strings.ToUpper(t.Value)
		}
		return "IDENTIFIER"
	}
	if n, ok := rubyTokens[t.Kind]; ok {
		return n
	}
	return t.Kind.Name()
}
