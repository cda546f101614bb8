"""The sandbox notices when its databases are no longer its own
(tools/sandboxlib/stages/backends.py), against the machine's MariaDB."""

import types
import uuid

import pytest
from sandboxlib.layout import Layout
from sandboxlib.mysql import MySQL
from sandboxlib.stages import backends


@pytest.fixture
def mysql():
    server = MySQL()
    created = []
    server.created = created
    yield server
    if created:
        server.drop((), created)


def _token(mysql):
    token = 'test' + uuid.uuid4().hex[:8]
    mysql.created.append(backends.OWNER_PREFIX + token)
    return token


def test_a_new_sandbox_owns_nothing_yet(mysql, tmp_path):
    assert backends._owner(mysql, tmp_path / 'databases.done') is None


def test_the_sandbox_that_made_the_databases_owns_them(mysql, tmp_path):
    token = _token(mysql)
    mysql.ensure_database(backends.OWNER_PREFIX + token)
    marker = tmp_path / 'databases.done'
    marker.write_text(token)
    assert backends._owner(mysql, marker) == token


def test_databases_taken_over_by_another_sandbox_are_not_owned(
    mysql, tmp_path
):
    marker = tmp_path / 'databases.done'
    marker.write_text(_token(mysql))
    assert backends._owner(mysql, marker) is None


def test_a_sandbox_marked_before_tokens_adopts_its_databases(mysql, tmp_path):
    marker = tmp_path / 'databases.done'
    marker.touch()
    token = backends._owner(mysql, marker)
    mysql.created.append(backends.OWNER_PREFIX + token)
    assert token and marker.read_text() == token
    assert mysql.databases(backends.OWNER_PREFIX + token)


def test_starting_afresh_keeps_only_venvs_and_logs(tmp_path):
    layout = Layout(tmp_path)
    layout.make_dirs()
    for path in (layout.state, layout.data, layout.keys, layout.etc):
        (path / 'kept-before').write_text('x')
    layout.ids_file.write_text('{}')
    (layout.log / 'keystone.log').write_text('x')
    layout.venv.mkdir()
    stopped = []
    logged = []
    ctx = types.SimpleNamespace(
        layout=layout,
        procs=types.SimpleNamespace(
            stop_all=lambda: stopped.append(True) or {'keystone': 0}
        ),
        log=lambda stage, text: logged.append(text),
    )
    backends._start_afresh(ctx)
    assert stopped
    for path in (layout.state, layout.data, layout.keys, layout.etc):
        assert path.is_dir() and not list(path.iterdir())
    assert not layout.ids_file.exists()
    assert (layout.log / 'keystone.log').exists() and layout.venv.is_dir()
    assert 'taken over' in logged[0] and 'keystone' in logged[0]
