"""Run-time hook: point Qt at the bundle's own plugins, and import nothing from Qt.

Qt finds its libraries, translations and prefix relative to libQt6Core (PySide6's Qt is
relocatable); only the plugin folder is set, so that plugins of another Qt on the machine
(``QT_PLUGIN_PATH`` set by a desktop session) are never loaded into this one. Qt itself
stays lazy: ``counterdesk --version`` and the command line start without it.
"""

import os
import sys

# PySide6's layout: Qt/plugins on Linux and macOS, plugins beside the modules on Windows.
_qt = os.path.join(sys._MEIPASS, "PySide6", *(() if sys.platform == "win32" else ("Qt",)))
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
del _qt
