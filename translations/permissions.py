"""Who may do what, per language. Enforced on the server by every write path.

- A member of the group ``translator-<code>`` (e.g. ``translator-de``) may edit
  translations into that language, and only that one.
- A member of ``reviewer-<code>`` may also approve and send back in that
  language; a member of ``reviewer`` may review every language.
- An ``editor`` imports texts, edits the segmentation and publishes editions.
- Superusers may do everything.
- Reading (the admin, the review page, the API) needs an active *staff*
  account allowed to view documents (``can_view_documents``).
- Comments: any translator of the language (for the source language: an
  editor or any translator) may comment; the author or a reviewer of the
  language (an editor, for the source) may resolve.
- An *approved* translation is locked: only a reviewer of its language may
  change its text or state (send it back for review first), as in Weblate.

``translation_check`` is the one gate every translation write path calls; it
raises ``PermissionDenied`` (HTTP 403) and is checked before anything is
written. The other writes have their gate here too: ``alignment_check``
(moving and joining target sentences on the review page, and undoing that:
an approved row among those touched needs review rights),
``source_edit_check`` (splitting and merging source segments, and undoing
that: editors), ``import_check`` (uploading a translation file),
``can_comment``/``can_resolve_comment`` and ``may_dismiss_finding``. Views
ask these; services that take a ``user`` call them too, so an API or a new
view cannot forget (``user=None`` is a trusted caller: a command, a test). ``groups_ensure()`` creates the groups for the configured languages,
with the model permissions their members need to work in the admin (they must
also be marked *staff* to log in there).
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import languages

EDITOR_GROUP = "editor"
ALL_LANGUAGES_REVIEWER_GROUP = "reviewer"


def translator_group(code: str) -> str:
    return f"translator-{code}"


def reviewer_group(code: str) -> str:
    return f"reviewer-{code}"


def _group_names(user) -> set[str]:
    # Cached on the user object: a page checks many rows for one user.
    if not hasattr(user, "_workbench_groups"):
        user._workbench_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._workbench_groups


def can_review(user, code: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = _group_names(user)
    return ALL_LANGUAGES_REVIEWER_GROUP in names or reviewer_group(code) in names


def can_translate(user, code: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or translator_group(code) in _group_names(user) or can_review(user, code)


def can_edit_source(user) -> bool:
    """Import texts, split and merge source segments, publish editions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITOR_GROUP in _group_names(user)


def can_view_documents(user, *, document=None, params=None) -> bool:
    """Read documents and download what is made from them (exports, editions): the admin's and the API's gate."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("translations.view_document"))


def can_comment(user, document, code: str) -> bool:
    """Add a comment to a segment of ``document`` in ``code`` (the source language: remarks on the source)."""
    if code == document.source_language:
        return can_edit_source(user) or bool(languages_for(user))
    return can_translate(user, code)


def can_resolve_comment(user, document, comment) -> bool:
    """Resolve (or reopen) ``comment``: its author, or a reviewer of its language (an editor for the source)."""
    if comment.author_id == user.pk:
        return True
    if comment.language == document.source_language:
        return can_edit_source(user)
    return can_review(user, comment.language)


def can_import_translation(user, *, document=None, params=None) -> bool:
    """Start importing a translation file into ``params["language"]`` (a job).

    Without a language (the file says which), any translator may start; the job
    runs ``import_check`` once it has read the file's language. The policy
    "approved" (change approved rows) is for reviewers.
    """
    params = params or {}
    code = params.get("language")
    if not code:
        return bool(languages_for(user))
    if params.get("policy") == APPROVED:
        return can_review(user, code)
    return can_translate(user, code)


def can_align_translation(user, *, document=None, params=None) -> bool:
    """Start aligning an uploaded translation into ``params["language"]``; replacing approved rows
    (``params["force"]``) is for reviewers."""
    params = params or {}
    code = params.get("language")
    if not code:
        return bool(languages_for(user))
    if params.get("force"):
        return can_review(user, code)
    return can_translate(user, code)


def can_see_job(user, job) -> bool:
    """A background job is seen (and its file downloaded) by whoever started it, and by superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk)


def can_cancel_job(user, job) -> bool:
    return can_see_job(user, job)


def languages_for(user) -> list[str]:
    """Target languages ``user`` may translate."""
    return [code for code in languages.codes() if can_translate(user, code)]


# States a translator may choose; reviewers may choose any state.
TRANSLATOR_STATES = frozenset({"draft", "translated", "needs_review"})
APPROVED = "approved"
UNTRANSLATED = "untranslated"


def settable_states(user, code: str) -> list[str]:
    """States ``user`` may pick for a translation in ``code`` (besides "untranslated" for an empty text)."""
    from .models import State

    if can_review(user, code):
        return [state for state in State.values if state != UNTRANSLATED]
    if can_translate(user, code):
        return [state for state in State.values if state in TRANSLATOR_STATES]
    return []


def can_change_translation(user, code: str, current_state: str) -> bool:
    """May ``user`` change the text or state of a translation now in ``current_state``?"""
    if current_state == APPROVED:
        return can_review(user, code)
    return can_translate(user, code)


def translation_check(user, code: str, *, current_state: str, new_state: str | None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may move ``code`` from ``current_state`` to ``new_state``.

    ``new_state=None`` means "whatever the text implies" (translated or untranslated).
    """
    from .models import State

    language = languages.display_name(code)
    if not can_translate(user, code):
        raise PermissionDenied(_("You may not translate into %(language)s.") % {"language": language})
    if not can_change_translation(user, code, current_state):
        raise PermissionDenied(_("This translation is approved; only a reviewer may change it."))
    if new_state not in (None, UNTRANSLATED, current_state) and new_state not in settable_states(user, code):
        label = State(new_state).label if new_state in State.values else new_state
        raise PermissionDenied(
            _("You may not set the state “%(state)s” in %(language)s.") % {"state": label, "language": language}
        )
    if new_state == APPROVED and not can_review(user, code):
        raise PermissionDenied(_("Only a reviewer may approve."))


# Model permissions (app "translations") each group needs in the admin.
_READ = ["view_document", "view_block", "view_segment", "view_translation", "view_translationchange"]
_TRANSLATE = _READ + ["change_segment"]  # the segment form; per-language rules decide which fields
_EDIT_SOURCE = _TRANSLATE + [
    "add_document", "change_document", "delete_document", "add_block", "change_block", "add_segment",
]


def _permissions_for(name: str) -> list[str]:
    if name == EDITOR_GROUP:
        return _EDIT_SOURCE
    return _TRANSLATE


def groups_ensure() -> list[str]:
    """Create the workbench's groups and grant their model permissions. Returns the names created.

    Safe to run again: missing permissions are added, nothing is removed.
    Staff access (logging into the admin) is granted per user.
    """
    names = [EDITOR_GROUP, ALL_LANGUAGES_REVIEWER_GROUP]
    for code in languages.codes():
        names += [translator_group(code), reviewer_group(code)]
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label="translations")
    }
    created = []
    for name in names:
        group, was_created = Group.objects.get_or_create(name=name)
        if was_created:
            created.append(name)
        # auth creates permissions after migrate; called before that (from a
        # data migration, say) a codename is missing and the next call adds it.
        group.permissions.add(*(permissions[code] for code in _permissions_for(name) if code in permissions))
    return created


def import_check(user, code: str, *, policy: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may upload a translation file into ``code`` under ``policy``.

    Uploading needs translation rights; the policy "approved" (change
    approved rows) needs review rights, since it undoes a reviewer's
    decision. Taking the file's side in conflicts (``force``) needs nothing
    more: it only touches rows the policy lets the user change anyway.
    """
    language = languages.display_name(code)
    if not can_translate(user, code):
        raise PermissionDenied(_("You may not translate into %(language)s.") % {"language": language})
    if policy == APPROVED and not can_review(user, code):
        raise PermissionDenied(
            _("Only reviewers of %(language)s may change approved translations.") % {"language": language}
        )


def alignment_check(user, code: str, *, states) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may re-align ``code`` rows now in ``states``.

    Moving a sentence, joining with the previous segment and undoing either
    rewrite the texts and states of the rows they touch; like editing them in
    the translate view, that needs translation rights, and review rights
    when one of them is (or an undo would make it) approved.
    """
    if not can_translate(user, code):
        raise PermissionDenied(_("You may not edit %(language)s.") % {"language": languages.display_name(code)})
    if APPROVED in set(states) and not can_review(user, code):
        raise PermissionDenied(
            _("An approved %(language)s translation is among the rows this changes; only a reviewer may change it.")
            % {"language": languages.display_name(code)}
        )


def source_edit_check(user) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may split or merge source segments (editors).

    A source edit marks the affected translations in every language for
    review; that follows from changing the source, which is the editor's call.
    """
    if not can_edit_source(user):
        raise PermissionDenied(_("Only editors may split or merge source segments."))


def may_dismiss_source(user, document) -> bool:
    """A problem of the source concerns every language: editors, or reviewers of every language."""
    return can_edit_source(user) or all(can_review(user, code) for code in document.target_languages)


def may_dismiss_finding(user, finding) -> bool:
    """Dismiss or restore ``finding``: a reviewer of its language (``may_dismiss_source`` for the source)."""
    if finding.language:
        return can_review(user, finding.language)
    return may_dismiss_source(user, finding.segment.document)


def may_set(user, code: str, *, current_state: str, new_state: str | None) -> bool:
    """``translation_check`` as a yes/no, for deciding which buttons to show."""
    try:
        translation_check(user, code, current_state=current_state, new_state=new_state)
    except PermissionDenied:
        return False
    return True
