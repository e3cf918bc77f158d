"""Aligned imports in the admin: the alignment map and the beads to check."""

import base64

from django.contrib import admin
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .. import languages
from ..models import AlignmentRun
from ..services.aligned_import import LOW_CONFIDENCE


@admin.display(description=_("aligned imports"))
def alignment_links(document):
    """The latest aligned import of each language, linked to its map; one query (the maps are not read)."""
    if document.pk is None:
        return "—"
    latest: dict[str, AlignmentRun] = {}
    for run in AlignmentRun.objects.filter(document=document).only("id", "language", "source_name", "created_at"):
        latest.setdefault(run.language, run)  # newest first (Meta.ordering)
    if not latest:
        return _("none")
    return format_html(
        '<ul class="wb-alignment-links">{}</ul>',
        format_html_join(
            "",
            '<li>{}: <a href="{}" class="wb-alignment-link">{}</a> ({})</li>',
            (
                (languages.name(code), reverse("admin:translations_alignmentrun_change", args=[run.pk]),
                 run.source_name, formats.date_format(run.created_at, "SHORT_DATETIME_FORMAT"))
                for code, run in sorted(latest.items())
            ),
        ),
    )


@admin.register(AlignmentRun)
class AlignmentRunAdmin(admin.ModelAdmin):
    list_display = ("document", "language", "source_name", "method", "source_count", "target_count",
                    "low_confidence", "created_at")
    list_filter = ("document", "language")
    fields = ("document", "language", "source_name", "method", "source_count", "target_count", "low_confidence",
              "duration", "created_by", "created_at", "alignment_map", "beads_to_check")
    readonly_fields = fields

    # A record of what the aligner did: read-only. Fixing an alignment happens
    # on the review page, segment by segment.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("time"))
    def duration(self, obj):
        return f"{obj.seconds:.1f} s"

    @admin.display(description=_("alignment map"))
    def alignment_map(self, obj):
        if not obj.map_png:
            return "—"
        data = base64.b64encode(bytes(obj.map_png)).decode("ascii")
        return format_html(
            '<figure class="wb-alignment-map"><img src="data:image/png;base64,{}" alt="{}" '
            'style="max-width:100%;image-rendering:pixelated;border:1px solid #ccc">'
            "<figcaption>{}</figcaption></figure>",
            data,
            _("Similarity of every source sentence (rows) with every target sentence (columns)"),
            _("Dark cells are similar sentences; the chosen path is drawn in green, "
              "low-confidence beads in red."),
        )

    @admin.display(description=_("doubtful beads"))
    def beads_to_check(self, obj):
        rows = [bead for bead in obj.beads if bead[2] < LOW_CONFIDENCE]
        if not rows:
            return _("none")
        sentences = obj.target_sentences
        return format_html(
            '<table class="wb-beads"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            _("source"), _("target"), _("confidence"), _("translation"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        str(src) + (f" ({key})" if key else ""),
                        str(tgt),
                        f"{confidence:.2f}",
                        " ".join(sentences[j] for j in tgt if j < len(sentences)),
                    )
                    for src, tgt, confidence, key in rows
                ),
            ),
        )
