"""Reading plain text and Markdown into blocks; the essay fixture."""

import pytest

from translations.models import BlockKind
from translations.parsing import SourceFormatError, parse_text, read_blocks
from translations.services.samples import ESSAY_PATH, FIXTURES


def test_essay_fixture_has_22_blocks_with_three_quotations_and_two_attributions():
    blocks = read_blocks(ESSAY_PATH)
    kinds = [block.kind for block in blocks]
    assert len(blocks) == 22
    assert kinds.count(BlockKind.QUOTATION) == 3
    assert kinds.count(BlockKind.ATTRIBUTION) == 2
    quotations = [block.text for block in blocks if block.kind == BlockKind.QUOTATION]
    assert quotations[0].startswith("…this development of productive forces")
    assert quotations[1].startswith("The members of the kolkhoz")
    assert quotations[2].startswith("They are squeezing us")
    attributions = [block.text for block in blocks if block.kind == BlockKind.ATTRIBUTION]
    assert attributions == ["The German Ideology", "Quoted by Serge,\xa0From Lenin to Stalin"]


def test_essay_markup_changes_no_word_of_the_authors_text():
    original = (FIXTURES / "essay.en.txt").read_text(encoding="utf-8")
    blocks = read_blocks(ESSAY_PATH)
    assert "\n\n".join(block.text for block in blocks) == original.strip()


def test_markdown_kinds():
    text = "# A title\n\nFirst line\nwrapped.\n\n> Quoted\n> on two lines.\n>\n> Second quote.\n\n-- Someone\n\n- one\n- two\n"
    blocks = parse_text(text, markdown=True)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.HEADING, "A title"),
        (BlockKind.PARAGRAPH, "First line wrapped."),
        (BlockKind.QUOTATION, "Quoted on two lines."),
        (BlockKind.QUOTATION, "Second quote."),
        (BlockKind.ATTRIBUTION, "Someone"),
        (BlockKind.LIST_ITEM, "one"),
        (BlockKind.LIST_ITEM, "two"),
    ]
    assert [b.line for b in blocks] == [1, 3, 6, 9, 11, 13, 14]


def test_plain_text_ignores_markdown_markers():
    blocks = parse_text("# not a heading\n\n> not a quote\n", markdown=False)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.PARAGRAPH, "# not a heading"),
        (BlockKind.PARAGRAPH, "> not a quote"),
    ]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"  \n\n \n", "the file is empty"),
        ("binary.txt", b"PK\x03\x04\x00\x00binary", "binary file"),
        ("latin1.txt", "First line\nCaf\xe9 au lait\n".encode("latin-1"), "not valid UTF-8"),
        ("essay.docx", b"Some text", "unknown file type '.docx'"),
    ],
)
def test_bad_files_are_refused_with_file_and_reason(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceFormatError) as caught:
        read_blocks(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_non_utf8_error_names_the_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("First line\nCaf\xe9 au lait\n".encode("latin-1"))
    with pytest.raises(SourceFormatError, match=r"line 2: not valid UTF-8"):
        read_blocks(path)


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("word " * 100)
    with pytest.raises(SourceFormatError, match="the limit is 100"):
        read_blocks(path, max_bytes=100)
