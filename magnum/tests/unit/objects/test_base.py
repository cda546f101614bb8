"""Objects built from database rows."""

import datetime

from magnum import objects
from magnum.db.sqlalchemy import models
from magnum.objects import base


def test_stored_as_is_where_ovo_keeps_values():
    template = objects.ClusterTemplate(name='x')
    assert getattr(template, base.STORED_AS % 'name') == 'x'


def test_rows_become_objects_without_changes():
    row = models.ClusterTemplate(
        id=1,
        uuid='6b1d6e41-0c86-4e3c-9a57-d3e1c85c1a09',
        name='t',
        coe='kubernetes',
        labels={'a': 'b'},
        public=True,
        created_at=datetime.datetime(2026, 1, 2, 3, 4, 5),
    )
    template = objects.ClusterTemplate._from_db_object(
        objects.ClusterTemplate(), row
    )
    assert template.obj_get_changes() == {}
    assert template.name == 't' and template.labels == {'a': 'b'}
    assert template.created_at.tzinfo is not None
    assert template.created_at.isoformat() == '2026-01-02T03:04:05+00:00'
    assert template.updated_at is None
