"""Use cases of a terminal (call next, finish service, ...) over the queue and the journal (no Qt)."""
