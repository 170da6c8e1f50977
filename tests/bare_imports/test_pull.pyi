"""For mypy: tests/sync/test_sync_bad_input.py imports tests/sync/test_pull.py by the bare name."""

from tests.sync.test_pull import *
