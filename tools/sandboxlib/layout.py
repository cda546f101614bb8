"""Where the sandbox keeps its files: ``.sandbox/`` atop the checkout."""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    """Paths of one checkout's sandbox.

    ``checkout`` is the top of the git checkout holding ``tools/sandbox``;
    every other path is derived from it.
    """

    checkout: Path

    @classmethod
    def for_tools_dir(cls, tools_dir):
        """Return the layout of the checkout holding ``tools_dir``."""
        return cls(Path(tools_dir).resolve().parent)

    @property
    def home(self):
        return self.checkout / '.sandbox'

    @property
    def tools(self):
        return self.checkout / 'tools'

    @property
    def constraints(self):
        return self.tools / 'sandbox-constraints.txt'

    @property
    def venv(self):
        return self.home / 'venv'

    @property
    def etc(self):
        return self.home / 'etc'

    @property
    def log(self):
        return self.home / 'log'

    @property
    def run(self):
        return self.home / 'run'

    @property
    def state(self):
        return self.home / 'state'

    @property
    def data(self):
        return self.home / 'data'

    @property
    def keys(self):
        return self.home / 'keys'

    @property
    def ids_file(self):
        return self.home / 'sandbox.json'

    @property
    def python(self):
        return self.venv / 'bin' / 'python'

    def bin(self, name):
        """Return the path of a console script in the sandbox venv."""
        return str(self.venv / 'bin' / name)

    def openrc(self, user_name):
        """Return the path of the openrc file of a sandbox user."""
        return self.home / f'openrc-{user_name}'

    def make_dirs(self):
        """Create the directories every stage may write to."""
        for path in (
            self.etc,
            self.log,
            self.run,
            self.state,
            self.data,
            self.keys,
        ):
            path.mkdir(parents=True, exist_ok=True)
        self.keys.chmod(0o700)
