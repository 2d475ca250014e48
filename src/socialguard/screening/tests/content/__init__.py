"""Content detector tests: table-driven positives and hard negatives per category."""
