"""Use cases of a terminal (call next, finish service, ...) over queue and journal (no Qt)."""
