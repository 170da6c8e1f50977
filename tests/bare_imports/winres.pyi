"""For mypy: tests/test_windows_recipe.py imports build/windows/winres.py by its bare name."""

from build.windows.winres import *
