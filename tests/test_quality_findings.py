"""Findings: stored on save and in bulk, dismissed with a reason, read in a fixed number of queries."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from translations.models import CheckFinding, Segment, Severity
from translations.permissions import groups_ensure
from translations.selectors.quality import finding_counts, findings_for
from translations.services.checks import checks_deferred, checks_run_document, finding_dismiss, finding_restore
from translations.services.translations import translation_save

TROTSKY = "bf878b3b"  # “it is not so much military intervention … (never closed)


def seg(document, key):
    return Segment.objects.select_related("document", "block").get(document=document, key=key)


def user_in(name, *groups):
    groups_ensure()
    user = User.objects.create(username=name, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return User.objects.get(pk=user.pk)


def test_the_essays_own_source_has_the_unclosed_trotsky_quotation(essay):
    report = checks_run_document(document=essay, languages=[])
    finding = CheckFinding.objects.get()
    assert (finding.segment.key, finding.language, finding.check_id, finding.severity) == (
        TROTSKY, "", "source_unbalanced_quotes", Severity.ERROR,
    )
    assert "“it is not so much military intervention" in finding.message
    assert report.errors == 1


def test_saving_a_translation_stores_its_findings_and_a_fix_clears_them(essay):
    segment = seg(essay, "d71972e4")  # … and 1.9 percent increase in wages.
    sample = "Fünfundzwanzig Prozent Steigerung der Arbeitsproduktivität und 1.9 Prozent Lohnerhöhung."
    translation_save(segment=segment, language="de", text=sample)
    finding = CheckFinding.objects.get(segment=segment, language="de")
    assert finding.check_id == "numbers" and "1.9 is written 1,9 in German" in finding.message
    translation_save(segment=segment, language="de", text=sample.replace("1.9", "1,9"))
    assert not CheckFinding.objects.filter(segment=segment, language="de").exists()


def test_a_quotation_closed_in_a_later_sentence_clears_the_earlier_finding(essay):
    # Block 19, the factory worker: five segments; open a quotation in the first, close it in the last.
    first, *middle, last = Segment.objects.filter(document=essay, block__position=19).order_by("position")
    translation_save(segment=first, language="de", text="„Sie pressen uns aus, und wie!")
    for segment in middle:
        translation_save(segment=segment, language="de", text=segment.source_text.replace("e", "é"))
    translation_save(segment=last, language="de", text="Das Prämiensystem … niemand hofft auf welche…")
    assert CheckFinding.objects.get(segment=first, language="de", check_id="unbalanced_quotes")
    translation_save(segment=last, language="de", text="Das Prämiensystem … niemand hofft auf welche…“")
    assert not CheckFinding.objects.filter(segment=first, language="de", check_id="unbalanced_quotes").exists()


def test_a_dismissal_lasts_while_the_problem_is_the_same(essay):
    segment = seg(essay, "779979d1")  # … in 1941 but those of Hitler.
    editor = User.objects.create_superuser("ed", "", "x")
    translation_save(segment=segment, language="fr", text="Ce ne furent pas les armées, mais celles de Hitler.")
    finding = CheckFinding.objects.get(segment=segment, language="fr", check_id="numbers")
    finding_dismiss(finding=finding, user=editor, reason="The year is in the previous sentence of our edition.")
    translation_save(segment=segment, language="fr", text="Ce ne furent pas les armées, mais bien celles de Hitler.")
    finding.refresh_from_db()
    assert finding.dismissed and finding.dismissed_by == editor
    translation_save(segment=segment, language="fr", text="En 1914, ce ne furent pas les armées, mais celles de Hitler.")
    finding.refresh_from_db()
    assert not finding.dismissed and "1914" in finding.message  # a different problem shows again


def test_dismissing_needs_a_reason_and_a_reviewer_of_the_language(essay):
    checks_run_document(document=essay, languages=[])
    source_finding = CheckFinding.objects.get(language="")
    segment = seg(essay, "d71972e4")
    translation_save(segment=segment, language="de", text="Fünfundzwanzig Prozent und 1.9 Prozent.")
    german = CheckFinding.objects.get(segment=segment, language="de", check_id="numbers")
    translator = user_in("tina", "translator-de")
    reviewer_fr = user_in("rene", "reviewer-fr")
    reviewer_de = user_in("rita", "reviewer-de")
    editor = user_in("edgar", "editor")
    for user in (translator, reviewer_fr):
        with pytest.raises(PermissionDenied):
            finding_dismiss(finding=german, user=user, reason="fine")
    with pytest.raises(ValidationError):
        finding_dismiss(finding=german, user=reviewer_de, reason="   ")
    german.refresh_from_db()
    assert not german.dismissed
    finding_dismiss(finding=german, user=reviewer_de, reason="Swiss edition")
    assert german.dismissed_reason == "Swiss edition"
    # Source findings concern every language: editors, or reviewers of every language.
    with pytest.raises(PermissionDenied):
        finding_dismiss(finding=source_finding, user=reviewer_de, reason="as published")
    finding_dismiss(finding=source_finding, user=user_in("chief", "reviewer"), reason="as published")
    finding_dismiss(finding=source_finding, user=editor, reason="The printed edition has it so.")
    finding_restore(finding=source_finding, user=editor)
    source_finding.refresh_from_db()
    assert not source_finding.dismissed


def test_findings_for_reads_a_document_in_one_query(essay_with_samples, django_assert_num_queries):
    for key in ("d71972e4", "02b84e11", "0399b0db"):
        segment = seg(essay_with_samples, key)
        translation_save(segment=segment, language="de", text=segment.text_in("de").replace("1", "7") + "  x")
    checks_run_document(document=essay_with_samples, languages=["de"])
    from translations.checks import registry

    registry.all_checks()
    with django_assert_num_queries(1):
        by_segment = findings_for(essay_with_samples, "de")
    assert len(by_segment) == 4  # three broken German segments and the source finding
    errors_first = by_segment[seg(essay_with_samples, "d71972e4").pk]
    assert [f.severity for f in errors_first] == sorted(f.severity for f in errors_first)  # "error" < "warning"
    assert finding_counts(essay_with_samples, "de")["error"] >= 3


def test_checks_deferred_runs_each_block_once_at_the_end(essay):
    segments = list(Segment.objects.filter(document=essay, block__position=17).select_related("document", "block"))
    with checks_deferred():
        for segment in segments:
            translation_save(segment=segment, language="de", text=segment.source_text)
        assert not CheckFinding.objects.filter(language="de").exists()  # (the import found the source's)
    assert CheckFinding.objects.filter(language="de", check_id="same").count() == len(segments)


def test_check_translations_prints_findings_and_exits_1_on_errors(essay_with_samples, capsys):
    # call_command, not run_from_argv: the latter closes the database
    # connection, which ends the test's transaction on PostgreSQL. The
    # CommandError carries the exit status manage.py exits with.
    with pytest.raises(CommandError) as failure:
        call_command("check_translations", "essay", "--lang", "de", verbosity=0)
    assert failure.value.returncode == 1
    assert "1 error-level finding in essay" in str(failure.value)
    out, _err = capsys.readouterr()
    assert f"{TROTSKY} [source] error source_unbalanced_quotes" in out
    assert "source: 1 error, 0 warnings, 0 dismissed" in out and "de: 0 errors, 0 warnings" in out

    finding_dismiss(
        finding=CheckFinding.objects.get(language=""),
        user=User.objects.create_superuser("root", "", "x"),
        reason="The quotation is left open in the printed essay.",
    )
    call_command("check_translations", "essay", "--lang", "de", verbosity=0)  # no error: exit status 0
    assert "essay: no error-level findings" in capsys.readouterr().out


def test_check_translations_refuses_unknown_documents_and_languages(essay):
    with pytest.raises(CommandError, match="no document 'nope'"):
        call_command("check_translations", "nope")
    with pytest.raises(CommandError, match="Unknown language 'xx'"):
        call_command("check_translations", "essay", "--lang", "xx")
