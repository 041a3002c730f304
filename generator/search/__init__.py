"""The language-aware search index, written after MkDocs has built a language."""
