"""Re-applying a style sheet after a widget's dynamic property changed."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def repolish(widget: QWidget) -> None:
    """Style the widget again: style sheets match dynamic properties only when re-polished."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)
