"""Tools for contributors: new record skeletons, the review report, the field reference."""
