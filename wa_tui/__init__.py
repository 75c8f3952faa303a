"""wa's Textual app for interactive drafting."""
