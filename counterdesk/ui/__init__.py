"""The PySide6 programs, one package each (teller, customer, kiosk, display), over shared widgets.

Shared at this level: the task runner (``tasks``), the queue watcher (``watch``), the day-close
timer, messages, icons, i18n and screen placement; ``widgets`` holds text fitting, restyling,
colours and the staff credential fields.
"""
