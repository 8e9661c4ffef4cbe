package gql

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// validationErrors words gqlparser's validation errors the way GitHub
// (graphql-ruby's static validation) does for the rules a client most often
// breaks: message, extensions.code and its fields, the path from the
// operation down to the offending node, and its location. Other rules keep
// gqlparser's message, with the rule's name as the code.
func validationErrors(schema *ast.Schema, doc *ast.QueryDocument, errs gqlerror.List) []*Error {
	sites := indexSites(doc)
	var out []*Error
	missing := map[string]*Error{} // missingRequiredArguments, one per field as graphql-ruby lists them
	for _, ge := range errs {
		if onLeafType(schema, ge) {
			continue // graphql-ruby reports only the selection on a scalar, not each field in it
		}
		var at *site
		if len(ge.Locations) > 0 {
			at = sites[locKey(ge.Locations[0].Line, ge.Locations[0].Column)]
		}
		e := githubValidationError(ge, at)
		if e.Extensions["code"] == "missingRequiredArguments" {
			key := fmt.Sprint(e.Locations)
			if first := missing[key]; first != nil {
				first.Extensions["arguments"] = first.Extensions["arguments"].(string) + ", " + e.Extensions["arguments"].(string)
				first.Message = first.Message + ", " + e.Extensions["arguments"].(string)
				continue
			}
			missing[key] = e
		}
		out = append(out, e)
	}
	return out
}

func onLeafType(schema *ast.Schema, ge *gqlerror.Error) bool {
	g := reUndefinedField.FindStringSubmatch(ge.Message)
	if g == nil {
		return false
	}
	t := schema.Types[g[2]]
	return t != nil && (t.Kind == ast.Scalar || t.Kind == ast.Enum)
}

var (
	reUndefinedField  = regexp.MustCompile(`^Cannot query field "([^"]+)" on type "([^"]+)"`)
	reUnknownArgument = regexp.MustCompile(`^Unknown argument "([^"]+)" on (field|directive) "@?([^"]+)"`)
	reMissingArgument = regexp.MustCompile(`^(Field|Directive) "@?([^"]+)" argument "([^"]+)" of type "([^"]+)" is required`)
	reMissingInput    = regexp.MustCompile(`^Field "([^".]+)\.([^"]+)" of required type "([^"]+)" was not provided`)
	reUnknownInput    = regexp.MustCompile(`^Field "([^"]+)" is not defined by type "([^"]+)"`)
	reVariable        = regexp.MustCompile(`^Variable "\$([^"]+)"`)
	reVariableType    = regexp.MustCompile(`^Variable "\$([^"]+)" of type "([^"]+)" used in position expecting type "([^"]+)"`)
	reNotInputType    = regexp.MustCompile(`^Variable "\$([^"]+)" cannot be non-input type "([^"]+)"`)
	reUnknownType     = regexp.MustCompile(`^Unknown type "([^"]+)"`)
	reFragmentName    = regexp.MustCompile(`^(?:Unknown fragment|Fragment) "([^"]+)"`)
	reSpread          = regexp.MustCompile(`^Fragment (?:"([^"]+)" )?cannot be spread here as objects of type "([^"]+)" can never be of type "([^"]+)"`)
	reNonComposite    = regexp.MustCompile(`^Fragment (?:"[^"]+" )?cannot condition on non composite type "([^"]+)"`)
)

func githubValidationError(ge *gqlerror.Error, at *site) *Error {
	e := &Error{Message: ge.Message, Extensions: map[string]any{"code": strings.TrimSuffix(ge.Rule, "WithoutSuggestions")}}
	for _, l := range ge.Locations {
		e.Locations = append(e.Locations, Location{Line: l.Line, Column: l.Column})
	}
	if at != nil {
		e.Path = at.path
	}
	opName := "anonymous query"
	if at != nil && at.op != nil && at.op.Name != "" {
		opName = at.op.Name
	}
	set := func(code, message string, kv ...any) {
		e.Message = message
		e.Extensions = map[string]any{"code": code}
		for i := 0; i+1 < len(kv); i += 2 {
			e.Extensions[kv[i].(string)] = kv[i+1]
		}
	}
	m := func(re *regexp.Regexp) []string { return re.FindStringSubmatch(ge.Message) }

	switch e.Extensions["code"] {
	case "FieldsOnCorrectType":
		if g := m(reUndefinedField); g != nil {
			set("undefinedField", fmt.Sprintf("Field '%s' doesn't exist on type '%s'", g[1], g[2]), "typeName", g[2], "fieldName", g[1])
		}
	case "KnownArgumentNames":
		if g := m(reUnknownArgument); g != nil {
			kind, name := "Field", g[3]
			if g[2] == "directive" {
				kind = "Directive"
			} else if i := strings.LastIndex(name, "."); i >= 0 {
				name = name[i+1:]
			}
			set("argumentNotAccepted", fmt.Sprintf("%s '%s' doesn't accept argument '%s'", kind, name, g[1]),
				"name", name, "typeName", kind, "argumentName", g[1])
			if at != nil && at.field != nil {
				if arg := at.field.Arguments.ForName(g[1]); arg != nil {
					e.Path = appendPath(at.path, g[1])
					e.Locations = locationOf(arg.Position)
				}
			}
		}
	case "ProvidedRequiredArguments":
		if g := m(reMissingArgument); g != nil {
			set("missingRequiredArguments", fmt.Sprintf("%s '%s' is missing required arguments: %s", g[1], g[2], g[3]),
				"className", g[1], "name", g[2], "arguments", g[3])
		}
	case "ValuesOfCorrectType":
		valueError(e, ge, at, set)
	case "NoUndefinedVariables":
		if g := m(reVariable); g != nil {
			set("variableNotDefined", fmt.Sprintf("Variable $%s is used by %s but not declared", g[1], opName), "variableName", g[1])
		}
	case "NoUnusedVariables":
		if g := m(reVariable); g != nil {
			set("variableNotUsed", fmt.Sprintf("Variable $%s is declared by %s but not used", g[1], opName), "variableName", g[1])
		}
	case "VariablesInAllowedPosition":
		if g := m(reVariableType); g != nil && at != nil && at.arg != "" {
			kind := "Type mismatch"
			if strings.TrimSuffix(g[2], "!") == strings.TrimSuffix(g[3], "!") {
				kind = "Nullability mismatch"
			}
			set("variableMismatch", fmt.Sprintf("%s on variable $%s and argument %s (%s / %s)", kind, g[1], at.arg, g[2], g[3]),
				"variableName", g[1], "typeName", g[2], "argumentName", at.arg, "errorMessage", kind)
		}
	case "VariablesAreInputTypes":
		if g := m(reNotInputType); g != nil {
			set("variableRequiresValidType", fmt.Sprintf("%s isn't a valid input type (on $%s)", g[2], g[1]), "typeName", g[2], "variableName", g[1])
		}
	case "KnownTypeNames":
		if g := m(reUnknownType); g != nil {
			if at != nil && at.variable != nil {
				set("variableRequiresValidType", fmt.Sprintf("%s isn't a defined input type (on $%s)", g[1], at.variable.Variable),
					"typeName", g[1], "variableName", at.variable.Variable)
			} else {
				set("undefinedType", fmt.Sprintf("No such type %s, so it can't be a fragment condition", g[1]), "typeName", g[1])
			}
		}
	case "ScalarLeafs":
		scalarLeafError(at, set)
	case "KnownFragmentNames":
		if g := m(reFragmentName); g != nil {
			set("useAndDefineFragment", fmt.Sprintf("Fragment %s was used, but not defined", g[1]), "fragmentName", g[1])
		}
	case "NoUnusedFragments":
		if g := m(reFragmentName); g != nil {
			set("useAndDefineFragment", fmt.Sprintf("Fragment %s was defined, but not used", g[1]), "fragmentName", g[1])
		}
	case "PossibleFragmentSpreads":
		if g := m(reSpread); g != nil {
			name := g[1]
			if name == "" {
				name = "unknown"
				set("cantSpreadFragment", fmt.Sprintf("Fragment on %s can't be spread inside %s", g[3], g[2]),
					"fragmentName", name, "typeName", g[3], "parentName", g[2])
			} else {
				set("cantSpreadFragment", fmt.Sprintf("Fragment %s on %s can't be spread inside %s", name, g[3], g[2]),
					"fragmentName", name, "typeName", g[3], "parentName", g[2])
			}
		}
	case "FragmentsOnCompositeTypes":
		if g := m(reNonComposite); g != nil {
			set("fragmentOnNonCompositeType", fmt.Sprintf("Invalid fragment on type %s (must be Union, Interface or Object)", g[1]), "typeName", g[1])
		}
	}
	return e
}

// valueError: graphql-ruby names the innermost argument or input field
// whose literal does not fit, and the type it expected.
func valueError(e *Error, ge *gqlerror.Error, at *site, set func(string, string, ...any)) {
	if g := reMissingInput.FindStringSubmatch(ge.Message); g != nil {
		set("missingRequiredInputObjectAttribute", fmt.Sprintf("Argument '%s' on InputObject '%s' is required. Expected type %s", g[2], g[1], g[3]),
			"argumentName", g[2], "argumentType", g[3], "inputObjectType", g[1])
		return
	}
	if g := reUnknownInput.FindStringSubmatch(ge.Message); g != nil {
		set("argumentNotAccepted", fmt.Sprintf("InputObject '%s' doesn't accept argument '%s'", g[2], g[1]),
			"name", g[2], "typeName", "InputObject", "argumentName", g[1])
		return
	}
	if at == nil || at.value == nil || at.arg == "" {
		return
	}
	set("argumentLiteralsIncompatible", fmt.Sprintf("Argument '%s' on %s '%s' has an invalid value (%s). Expected type '%s'.",
		at.arg, at.argOwnerKind, at.argOwner, printValue(at.value), at.argType),
		"typeName", at.argOwnerKind, "argumentName", at.arg)
	if at.argPos != nil {
		e.Locations = locationOf(at.argPos)
	}
}

func scalarLeafError(at *site, set func(string, string, ...any)) {
	if at == nil || at.field == nil || at.field.Definition == nil {
		return
	}
	f := at.field
	node := fmt.Sprintf("field '%s'", f.Name)
	typ := f.Definition.Type.String()
	if len(f.SelectionSet) == 0 {
		set("selectionMismatch", fmt.Sprintf("Field must have selections (%s returns %s but has no selections. Did you mean '%s { ... }'?)", node, typ, f.Name),
			"nodeName", node, "typeName", f.Definition.Type.Name())
		return
	}
	var names []string
	for _, s := range f.SelectionSet {
		if sf, ok := s.(*ast.Field); ok {
			names = append(names, sf.Name)
		}
	}
	set("selectionMismatch", fmt.Sprintf("Selections can't be made on scalars (%s returns %s but has selections [%s])", node, typ, strings.Join(names, ", ")),
		"nodeName", node, "typeName", f.Definition.Type.Name())
}

// site is what sits at one line and column of the query, and the
// graphql-ruby path to it.
type site struct {
	path     []any
	op       *ast.OperationDefinition
	field    *ast.Field
	variable *ast.VariableDefinition
	// For a value: the argument or input field it is the value of.
	value                  *ast.Value
	arg, argType, argOwner string
	argOwnerKind           string // "Field" or "InputObject"
	argPos                 *ast.Position
}

func locKey(line, column int) string { return strconv.Itoa(line) + ":" + strconv.Itoa(column) }

func appendPath(path []any, more ...any) []any {
	return append(append([]any(nil), path...), more...)
}

func indexSites(doc *ast.QueryDocument) map[string]*site {
	sites := map[string]*site{}
	put := func(p *ast.Position, s *site) {
		if p == nil {
			return
		}
		if k := locKey(p.Line, p.Column); sites[k] == nil {
			sites[k] = s
		}
	}
	var selections func(op *ast.OperationDefinition, path []any, set ast.SelectionSet)
	var value func(s site, v *ast.Value)
	value = func(s site, v *ast.Value) {
		if v == nil {
			return
		}
		here := s
		here.value = v
		put(v.Position, &here)
		for _, child := range v.Children {
			next := s
			if v.Kind == ast.ObjectValue {
				next.path = appendPath(s.path, child.Name)
				next.arg, next.argOwnerKind, next.argPos = child.Name, "InputObject", child.Position
				if v.Definition != nil {
					next.argOwner = v.Definition.Name
				}
				if child.Value != nil && child.Value.ExpectedType != nil {
					next.argType = child.Value.ExpectedType.String()
				}
			}
			value(next, child.Value)
		}
	}
	selections = func(op *ast.OperationDefinition, path []any, set ast.SelectionSet) {
		for _, sel := range set {
			switch sel := sel.(type) {
			case *ast.Field:
				key := sel.Alias
				if key == "" {
					key = sel.Name
				}
				fieldPath := appendPath(path, key)
				put(sel.Position, &site{path: fieldPath, op: op, field: sel})
				for _, a := range sel.Arguments {
					s := site{path: appendPath(fieldPath, a.Name), op: op, field: sel, arg: a.Name, argOwner: sel.Name, argOwnerKind: "Field", argPos: a.Position}
					if sel.Definition != nil {
						if def := sel.Definition.Arguments.ForName(a.Name); def != nil {
							s.argType = def.Type.String()
						}
					}
					put(a.Position, &s)
					value(s, a.Value)
				}
				selections(op, fieldPath, sel.SelectionSet)
			case *ast.InlineFragment:
				label := "..."
				if sel.TypeCondition != "" {
					label = "... on " + sel.TypeCondition
				}
				p := appendPath(path, label)
				put(sel.Position, &site{path: p, op: op})
				selections(op, p, sel.SelectionSet)
			case *ast.FragmentSpread:
				put(sel.Position, &site{path: appendPath(path, "... "+sel.Name), op: op})
			}
		}
	}
	for _, op := range doc.Operations {
		label := string(op.Operation)
		if op.Name != "" {
			label += " " + op.Name
		}
		root := []any{label}
		put(op.Position, &site{path: root, op: op})
		for _, v := range op.VariableDefinitions {
			put(v.Position, &site{path: root, op: op, variable: v})
		}
		selections(op, root, op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		root := []any{"fragment " + f.Name}
		put(f.Position, &site{path: root})
		selections(nil, root, f.SelectionSet)
	}
	return sites
}

// printValue writes a literal as graphql-ruby does in its messages.
func printValue(v *ast.Value) string {
	switch v.Kind {
	case ast.Variable:
		return "$" + v.Raw
	case ast.StringValue, ast.BlockValue:
		return strconv.Quote(v.Raw)
	case ast.NullValue:
		return "null"
	case ast.ListValue:
		parts := make([]string, len(v.Children))
		for i, c := range v.Children {
			parts[i] = printValue(c.Value)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case ast.ObjectValue:
		parts := make([]string, len(v.Children))
		for i, c := range v.Children {
			parts[i] = c.Name + ": " + printValue(c.Value)
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return v.Raw
}
