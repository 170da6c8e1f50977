"""For mypy: pytest imports tests/queue/shipped_schemas.py by the bare name `shipped_schemas`."""

from tests.queue.shipped_schemas import *
