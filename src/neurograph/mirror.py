"""The saved mirror graph, read for the CLI's cold path without importing networkx."""

from __future__ import annotations

# graph.MIRROR_FILE and graph.BUILD_FILE, repeated so that this module need not
# import graph.py (and networkx) on the cold path; a test checks they agree.
_MIRROR_FILE = "graph.json"
_BUILD_FILE = "build.json"


class MirrorView:
    """The saved mirror, read without importing networkx (the CLI's cold path).

    Importing networkx costs more than answering a path query on the corpus
    graph, so ``neurograph path`` reads the mirror into this read-only
    stand-in. It has the adjacency dicts of a ``MultiDiGraph`` (``_node``,
    ``_succ``, ``_pred``, ``graph``) and the little API the functions of this
    module use (``G.nodes[n]``, ``G.nodes(data=True)``, ``n in G``,
    ``number_of_nodes()``).
    """

    def __init__(self):
        self.graph, self._node, self._succ, self._pred = {}, {}, {}, {}
        self._adj = self._succ

    def __contains__(self, node) -> bool:
        try:
            return node in self._node
        except TypeError:
            return False

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self):
        return iter(self._node)

    def number_of_nodes(self) -> int:
        return len(self._node)

    @property
    def nodes(self) -> "_NodeView":
        return _NodeView(self._node)


class _NodeView:
    def __init__(self, nodes: dict):
        self._nodes = nodes

    def __getitem__(self, node) -> dict:
        return self._nodes[node]

    def __contains__(self, node) -> bool:
        return node in self._nodes

    def __iter__(self):
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __call__(self, data: bool = False):
        return iter(self._nodes.items()) if data else iter(self._nodes)


def load_mirror(home=None):
    """The last build's mirror as a :class:`MirrorView` (no networkx import).

    Reads the JSON mirror file (:mod:`neurograph.mirror_file`); nothing in it
    can execute code, and it is read only from a private data directory.
    """
    from pathlib import Path as _FsPath

    from .config import resolve_home
    from .mirror_file import MirrorFormatError, read_mirror

    home = resolve_home(home)
    path = _FsPath(home) / _MIRROR_FILE
    if not path.is_file() or not (_FsPath(home) / _BUILD_FILE).is_file():
        from .graph import load_graph

        return load_graph(home)  # raises NoGraphError with the usual message
    try:
        graph, node, succ, pred = read_mirror(path)
    except MirrorFormatError as exc:
        from .errors import NoGraphError

        raise NoGraphError(f"{path}: {exc}") from None
    G = MirrorView()
    G.graph, G._node, G._succ, G._pred = graph, node, succ, pred
    G._adj = succ
    return G


def _mirror(home):
    return load_mirror(home)
