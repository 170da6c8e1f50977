"""The branch's ticket queue: issuing numbers and dispatching tickets to counters (no Qt)."""
