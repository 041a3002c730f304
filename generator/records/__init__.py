"""Records in: read YAML strictly, check it against the JSON Schemas and across records."""
