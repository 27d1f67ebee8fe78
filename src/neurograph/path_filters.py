"""What a path may walk: the evidence grade filter, the source of a statement, and the checked options of
the path commands (:func:`path_filters`, :func:`check_path_options`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .errors import UsageError
from .path_hops import _schema_cache


# --- the evidence grade (extract.grade): who was studied and how ----------------


@dataclass(frozen=True)
class GradeFilter:
    """Keep statements whose evidence has one of these populations and study types.

    The grade (:mod:`neurograph.extract.grade`) is on document evidence
    only: a record extracted from a document carries its ``population``
    (``human``, ``animal``, ``in vitro``, ``unknown``) and ``study_type``;
    an ungraded document record counts as ``unknown``. Curated knowledge
    (Hetionet, curated files, the lexicon) has no grade and **passes**:
    curators vouched for it, and an answer mixing sources should not lose
    its curated hops to a filter about study designs. ``--source
    documents`` keeps document evidence only.

    A statement passes when some curated record, or some document record
    of an accepted population and study type, supports it; the hop then
    shows the best of those records (:meth:`records`).

    >>> f = GradeFilter.of(["in_vitro"], ["Randomized-Trial"])
    >>> sorted(f.populations), sorted(f.study_types)
    (['in vitro'], ['randomised trial'])
    >>> f.passes({"evidence": [{"source": "extracted", "population": "in vitro", "study_type": "review"}]})
    False
    >>> f.passes({"evidence": [{"source": "Hetionet v1.0"}]})
    True
    """

    populations: frozenset | None = None
    study_types: frozenset | None = None

    @classmethod
    def of(cls, population=None, study_type=None) -> "GradeFilter | None":
        """The filter for these values (None when both are empty); a bad value is a UsageError."""
        populations = _grade_values(population, "population")
        study_types = _grade_values(study_type, "study type")
        if populations is None and study_types is None:
            return None
        return cls(populations, study_types)

    def accepts(self, ev: dict) -> bool:
        """Whether one evidence record passes (curated records always do)."""
        if (ev.get("source") or "extracted") != "extracted":
            return True
        if self.populations is not None and (ev.get("population") or "unknown") not in self.populations:
            return False
        return self.study_types is None or (ev.get("study_type") or "unknown") in self.study_types

    def passes(self, data: dict) -> bool:
        """Whether a statement edge has a record that passes."""
        return any(self.accepts(ev) for ev in data.get("evidence") or ())

    def records(self, data: dict) -> list[dict]:
        """The statement's records that pass."""
        return [ev for ev in data.get("evidence") or () if self.accepts(ev)]

    def flags(self) -> dict:
        """The filter as the command line spells it, for the hints."""
        out = {}
        if self.populations is not None:
            out["population"] = sorted(self.populations)
        if self.study_types is not None:
            out["study_type"] = sorted(self.study_types)
        return out


def _grade_key(value: str) -> str:
    return " ".join(str(value).strip().lower().replace("_", " ").replace("-", " ").replace("randomized", "randomised")
                    .split())


def _grade_values(values, what: str) -> frozenset | None:
    """Normalise grade values (``in_vitro``, ``In vitro``, ``randomized-trial``) to extract.grade's names."""
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    values = [v for v in values if v and str(v).strip()]
    if not values:
        return None
    from .extract.grade import POPULATIONS, STUDY_TYPES

    known = POPULATIONS if what == "population" else STUDY_TYPES
    by_key = {_grade_key(name): name for name in known}
    out = set()
    for value in values:
        name = by_key.get(_grade_key(value))
        if name is None:
            raise UsageError(f"unknown {what} {value!r}; known: {', '.join(known)}")
        out.add(name)
    return frozenset(out)


SOURCES = ("documents", "curated", "both")


def statement_sources(data: dict) -> tuple[bool, bool]:
    """``(from documents, curated)`` for a statement edge's data.

    >>> statement_sources({"documents": ["d1"], "curated": False})
    (True, False)
    >>> statement_sources({"documents": [], "curated": True})
    (False, True)
    """
    return bool(data.get("documents")), bool(data.get("curated"))


def path_filters(k: int, **filters) -> dict[str, Any]:
    """:func:`k_shortest_paths`'s keyword arguments (all but ``schema``) with their defaults, checked once.

    The one place the options of a path search are named and checked: the
    mirror (:func:`k_shortest_paths`), the store (:func:`neurograph.store_paths.store_paths`)
    and :func:`neurograph.answers.find_paths` take them as ``**filters``.
    A name :func:`k_shortest_paths` does not take is a ``TypeError``; a bad
    value a :class:`~neurograph.errors.UsageError` (see :func:`check_path_options`).

    >>> f = path_filters(5, sign="+")
    >>> f["sign"], f["max_hops"], f["source_kind"]
    ('+', 4, 'both')
    >>> path_filters(5, hops=3)
    Traceback (most recent call last):
    ...
    TypeError: unexpected path filter(s): hops
    """
    defaults = _filter_defaults()
    unknown = sorted(set(filters) - set(defaults))
    if unknown:
        raise TypeError(f"unexpected path filter(s): {', '.join(unknown)}")
    out = {**defaults, **filters}
    check_path_options(k, max_hops=out["max_hops"], sign=out["sign"], source_kind=out["source_kind"],
                       rank=out["rank"], max_degree=out["max_degree"])
    return out


def _filter_defaults() -> dict[str, Any]:
    if "filters" not in _schema_cache:
        import inspect

        from .paths import k_shortest_paths

        _schema_cache["filters"] = {name: p.default for name, p in inspect.signature(k_shortest_paths).parameters.items()
                                    if p.kind is p.KEYWORD_ONLY and name != "schema"}
    return _schema_cache["filters"]


def check_path_options(k: int, *, max_hops: int = 4, sign: str | None = None, source_kind: str = "both",
                       rank: str = "cost", max_degree: int | None = None) -> None:
    """Check the options every path search takes: the mirror's, the store's and ``find_paths``.

    >>> check_path_options(5, sign="+")
    >>> check_path_options(0)
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: k must be at least 1, not 0
    """
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise UsageError(f"k must be at least 1, not {k}")
    if not isinstance(max_hops, int) or isinstance(max_hops, bool) or max_hops < 1:
        raise UsageError(f"max hops must be at least 1, not {max_hops}")
    if sign not in (None, "+", "-"):
        raise UsageError(f"sign must be '+' or '-', not {sign!r}")
    if source_kind not in SOURCES:
        raise UsageError(f"source must be one of {', '.join(SOURCES)}, not {source_kind!r}")
    if rank not in ("cost", "dwpc"):
        raise UsageError(f"rank must be 'cost' or 'dwpc', not {rank!r}")
    if max_degree is not None and max_degree < 1:
        raise UsageError(f"max degree must be at least 1, not {max_degree}")


def path_ends(source: str, target: str, via=None, avoid=None) -> tuple[set[str], set[str]]:
    """``(via, avoid)`` as sets of ids, ``via`` without the ends; the ends may not be the same or avoided.

    >>> path_ends("a", "b", via=["a", "c"], avoid="d")
    ({'c'}, {'d'})
    """
    via_ids = {via} if isinstance(via, str) else set(via or ())
    avoid_ids = {avoid} if isinstance(avoid, str) else set(avoid or ())
    if source == target:
        raise UsageError("source and target are the same entity")
    if source in avoid_ids or target in avoid_ids:
        raise UsageError("cannot avoid the source or the target")
    return via_ids - {source, target}, avoid_ids


def _node_set(G, nodes, what: str) -> set[str]:
    if nodes is None:
        return set()
    if isinstance(nodes, str):
        nodes = [nodes]
    out = set()
    for n in nodes:
        _check_entity(G, n, what)
        out.add(n)
    return out


def _check_entity(G, node: str, what: str) -> None:
    if node not in G or G.nodes[node].get("kind", "entity") != "entity":
        raise UsageError(f"{what} {node!r} is not an entity of the graph (use resolve() for names)")
