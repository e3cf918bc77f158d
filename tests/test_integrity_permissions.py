"""Issue 16, item 3: one permission gate for every write, walked as a matrix.

Six roles (anonymous, translator-de, reviewer-de, reviewer, editor,
superuser) against every URL that writes, and the commands that write on a
user's behalf. Each cell runs in its own rolled-back transaction: an allowed
write must change the database, a denied one must answer 403 (anonymous: the
login page) and change nothing.

``test_every_write_url_is_in_the_matrix`` walks the URLconf
(``tests/endpoints.py``): a view that accepts POST must be a case here or be
listed in ``NOT_IN_THE_MATRIX`` with the reason, so a new write view cannot
slip past.
"""

import logging
import re
from dataclasses import dataclass, field

import polib
import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client
from django.urls import resolve, reverse

from tests.endpoints import endpoints
from tests.formats_support import export
from tests.test_scale_access import snapshot
from translations.models import (
    AlignmentEdit,
    CheckFinding,
    Comment,
    Job,
    Segment,
    State,
    Translation,
    TranslationChange,
)
from translations.permissions import groups_ensure
from translations.services.alignment_edit import alignment_move_first_to_previous, alignment_split_source
from translations.services.translations import translation_save, translation_set_state

ROLES = ["anonymous", "translator-de", "reviewer-de", "reviewer", "editor", "superuser"]
TRANSLATORS_DE = {"translator-de", "reviewer-de", "reviewer", "superuser"}
REVIEWERS_DE = {"reviewer-de", "reviewer", "superuser"}
EDITORS = {"editor", "superuser"}


def user_for(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("root", "", "pw-123456")
    user = User.objects.create_user(role.replace("-", "_"), password="pw-123456", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def rows(document, n: int) -> list[Segment]:
    return list(Segment.objects.filter(document=document, retired=False).order_by("block__position", "position")[:n])


def approve(*segments) -> None:
    for segment in segments:
        translation_set_state(segment=segment, language="de", state=State.APPROVED)


def same_block_pair(document) -> tuple[Segment, Segment]:
    """Two neighbouring segments of one block (join needs a previous one in the block)."""
    previous = None
    for segment in rows(document, 43):
        if previous is not None and previous.block_id == segment.block_id:
            return previous, segment
        previous = segment
    raise AssertionError("no block with two segments")


@dataclass
class Case:
    """One write: ``prepare(document)`` sets the scene and returns (url, data); ``allowed`` roles may do it."""

    name: str
    prepare: object
    allowed: set[str]
    # Views that answer a denied write with a page (admin changelist actions) rather than 403.
    denied_status: set[int] = field(default_factory=lambda: {403})


def _save(document, *, approved: bool):
    segment = rows(document, 1)[0]
    if approved:
        approve(segment)
    version = Translation.objects.get(segment=segment, language="de").version
    url = reverse("admin:translations_document_translate_save", args=[document.pk, "de"])
    return url, {"segment": segment.pk, "text": "Neu.", "state": "", "version": version}


def _revert(document, *, approved: bool):
    segment = rows(document, 1)[0]
    translation_save(segment=segment, language="de", text="Zwischenstand.")
    if approved:
        approve(segment)
    change = TranslationChange.objects.filter(segment=segment, language="de", new_text="Zwischenstand.").order_by("id")[0]
    return reverse("admin:translations_document_translate_revert", args=[document.pk, "de", change.pk]), {}


def _state(document):
    segment = rows(document, 1)[0]
    return reverse("review:state", args=[document.slug]), {"segment": segment.pk, "language": "de", "action": "approve"}


def _bulk(document):
    segments = rows(document, 2)
    return reverse("review:bulk", args=[document.slug]), {
        "segment": [s.pk for s in segments], "language": "de", "action": "approve"
    }


def _align(operation: str, *, approved: bool):
    def prepare(document):
        first, second = same_block_pair(document)
        if approved:
            approve(first, second)
        return reverse("review:align", args=[document.slug]), {
            "operation": operation, "segment": second.pk, "language": "de"
        }

    return prepare


def _split(document):
    segment = next(s for s in rows(document, 43) if " " in s.source_text)
    return reverse("review:align", args=[document.slug]), {
        "operation": "split_source", "segment": segment.pk, "offset": segment.source_text.index(" ") + 1
    }


def _merge(document):
    first, _second = same_block_pair(document)
    return reverse("review:align", args=[document.slug]), {"operation": "merge_source", "segment": first.pk}


def _undo(*, approved: bool, source: bool = False):
    def prepare(document):
        if source:
            segment = next(s for s in rows(document, 43) if " " in s.source_text)
            edit = alignment_split_source(segment=segment, offset=segment.source_text.index(" ") + 1)
        else:
            first, second = same_block_pair(document)
            if approved:
                approve(first, second)
            edit = alignment_move_first_to_previous(segment=second, language="de")
        assert AlignmentEdit.objects.filter(pk=edit.pk).exists()
        return reverse("review:undo", args=[document.slug, edit.pk]), {}

    return prepare


def _comment(document):
    segment = rows(document, 1)[0]
    return reverse("review:comment_add", args=[document.slug, segment.pk, "de"]), {"text": "Warum so?"}


def _resolve(document):
    segment = rows(document, 1)[0]
    author = User.objects.create_user("author", password="pw-123456", is_staff=True)
    comment = Comment.objects.create(segment=segment, language="de", author=author, text="Bitte prüfen.")
    return reverse("review:comment_resolve", args=[document.slug, comment.pk]), {"resolved": "1"}


def _finding(action: str):
    def prepare(document):
        segment = rows(document, 1)[0]
        finding = CheckFinding.objects.create(
            segment=segment, language="de", check_id="matrix", severity="warning", message="m",
            dismissed_reason="earlier" if action == "restore" else "",
            dismissed_at=segment.document.updated_at if action == "restore" else None,
        )  # fmt: skip
        return reverse(f"quality:finding-{action}", args=[finding.pk]), {"reason": "Ist so gewollt."}

    return prepare


def _upload(*, policy: str):
    def prepare(document):
        segment = rows(document, 1)[0]
        if policy == "approved":
            approve(segment)
        catalog = polib.pofile(export(document, "po", "de").decode("utf-8"))
        next(e for e in catalog if e.msgctxt == segment.key).msgstr = "Hochgeladen."
        upload = SimpleUploadedFile("essay.de.po", str(catalog).encode("utf-8"))
        return reverse("admin:translations_document_exchange", args=[document.pk]), {"file": upload, "policy": policy}

    return prepare


def _edit_in_place(*, approved: bool):
    def prepare(document):
        url, data = _save(document, approved=approved)
        return reverse("review:edit", args=[document.slug]), {**data, "language": "de"}

    return prepare


def _align_upload(document):
    upload = SimpleUploadedFile("essay.de.txt", "Die Sowjetunion.\n".encode("utf-8"))
    return reverse("admin:translations_document_align", args=[document.pk]), {"file": upload, "language": "de"}


def _job_cancel(document):
    owner = User.objects.create_user("owner", password="pw-123456", is_staff=True)
    job = Job.objects.create(kind="export", created_by=owner, document=document, params={"format": "po"})
    return reverse("admin:translations_job_cancel", args=[job.pk]), {}


def _document_delete(document):
    return reverse("admin:translations_document_delete", args=[document.pk]), {"post": "yes"}


def _document_add(document):
    return reverse("admin:translations_document_add"), {
        "slug": "another", "title_en": "Another", "title": "Another", "source_language": "en", "source_revision": 0
    }


def _action_approve(document):
    ids = list(Translation.objects.filter(segment__document=document, language="de").values_list("pk", flat=True)[:2])
    return reverse("admin:translations_translation_changelist"), {"action": "approve", "_selected_action": ids}


CASES = [
    Case("translate save, draft row", lambda d: _save(d, approved=False), TRANSLATORS_DE),
    Case("translate save, approved row", lambda d: _save(d, approved=True), REVIEWERS_DE),
    Case("translate revert, draft row", lambda d: _revert(d, approved=False), TRANSLATORS_DE),
    Case("translate revert, approved row", lambda d: _revert(d, approved=True), REVIEWERS_DE),
    Case("review approve", _state, REVIEWERS_DE),
    Case("review bulk approve", _bulk, REVIEWERS_DE),
    Case("join with previous, draft rows", _align("join_with_previous", approved=False), TRANSLATORS_DE),
    Case("join with previous, approved rows", _align("join_with_previous", approved=True), REVIEWERS_DE),
    Case("move first sentence, draft rows", _align("move_first_to_previous", approved=False), TRANSLATORS_DE),
    Case("move first sentence, approved rows", _align("move_first_to_previous", approved=True), REVIEWERS_DE),
    Case("move last sentence, approved rows", _align("move_last_to_next", approved=True), REVIEWERS_DE),
    Case("split source", _split, EDITORS),
    Case("merge source", _merge, EDITORS),
    Case("undo a move of draft rows", _undo(approved=False), TRANSLATORS_DE),
    Case("undo a move of approved rows", _undo(approved=True), REVIEWERS_DE),
    Case("undo a source split", _undo(approved=False, source=True), EDITORS),
    Case("comment", _comment, TRANSLATORS_DE),
    Case("resolve somebody's comment", _resolve, REVIEWERS_DE),
    Case("dismiss a finding", _finding("dismiss"), REVIEWERS_DE),
    Case("restore a finding", _finding("restore"), REVIEWERS_DE),
    Case("upload, also translated", _upload(policy="translated"), TRANSLATORS_DE),
    Case("upload, also approved", _upload(policy="approved"), REVIEWERS_DE),
    Case("review page: correct a draft cell in place", _edit_in_place(approved=False), TRANSLATORS_DE),
    Case("review page: correct an approved cell in place", _edit_in_place(approved=True), REVIEWERS_DE),
    # A refused upload comes back on the form with the reason (HTTP 200), and no job is queued.
    Case("admin: align an uploaded translation (a job)", _align_upload, TRANSLATORS_DE, denied_status={200, 403}),
    # Somebody else's job: only a superuser cancels it (its owner too, see tests/test_jobs.py).
    Case("admin: cancel somebody's job", _job_cancel, {"superuser"}, denied_status={403, 404}),
    Case("admin: add a document", _document_add, EDITORS),
    # Deleting cascades to translations and history, which the admin never deletes
    # (their admins refuse deletion): nobody deletes a document through the admin.
    Case("admin: delete a document", _document_delete, set()),
    Case("admin: approve action", _action_approve, REVIEWERS_DE, denied_status={200, 302, 403}),
]

# View names that accept POST but are not cells of the matrix, and why.
NOT_IN_THE_MATRIX = {
    r"admin:(index|app_list|login|logout|password_change|password_change_done|jsi18n|autocomplete|view_on_site)":
        "Django's own admin and account views",
    r"set_language": "the interface language, stored in the session",
    r"admin:django.contrib.admin.sites.catch_all_view": "a 404 for every unknown admin URL",
    r"(admin:)?django.views.generic.base.RedirectView": "redirects (the home page, the admin's old object URLs)",
    r"admin:translations_document_(translate|translate_history|edition|exchange_download)":
        "read-only pages and downloads (POST writes nothing)",
    r"admin:translations_job_(status|download)": "a job's progress and its file (reads; only its owner or a superuser)",
    r"api:.*": "the REST API: the same permissions.py functions, its own role matrix in tests/test_api_access.py "
    "(token clients, 401/403 in JSON)",
    r"admin:\w+_(changelist|add|change|delete|history)":
        "Django admin model views: model permissions (groups_ensure) and per-language read-only fields "
        "(tests/test_admin_segments.py); the document's and the approve action are cells above",
}
# The cases above, by the view their URL resolves to.
CASE_VIEWS = {
    "admin:translations_document_translate_save", "admin:translations_document_translate_revert",
    "review:state", "review:bulk", "review:align", "review:undo", "review:comment_add", "review:comment_resolve",
    "quality:finding-dismiss", "quality:finding-restore", "admin:translations_document_exchange",
    "review:edit", "admin:translations_document_align", "admin:translations_job_cancel",
}  # fmt: skip


@pytest.fixture
def matrix(essay_with_samples):
    groups_ensure()
    logging.disable(logging.WARNING)  # 403s and 404s are the point here
    yield essay_with_samples
    logging.disable(logging.NOTSET)


def run_cell(document, case: Case, role: str) -> tuple[int, str, bool]:
    """(status, location, changed) of ``role`` doing ``case``, rolled back afterwards."""
    with transaction.atomic():
        url, data = case.prepare(document)
        client = Client()
        user = user_for(role)
        if user is not None:
            client.force_login(user)
        before = snapshot()
        response = client.post(url, data)
        changed = snapshot() != before
        transaction.set_rollback(True)
    return response.status_code, response.get("Location", ""), changed


def test_the_permission_matrix(matrix):
    """Every case for every role (one test: the essay is built once, each cell is rolled back)."""
    wrong = []
    for case in CASES:
        for role in ROLES:
            status, location, changed = run_cell(matrix, case, role)
            if role in case.allowed:
                ok = changed and status not in (403, 404) and "/login/" not in location
            elif role == "anonymous":
                ok = not changed and (status == 403 or "/login/" in location)
            else:
                ok = not changed and status in case.denied_status
            if not ok:
                verdict = "allowed" if role in case.allowed else "denied"
                wrong.append(
                    f"{case.name} / {role}: expected {verdict}, got HTTP {status}"
                    f"{' → ' + location if location else ''}, {'changed' if changed else 'unchanged'}"
                )
    assert wrong == [], "\n".join(wrong)


def test_every_write_url_is_in_the_matrix(matrix, admin_user):
    """Every view that takes a POST (anything but 405) is a case above or explained in NOT_IN_THE_MATRIX."""
    client = Client()
    unexplained = []
    for endpoint in endpoints(language="de"):
        with transaction.atomic():
            client.force_login(admin_user)
            status = client.post(endpoint.url, {}).status_code
            transaction.set_rollback(True)
        if status == 405:
            continue
        name = resolve(endpoint.url).view_name
        if name in CASE_VIEWS or any(re.fullmatch(pattern, name) for pattern in NOT_IN_THE_MATRIX):
            continue
        unexplained.append(f"{name} ({endpoint.url}) accepts POST")
    assert unexplained == [], "\n".join(unexplained)


COMMAND_CELLS = [
    ("translator-de", "translated", True),
    ("translator-de", "approved", False),
    ("reviewer-de", "approved", True),
    ("reviewer", "approved", True),
    ("editor", "translated", False),
    ("superuser", "approved", True),
]


def test_import_commands_check_the_user_they_record(matrix, tmp_path):
    """``import_po``/``import_xliff --user NAME`` write as that user: the same gate as the upload."""
    segment = rows(matrix, 1)[0]
    catalog = polib.pofile(export(matrix, "po", "de").decode("utf-8"))
    next(e for e in catalog if e.msgctxt == segment.key).msgstr = "Per Kommando."
    path = tmp_path / "essay.de.po"
    path.write_text(str(catalog), encoding="utf-8")
    for role, policy, allowed in COMMAND_CELLS:
        with transaction.atomic():
            username = user_for(role).get_username()
            before = snapshot()
            args = ["import_po", "essay", str(path), "--user", username, "--policy", policy]
            if allowed:
                call_command(*args, verbosity=0)
                segment.refresh_from_db()
                assert segment.text_in("de") == "Per Kommando.", role
            else:
                with pytest.raises(CommandError, match="may not|Only reviewers"):
                    call_command(*args, verbosity=0)
                assert snapshot() == before, role
            transaction.set_rollback(True)


def test_the_services_check_the_gate_themselves(matrix):
    """An API calling the services directly meets the same gate as the review page."""
    first, second = same_block_pair(matrix)
    approve(first, second)
    translator = user_for("translator-de")
    from translations.services.alignment_edit import alignment_join_with_previous, alignment_merge_source

    before = snapshot()
    with pytest.raises(PermissionDenied, match="approved"):
        alignment_join_with_previous(segment=second, language="de", user=translator)
    with pytest.raises(PermissionDenied, match="editors"):
        alignment_merge_source(segment=first, user=translator)
    assert snapshot() == before


def test_the_review_page_offers_no_realignment_of_approved_rows_to_a_translator(matrix):
    import lxml.html

    first, second = same_block_pair(matrix)
    approve(second)
    client = Client()
    for role, offered in (("translator-de", False), ("reviewer-de", True)):
        client.force_login(user_for(role))
        page = lxml.html.fromstring(client.get(reverse("review:document", args=[matrix.slug]) + "?lang=de").content)
        cell = page.get_element_by_id(f"seg-{second.pk}").find_class("wb-target")[0]
        buttons = {button.get("value") for button in cell.iter("button")}
        assert ("join_with_previous" in buttons) is offered, role
        assert ("move_first_to_previous" in buttons) is offered, role
        other = page.get_element_by_id(f"seg-{first.pk}").find_class("wb-target")[0]
        assert "move_first_to_previous" in {button.get("value") for button in other.iter("button")}
