"""Exporters: one module per format, registered by id.

Each exporter is a small class (see ``base.Exporter``) registered with
``@register``. The CLI commands and the admin look exporters up by id, so a
new format is one module plus one import line in ``_load`` below.
"""

from .base import Exporter, ExportRequest, UnknownExporter, get, register, registry  # noqa: F401
