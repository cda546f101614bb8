"""Tests of the project's tools: ``tools/sandboxlib`` is importable here."""

from pathlib import Path
import sys

TOOLS = Path(__file__).resolve().parents[4] / 'tools'
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))
