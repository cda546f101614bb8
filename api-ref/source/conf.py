# Sphinx configuration of the API reference (os-api-ref).
#
# Build: tox -e api-ref (or tox -e docs, which builds both books).

import os
import sys

sys.path.insert(0, os.path.abspath('../../'))

extensions = [
    'os_api_ref',
    'openstackdocstheme',
]

project = 'Container Infrastructure Management API Reference'
copyright = '2026, the Magnum-family contributors'
author = 'the Magnum-family contributors'

source_suffix = {'.rst': 'restructuredtext'}
master_doc = 'index'
exclude_patterns = []
pygments_style = 'native'

html_theme = 'openstackdocs'
html_theme_options = {
    'sidebar_mode': 'toc',
}

# openstackdocstheme: where the source lives (used for "report a bug" and
# "edit" links); no git metadata is read from the build machine.
openstackdocs_repo_name = 'openstack/magnum'
openstackdocs_bug_project = 'magnum'
openstackdocs_bug_tag = 'api-ref'
openstackdocs_auto_name = False
openstackdocs_use_storyboard = False
html_last_updated_fmt = None
