"""Private files: the data directory and its caches, safe from other local users.

Rules every cache, model and state file of neurograph follows:

* the data directory is created mode 0700 (an existing one of ours is
  tightened to 0700); a directory owned by another user is refused;
* a cache file or directory is read only if it is owned by the current user
  and not writable by group or others, and never through a symbolic link;
  otherwise :class:`UnsafePathError` names the path in one line;
* files are written atomically: a unique temporary file in the same
  directory (two writers never share a name), fsync, :func:`os.replace`,
  mode 0600 whatever the umask. A reader sees the old file or the new one,
  never half of one.

This module only guards *where* bytes come from. What is read must still be
in a format that cannot execute code (JSON, sqlite, numpy without pickle).

Two kinds of private folder: the data directory (:func:`private_dir`, an
existing one of ours is tightened to 0700) and a cache folder
(``private_dir(path, repair=False)``: used only if already safe, never
through a link). A cache that is missing or not safe to trust reads as
absent (:func:`read_cache_bytes`), so it is rebuilt rather than trusted.

Examples
--------
>>> import tempfile, pathlib
>>> home = private_dir(pathlib.Path(tempfile.mkdtemp()) / "ng")
>>> oct(home.stat().st_mode & 0o777)
'0o700'
>>> path = atomic_write(home / "cache.json", '{"a": 1}')
>>> oct(path.stat().st_mode & 0o777)
'0o600'
>>> read_private_bytes(path)
b'{"a": 1}'
>>> with atomic_writer(home / "big.bin") as fh:
...     _ = fh.write(b"\\x00" * 3)
>>> read_private_bytes(home / "big.bin")
b'\\x00\\x00\\x00'
>>> path.chmod(0o666)
>>> read_private_bytes(path)
Traceback (most recent call last):
...
neurograph.private_files.UnsafePathError: ...cache.json: refusing to read a file writable by group or others (mode 0666); fix with: chmod 600 ...
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import IO, Iterator

from .errors import InputError

__all__ = ["UnsafePathError", "private_dir", "check_private", "open_private", "read_private_bytes",
           "read_private_text", "read_cache_bytes", "create_private_file", "atomic_write", "atomic_writer",
           "FILE_MODE", "DIR_MODE"]

FILE_MODE = 0o600
DIR_MODE = 0o700


class UnsafePathError(InputError):
    """A cache or state path another local user could have written (or that is not ours)."""


def _owner_problem(st: os.stat_result) -> str | None:
    uid = os.geteuid()
    if st.st_uid != uid:
        return f"owned by uid {st.st_uid}, not by you (uid {uid})"
    return None


def check_private(path: str | os.PathLike, st: os.stat_result | None = None) -> os.stat_result:
    """Raise :class:`UnsafePathError` unless ``path`` is ours and not writable by group or others.

    ``path`` may be a file or a directory; a symbolic link is refused (its
    target could be anywhere). Returns the ``lstat`` result.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> check_private(d).st_uid == os.geteuid()
    True
    >>> os.chmod(d, 0o777)
    >>> check_private(d)
    Traceback (most recent call last):
    ...
    neurograph.private_files.UnsafePathError: ...: refusing to read a directory writable by group or others (mode 0777); fix with: chmod 700 ...
    """
    path = Path(path)
    if st is None:
        st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode):
        raise UnsafePathError(f"{path}: refusing to read a cache through a symbolic link")
    kind = "directory" if stat.S_ISDIR(st.st_mode) else "file"
    problem = _owner_problem(st)
    if problem:
        raise UnsafePathError(f"{path}: refusing to read a {kind} {problem}")
    if st.st_mode & 0o022:
        mode = DIR_MODE if kind == "directory" else FILE_MODE
        raise UnsafePathError(f"{path}: refusing to read a {kind} writable by group or others "
                              f"(mode {st.st_mode & 0o777:04o}); fix with: chmod {mode:o} {path}")
    return st


def private_dir(path: str | os.PathLike, *, repair: bool = True) -> Path:
    """Create ``path`` (and missing parents) mode 0700 if missing; return it.

    With ``repair`` (the data directory), an existing directory of ours is
    tightened to 0700 (older versions made it 0755, so anyone could read the
    graph) and may be reached through a link. Without it (a cache folder), a
    link, or a folder group or others can write, is refused as it stands:
    what is in it may already have been planted. A directory owned by
    someone else is always refused: its owner could replace anything in it.

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp()) / "cache"
    >>> private_dir(folder, repair=False) == folder
    True
    >>> folder.chmod(0o777)
    >>> private_dir(folder, repair=False)
    Traceback (most recent call last):
    ...
    neurograph.private_files.UnsafePathError: ...: refusing to read a directory writable by group or others (mode 0777); fix with: chmod 700 ...
    """
    path = Path(path)
    try:
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except FileExistsError:
        pass  # something that is not a directory stands there: refused below
    except OSError as exc:
        raise UnsafePathError(f"{path}: cannot create the directory: {exc.strerror or exc}") from None
    if not repair:
        if not stat.S_ISDIR(check_private(path).st_mode):
            raise UnsafePathError(f"{path}: not a directory")
        return path
    st = os.stat(path)  # the data directory itself may be reached through a link
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafePathError(f"{path}: not a directory")
    problem = _owner_problem(st)
    if problem:
        raise UnsafePathError(f"{path}: refusing to use a directory {problem}")
    if st.st_mode & 0o777 != DIR_MODE:
        os.chmod(path, DIR_MODE)
    return path


def create_private_file(path: str | os.PathLike) -> Path:
    """Create an empty file mode 0600 at ``path`` if none is there; refuse one that is not safe to trust.

    For files other code opens by name (a sqlite database): they must be
    ours, not writable by group or others, and not a link
    (see :func:`check_private`).

    >>> import tempfile, pathlib
    >>> path = create_private_file(pathlib.Path(tempfile.mkdtemp()) / "x.sqlite")
    >>> oct(path.stat().st_mode & 0o777), path.stat().st_size
    ('0o600', 0)
    """
    path = Path(path)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        pass
    check_private(path)
    return path


def open_private(path: str | os.PathLike) -> IO[bytes]:
    """Open a cache file for reading after checking it and its directory (see :func:`check_private`).

    The file is checked on the open descriptor, so it cannot be swapped
    between the check and the read.
    """
    path = Path(path)
    check_private(path.parent, os.stat(path.parent))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafePathError(f"{path}: refusing to read a cache through a symbolic link") from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise UnsafePathError(f"{path}: not a regular file")
        check_private(path, st)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_private_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a checked cache file (see :func:`open_private`)."""
    with open_private(path) as fh:
        return fh.read()


def read_private_text(path: str | os.PathLike) -> str:
    """The UTF-8 text of a checked cache file (see :func:`open_private`)."""
    return read_private_bytes(path).decode("utf-8")


def read_cache_bytes(path: str | os.PathLike) -> bytes | None:
    """The bytes of a cache file, or None when it is absent or not safe to trust (then it is rebuilt).

    Not safe: the file or its folder is a link, another user's or writable
    by group or others (see :func:`check_private`), or the file is not a
    regular file.

    >>> import tempfile, pathlib
    >>> folder = private_dir(pathlib.Path(tempfile.mkdtemp()) / "cache", repair=False)
    >>> read_cache_bytes(atomic_write(folder / "x.json", b"{}"))
    b'{}'
    >>> read_cache_bytes(folder / "missing.json") is None
    True
    >>> (folder / "x.json").chmod(0o666)
    >>> read_cache_bytes(folder / "x.json") is None
    True
    """
    path = Path(path)
    try:
        check_private(path.parent)
        return read_private_bytes(path)
    except (OSError, UnsafePathError):
        return None


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike, mode: int = FILE_MODE) -> Iterator[IO[bytes]]:
    """A binary file handle whose content replaces ``path`` when the block ends without error.

    The temporary file has a unique name in the same directory (so two
    writers never collide, and the rename is atomic); it is fsynced, given
    ``mode`` (0600 by default, whatever the umask) and renamed over ``path``.
    If the block raises, the temporary file is removed and ``path`` is left
    as it was.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write(path: str | os.PathLike, data: bytes | str, mode: int = FILE_MODE) -> Path:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` atomically (see :func:`atomic_writer`); return ``path``."""
    with atomic_writer(path, mode) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
