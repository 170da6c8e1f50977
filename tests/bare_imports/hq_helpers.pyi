"""For mypy: pytest imports tests/sync/hq_helpers.py by the bare name `hq_helpers`."""

from tests.sync.hq_helpers import *
