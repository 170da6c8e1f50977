"""For mypy: tests/test_windows_recipe.py imports build/translations.py by its bare name."""

from build.translations import *
