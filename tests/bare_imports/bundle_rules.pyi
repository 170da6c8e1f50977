"""For mypy: tests/test_bundle_rules.py imports build/bundle_rules.py by its bare name."""

from build.bundle_rules import *
