"""Turn YAML records of SME support programmes and success cases into a bilingual static site.

The flow runs one way: load (strict YAML) -> validate (JSON Schema, then cross-record
checks) -> model (frozen dataclasses) -> render (Markdown pages and data files).
Nothing in these modules imports MkDocs; `mkdocs_adapter` and `mkdocs_hook` do.
"""

__version__ = "0.1.0"
