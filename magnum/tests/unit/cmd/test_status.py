"""magnum-status upgrade check: each check, in process and as a command."""

import json
import os
import subprocess
import sys

from oslo_upgradecheck import common_checks
from oslo_upgradecheck import upgradecheck
import pytest
import sqlalchemy as sa

from magnum.cmd import status
from magnum.db import migration
from magnum.db.sqlalchemy import common as db_common

CODE = upgradecheck.Code


def previous_revision():
    """The revision just below head (what a not-yet-upgraded DB has)."""
    return migration.pending(None)[1][0]


@pytest.fixture
def restore_head():
    """Put the process's database back at head, whatever the test did."""
    yield
    with db_common.get_engine().begin() as connection:
        connection.execute(sa.text('DELETE FROM alembic_version'))
    migration.stamp('head')
    assert migration.version() == migration.head()


def test_database_at_head_succeeds():
    result = status.Checks()._check_database_head()
    assert result.code == CODE.SUCCESS
    assert migration.head() in result.details


def test_database_one_migration_behind_fails_clearly(restore_head):
    previous = previous_revision()
    migration.stamp(previous)
    result = status.Checks()._check_database_head()
    assert result.code == CODE.FAILURE
    assert previous in result.details
    assert migration.head() in result.details
    assert '1 migration(s) behind' in result.details
    assert 'magnum-db-manage upgrade' in result.details


def test_database_of_a_newer_release_fails(restore_head):
    with db_common.get_engine().begin() as connection:
        connection.execute(
            sa.text("UPDATE alembic_version SET version_num = 'ffffffffffff'")
        )
    result = status.Checks()._check_database_head()
    assert result.code == CODE.FAILURE
    assert 'ffffffffffff' in result.details
    assert 'newer release' in result.details


def test_empty_database_fails():
    result = status.schema_result(None, 'abc', [('abc', 'Initial')])
    assert result.code == CODE.FAILURE
    assert 'no magnum schema' in result.details
    assert 'magnum-db-manage upgrade' in result.details


def test_enabled_drivers_succeed():
    result = status.Checks()._check_drivers()
    assert result.code == CODE.SUCCESS
    assert 'heat_k8s_vm' in result.details


def test_no_enabled_driver_fails(conf):
    conf.config(
        group='drivers', disabled_drivers=['heat_k8s_vm', 'heat_k8s_bm']
    )
    result = status.Checks()._check_drivers()
    assert result.code == CODE.FAILURE
    assert 'No COE driver' in result.details
    assert 'heat_k8s_vm' in result.details


@pytest.mark.parametrize(
    'content,code',
    [
        (json.dumps({'cluster:create': 'role:member'}), CODE.FAILURE),
        ('"cluster:create": "role:member"\n', CODE.SUCCESS),
    ],
    ids=['json', 'yaml'],
)
def test_policy_file_format(conf, tmp_path, content, code):
    path = tmp_path / 'policy.file'
    path.write_text(content)
    conf.config(group='oslo_policy', policy_file=str(path))
    result = common_checks.check_policy_json(status.Checks(), conf=status.CONF)
    assert result.code == code
    if code == CODE.FAILURE:
        assert 'YAML' in result.details


def test_all_checks_succeed_on_a_fresh_database(capsys):
    assert status.Checks().check() == CODE.SUCCESS
    out = capsys.readouterr().out
    assert 'Database schema' in out and 'COE drivers' in out


def _run(module, argv, config):
    code = 'import sys; from magnum.cmd import %s as m; sys.exit(m.main())'
    env = dict(os.environ, PYTHONWARNINGS='ignore')
    return subprocess.run(
        [sys.executable, '-c', code % module, '--config-file', str(config)]
        + argv,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_commands_on_a_throwaway_database(tmp_path):
    """magnum-db-manage one revision short, magnum-status, then head."""
    config = tmp_path / 'magnum.conf'
    config.write_text(
        '[database]\nconnection = sqlite:///%s\n' % (tmp_path / 'm.sqlite')
    )
    previous = previous_revision()
    done = _run('db_manage', ['upgrade', previous], config)
    assert done.returncode == 0, done.stderr

    behind = _run('status', ['upgrade', 'check'], config)
    assert behind.returncode == CODE.FAILURE, behind.stdout + behind.stderr
    assert 'behind this release' in behind.stdout
    assert 'magnum-db-manage upgrade' in behind.stdout

    done = _run('db_manage', ['upgrade'], config)
    assert done.returncode == 0, done.stderr
    ok = _run('status', ['upgrade', 'check'], config)
    assert ok.returncode == CODE.SUCCESS, ok.stdout + ok.stderr
    assert 'at head' in ok.stdout
