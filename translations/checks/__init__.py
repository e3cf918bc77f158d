"""Quality checks: one small class per check, a registry configured in settings.

A check is a class with ``check_id``, ``name``, ``description``, ``severity``
and one method (see ``base``). ``WORKBENCH_CHECKS`` in the settings lists the
checks to run as dotted paths; ``registry`` imports them on first use, keyed by
id. ``services.checks`` runs them and stores ``CheckFinding`` rows.
"""

from .base import BlockCheck, Check, SourceCheck, TargetCheck, Unit  # noqa: F401
