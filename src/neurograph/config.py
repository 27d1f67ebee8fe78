"""Where neurograph keeps its state: the data directory.

It holds the last build (the networkx mirror and its statements) and the
embedded server's databases and password. ``--data-dir`` wins, then
``NEUROGRAPH_HOME``, then a per-user folder (``$XDG_DATA_HOME/neurograph``,
by default ``~/.local/share/neurograph``).
"""

from __future__ import annotations

import os
from pathlib import Path


def default_home() -> Path:
    """The per-user data directory (``$XDG_DATA_HOME/neurograph``), whatever ``NEUROGRAPH_HOME`` says; not created.

    Locks on remote stores live there, so that every data directory of the user shares them.
    """
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base).expanduser().resolve() / "neurograph"


def resolve_home(data_dir: str | os.PathLike | None = None) -> Path:
    """The data directory to use, created if missing, mode 0700.

    It holds the graph and the server's password: no other local user may
    read it, and one owned by another user is refused
    (:func:`neurograph.private_files.private_dir`).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> resolve_home(d) == Path(d).resolve()
    True
    >>> oct(resolve_home(d).stat().st_mode & 0o777)
    '0o700'
    """
    from .private_files import private_dir

    if data_dir is not None:
        home = Path(data_dir)
    elif os.environ.get("NEUROGRAPH_HOME"):
        home = Path(os.environ["NEUROGRAPH_HOME"])
    else:
        home = default_home()
    return private_dir(home.expanduser().resolve())
