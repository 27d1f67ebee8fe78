"""The compiled lexicon's cache: a private text file per input digest, parsed lazily.

Named by the digest of every input (curated lexicon, vocabularies, training
files, the building code), kept in the user's own cache folder, JSON and
tab-separated text (never pickle), and read only when it is the user's own and
no one else can write it. Part of the lexicon (:mod:`neurograph.lexicon`).
"""

from __future__ import annotations

import hashlib
import json
import os
from itertools import accumulate
from pathlib import Path

from .private_files import UnsafePathError, atomic_write, private_dir, read_cache_bytes
from .records import Entity, collector_paused

try:  # a dependency: parses a trie subtree four times faster, the same objects
    from orjson import loads as _loads_subtree
except ImportError:  # pragma: no cover
    _loads_subtree = json.loads

class NotCompiledError(LookupError):
    """No compiled lexicon is cached for these inputs, and the caller asked not to compile one (a worker that
    starts early leaves that to the build's own process, and loads once it has)."""


# Bump when the cached structure or the matching rules change.
_CACHE_VERSION = 9
# The children of a subtree longer than this (in characters of JSON) are kept apart from it, each parsed when a
# text first walks into it: a text walks one branch of "2", "alpha" or "protein" (hundreds of kB each).
_NESTED_CHARS = 4096
_APART_CHARS = 128  # the children of such a subtree longer than this


def _cache_folder(cache_dir: str | os.PathLike | None, home: str | os.PathLike | None = None) -> Path:
    """Where the built lexicon is cached: ``cache_dir``, else the user's own cache folder.

    That is ``$XDG_CACHE_HOME/neurograph`` (default ``~/.cache/neurograph``),
    shared by all of the user's data directories: a compiled dictionary is
    named by the digest of everything it is built from, so every data
    directory with the same vocabularies reuses it instead of compiling its
    own (about a minute). Never a shared folder such as the temporary
    directory: a cache there could be planted by another user, and the
    folder and files are checked to be the user's own before they are read.
    ``home`` is kept for callers that name a data directory; it does not
    change the folder.
    """
    if cache_dir is not None:
        return Path(cache_dir)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "neurograph"


def _code_files() -> list[Path]:
    """The modules that build the dictionary: a new release of any of them rebuilds the cache."""
    here = Path(__file__).parent
    modules = ("lexicon.py", "lexicon_terms.py", "matcher.py", "lexicon_build.py", "lexicon_cache.py", "dictionary.py",
               "naming.py")
    return [here / name for name in modules]


def _digest(paths: list[Path], extra: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{_CACHE_VERSION}\n{extra}\n".encode())
    for p in paths:
        h.update(str(p.name).encode())
        with open(p, "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
    return h.hexdigest()


class _Packed:
    """Values kept as one UTF-8 block, the i-th from ``offsets[i]`` to ``offsets[i + 1]``, cut out when needed."""

    __slots__ = ("block", "offsets")

    def __init__(self, block: bytes, lengths: list[int]):
        if sum(lengths) != len(block):
            raise ValueError("a damaged section")
        self.block = block
        self.offsets = [0, *accumulate(lengths)]

    def __getitem__(self, i: int) -> bytes:
        return self.block[self.offsets[i]:self.offsets[i + 1]]


class _LazyNode(dict):
    """A trie node whose subtrees stay JSON text (an index into a packed block) until a token walks into them."""

    __slots__ = ("_block", "_nested")

    def __init__(self, node: dict, block: _Packed, nested: _Packed | None):
        super().__init__(node)
        self._block = block
        self._nested = nested  # subtrees kept apart from their parent's (see _node)

    def get(self, key, default=None):
        value = dict.get(self, key)
        if value is None:
            return default
        if value.__class__ is int:
            # Each process parses the subtrees its texts need (0.8 s of 10,000 abstracts' extraction with
            # json.loads); every extra worker process pays it again.
            value = _node(_loads_subtree(self._block[value]), self._nested)
            self[key] = value
        return value

    def __getitem__(self, key):
        return self.get(key) if dict.__contains__(self, key) else dict.__getitem__(self, key)


class _LazyTrie(_LazyNode):
    """The trie's root whose subtrees stay JSON text until a token first needs them.

    A dictionary of half a million terms parses in seconds; a text uses a
    few thousand first tokens, so loading reads only the first tokens. A
    token maps to the index of its packed subtree until then.
    """

    __slots__ = ()

    def __init__(self, tokens, packed: _Packed, nested: _Packed | None = None):
        super().__init__(tokens, packed, nested)


def _node(parsed: dict, nested: _Packed) -> dict:
    """A parsed subtree: lazy when some of its children stayed apart (only a packed subtree's own children
    can: see :func:`_pack_node`)."""
    for value in parsed.values():
        if value.__class__ is int:
            return _LazyNode(parsed, nested, nested)
    return parsed


def _pack_node(node: dict, nested: list[bytes]) -> tuple[str, int]:
    """The JSON of a trie node and the length of its whole JSON. In a node longer than ``_NESTED_CHARS``, the
    children longer than ``_APART_CHARS`` are appended to ``nested`` and written as their index there; a
    child no longer than that is a short node with none apart, so only a packed node's own children are
    ever indices."""
    children, whole = [], 2
    for key, child in node.items():
        name = json.dumps(key, ensure_ascii=False)
        if child.__class__ is dict:
            text, length = _pack_node(child, nested)
        else:  # the records of the terms that end here
            text = json.dumps(child, ensure_ascii=False, separators=(",", ":"))
            length = -1
        children.append((name, text, length))
        whole += len(name) + len(text) + 2 if length < 0 else len(name) + length + 2
    apart = whole > _NESTED_CHARS
    parts = []
    for name, text, length in children:
        if apart and length > _APART_CHARS:
            nested.append(text.encode("utf-8"))
            text = str(len(nested) - 1)
        parts.append(f"{name}:{text}")
    return "{" + ",".join(parts) + "}", whole


class _LazyEntities(dict):
    """Entities by id; vocabulary entities stay packed text until first looked up."""

    def __init__(self, done: dict, index: dict[str, int], packed: _Packed):
        super().__init__(done)
        self._index = index
        self._packed = packed

    def _unpack(self, key):
        name, category, xrefs, source = self._packed[self._index.pop(key)].decode("utf-8").split("\t")
        entity = Entity(key, name, category, (), tuple(xrefs.split("|")) if xrefs else (), (), source)
        dict.__setitem__(self, key, entity)
        return entity

    def __missing__(self, key):
        if key in self._index:
            return self._unpack(key)
        raise KeyError(key)

    def get(self, key, default=None):
        value = dict.get(self, key)
        if value is None:
            return self._unpack(key) if key in self._index else default
        return value

    def __contains__(self, key):
        return dict.__contains__(self, key) or key in self._index

    def _all(self):
        for key in list(self._index):
            self._unpack(key)

    def rows(self):
        """``(id, name, category)`` of every entity, in the order of :meth:`values`, without unpacking any."""
        for entity in dict.values(self):
            yield entity.id, entity.name, entity.category
        packed = self._packed
        for key, i in list(self._index.items()):
            name, category, _ = packed[i].decode("utf-8").split("\t", 2)
            yield key, name, category

    def __len__(self):
        return dict.__len__(self) + len(self._index)

    def __iter__(self):
        self._all()
        return dict.__iter__(self)

    def keys(self):
        self._all()
        return dict.keys(self)

    def values(self):
        self._all()
        return dict.values(self)

    def items(self):
        self._all()
        return dict.items(self)


class _LazyAliases(dict):
    """Alias -> entity id, parsed from its packed section (UTF-8 lines: alias, id, alias, id, ...) on first use."""

    def __init__(self, packed: bytes):
        super().__init__()
        self._packed = packed

    def get(self, key, default=None):
        if self._packed is not None:
            if self._packed:
                lines = iter(self._packed.decode("utf-8").split("\n"))
                self.update(zip(lines, lines))
            self._packed = None
        return dict.get(self, key, default)


def _clean(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")


def _lines(items) -> bytes:
    return "\n".join(items).encode("utf-8")


def _state_to_json(state: dict) -> bytes:
    """The built lexicon as text: a JSON header line, then five sections.

    Never pickle: reading a cache cannot run code. Sections: vocabulary
    entity ids (a line each) and their entities (name, category, xrefs,
    source tab-separated, one after another: the header gives each one's
    length in bytes); aliases (lines: alias, id, alias, id, ...); the
    trie's first tokens (a line each) and their subtrees (JSON, one after
    another, lengths in the header). Reading splits only the ids and the
    tokens; an entity or a subtree is cut out of its block when first
    needed, the aliases are split when first used.
    """
    curated = state["curated"]
    rows, vocab_ids, vocab = [], [], []
    for e in state["entities"].values():
        if e.id in curated or e.synonyms or e.parents or "\t" in e.id or "\n" in e.id:
            rows.append([e.id, e.name, e.category, e.synonyms, e.xrefs, e.parents, e.source])
        else:
            vocab_ids.append(e.id)
            vocab.append(f"{_clean(e.name)}\t{e.category}\t{'|'.join(map(_clean, e.xrefs))}\t{e.source}".encode())
    aliases = [x for k, v in state["aliases"].items() if "\t" not in k and "\n" not in k for x in (k, v)]
    tokens = list(state["trie"])
    if any("\n" in t for t in tokens):
        raise ValueError("a first token with a line break")
    nested: list[bytes] = []
    subtrees = [_pack_node(node, nested)[0].encode("utf-8") for node in state["trie"].values()]
    sections = [_lines(vocab_ids), b"".join(vocab), _lines(aliases), _lines(tokens), b"".join(subtrees),
                b"".join(nested)]
    header = {"version": _CACHE_VERSION, "entities": rows, "curated": sorted(curated),
              "first": sorted(state["first"]), "provenance": state.get("provenance", {}),
              "sections": [len(vocab_ids), len(aliases) // 2, len(tokens)], "bytes": [len(b) for b in sections],
              "vocab_lengths": [len(b) for b in vocab], "trie_lengths": [len(b) for b in subtrees],
              "nested_lengths": [len(b) for b in nested]}
    return b"\n".join([json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), *sections])


def _section_lines(data: bytes, count: int) -> list[str]:
    """The ``count`` lines of a section; ValueError when they are not that many."""
    lines = data.decode("utf-8").split("\n") if count else []
    if len(lines) != count or (not count and data):
        raise ValueError("a damaged section")
    return lines


def _state_from_json(data: bytes) -> dict | None:
    """The lexicon state of :func:`_state_to_json` output, or None for a foreign or damaged file."""
    try:
        end = data.index(b"\n")
        raw = json.loads(data[:end])
        if raw.get("version") != _CACHE_VERSION:
            return None
        n_vocab, n_aliases, n_trie = raw["sections"]
        sizes = raw["bytes"]
        if len(sizes) != 6 or len(data) != end + len(sizes) + sum(sizes):
            return None
        sections, start = [], end + 1
        for size in sizes:
            if data[start - 1:start] != b"\n":
                return None
            sections.append(data[start:start + size])
            start += size + 1
        vocab_ids, vocab, aliases, tokens, subtrees, nested = sections
        if aliases.count(b"\n") != max(2 * n_aliases - 1, 0) or len(raw["vocab_lengths"]) != n_vocab:
            return None
        if len(raw["trie_lengths"]) != n_trie:
            return None
        done = {row[0]: Entity(row[0], row[1], row[2], tuple(row[3]), tuple(row[4]), tuple(row[5]), row[6])
                for row in raw["entities"]}
        index = dict(zip(_section_lines(vocab_ids, n_vocab), range(n_vocab)))
        trie = _LazyTrie(zip(_section_lines(tokens, n_trie), range(n_trie)), _Packed(subtrees, raw["trie_lengths"]),
                         _Packed(nested, raw["nested_lengths"]))
        if len(index) != n_vocab or len(trie) != n_trie:
            return None
        return {"entities": _LazyEntities(done, index, _Packed(vocab, raw["vocab_lengths"])),
                "curated": frozenset(raw["curated"]), "trie": trie, "first": frozenset(raw["first"]),
                "aliases": _LazyAliases(aliases), "provenance": raw.get("provenance", {})}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError, UnicodeDecodeError):
        return None


def _read_cache(digest: str, cache_dir, home=None) -> dict | None:
    """The cached lexicon state of ``digest``, only from the user's own private cache folder."""
    data = read_cache_bytes(_cache_folder(cache_dir, home) / f"lexicon-{digest}.cache")
    if data is None:
        return None
    # Tens of thousands of small dicts: the cyclic GC would run many times
    # during parsing for nothing.
    with collector_paused():
        return _state_from_json(data)


def _write_cache(state: dict, digest: str, cache_dir, home=None) -> None:
    try:
        folder = private_dir(_cache_folder(cache_dir, home), repair=False)
        # Keep the two most recent others (a curated-only and a test lexicon
        # would otherwise evict each other); older ones go.
        others = sorted(folder.glob("lexicon-*.cache"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in others[2:]:
            try:
                old.unlink()
            except OSError:
                pass
        atomic_write(folder / f"lexicon-{digest}.cache", _state_to_json(state))
    except (OSError, UnsafePathError, ValueError):
        pass  # a read-only or unsafe cache folder: go without a cache (never elsewhere)
