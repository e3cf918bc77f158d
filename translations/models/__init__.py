"""The app's models, one module per area; everything is importable from here."""

from .core import (  # noqa: F401
    Block,
    BlockKind,
    Document,
    Provenance,
    Segment,
    State,
    Translation,
    TranslationChange,
)
from .review import AlignmentEdit, Comment  # noqa: F401
