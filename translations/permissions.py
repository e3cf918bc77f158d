"""Who may do what, per language. Enforced on the server by every write path.

- A member of the group ``translator-<code>`` (e.g. ``translator-de``) may edit
  translations into that language, and only that one.
- A member of ``reviewer-<code>`` may also approve and send back in that
  language; a member of ``reviewer`` may review every language.
- An ``editor`` imports texts, edits the segmentation and publishes editions.
- Superusers may do everything.

``groups_ensure()`` creates the groups for the configured languages.
"""

from django.contrib.auth.models import Group

from . import languages

EDITOR_GROUP = "editor"
ALL_LANGUAGES_REVIEWER_GROUP = "reviewer"


def translator_group(code: str) -> str:
    return f"translator-{code}"


def reviewer_group(code: str) -> str:
    return f"reviewer-{code}"


def _group_names(user) -> set[str]:
    # Cached on the user object: a page checks many rows for one user.
    if not hasattr(user, "_workbench_groups"):
        user._workbench_groups = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
    return user._workbench_groups


def can_review(user, code: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = _group_names(user)
    return ALL_LANGUAGES_REVIEWER_GROUP in names or reviewer_group(code) in names


def can_translate(user, code: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or translator_group(code) in _group_names(user) or can_review(user, code)


def can_edit_source(user) -> bool:
    """Import texts, split and merge source segments, publish editions."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or EDITOR_GROUP in _group_names(user)


def languages_for(user) -> list[str]:
    """Target languages ``user`` may translate."""
    return [code for code in languages.codes() if can_translate(user, code)]


def groups_ensure() -> list[str]:
    """Create the workbench's groups (staff access is granted per user). Returns the names created."""
    names = [EDITOR_GROUP, ALL_LANGUAGES_REVIEWER_GROUP]
    for code in languages.codes():
        names += [translator_group(code), reviewer_group(code)]
    created = []
    for name in names:
        _group, was_created = Group.objects.get_or_create(name=name)
        if was_created:
            created.append(name)
    return created
