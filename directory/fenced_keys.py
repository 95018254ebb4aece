"""Search results in the search index's order on PostgreSQL, read behind an optimisation fence.

PostgreSQL reads a full-text match from its GIN index as a bitmap: the matching index entries
come in table order, not in id order. Asked for the first page of "entries matching the words,
whose service passes the filters, by id", it then checks every match against the service rows
(at 100k services, 1,600 probes for "komek ortalyq" with a kind of help and an age: 20 ms) and
only afterwards sorts them and keeps a page. Sorting the matches first (a few thousand ids sort
in well under a millisecond) and checking them in that order lets it stop at the page's LIMIT,
but the planner puts a sort below a join only under parallel workers (off: cms.settings, and
their start-up cost more than the sort saved). An ordered subquery with ``OFFSET 0`` is not
flattened into the outer query (an optimisation fence): its rows come sorted, the outer query
knows it (no second sort) and probes the services one by one until the LIMIT is reached.

Django cannot select FROM a subquery, so the outer query is written here; both its parts are
compiled from the ORM querysets that ``selectors.result_keys`` builds, so each filter rule stays
written once.
"""

from __future__ import annotations

from django.db import connections
from django.db.models import Exists, OuterRef, QuerySet, UUIDField
from django.db.models.expressions import RawSQL

__all__ = ["FencedKeys", "matching_keys"]

# The outer query around the two compiled ORM queries. The matches keep their ORDER BY inside the
# fence, so the outer ORDER BY is met without a second sort.
QUERY = (
    'SELECT "fenced"."service_key" FROM ({matches} OFFSET 0) AS "fenced" '
    'WHERE EXISTS ({probe}) ORDER BY "fenced"."pk"'
)


def matching_keys(*, entries: QuerySet, services: QuerySet) -> QuerySet:
    """The service keys of the index ``entries`` whose service is in ``services``, unordered,
    as one ORM query (each match probes the services: EXISTS)."""
    return entries.filter(Exists(services.filter(pk=OuterRef("service_key")))).order_by().values_list(
        "service_key", flat=True
    )


class FencedKeys:
    """The service keys of the index ``entries`` (annotated with ``service_key``) whose service
    is in ``services``, in entry id order, to slice as a list (a page, or the head of the list
    that the paginator reads with its count).

    ``order_by()`` gives the same keys unordered as one ORM query: a count (``[:n].count()``)
    or a subquery (``pk__in``) needs no order, so no fence either.
    """

    ordered = True  # for Paginator's check: slices come in entry id order

    def __init__(self, *, entries: QuerySet, services: QuerySet) -> None:
        self._entries = entries
        self._services = services

    def order_by(self) -> QuerySet:
        return matching_keys(entries=self._entries, services=self._services)

    def __getitem__(self, key: slice) -> list:
        if not isinstance(key, slice) or key.step is not None:
            raise TypeError("FencedKeys supports only slices without a step, e.g. keys[20:40].")
        sql, params = self.sql(start=key.start or 0, stop=key.stop)
        with connections[self._entries.db].cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]

    def sql(self, *, start: int = 0, stop: int | None = None) -> tuple[str, tuple]:
        """The query of the keys ``[start:stop]`` and its parameters."""
        matches, match_params = self._entries.order_by("pk").values_list("pk", "service_key").query.sql_with_params()
        # The probe is correlated with the fenced rows by name: an OuterRef needs an ORM outer query.
        key = RawSQL('"fenced"."service_key"', (), output_field=UUIDField())  # noqa: S611 - a constant
        probe, probe_params = self._services.filter(pk=key).order_by().values("pk").query.sql_with_params()
        sql = QUERY.format(matches=matches, probe=probe)  # compiled SQL only: every value is a parameter
        params = (*match_params, *probe_params)
        if stop is not None:
            sql += " LIMIT %s"
            params += (max(stop - start, 0),)
        if start:
            sql += " OFFSET %s"
            params += (start,)
        return sql, params
