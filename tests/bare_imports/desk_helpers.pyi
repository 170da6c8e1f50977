"""For mypy: pytest imports tests/services/desk_helpers.py by the bare name `desk_helpers`."""

from tests.services.desk_helpers import *
