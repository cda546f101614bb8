"""Unit tests: every test gets a clean database and a fake cloud."""

import pytest


@pytest.fixture(autouse=True)
def _unit_defaults(clean_db, fake_cloud_lookup):
    yield
