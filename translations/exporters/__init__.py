"""Exporters: one module per format, registered by id.

Each exporter is a small class (see ``base.Exporter``) registered with
``@register``. The CLI commands and the admin look exporters up by id, so a
new format is one module plus its dotted path in ``base.EXPORTER_MODULES``.
"""

from .base import (  # noqa: F401
    Exporter,
    ExportRequest,
    UnknownExporter,
    all_exporters,
    get,
    register,
    registry,
)
