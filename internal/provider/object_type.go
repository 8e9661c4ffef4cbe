package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// objectType is the type of an object with these schema attributes. It is
// how every attribute stays declared once: a nested output has a function
// returning its attributes, which its schema uses; a model struct with
// `tfsdk` tags for one object; and fill code that builds the value with
// types.ListValueFrom or types.ObjectValueFrom, typed by objectType of
// those same attributes. Adding an output touches the schema, the model
// and the fill code. Outputs with nothing in them are empty, never null.
// It serves data source and resource schemas alike.
func objectType[A interface{ GetType() attr.Type }](attributes map[string]A) types.ObjectType {
	attrTypes := make(map[string]attr.Type, len(attributes))
	for name, a := range attributes {
		attrTypes[name] = a.GetType()
	}
	return types.ObjectType{AttrTypes: attrTypes}
}
