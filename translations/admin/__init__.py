"""The admin is where translators and editors work; one module per area."""

from . import alignment, documents, quality, review, segments  # noqa: F401  (registers the model admins)
