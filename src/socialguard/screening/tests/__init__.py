"""Engine tests: plain pytest, no database."""
