"""The nightly sync with head office (no Qt): HQ's schema and branch roles, later push and pull.

Sits between the services and the queue (``app > ui > services > sync > queue > storage >
core``): it reads the journal (storage) and the queue's tickets, and writes to HQ's PostgreSQL.

- :mod:`counterdesk.sync.hq_schema`: the HQ tables, by numbered version (what a push writes).
- :mod:`counterdesk.sync.hq`: ``hq init`` and ``hq add-branch``; branch passwords.
"""
