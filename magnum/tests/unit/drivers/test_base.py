"""The driver interface's defaults."""

import pytest

from magnum.common import exception
from magnum.drivers import base
from magnum.tests.fakes import driver as fake_driver


class Rotating(fake_driver.FakeDriver):
    def rotate_ca_certificate(self, context, cluster, template, nodegroups):
        return False


def test_supports_tells_overridden_optional_methods():
    plain = fake_driver.FakeDriver()
    assert not plain.supports('rotate_ca_certificate')
    assert not plain.supports('rotate_credential')
    assert Rotating().supports('rotate_ca_certificate')


def test_optional_methods_refuse_by_default():
    plain = fake_driver.FakeDriver()
    for call in (
        lambda: plain.rotate_ca_certificate(None, None, None, []),
        lambda: plain.rotate_credential(None, None, None, []),
        lambda: plain.upgrade_cluster(None, None, None, None, None, 1),
        lambda: plain.validate_master_resize(3),
    ):
        with pytest.raises(exception.NotSupported):
            call()


@pytest.mark.parametrize('count,ok', [(1, True), (2, False), (3, True)])
def test_master_size_must_be_odd(count, ok):
    if ok:
        base.Driver.validate_master_size(None, count)
    else:
        with pytest.raises(exception.MasterNGSizeInvalid):
            base.Driver.validate_master_size(None, count)
