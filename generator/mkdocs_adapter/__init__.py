"""The only package that imports MkDocs: the build, the hooks and the preview of `make serve`."""
