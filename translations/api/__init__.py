"""The REST API, version 1 (``/api/v1/``; docs/api.md).

A thin layer over the workbench: every write goes through a service
(``translations.services``), every read through a selector, and every "may
this user…" through ``translations.permissions`` (adapted for DRF in
``api.permissions``). Modules:

- ``serializers``: the shapes of requests and responses (and of the schema);
- ``views``: one view per resource, each a few lines around a service call;
- ``exceptions``: every error as JSON ``{"error": words, "field": name}``;
- ``preconditions``: ``ETag``/``If-Match`` for translations (428, 412);
- ``urls``: the URLconf, with the OpenAPI schema and its browsable pages.
"""
