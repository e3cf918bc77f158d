"""Writing many rows' columns at once: ``rows_update(objects, fields)``.

Django's ``bulk_update`` builds one ``CASE WHEN pk = … THEN …`` expression per
row and field and resolves each through the ORM: for 12,000 segments that
was most of an aligned import's storing time (20 s of 40). ``rows_update``
sends the same change as one parameterised ``UPDATE … WHERE pk = %s``
through ``executemany``, which both SQLite and psycopg run in one round of
the driver, with the values prepared by the fields themselves
(``get_db_prep_save``), so dates, foreign keys and booleans are written as
``save()`` would write them. No signals, no ``auto_now``: as ``bulk_update``.
"""

from collections.abc import Iterable

from django.db import connections, router
from django.db.models import Model


def rows_update(objects: Iterable[Model], fields: list[str]) -> int:
    """Write ``fields`` of every object (all of one model) to its row; returns how many objects."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    concrete = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in concrete)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in concrete] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
