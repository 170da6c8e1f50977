"""Qt widgets, item models and controllers of the counter windows."""
