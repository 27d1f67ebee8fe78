"""Where neurograph keeps its state: the data directory.

It holds the last build (the networkx mirror and its statements) and the
embedded server's databases and password. ``--data-dir`` wins, then
``NEUROGRAPH_HOME``, then a per-user folder (``$XDG_DATA_HOME/neurograph``,
by default ``~/.local/share/neurograph``).
"""

from __future__ import annotations

import os
from pathlib import Path


def resolve_home(data_dir: str | os.PathLike | None = None) -> Path:
    """The data directory to use, created if missing.

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> resolve_home(d) == Path(d).resolve()
    True
    """
    if data_dir is not None:
        home = Path(data_dir)
    elif os.environ.get("NEUROGRAPH_HOME"):
        home = Path(os.environ["NEUROGRAPH_HOME"])
    else:
        base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        home = Path(base) / "neurograph"
    home = home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    return home
