"""The manager's program: the live board of today, its sign-in and its controller."""
