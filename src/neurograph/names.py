"""Name resolution: typed names to entity ids, the way people type them.

Names are matched in this order of preference: node id, exact name, exact
synonym (both case-insensitive), then the same after normalising
punctuation and the plural of the last word ("SSRIs", "NMDA receptors"),
then after dropping words such as "ions" or "levels" ("magnesium ions"),
then acronyms of multi-word names and synonyms ("SSRI" for "selective
serotonin reuptake inhibitors"), then a name that starts with the typed
words ("nmda" for "NMDA receptor"). Within one tier the entity with more
statements wins, then the smaller id, so the answer is deterministic.

>>> from neurograph.paths import example_graph
>>> G = example_graph()
>>> resolve(G, "Mg"), resolve(G, "NMDA receptors"), resolve(G, "magnesium ions")
('CHEBI:18420', 'FPLX:NMDA_receptor', 'CHEBI:18420')
"""

from __future__ import annotations

import re
import weakref
from typing import Any

from .errors import UnknownEntityError

__all__ = ["resolve", "suggest", "clear_index", "known_entity"]

_index_cache: "weakref.WeakKeyDictionary[Any, tuple[int, dict]]" = weakref.WeakKeyDictionary()

_DASHES = str.maketrans({c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"} | {"\u2019": "'", "\u2018": "'"})
_NON_WORD = re.compile(r"[^\w+]+")
_FILLER = frozenset({"the", "ion", "ions", "level", "levels", "concentration", "concentrations", "serum", "plasma"})

# Preference tiers (lower is better).
T_ID, T_NAME, T_SYNONYM, T_NORM_NAME, T_NORM_SYNONYM, T_FILLER, T_ACRONYM, T_PREFIX = range(8)


def _singular(word: str) -> str:
    """The singular of an English (or acronym) plural, for the last word of a name."""
    if len(word) <= 3 or word.endswith(("ss", "us", "sis", "+")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def _words(text: str) -> list[str]:
    text = text.translate(_DASHES).casefold().replace("'s ", " ")
    return [w for w in _NON_WORD.split(text.replace("-", " ")) if w]


def _normal(text: str) -> str:
    """Casefolded words, punctuation dropped, last word singular.

    >>> _normal("NMDA  Receptors"), _normal("SSRIs"), _normal("N-methyl-D-aspartate")
    ('nmda receptor', 'ssri', 'n methyl d aspartate')
    """
    words = _words(text)
    if words:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def _acronym(words: list[str]) -> str | None:
    if len(words) < 2:
        return None
    return "".join(w[0] for w in words if w[0].isalnum())


def _index(G) -> dict[str, list[tuple[int, str]]]:
    """Lookup key -> [(tier, node id)], built once per graph (and rebuilt if nodes changed)."""
    cached = _index_cache.get(G)
    if cached is not None and cached[0] == G.number_of_nodes():
        return cached[1]
    index: dict[str, dict[str, int]] = {}

    def add(key: str, node: str, tier: int) -> None:
        if not key:
            return
        slot = index.setdefault(key, {})
        if tier < slot.get(node, 99):
            slot[node] = tier

    for node, data in G.nodes(data=True):
        if data.get("kind", "entity") != "entity":
            continue
        add(str(node).casefold(), node, T_ID)
        names = [(data.get("name") or str(node), T_NAME)]
        names += [(s, T_SYNONYM) for s in data.get("synonyms") or () if s]
        for text, tier in names:
            add(text.strip().casefold(), node, tier)
            words = _words(text)
            if not words:
                continue
            words[-1] = _singular(words[-1])
            norm = " ".join(words)
            add(norm, node, tier + 2)  # T_NORM_NAME / T_NORM_SYNONYM
            core = [w for w in words if w not in _FILLER]
            if core and core != words:
                add(" ".join(core), node, T_FILLER)
            acro = _acronym(words)
            if acro and len(acro) >= 2:
                add(acro, node, T_ACRONYM)
            for i in range(1, len(words)):
                add("\x00" + " ".join(words[:i]), node, T_PREFIX)
    ranked = {k: sorted(((t, n) for n, t in v.items())) for k, v in index.items()}
    _index_cache[G] = (G.number_of_nodes(), ranked)
    return ranked


def _statement_degree(G, node: str) -> int:
    return sum(len(keys) for v, keys in G._succ[node].items()) + sum(
        len(keys) for u, keys in G._pred[node].items() if not str(u).startswith("doc:")
    )


def resolve(G, name: str) -> str:
    """The id of the entity a typed name means.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The mirror graph.
    name : str
        A node id, name, synonym or abbreviation, in any case, singular or
        plural ("Mg", "nmda", "SSRIs", "magnesium ions").

    Returns
    -------
    str
        The node id. When several entities match equally well the one with
        more statements wins, then the smaller id.

    Raises
    ------
    UnknownEntityError
        No entity matches; ``suggestions`` holds close names.

    Examples
    --------
    >>> from neurograph.paths import example_graph
    >>> G = example_graph()
    >>> resolve(G, "MAGNESIUM"), resolve(G, "DA"), resolve(G, "nmda")
    ('CHEBI:18420', 'CHEBI:18243', 'FPLX:NMDA_receptor')
    >>> resolve(G, "magnesum")
    Traceback (most recent call last):
    ...
    neurograph.errors.UnknownEntityError: unknown entity 'magnesum'; did you mean: magnesium?
    """
    if not isinstance(name, str) or not name.strip():
        raise UnknownEntityError(str(name), [])
    raw = name.strip()
    # An id, name or synonym typed exactly needs no index (building it is a tenth of a cold `neurograph path`).
    candidates = _exact_matches(G, raw.casefold())
    if candidates:
        return _most_connected(G, candidates)
    index = _index(G)
    words = _words(raw)
    norm = _normal(raw)
    core = " ".join(w for w in norm.split() if w not in _FILLER)
    candidates: list[tuple[int, str]] = []
    for key in (raw.casefold(), norm, core, "\x00" + norm, "\x00" + core):
        hits = index.get(key)
        if hits:
            best = hits[0][0]
            candidates = [h for h in hits if h[0] == best]
            break
    if not candidates and len(words) >= 3:
        # A long name typed out when the graph only knows its acronym ("selective serotonin
        # reuptake inhibitors" for a node named "SSRI"). Three words or more: "Doc A" is not "DA".
        acro = _acronym([*words[:-1], _singular(words[-1])])
        if acro:
            candidates = [h for h in index.get(acro, []) if h[0] <= T_NORM_SYNONYM]
    if not candidates:
        raise UnknownEntityError(name, suggest(G, name))
    return _most_connected(G, candidates)


def _exact_matches(G, key: str) -> list[tuple[int, str]]:
    """The best-tier ``(tier, node)`` entries of ``_index(G)[key]`` when one is an id, name or synonym.

    Those tiers beat every normalised form, so the winners are the index's,
    found in one pass over the nodes without building it. Empty otherwise.
    """
    found: dict[str, int] = {}
    for node, data in G.nodes(data=True):
        if data.get("kind", "entity") != "entity":
            continue
        if str(node).casefold() == key:
            found[node] = T_ID
        elif (data.get("name") or str(node)).strip().casefold() == key:
            found[node] = T_NAME
        elif any(s and s.strip().casefold() == key for s in data.get("synonyms") or ()):
            found[node] = T_SYNONYM
    if not found:
        return []
    best = min(found.values())
    return sorted((tier, node) for node, tier in found.items() if tier == best)


def _most_connected(G, candidates: list[tuple[int, str]]) -> str:
    """Of equally good matches, the entity with more statements, then the smaller id."""
    if len(candidates) == 1:
        return candidates[0][1]
    return min(candidates, key=lambda tn: (-_statement_degree(G, tn[1]), tn[1]))[1]


def suggest(G, name: str, n: int = 5) -> list[str]:
    """Entity names close to a name that resolved to nothing (did you mean ...).

    >>> from neurograph.paths import example_graph
    >>> suggest(example_graph(), "dopamin")
    ['dopamine']
    """
    import difflib

    norm = _normal(name)
    if not norm:
        return []
    index = _index(G)
    keys = [k for k in index if not k.startswith("\x00")]
    close = difflib.get_close_matches(norm, keys, n=n * 3, cutoff=0.6)
    close += sorted((k for k in keys if len(norm) >= 3 and norm in k), key=len)[: n * 2]
    out: list[str] = []
    for key in close:
        for _, node in index[key]:
            label = G.nodes[node].get("name") or node
            if label not in out:
                out.append(label)
    return out[:n]




def clear_index() -> None:
    """Forget the per-graph name index (after editing a graph in place)."""
    _index_cache.clear()


def known_entity(name: str, lexicon_file=None) -> tuple[str, str, str] | None:
    """``(id, name, category)`` of the curated lexicon entry a typed name means exactly, or None.

    For the message when a name is not in the graph: an entity the lexicon
    knows but no document mentions is not "unknown". Reads the curated
    lexicon file only (a few ms); the compiled dictionary is never loaded on
    this path.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "lexicon.tsv"
    >>> _ = f.write_text("# comment\\nHGNC:11050\\tserotonin transporter\\tEnzyme\\tSERT | 5-HTT\\n")
    >>> known_entity("Serotonin transporters", f), known_entity("5-HTT", f), known_entity("dopamine", f)
    (('HGNC:11050', 'serotonin transporter', 'Enzyme'), ('HGNC:11050', 'serotonin transporter', 'Enzyme'), None)
    """
    from pathlib import Path

    if lexicon_file is None:
        from .schema import data_dir

        lexicon_file = data_dir() / "lexicon.tsv"
    wanted = _normal(name)
    try:
        lines = Path(lexicon_file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3:
            continue
        names = [cells[1]] + [s.strip() for s in (cells[3] if len(cells) > 3 else "").split("|") if s.strip()]
        if cells[0].strip().lower() == name.strip().lower() or any(_normal(n) == wanted for n in names):
            return cells[0].strip(), cells[1].strip(), cells[2].strip()
    return None
