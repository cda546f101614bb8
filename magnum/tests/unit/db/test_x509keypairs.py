"""Tests of the x509keypair queries."""

import pytest

from magnum.common import context
from magnum.common import exception
from magnum.db import api as db_api


@pytest.fixture
def ctx():
    return context.make_context(project_id='p', is_admin=False)


def test_create_get_destroy(ctx):
    dbapi = db_api.get_instance()
    row = dbapi.create_x509keypair(ctx, {'certificate': 'c'})
    assert row.uuid
    assert dbapi.get_x509keypair_by_uuid(ctx, row.uuid).certificate == 'c'
    dbapi.destroy_x509keypair(ctx, row.uuid)
    with pytest.raises(exception.X509KeyPairNotFound):
        dbapi.get_x509keypair_by_uuid(ctx, row.uuid)
    with pytest.raises(exception.X509KeyPairNotFound):
        dbapi.destroy_x509keypair(ctx, row.uuid)


def test_duplicate_uuid_is_a_conflict(ctx):
    dbapi = db_api.get_instance()
    row = dbapi.create_x509keypair(ctx, {'certificate': 'c'})
    with pytest.raises(exception.X509KeyPairAlreadyExists) as info:
        dbapi.create_x509keypair(ctx, {'uuid': row.uuid})
    assert info.value.code == 409
