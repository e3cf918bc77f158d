"""The HTML edition: standalone, escaped, both layouts, language-tagged, readable on a phone."""

import re
from html.parser import HTMLParser

import pytest

from tests.editions_support import ARABIC, segments_of, translate_first
from translations.editions import edition_build
from translations.editions.html import edition_html, spreads_estimate


def render(document, languages, layout) -> str:
    document.refresh_from_db()
    return edition_html(edition_build(document=document, languages=languages, layout=layout))


class Cells(HTMLParser):
    """Collects the text of every element that carries a lang attribute, by language."""

    def __init__(self):
        super().__init__()
        self.stack: list[str | None] = []
        self.text: dict[str, str] = {}
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag in ("meta", "br", "link"):
            return
        self.stack.append(attrs.get("lang") or (self.stack[-1] if self.stack else None))

    def handle_endtag(self, tag):
        if tag not in ("meta", "br", "link"):
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            self.text[self.stack[-1]] = self.text.get(self.stack[-1], "") + data


def parse(html: str) -> Cells:
    parser = Cells()
    parser.feed(html)
    return parser


def test_columns_html_has_every_sentence_in_its_language_in_order(essay_with_samples):
    html = render(essay_with_samples, ["de"], "columns")
    cells = parse(html)
    segments = segments_of(essay_with_samples)
    for code, texts in (("en", [s.source_text for s in segments]), ("de", [s.text_in("de") for s in segments])):
        flat = re.sub(r"\s+", " ", cells.text[code])
        texts = [re.sub(r"\s+", " ", text) for text in texts]
        positions = [flat.find(text) for text in texts]
        missing = [text for text, at in zip(texts, positions) if at < 0]
        assert not missing and positions == sorted(positions), (code, missing)
    assert '<html lang="en" dir="ltr">' in html
    assert html.count('class="row kind-') == 22
    assert "Die Sowjetunion: Rückständigkeit und Bürokratie" in html
    assert "Draft translation" in html
    # Standalone: no scripts, no stylesheets or images from elsewhere.
    assert not any(tag in ("script", "link", "img") for tag, _attrs in cells.tags)


def test_facing_html_pairs_source_pages_with_translation_pages(essay_with_samples):
    html = render(essay_with_samples, ["ru"], "facing")
    spreads = re.findall(
        r'<div class="page verso text" lang="en" dir="ltr">(.*?)</div>\s*'
        r'<div class="page recto text" lang="ru" dir="ltr">(.*?)</div>\s*</section>',
        html,
        re.S,
    )
    assert len(spreads) >= 3
    segments = segments_of(essay_with_samples)
    for segment in segments:
        where = [i for i, (verso, recto) in enumerate(spreads) if segment.source_text in verso]
        assert len(where) == 1
        assert segment.text_in("ru") in spreads[where[0]][1]


def test_arabic_cells_are_right_to_left(essay):
    translate_first(essay, "ar", ARABIC)
    html = render(essay, ["ar"], "columns")
    assert html.count('lang="ar" dir="rtl"') >= 22
    assert ARABIC[0] in html


def test_document_text_is_escaped(essay):
    translate_first(essay, "de", ['<script>alert("x")</script> & <b>fett</b>'])
    essay.title_de = '<img src=x onerror="alert(1)">'
    essay.save()
    html = render(essay, ["de"], "columns")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;fett&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_untranslated_segments_show_one_marker_per_run_never_the_source(essay):
    translate_first(essay, "de", ["Erster Satz."])
    html = render(essay, ["de"], "columns")
    german = parse(html).text["de"]
    assert "Erster Satz." in german
    assert "The Soviet Union" not in german and "Even basic necessities" not in german
    # Block 1: its second segment is untranslated (one marker); blocks 2-22: one marker each, however many segments.
    assert german.count("[nicht übersetzt]") == 22  # the marker in the column's language


def test_facing_spreads_split_a_long_block_at_a_segment_boundary(essay_with_samples):
    edition = edition_build(document=essay_with_samples, languages=["de"], layout="facing")
    spreads = spreads_estimate(edition, page_units=400)
    pieces = [(row.cells[0].segments, row.cells[1].segments) for spread in spreads for row in spread.rows]
    # Every segment once, in order, on the same spread as its translation.
    flat_source = [text for source, _target in pieces for text, _missing in source]
    assert flat_source == [text for block in edition.blocks for text in block.texts[0]]
    assert all(len(source) == len(target) for source, target in pieces)
    assert len(pieces) > len(edition.blocks), "some blocks should have been split"


@pytest.mark.browser
@pytest.mark.parametrize("layout", ["columns", "facing"])
def test_html_edition_reads_on_a_phone_and_side_by_side_on_a_desktop(
    essay_with_samples, chromium, tmp_path, artifacts_dir, layout
):
    path = tmp_path / f"edition-{layout}.html"
    path.write_text(render(essay_with_samples, ["de"], layout), encoding="utf-8")
    selector = ".row:not(.head) > .text" if layout == "columns" else ".spread > .page"
    for width, height in ((1280, 900), (390, 844)):
        context = chromium.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(path.as_uri())
        page.screenshot(path=f"{artifacts_dir}/edition-{layout}-{width}.png")
        assert page.evaluate("document.scrollingElement.scrollWidth") <= width, "no sideways scrolling"
        first, second = (page.locator(selector).nth(i).bounding_box() for i in (0, 1))
        if width > 1000:
            assert abs(first["y"] - second["y"]) < 1 and second["x"] > first["x"] + first["width"]
        else:
            assert second["y"] >= first["y"] + first["height"], "stacked on a phone"
            assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('p')).fontSize)") >= 14
        context.close()
