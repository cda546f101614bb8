# Sphinx configuration of magnum's documentation.
#
# Build: tox -e docs (warnings are errors).

import os
import sys

sys.path.insert(0, os.path.abspath('../..'))
sys.path.insert(0, os.path.abspath('_exts'))

extensions = [
    'openstackdocstheme',
    'cli_check',
]

project = 'magnum'
copyright = '2026, the Magnum-family contributors'
author = 'the Magnum-family contributors'

source_suffix = {'.rst': 'restructuredtext'}
master_doc = 'index'
exclude_patterns = ['_build', '_data']
pygments_style = 'native'

html_theme = 'openstackdocs'
html_theme_options = {'sidebar_mode': 'toc'}

openstackdocs_repo_name = 'openstack/magnum'
openstackdocs_bug_project = 'magnum'
openstackdocs_bug_tag = 'doc'
openstackdocs_auto_name = False
openstackdocs_use_storyboard = False
html_last_updated_fmt = None
