"""For mypy: pytest imports tests/storage/journal_helpers.py by the bare name `journal_helpers`."""

from tests.storage.journal_helpers import *
