"""The admin is where translators and editors work; one module per area."""

from . import documents, segments  # noqa: F401  (registers the model admins)
from . import quality  # noqa: F401,E402  (glossary, memory, quotations, findings)
