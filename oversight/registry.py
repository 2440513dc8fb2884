"""One extension mechanism for every kind of plugin: a named, typed registry whose entries import lazily.

Each kind (ingestors, watchlist loaders, OCR engines, analysers, exporters) declares a `Protocol` and one
`Registry` of it. An entry names its implementation as "module:attribute" (as a Python entry point does), so
listing the names, for `--help` and for checking an option at parse time, imports nothing; `get` imports the one
implementation asked for. Adding a format or an engine means adding its module and one line in its registry; a
package installed beside oversight adds one without touching it, with an entry point in the registry's group
(`[project.entry-points."oversight.ingestors"] eml = "mypackage.eml:EmlIngestor"`), which every process,
worker processes included, finds the same way (tests/test_plugins.py installs one).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from importlib import import_module
from typing import Generic, TypeVar, cast

from oversight.errors import OversightError

T = TypeVar("T")


_log = logging.getLogger(__name__)


class UnknownPlugin(OversightError):
    """A name that no entry of the registry carries."""


class Registry(Generic[T]):
    """Named implementations of one kind, in the order they were added (the order lists and scoring use)."""

    def __init__(self, kind: str, entries: Mapping[str, str] | None = None, *, group: str | None = None) -> None:
        self.kind = kind
        self.group = group  # the entry-point group installed packages add entries through
        self._targets: dict[str, str] = {}
        self._loaded: dict[str, T] = {}
        self._discovered = group is None
        for name, target in (entries or {}).items():
            self.add(name, target)

    def _discover(self) -> None:
        """Add the entries installed packages declare in `group`, once, after the built-in ones (which keep their
        names: a plugin cannot replace a built-in format by taking its name)."""
        if self._discovered:
            return
        self._discovered = True
        from importlib.metadata import entry_points  # ~15 ms: only when a registry is first read

        for point in entry_points(group=self.group or ""):
            if point.name in self._targets:
                _log.warning("%s %r from an installed package is ignored: the name is taken", self.kind, point.name)
                continue
            self._targets[point.name] = point.value

    def add(self, name: str, target: str) -> None:
        """Register `target` ("package.module:attribute", or "package.module" for a module that is the plugin)
        under `name`; a name is registered once."""
        if name in self._targets:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._targets[name] = target

    def names(self) -> tuple[str, ...]:
        self._discover()
        return tuple(self._targets)

    def __contains__(self, name: object) -> bool:
        self._discover()
        return name in self._targets

    def get(self, name: str) -> T:
        """The implementation registered as `name`, imported on first use."""
        self._discover()
        if name not in self._targets:
            raise UnknownPlugin(f"unknown {self.kind} {name!r} (choose {', '.join(self._targets)})")
        if name not in self._loaded:
            module, _, attribute = self._targets[name].partition(":")
            imported = import_module(module)
            loaded: T = getattr(imported, attribute) if attribute else cast(T, imported)
            self._loaded[name] = loaded
        return self._loaded[name]

    def items(self) -> Iterator[tuple[str, T]]:
        """Every (name, implementation), importing each."""
        for name in self.names():
            yield name, self.get(name)

    def remove(self, name: str) -> None:
        """Forget `name` (a plugin unloaded, or one a test added)."""
        self._targets.pop(name, None)
        self._loaded.pop(name, None)
