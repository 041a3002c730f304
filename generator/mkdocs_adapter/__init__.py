"""The only package that imports MkDocs: the build, the hooks, the preview of `make serve`, and `private`
(the one module that touches MkDocs' and Material's non-public parts)."""
