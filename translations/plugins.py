"""A registry of plug-in classes keyed by id, filled by importing a list of modules.

Exporters and importers each keep one: the modules named in the list register
their classes with ``@registry.register`` when they are imported, which
happens on the first lookup so that importing a registry stays cheap and free
of import cycles.
"""

from importlib import import_module
from typing import Generic, TypeVar

T = TypeVar("T")


class ClassRegistry(Generic[T]):
    def __init__(self, *, kind: str, modules: list[str], unknown: type[KeyError]):
        self.kind = kind  # "export format", for messages
        self.modules = modules
        self.unknown = unknown
        self.classes: dict[str, type[T]] = {}
        self._loaded = False

    def register(self, cls: type[T]) -> type[T]:
        if not getattr(cls, "id", ""):
            raise ValueError(f"{cls.__name__} has no id")
        self.classes[cls.id] = cls
        return cls

    def load(self) -> dict[str, type[T]]:
        if not self._loaded:
            for module in self.modules:
                import_module(module)
            self._loaded = True
        return self.classes

    def get(self, plugin_id: str) -> T:
        try:
            return self.load()[plugin_id]()
        except KeyError:
            raise self.unknown(
                f"unknown {self.kind} {plugin_id!r}; known: {', '.join(sorted(self.classes))}"
            ) from None

    def all(self) -> list[T]:
        return [cls() for cls in self.load().values()]
