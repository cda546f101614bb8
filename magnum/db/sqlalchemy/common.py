"""Session handling, tenancy, pagination and generic CRUD of the backend."""

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import enginefacade
from oslo_db.sqlalchemy import utils as db_utils
from oslo_utils import uuidutils
import sqlalchemy as sa

from magnum.common import exception

main_context = enginefacade.transaction_context()
main_context.configure(sqlite_fk=True)

reader = main_context.reader
writer = main_context.writer


def get_engine():
    """Return the writer engine (migrations and tests)."""
    return main_context.writer.get_engine()


def tenant_filter(context, query, model):
    """Restrict ``query`` to what the context's project may see.

    An admin context with ``all_tenants`` sees every project; other
    contexts see their project (or, without a project, their user).
    """
    if context.is_admin and context.all_tenants:
        return query
    if context.project_id:
        return query.filter(model.project_id == context.project_id)
    return query.filter(model.user_id == context.user_id)


def paginate(
    query, model, limit=None, marker=None, sort_key=None, sort_dir=None
):
    """Apply sorting and keyset pagination to ``query``.

    The page comes back as plain column rows (``Row`` objects), not ORM
    instances: lists are read-only, and a thousand ORM instances cost more
    than the query.

    :param marker: the row after which the page starts, or None.
    :raises: InvalidSortKey (HTTP 400) when ``sort_key`` is not a column.
    """
    sort_keys = ['id']
    if sort_key and sort_key not in sort_keys:
        sort_keys.insert(0, sort_key)
    try:
        query = db_utils.paginate_query(
            query,
            model,
            limit,
            sort_keys,
            marker=marker,
            sort_dir=sort_dir or 'asc',
        )
    except db_exc.InvalidSortKey:
        raise exception.InvalidSortKey(key=sort_key)
    return query.with_entities(*model.__table__.columns).all()


def page(
    query,
    model,
    limit,
    marker,
    sort_key,
    sort_dir,
    not_found,
    marker_column='uuid',
):
    """Return one page of ``query``, starting after the row ``marker``.

    :param marker: value of ``marker_column`` of the previous page's last
        row, or None for the first page.
    :param not_found: callable(marker) returning the exception raised when
        no row of ``query`` has that marker (HTTP 404).
    :raises: ``not_found(marker)``; InvalidSortKey (HTTP 400).
    """
    marker_row = None
    if marker is not None:
        column = getattr(model, marker_column)
        marker_row = query.filter(column == marker).first()
        if marker_row is None:
            raise not_found(marker)
    return paginate(query, model, limit, marker_row, sort_key, sort_dir)


def locked_row(session, model, row_id, not_found):
    """Return the row with primary key ``row_id``, locked for update.

    :raises: ``not_found`` when there is none.
    """
    row = session.query(model).filter_by(id=row_id).with_for_update().first()
    if row is None:
        raise not_found
    return row


def apply_filters(query, model, filters, allowed):
    """Filter ``query`` on equality for the ``allowed`` keys of filters."""
    for key in allowed:
        if filters and filters.get(key) is not None:
            query = query.filter(getattr(model, key) == filters[key])
    return query


def ident_query(query, model, ident):
    """Filter by uuid when ``ident`` looks like one, else by name."""
    if uuidutils.is_uuid_like(ident):
        return query.filter(model.uuid == ident), 'uuid'
    return query.filter(model.name == ident), 'name'


def one_by_ident(query, model, ident, not_found, resource):
    """Return the one row of ``query`` whose uuid or name is ``ident``.

    :raises: ``not_found`` (HTTP 404) when nothing matches;
        AmbiguousName (HTTP 409) when a name matches several rows.
    """
    query, kind = ident_query(query, model, ident)
    rows = query.limit(2).all()
    if not rows:
        raise not_found
    if len(rows) > 1:
        raise exception.AmbiguousName(resource=resource, name=ident)
    return rows[0]


def insert(session, model, values, duplicate):
    """Insert a row with a generated uuid unless one is given.

    :param duplicate: callable(values) returning the exception raised on
        a unique-constraint violation.
    """
    values = dict(values)
    if 'uuid' in [c.name for c in model.__table__.columns]:
        values.setdefault('uuid', uuidutils.generate_uuid())
    row = model()
    row.update(values)
    try:
        session.add(row)
        session.flush()
    except db_exc.DBDuplicateEntry:
        raise duplicate(values)
    return row


def update_row(session, model, row_id, values, not_found):
    """Update the row with primary key ``row_id`` and return it."""
    row = locked_row(session, model, row_id, not_found)
    row.update(values)
    session.flush()
    return row


def delete_rows(query):
    """Delete what ``query`` selects; return how many rows went."""
    return query.delete(synchronize_session=False)


def count(query, column):
    """Return COUNT(column) of ``query``."""
    return query.with_entities(sa.func.count(column)).scalar() or 0
