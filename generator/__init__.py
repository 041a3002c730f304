"""Turn YAML records of SME support programmes and success cases into a bilingual static site.

The flow runs one way, a folder per stage: records (strict YAML, JSON Schema, cross-record
checks) -> model (frozen dataclasses) -> render (Markdown pages) and publish (data files);
search indexes what MkDocs built. Only the package `mkdocs_adapter` imports MkDocs.
"""

__version__ = "0.1.0"
