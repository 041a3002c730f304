"""Pages out: the catalogue through Jinja2 templates into one Markdown tree per language."""
