"""For mypy: pytest imports tests/queue/queue_helpers.py by the bare name `queue_helpers`."""

from tests.queue.queue_helpers import *
