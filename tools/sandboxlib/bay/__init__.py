"""Sandbox stand-ins for what a sandbox bay cannot have: the boot scripts of
its nodes (node_agent.py) and Cinder and Octavia (heat/sandbox-env.yaml).
"""
