"""Widgets and helpers every program shares: text fitting, restyling, colours, sign-in fields."""
