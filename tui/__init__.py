"""The Textual app officers work in."""
