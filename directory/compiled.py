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
from collections.abc import Callable, Mapping
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

    def rows(self, values: Mapping[str, object]) -> list[list]:
        """The query's rows with ``values`` bound to its slots, converted as the ORM would."""
        if self.sql is None:
            return []
        connection = connections[self.alias]
        params = [
            param.field.get_db_prep_value(values[param.name], connection) if isinstance(param, _Marker) else param
            for param in self.params
        ]
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
    alias = DEFAULT_DB_ALIAS
    key = (alias, connections[alias].vendor, *shape)
    with _lock:
        found = _compiled.get(key)
        if found is not None:
            _compiled.move_to_end(key)
            return found
    queryset = build()
    compiler = queryset.query.get_compiler(using=alias)
    token = _compiling.set(True)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    finally:
        _compiling.reset(token)
    converters = ()
    if sql is not None:
        columns = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = tuple(
            (column, tuple(functions), expression)
            for column, (functions, expression) in compiler.get_converters(columns).items()
        )
    found = Compiled(alias=alias, sql=sql or None, params=tuple(params), converters=converters)
    with _lock:
        _compiled[key] = found
        while len(_compiled) > LIMIT:
            _compiled.popitem(last=False)
    return found


def forget() -> None:
    """Drop every compiled query (tests that change what a shape compiles to)."""
    with _lock:
        _compiled.clear()


@dataclass(frozen=True)
class KeyList:
    """The first column of an ordered query, read a slice (or a capped count) at a time, each
    through a query compiled once per shape and slice. Without a shape the query is built and run
    by the ORM every time (a search backend this module cannot compile for).

    ``build`` returns the ordered query, its open values as Slots holding ``values``.
    """

    shape: tuple | None
    build: Callable[[], QuerySet]
    values: Mapping[str, object]

    def __getitem__(self, item: slice) -> list:
        start, stop = item.start or 0, item.stop
        if self.shape is None:
            return list(self.build()[start:stop])
        query = compiled((*self.shape, "slice", start, stop), lambda: self.build()[start:stop])
        return [row[0] for row in query.rows(self.values)]

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
