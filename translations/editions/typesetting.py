"""The PDF edition: an ``Edition`` as JSON, typeset by ``typst/edition.typ``.

``edition_pdf(edition) -> bytes`` checks the fonts (``FontMissing`` when a
script has none), serialises the edition with ``edition_data`` and compiles
the template with the JSON in ``sys.inputs.data``. The template only ever
places these strings as text; no document text becomes Typst markup.

The JSON (``edition_data``)::

    {"layout": "columns" | "facing",
     "draft": bool,
     "labels": {"edition": runs, "draft", "draft_short", "draft_details": [runs], "imprint": [str]},
     "languages": [{"code", "lang", "region", "dir", "hyphenate", "caps", "joiner",
                    "name", "native", "title", "fonts": [family], "untranslated"}],
     "blocks": [{"kind": "paragraph" | "heading" | …,
                 "texts": [[segment text or null, …] per language]}]}

The first language is the source; ``null`` is an untranslated segment, ``""``
one translated together with the previous segment (2:1), printed as nothing.
``runs`` is a label cut at its bidi isolates (``labels._isolate``):
``[{"text", "isolate": bool}]``; the template boxes the isolated runs instead
of printing U+2068/U+2069, which would otherwise be copied out of the PDF
with the text.
"""

import json
import re
from pathlib import Path

import typst
from django.utils.translation import gettext

from .. import languages as language_registry
from .builder import Edition, EditionError
from .fonts import fonts_for, installed_fonts
from .labels import edition_labels

TEMPLATE = Path(__file__).resolve().parent.parent / "typst" / "edition.typ"

# Typst's text.lang is ISO 639-1; a region picks regional conventions.
_TYPST_REGION = {"zh-hans": "cn", "zh-hant": "tw"}
# Typst has no hyphenation patterns for these scripts, and CJK breaks
# between characters anyway; they have no small capitals either.
_NO_HYPHENATION = {"zh-hans", "zh-hant", "ja", "ko", "ar", "fa", "he", "ur"}


class TypesettingFailed(EditionError):
    """Typst refused the template or data (a bug here, not in the document)."""


_ISOLATED = re.compile("\u2068([^\u2069]*)\u2069")


def label_runs(label: str) -> list[dict]:
    """``label`` as runs, the isolated ones (FSI … PDI) marked and without their controls."""
    runs, position = [], 0
    for match in _ISOLATED.finditer(label):
        if match.start() > position:
            runs.append({"text": label[position : match.start()], "isolate": False})
        runs.append({"text": match.group(1), "isolate": True})
        position = match.end()
    if position < len(label) or not runs:
        runs.append({"text": label[position:], "isolate": False})
    return runs


def _typst_labels(edition: Edition) -> dict:
    labels = edition_labels(edition)
    labels["edition"] = label_runs(labels["edition"])
    labels["draft_details"] = [label_runs(line) for line in labels["draft_details"]]
    return labels


def edition_data(edition: Edition, fonts: dict[str, list[str]]) -> dict:
    """The JSON-ready dictionary the Typst template reads (schema above)."""
    return {
        "layout": edition.layout,
        "draft": edition.is_draft,
        "labels": _typst_labels(edition),
        "languages": [
            {
                "code": language.code,
                "lang": language.code.split("-")[0],
                "region": _TYPST_REGION.get(language.code),
                "dir": language.direction,
                "hyphenate": language.code not in _NO_HYPHENATION,
                "caps": language.code not in _NO_HYPHENATION,
                "joiner": language_registry.sentence_separator(language.code),
                "name": language.name,
                "native": language.native_name,
                "title": language.title or (edition.document.slug if language.is_source else ""),
                "fonts": fonts[language.code],
                "untranslated": language.untranslated_label,
            }
            for language in edition.languages
        ],
        "blocks": [{"kind": block.kind, "texts": block.texts} for block in edition.blocks],
    }


def edition_fonts(edition: Edition) -> dict[str, list[str]]:
    """Font families per language; raises ``FontMissing`` before anything is typeset."""
    texts: dict[str, list[str]] = {}
    for index, language in enumerate(edition.languages):
        strings = [language.title, language.native_name, language.untranslated_label]
        strings += [text for block in edition.blocks for text in block.texts[index] if text]
        texts[language.code] = strings
    # Front matter (labels, imprint) is set in the source language's fonts.
    texts[edition.source.code] += [str(value) for value in _flatten(edition_labels(edition))]
    return fonts_for(texts)


def _flatten(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def compile_template(data_json: str) -> bytes:
    """Typst alone: the template and the JSON, with the edition fonts (the benchmark's baseline)."""
    fonts, _families = installed_fonts()
    try:
        return typst.compile(
            str(TEMPLATE),
            root=str(TEMPLATE.parent),
            font_paths=fonts,
            ignore_system_fonts=True,
            sys_inputs={"data": data_json},
        )
    except typst.TypstError as error:
        raise TypesettingFailed(
            gettext("Typst could not typeset the edition: %(message)s") % {"message": error.message}
            + f"\n{error.diagnostic}"
        ) from None


def edition_pdf(edition: Edition) -> bytes:
    fonts = edition_fonts(edition)
    data_json = json.dumps(edition_data(edition, fonts), ensure_ascii=False)
    return compile_template(data_json)


_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF Typst wrote (its page objects are not in compressed object streams)."""
    return len(_PAGE_OBJECT.findall(pdf))
