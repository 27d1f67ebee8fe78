"""One writer at a time: file locks in the data directory.

A build and a load each hold an exclusive :func:`fcntl.flock` on a file in
``<home>/locks/`` for their whole run: ``build.lock`` for a build,
``load.lock`` for a load from this data directory, and
``store-<digest>.lock`` for the store it loads into (keyed by URI and
database, so two data directories loading into one server on this machine
also take turns). The kernel releases a flock when its process dies, so a
killed run never leaves a stale lock. The holder writes its pid into the
file, which is how a second run (and a reader) can say who is running.

A second run waits up to ``timeout`` seconds (``NEUROGRAPH_LOCK_TIMEOUT``,
default 600; 0: do not wait), then raises :class:`LockBusyError`: "another
load is running (pid 1234, since 23:01:02 UTC)".

Examples
--------
>>> import tempfile
>>> home = tempfile.mkdtemp()
>>> with lock(home, "load"):
...     holder(home, "load")["pid"] == os.getpid()
True
>>> holder(home, "load") is None
True
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from pathlib import Path
from typing import Callable, Iterator

from .errors import NeurographError, UsageError

DEFAULT_TIMEOUT = 600.0


class LockBusyError(NeurographError):
    """Another build or load holds the lock, and the wait ran out."""


def lock_timeout(value: float | None = None) -> float:
    """The wait for a lock: ``value``, else ``NEUROGRAPH_LOCK_TIMEOUT``, else 600 s.

    >>> lock_timeout(5)
    5.0
    """
    if value is not None:
        return float(value)
    raw = os.environ.get("NEUROGRAPH_LOCK_TIMEOUT")
    if raw is None or raw == "":
        return DEFAULT_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        raise UsageError(f"NEUROGRAPH_LOCK_TIMEOUT={raw!r} is not a number of seconds") from None
    if seconds < 0:
        raise UsageError(f"NEUROGRAPH_LOCK_TIMEOUT={raw!r} must be 0 or more seconds")
    return seconds


def store_lock_name(uri: str, database: str) -> str:
    """The lock name of a store: one per server address and database (never holds the password).

    >>> store_lock_name("bolt://127.0.0.1:7687", "neo4j") == store_lock_name("bolt://127.0.0.1:7687", "neo4j")
    True
    """
    uri = uri.split("@")[-1] if "@" in uri.split("//")[-1] else uri  # no user:password@ in the key
    return "store-" + hashlib.sha256(f"{uri}\0{database}".encode()).hexdigest()[:16]


def _lock_path(home: str | os.PathLike, name: str) -> Path:
    from .private_files import private_dir

    return private_dir(Path(home) / "locks") / f"{name}.lock"


def _describe(info: dict | None, what: str) -> str:
    if not info:
        return f"another {what} is running"
    since = time.strftime("%H:%M:%S UTC", time.gmtime(info.get("since", 0)))
    return f"another {info.get('what', what)} is running (pid {info.get('pid')}, since {since})"


def _read_info(fh) -> dict | None:
    with contextlib.suppress(OSError, ValueError):
        fh.seek(0)
        text = fh.read()
        return json.loads(text) if text.strip() else None
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def lock(home: str | os.PathLike, name: str, what: str | None = None, timeout: float | None = None,
         on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the exclusive lock ``name`` of data directory ``home`` for the block.

    Waits up to ``timeout`` seconds (see :func:`lock_timeout`) for another
    holder to finish, calling ``on_wait(message)`` once when it starts
    waiting; then raises :class:`LockBusyError` naming the holder's pid.
    """
    what = what or name
    timeout = lock_timeout(timeout)
    path = _lock_path(home, name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "r+") as fh:
        from .private_files import check_private

        check_private(path, os.fstat(fd))
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                message = _describe(_read_info(fh), what)
                if time.monotonic() >= deadline:
                    waited = f"; waited {timeout:.0f} s" if timeout else ""
                    raise LockBusyError(f"{message}{waited} (NEUROGRAPH_LOCK_TIMEOUT sets the wait)") from None
                if on_wait is not None and not told:
                    on_wait(f"{message}; waiting up to {timeout:.0f} s")
                    told = True
                time.sleep(0.2)
        try:
            fh.seek(0)
            fh.truncate()
            fh.write(json.dumps({"pid": os.getpid(), "what": what, "since": time.time()}))
            fh.flush()
            yield
        finally:
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()  # no holder any more
                fh.flush()
            fcntl.flock(fd, fcntl.LOCK_UN)


def one_build_at_a_time(build: Callable) -> Callable:
    """Decorate ``build(paths=None, home=None, ...)`` to hold the data directory's build lock while it runs.

    Two builds into one data directory take turns (the second then reuses
    the first one's result when nothing changed).
    """
    import functools

    @functools.wraps(build)
    def locked(paths=None, home=None, *args, **kwargs):
        from .config import resolve_home

        home = resolve_home(home)
        with lock(home, "build"):
            return build(paths, home, *args, **kwargs)

    return locked


def holder(home: str | os.PathLike, name: str) -> dict | None:
    """Who holds lock ``name`` now (``{"pid", "what", "since"}``), or None; never waits, never blocks a writer.

    Read from the file the holder writes; a pid that is gone (killed before
    it could clear the file) holds nothing.
    """
    path = Path(home) / "locks" / f"{name}.lock"
    try:
        with open(path) as fh:
            info = _read_info(fh)
    except OSError:
        return None
    if not info or not _pid_alive(int(info.get("pid", 0))):
        return None
    return info


def busy_message(home: str | os.PathLike, name: str = "load") -> str | None:
    """One line saying that a load (or build) is running in ``home``, or None.

    >>> import tempfile
    >>> busy_message(tempfile.mkdtemp()) is None
    True
    """
    info = holder(home, name)
    return None if info is None else _describe(info, name)
