"""Figures as the callbacks answer them (plain dicts, numeric arrays base64-typed as plotly.py
writes them for the browser), turned back into `go.Figure`s the tests can read."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go


def figure(answer: dict | go.Figure) -> go.Figure:
    return answer if isinstance(answer, go.Figure) else go.Figure(_decoded(answer))


def _decoded(value: object) -> object:
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
            return (
                array.reshape(value["shape"]) if "shape" in value else array
            ).tolist()  # Python numbers: no int8 overflow
        return {k: _decoded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_decoded(v) for v in value]
    return value
