"""Writing generated files (INI configs and others), only when changed."""

import os
from pathlib import Path

from .settings import AUTH_URL
from .settings import REGION


def render_ini(sections):
    """Render {section: {option: value}} as INI (lists: comma lists)."""
    out = []
    for section, options in sections.items():
        out.append(f'[{section}]')
        for key, value in options.items():
            if isinstance(value, bool):
                value = 'true' if value else 'false'
            elif isinstance(value, (list, tuple)):
                value = ','.join(map(str, value))
            out.append(f'{key} = {value}')
        out.append('')
    return '\n'.join(out)


def write_if_changed(path, text, mode=None):
    """Write ``text`` to ``path`` unless it holds it; True if written."""
    path = Path(path)
    try:
        if path.read_text() == text:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + '.tmp')
    tmp.write_text(text)
    if mode is not None:
        os.chmod(tmp, mode)
    tmp.replace(path)
    return True


def copy_stock_file(layout, project, name):
    """Copy a stock file from venv/etc/<project>/ to .sandbox/etc/."""
    source = layout.venv / 'etc' / project / name
    return write_if_changed(layout.etc / project / name, source.read_text())


def keystone_auth_section(user, password, **extra):
    """Return a keystoneauth password section for a service user."""
    section = {
        'auth_url': AUTH_URL,
        'auth_type': 'password',
        'username': user,
        'password': password,
        'project_name': 'service',
        'user_domain_name': 'Default',
        'project_domain_name': 'Default',
        'region_name': REGION,
    }
    section.update(extra)
    return section


def authtoken_section(user):
    """Return the [keystone_authtoken] section of service user ``user``."""
    return keystone_auth_section(
        user, f'{user}-pass', www_authenticate_uri=AUTH_URL
    )
