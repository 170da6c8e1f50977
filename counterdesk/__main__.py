"""``python -m counterdesk``: the same program as the ``counterdesk`` command."""

import sys

from counterdesk.app.cli import main

if sys.stderr is None:  # started without a console: counterdeskw.exe, the Start menu's
    from counterdesk.app.windowless import run_windowless

    raise SystemExit(run_windowless(main))
raise SystemExit(main())
