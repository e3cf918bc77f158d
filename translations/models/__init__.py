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
from .alignment import AlignmentRun  # noqa: F401, E402
from .review import AlignmentEdit, Comment  # noqa: F401
