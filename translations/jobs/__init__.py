"""The registry of job kinds: long work that runs in a background worker.

A job kind is a function registered under an id::

    from translations.jobs import JobResult, job_kind

    @job_kind("edition", label=gettext_lazy("bilingual edition"), permission=can_view_documents)
    def edition(job, progress):
        ...
        progress(done, total, _("Typesetting"))   # raises JobCancelled once the job is cancelled
        return JobResult(filename="essay.pdf", content=pdf_bytes, summary=_("786 pages"))

It takes ``(job, progress)``: the ``Job`` row (``job.document``, ``job.params``,
``job.input`` for an uploaded file, ``job.created_by``) and a callable
``progress(done, total, message="")`` that records how far the job got (the
Jobs page shows it while the job runs) and raises ``JobCancelled`` when
someone cancelled the job, so a running job stops at its next progress call.
It returns a ``JobResult``: an optional file (stored with the job, downloaded
from its page by those who may see the job), a one-line summary and
optionally a ``url`` where to see the outcome. A failure
is an exception whose message says, in words, what went wrong (a
``SourceFormatError``, ``EditionError``, ``PermissionDenied``…): that message
is what the user reads; the traceback goes to the worker's log.

Report progress *outside* database transactions: the figures written inside
one become visible only when it commits (and on PostgreSQL the row would stay
locked for a cancel request). Inside one, ``progress`` still notices a
cancellation, and raising ``JobCancelled`` there rolls the transaction back.

``permission(user, *, document, params) -> bool`` (from
``translations.permissions``) decides who may start the kind;
``services.jobs.job_enqueue`` checks it.

Kinds live in the modules of ``JOB_KIND_MODULES``, imported on the first
lookup (as exporters are). A new kind: a module with ``@job_kind`` functions,
added to that list.
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from django.db.models import QuerySet
from django.utils.functional import Promise

# Modules holding job kinds; imported on first lookup.
JOB_KIND_MODULES: list[str] = [
    "translations.jobs.editions",
    "translations.jobs.exchange",
    "translations.jobs.alignment",
]


class JobCancelled(Exception):
    """Raised by ``progress()`` when the job was cancelled: the job stops, its transaction rolls back."""


class UnknownJobKind(KeyError):
    pass


@dataclass(frozen=True)
class JobResult:
    filename: str | None = None
    content: bytes | None = None
    summary: str = ""
    # A page to look at the outcome (the alignment map, the translate view), shown on the job's page.
    url: str = ""


# progress(done, total, message="")
Progress = Callable[..., None]


@dataclass(frozen=True)
class JobKind:
    id: str
    function: Callable
    label: str | Promise
    permission: Callable[..., bool]

    def may_start(self, user, *, document=None, params: dict | None = None) -> bool:
        return self.permission(user, document=document, params=params or {})


_kinds: dict[str, JobKind] = {}
_loaded = False


def _staff(user, *, document=None, params=None) -> bool:
    return bool(user and user.is_active and user.is_staff)


def job_kind(kind_id: str, *, label: str | Promise | None = None, permission: Callable[..., bool] | None = None):
    """Register the decorated ``function(job, progress) -> JobResult`` as the job kind ``kind_id``.

    ``permission`` defaults to "any active staff user".
    """

    def register(function):
        if kind_id in _kinds and _kinds[kind_id].function is not function:
            raise ValueError(f"job kind {kind_id!r} is registered twice")
        _kinds[kind_id] = JobKind(
            id=kind_id, function=function, label=label or kind_id, permission=permission or _staff
        )
        return function

    return register


def kinds() -> dict[str, JobKind]:
    global _loaded
    if not _loaded:
        for module in JOB_KIND_MODULES:
            import_module(module)
        _loaded = True
    return _kinds


def get(kind_id: str) -> JobKind:
    try:
        return kinds()[kind_id]
    except KeyError:
        raise UnknownJobKind(f"unknown job kind {kind_id!r}; known: {', '.join(sorted(_kinds))}") from None


def counted(progress: Progress, message: str, *, share: int = 1):
    """``progress`` as the tqdm-like wrapper (``items -> items``) the services take as their ``progress`` option.

    Each item is a step. ``share=2`` makes the items the first half of the
    bar, for a job with a second stage of about the same length.
    """

    def wrap(items):
        if isinstance(items, QuerySet):
            total = items.count()
        else:
            total = len(items) if hasattr(items, "__len__") else 0
        progress(0, share * total, message)
        done = 0
        for item in items:
            yield item
            done += 1
            progress(done, share * max(total, done), message)

    return wrap


def label(kind_id: str) -> str:
    """The kind's name for people; the id itself for a kind no longer registered."""
    kind = kinds().get(kind_id)
    return str(kind.label) if kind else kind_id
