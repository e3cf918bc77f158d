"""The "alignment" job: align an uploaded translation to a document and store it as drafts.

The uploaded file (``.txt`` or ``.md``) is ``job.input``; params ``language``
and ``force`` (also replace approved translations; reviewers only), as
``manage.py align_translation``. The result links to the alignment map.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..align import work_total
from ..parsing import SourceFormatError
from ..permissions import can_align_translation
from ..selectors import active_segments
from ..services.aligned_import import target_sentences_read, translation_align_import
from . import JobResult, job_kind


@job_kind("alignment", label=gettext_lazy("automatic alignment"), permission=can_align_translation)
def alignment(job, progress):
    document, language, path = job.document, job.params["language"], job.input.path
    progress(0, 0, _("Reading %(file)s") % {"file": job.input_name})
    try:
        total = work_total(active_segments(document).count(), len(target_sentences_read(path=path, language=language)))
        done = 0

        def tick(steps: int = 1) -> None:
            nonlocal done
            done += steps
            progress(min(done, total), total, _("Aligning"))

        report = translation_align_import(
            document=document,
            language=language,
            path=path,
            user=job.created_by,
            force=bool(job.params.get("force")),
            progress=tick,
        )
    except SourceFormatError as error:
        # Name the file as the user uploaded it, not where the job keeps it.
        raise SourceFormatError(error.reason, path=job.input_name, line=error.line) from None
    return JobResult(
        summary=report.summary(), url=reverse("admin:translations_alignmentrun_change", args=[report.run.pk])
    )
