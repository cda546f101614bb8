"""Tests of magnum.common.keystone.auth_url."""

import pytest

from magnum.common import exception
from magnum.common import keystone


def test_auth_url_before_any_session_is_loaded(conf):
    conf.config(group='keystone_auth', auth_type='password')
    with pytest.raises(exception.ServiceUnavailable):
        keystone.auth_url()
    # The password plugin's options are registered now.
    conf.config(group='keystone_auth', auth_url='http://keystone.test/')
    assert keystone.auth_url() == 'http://keystone.test/v3'


def test_auth_url_without_configuration_is_a_503(conf):
    with pytest.raises(exception.ServiceUnavailable) as info:
        keystone.auth_url()
    assert info.value.code == 503
