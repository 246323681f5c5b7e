r"""YAML 1.2 core schema (spec 1.2.2, section 10.3.2) for PyYAML: resolvers and values.

PyYAML resolves plain scalars by YAML 1.1 rules. The loaders here are SafeLoader
subclasses (and, when libyaml is installed, CSafeLoader ones: the same events and marks,
about 7 times faster) with their own table of implicit resolvers, so PyYAML's global
SafeLoader is left alone:

- ``true``/``false`` in three spellings; ``yes``, ``no``, ``on``, ``off`` are text;
- ``null``, ``~`` and nothing;
- whole numbers ``[-+]?[0-9]+`` (``010`` is ten), ``0o17``, ``0x1F``; ``1_000``, ``0b101``
  and ``1:30`` (YAML 1.1's sexagesimal) are text;
- floats ``[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`` (``1e-05``, ``1E5``),
  ``.inf``, ``-.inf``, ``.nan``;
- ``<<`` keeps its merge tag, only so that a merge key can be named and refused.

Dates have no implicit tag: they stay the text written.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

TAG_PREFIX = "tag:yaml.org,2002:"
PLAIN_TAGS = {TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}
MERGE = TAG_PREFIX + "merge"
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader resolving plain scalars by the YAML 1.2 core schema (plus ``<<``, so that
    a merge key is named as such and refused)."""


LOADERS: list[type[Any]] = [Yaml12Loader]
if yaml.__with_libyaml__:

    class _CYaml12Loader(yaml.CSafeLoader):
        """The same on libyaml's parser (7 times faster; the same events and marks)."""

    LOADERS.insert(0, _CYaml12Loader)

for _loader in LOADERS:
    _loader.yaml_implicit_resolvers = {}  # their own table: PyYAML's SafeLoader keeps YAML 1.1
    for _tag, _pattern, _first in (
        ("bool", "true|True|TRUE|false|False|FALSE", "tTfF"),
        ("int", _INT.pattern, "-+0123456789"),
        ("float", _FLOAT.pattern, "-+.0123456789"),
        ("null", "~|null|Null|NULL|", ["~", "n", "N", ""]),
        ("merge", "<<", "<"),
    ):
        _loader.add_implicit_resolver(TAG_PREFIX + _tag, re.compile(rf"(?:{_pattern})\Z"), list(_first))


def core_value(kind: str, text: str) -> Any:
    """``text`` read as the core schema's ``kind``; ValueError when it is not one."""
    if kind == "null":
        return None
    if kind == "bool":
        return _BOOL[text] if text in _BOOL else _raise(text)
    if kind == "int":
        if not _INT.fullmatch(text):
            _raise(text)
        if text.startswith(("0o", "0x")):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)
    if kind == "float":
        if not _FLOAT.fullmatch(text):
            _raise(text)
        body = text.lstrip("+-").lower()
        if body in (".inf", ".nan"):
            return math.copysign(math.inf, -1.0 if text.startswith("-") else 1.0) if body == ".inf" else math.nan
        return float(text)
    return text  # str, and timestamps kept as written


def _raise(text: str) -> Any:
    raise ValueError(text)
