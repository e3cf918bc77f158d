"""Case-insensitive text search in the database, for every script.

``text_contains_q(fields, query)`` is a ``Q`` that holds where any of
``fields`` contains ``query`` ignoring case. PostgreSQL's ``UPPER`` (what
``icontains`` uses) knows Unicode; SQLite's ``LIKE`` and ``upper()`` fold
ASCII only, so on SQLite both sides go through ``wb_casefold``, Python's
``str.casefold`` registered as a deterministic SQL function on every new
connection (``register_sqlite_functions``, connected in ``apps.py``): "ß"
finds "SS", "Д" finds "д".
"""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import F, Func, Q, TextField
from django.db.models.lookups import Contains

SQLITE_CASEFOLD = "wb_casefold"


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: give SQLite connections ``wb_casefold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_CASEFOLD, 1, _casefold, deterministic=True)


class Casefold(Func):
    function = SQLITE_CASEFOLD
    output_field = TextField()


def text_contains_q(fields: list[str], query: str) -> Q:
    """Rows where any of ``fields`` contains ``query``, ignoring case in any script."""
    if connection.vendor == "sqlite":
        folded = query.casefold()
        conditions = [Q(Contains(Casefold(F(name)), folded)) for name in fields]
    else:
        conditions = [Q(**{name + "__icontains": query}) for name in fields]
    return reduce(or_, conditions)
