"""Developer tools that are not part of the shipped program (import-linter contract types)."""
