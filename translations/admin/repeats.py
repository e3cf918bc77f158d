"""The document list's "Pretranslate from memory" action (``services.repeats.memory_pretranslate``).

Each selected document is filled in every target language the user may
translate; the counts come back as a message per language that got
something, and one line naming the languages that did not.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..permissions import can_translate
from ..services.repeats import memory_pretranslate


class PretranslateActionMixin:
    actions = ["pretranslate_from_memory"]

    @admin.action(description=_("Pretranslate from memory (exact matches, as needs review)"))
    def pretranslate_from_memory(self, request, queryset):
        for document in queryset:
            unfilled = []
            for code in document.target_languages:
                if can_translate(request.user, code):
                    report = memory_pretranslate(document=document, language=code, user=request.user)
                    if report.filled:
                        self.message_user(request, report.summary(), messages.SUCCESS)
                    else:
                        unfilled.append(code)
            if unfilled:
                self.message_user(
                    request,
                    gettext("%(document)s: nothing to fill from the memory in %(languages)s")
                    % {"document": document.slug, "languages": ", ".join(unfilled)},
                    messages.INFO,
                )
