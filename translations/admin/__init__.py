"""The admin is where translators and editors work; one module per area."""

from . import alignment, documents, segments  # noqa: F401  (registers the model admins)
