"""The shipped sample configuration and policy files are up to date."""

import pathlib
import subprocess
import sys

import pytest

TOP = pathlib.Path(__file__).resolve().parents[3]
BIN = pathlib.Path(sys.executable).parent


@pytest.mark.parametrize(
    'tool,config,sample',
    [
        (
            'oslo-config-generator',
            'magnum-config-generator.conf',
            'magnum.conf.sample',
        ),
        (
            'oslopolicy-sample-generator',
            'magnum-policy-generator.conf',
            'policy.yaml.sample',
        ),
    ],
)
def test_sample_is_current(tmp_path, tool, config, sample):
    out = tmp_path / sample
    subprocess.run(
        [
            str(BIN / tool),
            '--config-file',
            str(TOP / 'etc' / 'magnum' / config),
            '--output-file',
            str(out),
        ],
        check=True,
        cwd=TOP,
        capture_output=True,
    )
    shipped = (TOP / 'etc' / 'magnum' / sample).read_text()
    assert out.read_text() == shipped, '%s is stale: run tox -e %s' % (
        sample,
        'genconfig' if 'conf' in sample else 'genpolicy',
    )
