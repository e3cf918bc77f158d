"""modeltranslation registrations (module name fixed by its autodiscovery).

``Segment.text`` becomes ``text_<lang>`` for every configured language and
``Document.title`` becomes ``title_<lang>``. Fallbacks are off in settings;
code still reads the language's own column (see ``models.Segment.text_in``).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Document, Segment


@register(Document)
class DocumentTranslationOptions(TranslationOptions):
    fields = ("title",)
    fallback_undefined = {"title": ""}


@register(Segment)
class SegmentTranslationOptions(TranslationOptions):
    fields = ("text",)
    fallback_undefined = {"text": ""}
