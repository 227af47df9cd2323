"""MkDocs-facing glue for each feature; the domain packages stay framework-free."""
