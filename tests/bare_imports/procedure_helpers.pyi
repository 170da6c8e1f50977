"""For mypy: pytest imports tests/core/procedure_helpers.py by the bare name `procedure_helpers`."""

from tests.core.procedure_helpers import *
