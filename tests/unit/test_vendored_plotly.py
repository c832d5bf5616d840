"""The cockpit ships plotly.js's basic bundle (scatter, bar, pie) in assets/vendor instead of
letting dcc.Graph load the full 4.8 MB bundle: it must be the plotly.js version that plotly.py
writes figures for, and hold every trace type the cockpit draws."""

from __future__ import annotations

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

VENDOR = Path(__file__).resolve().parents[2] / "assets" / "vendor"
BASIC_TRACES = {"scatter", "bar", "pie"}
SOURCES = ("callbacks", "cockpit", "pages")


def test_the_bundle_is_the_version_plotly_py_writes_for() -> None:
    (bundle,) = VENDOR.glob("plotly-basic-*.min.js")
    header = bundle.read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}" in header
    assert bundle.name == f"plotly-basic-{get_plotlyjs_version()}.min.js"


def test_every_trace_the_cockpit_draws_is_in_the_bundle() -> None:
    root = VENDOR.parents[1]
    text = "\n".join(p.read_text(encoding="utf-8") for d in SOURCES for p in (root / d).rglob("*.py"))
    used = {m.lower() for m in re.findall(r"\bgo\.([A-Z][a-z]+)\(", text)} - {"figure"}
    used |= set(re.findall(r'"type": "(bar|scatter|pie|[a-z]+map[a-z]*|heatmap|histogram)"', text))
    assert used and used <= BASIC_TRACES, used - BASIC_TRACES
