"""Inserting many new objects at once: PostgreSQL's COPY, else `bulk_create`.

Why not `bulk_create` everywhere: for a 100,000-row ledger it spent more time than the rest
of the import building its INSERT statements — Django's compiler preparing every value as an
expression, then psycopg merging the parameters into the statement text on the client. COPY
streams the same values and lets the server parse them. What `bulk_create` does around the
statement is kept: `pre_save` of each field (auto_now timestamps), each field's own
`get_db_prep_save` (encryption, code normalisation, JSON), new primary keys set on the objects,
and the values the database computes (db_default, generated fields) read back onto them. Like
`bulk_create`, `save()` and signals are not called.
"""

from __future__ import annotations

from django.db import connections, router
from django.db.models import Value
from django.db.models.expressions import DatabaseDefault

COPY_BATCH = 20_000  # objects per COPY; also bounds the id list read back


def insert(objs: list, *, returning: bool = True) -> None:
    """INSERT `objs` (new instances of one model). With `returning`, each gets its primary
    key and the database-computed fields, as after `bulk_create`."""
    if not objs:
        return
    model = type(objs[0])
    alias = router.db_for_write(model)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        if connection.features.can_return_rows_from_bulk_insert or not returning:
            model._base_manager.using(alias).bulk_create(objs, batch_size=500)
        else:
            for obj in objs:
                obj.save(using=alias)
        return
    for start in range(0, len(objs), COPY_BATCH):
        _copy(model, objs[start:start + COPY_BATCH], connection, alias, returning)


def _copy(model, objs: list, connection, alias: str, returning: bool) -> None:
    opts = model._meta
    pk = opts.pk
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if returning:
            missing = [obj for obj in objs if obj.pk is None]
            if missing:
                # Keys taken from the table's own sequence (the identity column's), in order,
                # so the objects get increasing ids as from a multi-row INSERT.
                cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                               [opts.db_table, pk.column, len(missing)])
                for obj, (value,) in zip(missing, sorted(cursor.fetchall()), strict=True):
                    obj.pk = value
        fields = [f for f in opts.concrete_fields if not f.generated and (returning or not f.primary_key or objs[0].pk is not None)]
        # A column left to its database default on every object is left out; one given on
        # some objects only gets the default's value on the others (a constant, as here).
        defaults = {}
        for field in list(fields):
            if not field.has_db_default():
                continue
            unset = sum(isinstance(getattr(obj, field.attname), DatabaseDefault) for obj in objs)
            if unset == len(objs):
                fields.remove(field)
            elif unset:
                if not isinstance(field.db_default, Value):
                    raise ValueError(f"{field}: cannot COPY a computed db_default")
                defaults[field.attname] = field.db_default.value
        columns = ", ".join(qn(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = []
                for field in fields:
                    value = field.pre_save(obj, True)
                    if isinstance(value, DatabaseDefault):
                        value = defaults[field.attname]
                    row.append(field.get_db_prep_save(value, connection))
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
    if returning:
        computed = [f for f in opts.db_returning_fields if not f.primary_key]
        if computed:
            by_pk = {obj.pk: obj for obj in objs}
            names = [f.attname for f in computed]
            for pk_value, *values in model._base_manager.using(alias).filter(pk__in=list(by_pk)).values_list("pk", *names):
                obj = by_pk[pk_value]
                for name, value in zip(names, values, strict=True):
                    setattr(obj, name, value)
