"""The stages of ``tools/sandbox up``, one module each; plan.py orders them.

stages/venv.py is stdlib-only: it runs before ``up`` re-executes itself in
the venv. Every other stage runs inside the venv and may import OpenStack
libraries.
"""
