"""URL configurations of the workbench's pages, one module per area (included from workbench/urls.py)."""
