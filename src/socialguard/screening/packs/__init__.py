"""Policy packs: schema, loader with file:line errors, cross-file checks."""
