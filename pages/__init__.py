"""Dash Pages: layout only. Each page's callbacks live in callbacks/<page>.py."""
