"""PO files are written as GNU gettext writes them: ``msgcat FILE`` changes nothing.

Poedit and msgmerge rewrite a file in gettext's layout; when ours differs,
every round trip is a diff of rewrapped lines. The property test feeds random
texts (long lines, escapes, plural forms, Cyrillic, Arabic, CJK, hyphens and
slashes, where Unicode line breaking allows breaks) through the exporter's
writer and compares with gettext's own output.
"""

import subprocess

import polib
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import require_program
from tests.formats_support import export
from translations.exporters.gettext_format import catalog_text, string_lines

ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCXYZäöüßé0123456789"
    "        .,;:!?-–—/()[]«»„“”'…%&*+="
    '"\\\n\t'
    "абвгдежзийклмнопрстуЖЩЯ"
    "ابتثجحخدذرسشصضطظعغفقكلمنهوي،؛"
    "中文日本語漢字翻訳。、，！？（）「」"
)
texts = st.text(alphabet=ALPHABET, min_size=1, max_size=240)


def msgcat(text: str, tmp_path) -> subprocess.CompletedProcess:
    path = tmp_path / "catalog.po"
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        [require_program("msgcat", "gettext"), str(path)], capture_output=True, text=True, encoding="utf-8"
    )


def catalog_of(pairs, plural_pairs=()) -> polib.POFile:
    catalog = polib.POFile(encoding="utf-8")
    catalog.header = "A header comment\nover two lines"
    catalog.metadata = {
        "Project-Id-Version": "test 1",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
        "X-Document-Title": "A title long enough that the header line holding it wraps at the page width",
    }
    for number, (source, target) in enumerate(pairs):
        catalog.append(
            polib.POEntry(
                msgctxt=f"key{number}",
                msgid=source,
                msgstr=target,
                comment="paragraph",
                occurrences=[("essay:block-5", "")],
                flags=["fuzzy"] if number % 2 else [],
            )
        )
    for number, (singular, plural, forms) in enumerate(plural_pairs):
        catalog.append(
            polib.POEntry(
                msgctxt=f"plural{number}", msgid=singular, msgid_plural=plural, msgstr_plural=dict(enumerate(forms))
            )
        )
    return catalog


def same_ending(source: str, target: str) -> str:
    """gettext refuses a msgstr that ends in a newline when its msgid does not (and the reverse)."""
    target = target.rstrip("\n")
    return target + "\n" if source.endswith("\n") else target


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pairs=st.lists(st.tuples(texts, texts), min_size=1, max_size=6),
    plurals=st.lists(st.tuples(texts, texts, st.lists(texts, min_size=2, max_size=2)), max_size=2),
)
def test_any_catalog_is_written_exactly_as_msgcat_writes_it(pairs, plurals, tmp_path):
    pairs = [(source, same_ending(source, target)) for source, target in pairs]
    plurals = [(one, same_ending(one, many), [same_ending(one, form) for form in forms]) for one, many, forms in plurals]
    text = catalog_text(catalog_of(pairs, plurals))
    result = msgcat(text, tmp_path)
    assert result.returncode == 0, result.stderr
    assert text == result.stdout


def test_long_lines_break_after_the_space_within_79_columns():
    sentence = "The bureaucracy " * 12
    lines = string_lines("msgid", sentence.strip())
    assert lines[0] == 'msgid ""'
    assert all(len(line) <= 79 for line in lines)
    # The space stays at the end of the line, as gettext writes it (polib put it at the start of the next).
    assert all(line.endswith(' "') for line in lines[1:-1])


def test_wide_characters_take_two_columns():
    lines = string_lines("msgstr", "中" * 60)
    # 77 columns between the quotes hold 38 ideographs, not 77.
    assert [len(line) for line in lines[1:]] == [40, 24]


def test_the_exported_german_essay_is_unchanged_by_msgcat(essay_with_samples, tmp_path):
    data = export(essay_with_samples, "po", "de").decode("utf-8")
    result = msgcat(data, tmp_path)
    assert result.returncode == 0, result.stderr
    assert data == result.stdout


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcdefghij ABC", min_size=1, max_size=300))
def test_without_libunistring_text_that_breaks_only_at_spaces_wraps_the_same(text):
    from translations.exporters import gettext_format

    data = text.encode()
    overrides = gettext_format._overrides(data)
    assert gettext_format._fallback_breaks(data, overrides, 77, 6) == gettext_format._line_breaks(
        data, bytes(overrides), 77, 6
    )
