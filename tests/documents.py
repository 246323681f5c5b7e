"""Walking and changing parsed scenario documents (nested dicts and lists), for the
mutation and fuzz tests."""

from __future__ import annotations

from typing import Any


def locations(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``data``, the root ``()`` first."""
    out = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            out += locations(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += locations(v, (*path, i))
    return out


def put(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``data`` with the value at ``path`` replaced by ``value`` (the root: ``value``)."""
    if not path:
        return value
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return data
