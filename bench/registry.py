"""The registry of benchmark cases; each module in bench/cases/ registers its own with @case."""
import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Measurement:
    """What one case measured at one data size: timing samples and the queries of one run; `figures`, named
    values the case also reports (written with its row in results.json)."""

    samples: list
    queries: int
    figures: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Case:
    name: str
    func: Callable  # func(world, options) -> Measurement
    unit: str = "ms"
    target: float = 100.0  # the p95 must not exceed it (the median must reach it when higher_is_better)
    sizes: tuple = field(default=())  # labels of the data sizes to run at; empty means every size
    higher_is_better: bool = False  # a rate (pages per second), not a time


CASES = []


def case(name, *, unit="ms", target=100.0, sizes=(), higher_is_better=False):
    """Register `func(world, options)` under `name`; it runs once per generated data size."""
    def register(func):
        if any(existing.name == name for existing in CASES):
            raise ValueError(f"benchmark case {name!r} is registered twice")
        CASES.append(Case(name=name, func=func, unit=unit, target=target, sizes=tuple(sizes),
                          higher_is_better=higher_is_better))
        return func
    return register


def load_cases():
    """Import every module of bench.cases so that their cases register; return them in name order."""
    from bench import cases

    for module in pkgutil.iter_modules(cases.__path__):
        importlib.import_module(f"bench.cases.{module.name}")
    return sorted(CASES, key=lambda c: c.name)
