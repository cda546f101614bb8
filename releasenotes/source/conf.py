# Sphinx configuration of magnum's release notes (reno).
#
# Build: tox -e releasenotes.

extensions = [
    'openstackdocstheme',
    'reno.sphinxext',
]

project = 'magnum Release Notes'
copyright = '2026, the Magnum-family contributors'
author = 'the Magnum-family contributors'

source_suffix = {'.rst': 'restructuredtext'}
master_doc = 'index'
exclude_patterns = []
pygments_style = 'native'

html_theme = 'openstackdocs'

openstackdocs_repo_name = 'openstack/magnum'
openstackdocs_bug_project = 'magnum'
openstackdocs_bug_tag = 'releasenotes'
openstackdocs_auto_name = False
openstackdocs_use_storyboard = False
html_last_updated_fmt = None
