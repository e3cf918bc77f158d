"""Every URL pattern of the URLconf as a concrete URL, for the access tests.

``endpoints()`` walks the resolver (includes, namespaces, admin sites), fills
each pattern's parameters with values that exist in the database and checks
that the URL resolves back to the same view. A new view is therefore covered
by the anonymous, CSRF and per-language tests without touching them. When a
parameter cannot be filled, ``endpoints()`` fails and names it: add a sample
to ``SAMPLES`` (a list of candidate values) rather than skipping the view.
"""

import itertools
from dataclasses import dataclass

from django.urls import URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize


@dataclass(frozen=True)
class Endpoint:
    url: str
    pattern: str  # the full regex, to name the endpoint in failures
    callback: object

    def __str__(self) -> str:
        return f"{self.url} ({self.pattern})"


def _patterns(patterns, prefix: str = ""):
    for pattern in patterns:
        regex = prefix + pattern.pattern.regex.pattern
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, regex)
        else:
            yield regex, pattern.callback


def _model_of(callback):
    model_admin = getattr(callback, "model_admin", None)
    if model_admin is not None:
        return model_admin.model
    view_class = getattr(callback, "view_class", None)
    return getattr(view_class, "model", None)


def _first_pk(model) -> list[str]:
    pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
    return [] if pk is None else [str(pk)]


def samples(parameter: str, callback, language: str) -> list[str]:
    """Candidate values for ``parameter`` of ``callback``'s pattern, best first."""
    from django.contrib.auth.models import User
    from django.contrib.contenttypes.models import ContentType

    from translations.models import Block, Document, Segment, Translation, TranslationChange

    model = _model_of(callback)
    if parameter in {"object_id", "pk", "id"} and model is not None:
        # An id that does not exist still reaches the view (and its access checks).
        return _first_pk(model) or ["1"]
    by_name = {
        "app_label": ["translations", "auth"],
        "content_type_id": [str(ContentType.objects.get_for_model(Segment).pk)],
        "object_id": _first_pk(Segment),
        "id": _first_pk(User),
        "pk": _first_pk(Segment) + _first_pk(Document),
        "slug": list(Document.objects.order_by("pk").values_list("slug", flat=True)[:1]),
        "document": _first_pk(Document) + list(Document.objects.values_list("slug", flat=True)[:1]),
        "document_id": _first_pk(Document),
        "block_id": _first_pk(Block),
        "segment": _first_pk(Segment),
        "segment_id": _first_pk(Segment),
        "translation_id": _first_pk(Translation),
        "change_id": _first_pk(TranslationChange),
        "language": [language],
        "lang": [language],
        "code": [language],
        "target": [language],
        "url": ["no-such-page/"],
    }
    fallback = _first_pk(Segment) + _first_pk(Document) + [language, "1"]
    return by_name.get(parameter, fallback) or fallback


def endpoints(*, language: str = "fr") -> list[Endpoint]:
    """Every view in the URLconf, reachable with real object ids (needs data in the database)."""
    found = []
    for regex, callback in _patterns(get_resolver().url_patterns):
        template, parameters = normalize(regex)[0]
        candidates = [samples(parameter, callback, language) for parameter in parameters]
        for values in itertools.islice(itertools.product(*candidates), 50):
            url = "/" + template % dict(zip(parameters, values))
            try:
                match = resolve(url)
            except Resolver404:
                continue
            if match.func == callback:
                found.append(Endpoint(url, regex, callback))
                break
        else:
            raise AssertionError(
                f"cannot build a URL for {regex} from {dict(zip(parameters, candidates))}: "
                "add sample values for its parameters to tests/endpoints.py"
            )
    return found
