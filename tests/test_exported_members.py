"""The public API lists exactly what the package exports (httpx's test of the same name)."""

from __future__ import annotations

import accord
import accord.model


def test_exported_members() -> None:
    for module in (accord, accord.model):  # __version__ is public by convention
        exported = {name for name in dir(module) if not name.startswith("_")} | {"__version__"} & set(dir(module))
        exported -= {"annotations"}
        submodules = {name for name in exported if type(getattr(module, name)).__name__ == "module"}
        assert set(module.__all__) == exported - submodules, module.__name__
