package flow

import (
	_ "embed"
	"slices"
)

// schemaJSON is shipped inside the binary so `beckon schema` and editor
// integrations always match the parser they run with.
//
//go:embed schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of flow files, for editor
// completion and CI linting. Parse remains the authority: the schema cannot
// express CEL or template validity. The result is a copy and may be modified.
func Schema() []byte {
	return slices.Clone(schemaJSON)
}
