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

from django.db.models import Exists, OuterRef, QuerySet, UUIDField
from django.db.models.expressions import RawSQL

__all__ = ["fenced_sql", "matching_keys"]

# The outer query around the two compiled ORM queries. The matches keep their ORDER BY inside the
# fence, so the outer ORDER BY is met without a second sort.
QUERY = 'SELECT {key} FROM ({matches} OFFSET 0) AS "fenced" WHERE EXISTS ({probe}) ORDER BY "fenced"."pk"'
# The service's key from an index entry's text object id, cast outside the fence: only for the
# matches that get probed, not for every match the sort reads (inside, the entries are the
# services' only, so the cast cannot meet another model's id).
KEY = '("fenced"."object_id")::uuid'


def matching_keys(*, entries: QuerySet, services: QuerySet) -> QuerySet:
    """The service keys of the index ``entries`` whose service is in ``services``, unordered,
    as one ORM query (each match probes the services: EXISTS)."""
    return entries.filter(Exists(services.filter(pk=OuterRef("service_key")))).order_by().values_list(
        "service_key", flat=True
    )


def fenced_sql(*, entries: QuerySet, services: QuerySet, start: int = 0, stop: int | None = None) -> tuple[str, tuple]:
    """The query of the service keys ``[start:stop]`` of the search index ``entries`` (PostgreSQL's
    index entries of services only) whose service is in ``services``, in entry id order, and its
    parameters."""
    matches, match_params = entries.order_by("pk").values_list("pk", "object_id").query.sql_with_params()
    # The probe is correlated with the fenced rows by name: an OuterRef needs an ORM outer query.
    key = RawSQL(KEY, (), output_field=UUIDField())  # noqa: S611 - a constant
    probe, probe_params = services.filter(pk=key).order_by().values("pk").query.sql_with_params()
    sql = QUERY.format(key=KEY, matches=matches, probe=probe)  # compiled SQL only: values are parameters
    params = (*match_params, *probe_params)
    if stop is not None:
        sql += " LIMIT %s"
        params += (max(stop - start, 0),)
    if start:
        sql += " OFFSET %s"
        params += (start,)
    return sql, params
