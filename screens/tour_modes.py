"""The display modes the screenshot tour can repeat itself in (no Kivy import: the command line
reads them before Kivy is configured)."""

MODES = ("normal", "large_text", "high_contrast", "elderly")
