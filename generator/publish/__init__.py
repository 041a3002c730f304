"""Open data and site files: JSON and CSV exports, feeds, JSON-LD, finder data, sitemaps, licence."""
