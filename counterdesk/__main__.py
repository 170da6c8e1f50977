"""``python -m counterdesk``: the same program as the ``counterdesk`` command."""

from counterdesk.app.cli import main

raise SystemExit(main())
