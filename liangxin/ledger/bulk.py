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

import datetime
from decimal import Decimal

from django.db import connections, models, router
from django.db.models import F, Q, Value
from django.db.models.expressions import DatabaseDefault
from django.db.models.lookups import Lookup
from django.utils import timezone

from liangxin.core.fields import CodeField

COPY_BATCH = 20_000  # objects per COPY; also bounds the id list read back

# Values the COPY stream takes as they are. For these classes of Django's (exactly: not a
# subclass such as a code or encrypted field) and these types of value, get_db_prep_save
# returns the value itself or a typed wrapper of it with the same text (tests check it), and
# calling it through its four layers was a fifth of the import's time.
_STR, _INT = (str,), (int,)
_CODE = (str,)  # CodeField: a str copied as it is only when already normalized (_normalized_code)
AS_IS: dict[type, tuple[type, ...]] = {
    models.CharField: _STR, models.TextField: _STR, models.SlugField: _STR, models.EmailField: _STR,
    models.BooleanField: (bool,), models.IntegerField: _INT, models.BigIntegerField: _INT,
    models.SmallIntegerField: _INT, models.PositiveIntegerField: _INT, models.PositiveSmallIntegerField: _INT,
    models.AutoField: _INT, models.BigAutoField: _INT, models.ForeignKey: _INT,
    models.DateField: (datetime.date,), models.DecimalField: (Decimal,),
}


def _normalized_code(value) -> bool:
    """Whether CodeField would store this value unchanged: half-width letters and digits in
    upper case only (NFKC leaves ASCII alone; nothing to strip or upper). Credit codes cleaned
    by the form all are; preparing each again (NFKC, a regex, upper) was 2 s of 100,000 rows."""
    return value.__class__ is str and value.isascii() and value.isalnum() and value.upper() == value


def prep_value(field):
    """`field.get_prep_value`, with CodeField's normalization skipped where it changes nothing."""
    prep = field.get_prep_value
    if type(field) is not CodeField:
        return prep
    return lambda value: value if _normalized_code(value) else prep(value)


def _plain_pre_save(field) -> bool:
    """Whether the field's pre_save only reads the attribute (no auto_now timestamp)."""
    pre_save = type(field).pre_save
    if pre_save is models.Field.pre_save:
        return True
    return pre_save in (models.DateField.pre_save, models.DateTimeField.pre_save) and not (field.auto_now or field.auto_now_add)


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
        # Per column: read the attribute directly unless the field's pre_save does more (auto_now).
        # auto_now / auto_now_add: one timestamp for the whole batch (what each pre_save would
        # set a few microseconds apart), prepared once instead of once per object.
        stamp = timezone.now()
        stamp_value = models.DateTimeField().get_db_prep_save(stamp, connection)
        plan = [(field, field.attname, _plain_pre_save(field), _CODE if type(field) is CodeField else AS_IS.get(type(field), ()),
                 bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)))
                for field in fields]
        with cursor.cursor.copy(f"COPY {qn(opts.db_table)} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                row = []
                for field, attname, plain, as_is, stamped in plan:
                    if stamped:
                        setattr(obj, attname, stamp)
                        row.append(stamp_value)
                        continue
                    value = getattr(obj, attname) if plain else field.pre_save(obj, True)
                    if as_is and (value is None or value.__class__ in as_is) and (
                            as_is is not _CODE or value is None or _normalized_code(value)):
                        row.append(value)
                        continue
                    if isinstance(value, DatabaseDefault):
                        value = defaults[attname]
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
            for pk_value, *values in model._base_manager.using(alias).filter(any_of(model, "pk", by_pk)).values_list("pk", *names):
                obj = by_pk[pk_value]
                for name, value in zip(names, values, strict=True):
                    setattr(obj, name, value)


class _AnyOf(Lookup):
    """`column = ANY(%s)` with the values as one array parameter (not registered on any field:
    built by `any_of` only)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, self.rhs]


def any_of(model, name: str, values) -> Q | Lookup:
    """The filter `name__in=values`, for the thousands of values of a chunk: on PostgreSQL one
    array parameter, since an IN list of that size took longer to build and bind (Django
    preparing each value, psycopg splitting the statement at each placeholder) than to run.
    Each value is prepared by the field as `__in` would."""
    values = list(values)
    if connections[router.db_for_read(model)].vendor != "postgresql":
        return Q(**{f"{name}__in": values})
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    target = getattr(field, "target_field", field)
    prep = prep_value(target)
    return _AnyOf(F(name), [prep(value) for value in values])
