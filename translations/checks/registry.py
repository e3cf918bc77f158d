"""The checks configured in ``settings.WORKBENCH_CHECKS``, loaded on first use.

``WORKBENCH_CHECKS`` is a list of dotted paths to check classes. They are
imported lazily (importing this module is cheap and free of cycles), keyed by
``check_id``, and re-read when a test overrides the setting. A path that does
not import, a class without an id, or two checks with one id raise
``ImproperlyConfigured`` naming the setting.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from .base import Check

_checks: dict[str, Check] | None = None


class UnknownCheck(KeyError):
    pass


def _load() -> dict[str, Check]:
    loaded: dict[str, Check] = {}
    for path in getattr(settings, "WORKBENCH_CHECKS", []):
        try:
            cls = import_string(path)
        except ImportError as error:
            raise ImproperlyConfigured(f"WORKBENCH_CHECKS: cannot import {path!r}: {error}") from error
        if not (isinstance(cls, type) and issubclass(cls, Check)) or not cls.check_id:
            raise ImproperlyConfigured(f"WORKBENCH_CHECKS: {path!r} is not a check class with a check_id")
        if cls.check_id in loaded:
            raise ImproperlyConfigured(
                f"WORKBENCH_CHECKS: {path!r} reuses the id {cls.check_id!r} of {type(loaded[cls.check_id]).__name__}"
            )
        loaded[cls.check_id] = cls()
    return loaded


def all_checks() -> dict[str, Check]:
    """Every configured check, by id, in the order of the setting."""
    global _checks
    if _checks is None:
        _checks = _load()
    return _checks


def source_checks() -> list[Check]:
    return [check for check in all_checks().values() if check.source]


def target_checks() -> list[Check]:
    return [check for check in all_checks().values() if not check.source]


def check_name(check_id: str) -> str:
    """The check's name for people, or its id when the check is no longer configured."""
    check = all_checks().get(check_id)
    return str(check.name) if check else check_id


def get(check_id: str) -> Check:
    try:
        return all_checks()[check_id]
    except KeyError:
        raise UnknownCheck(f"unknown check {check_id!r}; configured: {', '.join(all_checks())}") from None


@receiver(setting_changed)
def _reset(*, setting, **kwargs):
    global _checks
    if setting == "WORKBENCH_CHECKS":
        _checks = None
