"""Views of one report model: terminal (rich), JSON, Markdown and CSV."""
