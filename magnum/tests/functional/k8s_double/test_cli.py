"""``python -m magnum.tests.k8s_double``: serve over TLS, stop on SIGTERM."""

import os
import pathlib
import signal
import subprocess
import sys

import requests

import magnum

REPO = str(pathlib.Path(magnum.__file__).resolve().parent.parent)


def start(*args):
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.Popen(
        [
            sys.executable,
            '-m',
            'magnum.tests.k8s_double',
            '--port',
            '0',
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline()
    assert line.startswith('serving '), proc.stderr.read()
    return proc, line.split()[1]


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_serves_tls_with_client_certs_and_nodes(pki, tmp_path):
    token_file = tmp_path / 'token'
    token_file.write_text('tok\n')
    proc, url = start(
        '--host',
        '127.42.0.15',
        '--cert',
        pki.server_cert,
        '--key',
        pki.server_key,
        '--client-ca',
        pki.ca,
        '--token-file',
        str(token_file),
        '--nodes',
        '2',
        '--node-prefix',
        'bay-minion',
        '--node-address',
        '10.0.0.7',
    )
    try:
        assert url.startswith('https://127.42.0.15:')
        nodes = requests.get(
            url + '/api/v1/nodes',
            verify=pki.ca,
            cert=(pki.client_cert, pki.client_key),
            timeout=5,
        ).json()
        assert [n['metadata']['name'] for n in nodes['items']] == [
            'bay-minion-0',
            'bay-minion-1',
        ]
        assert (
            nodes['items'][0]['status']['addresses'][0]['address']
            == '10.0.0.7'
        )
        by_token = requests.get(
            url + '/api/v1/namespaces',
            verify=pki.ca,
            headers={'Authorization': 'Bearer tok'},
            timeout=5,
        )
        assert by_token.status_code == 200
    finally:
        assert stop(proc) == 0


def test_sigterm_ends_open_watches(tmp_path):
    proc, url = start()
    with requests.get(
        url + '/api/v1/pods?watch=true', stream=True, timeout=10
    ) as response:
        assert response.status_code == 200
        assert stop(proc) == 0
        assert response.raw.read() == b''


def test_bad_flags():
    result = subprocess.run(
        [sys.executable, '-m', 'magnum.tests.k8s_double', '--cert', 'x'],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=dict(os.environ, PYTHONPATH=REPO),
    )
    assert result.returncode == 2
    assert '--cert and --key go together' in result.stderr
