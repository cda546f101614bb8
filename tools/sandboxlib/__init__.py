"""Helpers of tools/sandbox, the loopback OpenStack cloud (dev and tests).

Nothing under magnum/ may import this package. Modules: cli (commands),
stages/ (what `up` does, in order), runtime/ (code loaded inside the OpenStack
processes), and small helpers (layout, settings, procs, ports, runner,
services, files, mysql, rabbit, rest, report).
"""
