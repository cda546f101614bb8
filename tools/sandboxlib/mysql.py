"""MariaDB administration through the ``mysql`` client, as the server's root.

Root is tried over TCP on 127.0.0.1 (password from SANDBOX_MYSQL_ROOT_PASSWORD,
none by default), then over the unix socket (``unix_socket`` auth as OS root).
"""

import os
import shutil
import subprocess

from .runner import SandboxError

_SOCKET_ARGS = ['--protocol=SOCKET', '-uroot']
_TCP_ARGS = ['--protocol=TCP', '-h127.0.0.1', '-P3306', '-uroot']


class MySQL:
    """A root connection recipe for the machine's MariaDB."""

    def __init__(self):
        self._args = None

    def _env(self):
        env = dict(os.environ)
        password = os.environ.get('SANDBOX_MYSQL_ROOT_PASSWORD')
        if password:
            env['MYSQL_PWD'] = password
        return env

    def _run(self, args, sql):
        return subprocess.run(
            ['mysql', *args, '-N', '-B', '-e', sql],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=60,
        )

    def connect(self):
        """Find a way in as root; raise SandboxError when there is none."""
        if self._args is not None:
            return
        if not shutil.which('mysql'):
            raise SandboxError(
                'the mysql client is missing (package mariadb-client)'
            )
        errors = []
        for args in (_TCP_ARGS, _SOCKET_ARGS):
            result = self._run(args, 'SELECT 1')
            if result.returncode == 0:
                self._args = args
                return
            errors.append(result.stderr.strip())
        raise SandboxError(
            'cannot log in to MariaDB as root: '
            + ' / '.join(errors)
            + ' (set SANDBOX_MYSQL_ROOT_PASSWORD if root has a password)'
        )

    def query(self, sql):
        """Run ``sql`` as root; return the rows as lists of strings."""
        self.connect()
        result = self._run(self._args, sql)
        if result.returncode != 0:
            raise SandboxError(
                f'MariaDB: {result.stderr.strip()} (in: {sql[:200]})'
            )
        return [line.split('\t') for line in result.stdout.splitlines()]

    def databases(self, prefix):
        """Return the names of the databases that start with ``prefix``."""
        pattern = prefix.replace('_', '\\_') + '%'
        return [
            row[0] for row in self.query(f"SHOW DATABASES LIKE '{pattern}'")
        ]

    def ensure(self, user, password, databases):
        """Create ``databases`` and ``user`` (from 127.0.0.1 and localhost)."""
        statements = []
        for database in databases:
            statements.append(
                f'CREATE DATABASE IF NOT EXISTS `{database}` '
                'CHARACTER SET utf8'
            )
        for host in ('localhost', '127.0.0.1'):
            statements.append(
                f"CREATE USER IF NOT EXISTS '{user}'@'{host}' "
                f"IDENTIFIED BY '{password}'"
            )
            statements.append(
                f"ALTER USER '{user}'@'{host}' IDENTIFIED BY '{password}'"
            )
            for database in databases:
                statements.append(
                    f'GRANT ALL PRIVILEGES ON `{database}`.* '
                    f"TO '{user}'@'{host}'"
                )
        self.query('; '.join(statements))

    def ensure_database(self, database):
        """Create ``database`` (empty, no user) if it does not exist."""
        self.query(f'CREATE DATABASE IF NOT EXISTS `{database}`')

    def drop(self, users, databases):
        """Drop ``databases`` and ``users`` if they exist."""
        statements = [f'DROP DATABASE IF EXISTS `{d}`' for d in databases]
        statements += [
            f"DROP USER IF EXISTS '{u}'@'{h}'"
            for u in users
            for h in ('localhost', '127.0.0.1')
        ]
        if statements:
            self.query('; '.join(statements))

    def table_count(self, database):
        """Return how many tables ``database`` has (0 if it does not exist)."""
        rows = self.query(
            'SELECT COUNT(*) FROM information_schema.tables '
            f"WHERE table_schema = '{database}'"
        )
        return int(rows[0][0])
