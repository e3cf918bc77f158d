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
from .alignment import AlignmentRun, SentenceEmbedding  # noqa: F401, E402
from .review import AlignmentEdit, Comment  # noqa: F401
from .quality import (  # noqa: F401
    POLICY_PROVENANCE,
    CheckFinding,
    GlossaryTerm,
    MemoryEntry,
    PublishedTranslation,
    Quotation,
    QuotationPolicy,
    Severity,
    Work,
)
from .jobs import FINISHED as JOB_FINISHED, Job, JobStatus  # noqa: F401, E402
