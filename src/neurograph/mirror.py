"""The saved mirror graph, read for the CLI's cold path without importing networkx."""

from __future__ import annotations

_MIRROR_FILE = "graph.pickle"
_BUILD_FILE = "build.json"


class MirrorView:
    """The saved mirror, read without importing networkx (the CLI's cold path).

    Importing networkx costs more than answering a path query on the corpus
    graph, so ``neurograph path`` unpickles the mirror into this read-only
    stand-in. It has the adjacency dicts of a ``MultiDiGraph`` (``_node``,
    ``_succ``, ``_pred``, ``graph``) and the little API the functions of this
    module use (``G.nodes[n]``, ``G.nodes(data=True)``, ``n in G``,
    ``number_of_nodes()``).
    """

    _KEEP = ("graph", "_node", "_adj", "_succ", "_pred")

    def __init__(self, *args, **kwargs):
        self.graph, self._node, self._succ, self._pred = {}, {}, {}, {}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update({k: v for k, v in state.items() if k in self._KEEP})

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


class _Placeholder:
    """Stands in for a pickled networkx view object (views are recomputed, never needed here)."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state) -> None:
        pass


class _NotPlain(Exception):
    pass


def load_mirror(home=None):
    """The last build's mirror as a :class:`MirrorView` (no networkx import).

    Falls back to :func:`neurograph.graph.load_graph` (a real networkx graph)
    when the pickle holds anything but a plain ``MultiDiGraph``.
    """
    import pickle
    from pathlib import Path as _FsPath

    from .config import resolve_home

    def load_graph(home):
        from .graph import load_graph

        return load_graph(home)

    home = resolve_home(home)
    path = _FsPath(home) / _MIRROR_FILE
    if not path.is_file() or not (_FsPath(home) / _BUILD_FILE).is_file():
        return load_graph(home)  # raises NoGraphError with the usual message

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            if module == "networkx.classes.multidigraph" and name == "MultiDiGraph":
                return MirrorView
            if module in ("networkx.classes.reportviews", "networkx.classes.coreviews"):
                return _Placeholder
            if module.split(".")[0] == "networkx":
                raise _NotPlain(f"{module}.{name}")
            return super().find_class(module, name)

    try:
        with path.open("rb") as fh:
            G = Unpickler(fh).load()
    except _NotPlain:
        return load_graph(home)
    if not isinstance(G, MirrorView):
        return load_graph(home)
    return G


def _mirror(home):
    return load_mirror(home)
