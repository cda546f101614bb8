"""Code that runs inside the sandbox's OpenStack processes (sandbox venv only).

The sandbox venv has ``tools/`` on its path (a .pth file the venv stage
writes), so gunicorn, heat-engine, nova and neutron can load these modules.
"""
