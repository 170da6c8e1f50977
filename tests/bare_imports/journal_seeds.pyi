"""For mypy: pytest imports tests/storage/journal_seeds.py by the bare name `journal_seeds`."""

from tests.storage.journal_seeds import *
