"""The ticket kiosk: its window, pages, keypad, controller and the printer on Qt."""
