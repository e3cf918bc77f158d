"""The admin is where translators and editors work; one module per area."""

from . import documents, review, segments  # noqa: F401  (registers the model admins)
