"""Hot list queries built through the ORM once per shape, then run with each request's values.

For the help page, building a query through the ORM costs several times what the database spends
running it: cloning querysets, resolving lookups and compiling the SQL took about 2 ms of CPU per
query, the database 0.2-0.5 ms. A help-page search sends two such queries on every cache miss.

Here a query is built once per *shape* (whatever changes its SQL text: the language, how many keys,
which filters are on) with a :class:`Slot` in place of each value that differs from one request to
the next. The SQL, its parameters and the column converters are kept in the process; a request
only binds its values to the slots and runs the SQL. The query is still written once, with the
ORM, in the selectors: this module never holds SQL of its own.

A value written into the SQL as a parameter but not through a Slot (a constant such as ``True``)
is kept as it was compiled, so a caller must put in the shape everything it passes that is not a
Slot. ``tests/directory/test_compiled.py`` runs each compiled query against the ORM's own result.
"""

from __future__ import annotations

import contextvars
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Expression, Field, QuerySet

# Shapes are few (languages × filter combinations × page sizes); the bound keeps a process from
# growing without end if something unexpected (say, a new parameter) multiplies them.
LIMIT = 512


# Set while compiled() compiles a query: its slots then leave markers instead of their values.
_compiling: contextvars.ContextVar[bool] = contextvars.ContextVar("directory_compiling", default=False)


class Slot(Expression):
    """A value left open when the query is compiled, bound by name each time it runs.

    Outside :func:`compiled` (a query run by the ORM as usual, or used as a subquery) the slot is
    simply ``value``, so the same query-building code serves both.
    """

    def __init__(self, name: str, output_field: Field, value: object = None):
        super().__init__(output_field=output_field)
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return f"Slot({self.name!r}, {self.value!r})"

    def as_sql(self, compiler, connection):
        if _compiling.get():
            return "%s", [_Marker(self.name, self.output_field)]
        return "%s", [self.output_field.get_db_prep_value(self.value, connection)]


@dataclass(frozen=True, eq=False)
class _Marker:
    """Where a slot's value goes among the compiled parameters."""

    name: str
    field: Field


@dataclass(frozen=True)
class Compiled:
    """A query's SQL with slot markers among its parameters, and what turns its columns into values."""

    alias: str
    sql: str | None  # None: the query can match nothing whatever the values (e.g. "IN ()")
    params: tuple
    converters: tuple  # (column, converter functions, expression), as Django's compiler builds them

    def bind(self, values: Mapping[str, object]) -> list:
        """The parameters with ``values`` in place of the slots, as the database takes them."""
        connection = connections[self.alias]
        return [
            param.field.get_db_prep_value(values[param.name], connection) if isinstance(param, _Marker) else param
            for param in self.params
        ]

    def rows(self, values: Mapping[str, object]) -> list[list]:
        """The query's rows with ``values`` bound to its slots, converted as the ORM would."""
        if self.sql is None:
            return []
        connection = connections[self.alias]
        params = self.bind(values)
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for column, functions, expression in self.converters:
                value = row[column]
                for function in functions:
                    value = function(value, expression, connection)
                row[column] = value
        return rows

    def count(self, values: Mapping[str, object]) -> int:
        """How many rows the query gives (its LIMIT included) with ``values`` bound."""
        if self.sql is None:
            return 0
        # The SQL is Django's own compilation of a query written with the ORM: no text from outside.
        counted = f"SELECT COUNT(*) FROM ({self.sql}) counted"  # noqa: S608
        counting = Compiled(self.alias, counted, self.params, ())
        return counting.rows(values)[0][0]


_compiled: OrderedDict[tuple, Compiled] = OrderedDict()
_lock = threading.Lock()


def compiled(shape: tuple, build: Callable[[], QuerySet]) -> Compiled:
    """The query ``build()`` returns, compiled once per ``shape`` and database in this process.

    ``build`` must put a Slot wherever a value is not fixed by ``shape``.
    """
    return _kept(shape, lambda: _compile_queryset(build()))


def compiled_sql(shape: tuple, build: Callable[[], tuple[str, Sequence]]) -> Compiled:
    """Like ``compiled`` for SQL written around ORM queries (``build()`` gives the SQL and its
    parameters, the ORM parts compiled with ``query.sql_with_params()``), whose columns need no
    conversion."""

    def compile_sql() -> Compiled:
        with _compiling_slots():
            sql, params = build()
        return Compiled(alias=DEFAULT_DB_ALIAS, sql=sql, params=tuple(params), converters=())

    return _kept(shape, compile_sql)


def _kept(shape: tuple, compile_: Callable[[], Compiled]) -> Compiled:
    key = (DEFAULT_DB_ALIAS, connections[DEFAULT_DB_ALIAS].vendor, *shape)
    with _lock:
        found = _compiled.get(key)
        if found is not None:
            _compiled.move_to_end(key)
            return found
    found = compile_()
    with _lock:
        _compiled[key] = found
        while len(_compiled) > LIMIT:
            _compiled.popitem(last=False)
    return found


@contextmanager
def _compiling_slots():
    token = _compiling.set(True)
    try:
        yield
    finally:
        _compiling.reset(token)


def _compile_queryset(queryset: QuerySet) -> Compiled:
    compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
    try:
        with _compiling_slots():
            sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    converters = ()
    if sql:
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = tuple(
            (column, tuple(functions), expression)
            for column, (functions, expression) in compiler.get_converters(columns).items()
        )
    return Compiled(alias=DEFAULT_DB_ALIAS, sql=sql or None, params=tuple(params), converters=converters)


def forget() -> None:
    """Drop every compiled query (tests that change what a shape compiles to)."""
    with _lock:
        _compiled.clear()


@dataclass(frozen=True)
class KeyList:
    """The first column of an ordered query, read a slice (or a capped count) at a time, each
    through a query compiled once per shape and slice. Without a shape the query is built and run
    by the ORM every time (a search backend this module cannot compile for).

    ``build`` returns the ordered query, its open values as Slots holding ``values``. With
    ``fence``, slices are read by the SQL ``fence(start, stop)`` gives instead (the same keys in
    the same order, written around ORM-compiled parts: directory.fenced_keys); counts and
    ``queryset()`` still use ``build``.
    """

    shape: tuple | None
    build: Callable[[], QuerySet]
    values: Mapping[str, object]
    fence: Callable[[int, int | None], tuple[str, Sequence]] | None = None

    def __getitem__(self, item: slice) -> list:
        if not isinstance(item, slice) or item.step is not None:
            raise TypeError("KeyList takes slices without a step, e.g. keys[20:40].")
        start, stop = item.start or 0, item.stop
        if self.shape is None:
            return list(self.build()[start:stop])
        return [row[0] for row in self._slice(start, stop).rows(self.values)]

    def sql(self, start: int = 0, stop: int | None = None) -> tuple[str, list]:
        """The SQL that reads ``[start:stop]`` and its parameters, bound (for EXPLAIN)."""
        query = self._slice(start, stop)
        return query.sql, query.bind(self.values)

    def _slice(self, start: int, stop: int | None) -> Compiled:
        if self.fence is not None:
            return compiled_sql((*self.shape, "fenced", start, stop), lambda: self.fence(start, stop))
        return compiled((*self.shape, "slice", start, stop), lambda: self.build()[start:stop])

    def count_up_to(self, limit: int) -> int:
        """How many keys there are, counting no further than ``limit``."""
        if self.shape is None:
            return self.build().order_by()[:limit].count()
        # Unordered: which rows are counted does not matter, and an ordered count would sort
        # every match first.
        return compiled((*self.shape, "count", limit), lambda: self.build().order_by()[:limit]).count(self.values)

    def queryset(self) -> QuerySet:
        """The keys as a query the ORM runs (e.g. as a subquery), its slots holding their values."""
        return self.build()
