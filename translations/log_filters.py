"""Logging filters: expected refusals are one line, not a traceback.

Django logs a 403 (``PermissionDenied``) and a 404 with the exception
attached, so the console shows a full traceback whenever a translator opens
another language or a link is stale: noise that hides real errors.
``ExpectedRefusals`` keeps the one-line warning ("Forbidden (Permission
denied): /review/…") and drops the traceback of those responses; a 500 keeps
its traceback.
"""

import logging

EXPECTED_STATUS = frozenset({400, 403, 404, 405})


class ExpectedRefusals(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED_STATUS:
            record.exc_info = None
            record.exc_text = None
        return True
