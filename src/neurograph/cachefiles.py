"""Private cache files: only the user's own, never another user's.

A cache is data neurograph trusts without re-checking it, so it is read only
from a folder the current user owns and nobody else can write, and only when
the file itself is such a file; anything else is treated as absent (and
rebuilt). Files are written atomically (a unique temporary name, then a
rename) with mode 0600 in a 0700 folder. The contents are JSON or plain text,
never pickle: reading a cache cannot run code.

Examples
--------
>>> import tempfile, pathlib
>>> folder = private_dir(pathlib.Path(tempfile.mkdtemp()) / "cache")
>>> write_private(folder / "x.json", b'{"a": 1}')
>>> read_private(folder / "x.json")
b'{"a": 1}'
>>> read_private(folder / "missing.json") is None
True
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import InputError

__all__ = ["UnsafeCacheError", "is_private", "private_dir", "read_private", "write_private"]


class UnsafeCacheError(InputError):
    """A cache folder is not the user's own, or others can write to it."""


def _owner_ok(st: os.stat_result) -> bool:
    """Owned by the current user (or root for root) and not writable by group or others."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    if uid is not None and st.st_uid != uid:
        return False
    return not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def is_private(path: str | os.PathLike) -> bool:
    """Whether ``path`` (not following a symlink) is the user's own and not writable by others.

    >>> import tempfile
    >>> is_private(tempfile.mkdtemp())
    True
    >>> is_private("/nonexistent/path")
    False
    """
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if stat.S_ISLNK(st.st_mode):
        return False
    return _owner_ok(st)


def private_dir(path: str | os.PathLike) -> Path:
    """``path`` as a folder of the user's own, created 0700 if missing.

    Raises
    ------
    UnsafeCacheError
        When the folder (or what stands at its place) is a symlink, not a
        folder, another user's, or writable by group or others.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
    except FileExistsError:
        pass  # a file stands there: refused below
    except OSError as exc:
        raise UnsafeCacheError(f"cannot create cache folder ({exc.strerror})", path) from None
    st = os.lstat(path)
    if stat.S_ISLNK(st.st_mode) or not stat.S_ISDIR(st.st_mode):
        raise UnsafeCacheError("cache folder is a symlink or not a folder; remove it", path)
    if not _owner_ok(st):
        raise UnsafeCacheError("cache folder belongs to another user or others can write to it; "
                               "remove it or `chmod go-w` it", path)
    return path


def read_private(path: str | os.PathLike) -> bytes | None:
    """The bytes of a cache file, or None when it is absent or not safe to trust.

    Not safe: its folder or the file is another user's or writable by
    others, or it is a symlink or not a regular file.
    """
    path = Path(path)
    if not is_private(path.parent):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not _owner_ok(st):
            return None
        return fh.read()


def write_private(path: str | os.PathLike, data: bytes) -> None:
    """Write a cache file atomically, mode 0600, in a private folder (created 0700).

    Raises
    ------
    UnsafeCacheError
        When the folder is not the user's own (see :func:`private_dir`).
    OSError
        When the file cannot be written (a full or read-only disk).
    """
    path = Path(path)
    folder = private_dir(path.parent)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix="." + path.name + ".", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
