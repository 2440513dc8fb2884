"""Package attributes that load on first use (PEP 562).

A package's `__init__` names its API, but importing the package for one light name (a constant, a type, a
submodule) should not load the heavy modules behind that API: `oversight --help` and the CLI's option defaults
would otherwise wait for numpy, rigour and the matchers. Each package lists where each name lives; the module is
imported when the name is first read.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module


def exports(package: str, homes: Mapping[str, str]) -> Callable[[str], object]:
    """A module `__getattr__` for `package` that imports `homes[name]` the first time `name` is read."""

    def __getattr__(name: str) -> object:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(home), name)
        setattr(sys.modules[package], name, value)  # later reads skip this function
        return value

    return __getattr__
