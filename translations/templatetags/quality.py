"""``{% load quality %}``: glossary highlighting and findings lookup for templates.

- ``{{ segment.source_text|glossary_highlight:terms }}``: the text, escaped, with
  glossary terms in ``<mark class="wb-term" title="agreed translation">``.
- ``{{ findings|for_segment:segment }}``: one segment's list from ``findings_for``.
- ``{% glossary_terms_in text terms as matched %}``: the terms occurring in ``text``.
- ``{{ finding.check_id|check_name }}``: the check's name for people.
- ``dir="{{ code|text_direction }}"``: ``rtl`` or ``ltr`` for a language code, so a
  text keeps its own direction whatever the page's (Arabic inside a German page).
"""

from django import template

from .. import glossary, languages
from ..checks import registry

register = template.Library()


@register.filter
def glossary_highlight(text, terms):
    return glossary.highlight(text or "", terms or [])


@register.filter
def for_segment(findings_by_segment, segment):
    return (findings_by_segment or {}).get(getattr(segment, "pk", segment), [])


@register.filter
def check_name(check_id):
    return registry.check_name(check_id or "")


@register.filter
def text_direction(code):
    return languages.direction(code or "")


@register.simple_tag
def glossary_terms_in(text, terms):
    return list({id(match.term): match.term for match in glossary.terms_in(text or "", terms or [])}.values())
