"""Third-party resources (vocabularies, corpora, Hetionet) installed into the user's data directory.

Each resource is described once in ``data/resources.yaml``: version, official
download URL, file names, expected checksums, licence and attribution.
:func:`install` downloads (or copies from a local folder) into
``<data dir>/resources/<name>/``, checks every checksum before anything is
used, and records what it installed in ``manifest.json``; a partial or
mismatching file is never kept. Other modules find the files with
:func:`resource_path`, which says in one line what to run when a resource is
missing.

Nothing third-party is committed to the repository: the product installs it.

Examples
--------
>>> catalog = load_catalog()
>>> catalog["hpo"].version
'hp/releases/2025-01-16'
>>> sorted(catalog)[:3]
['bc5cdr', 'biored', 'chebi']
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .private_files import atomic_write, private_dir
from .errors import InputError

__all__ = [
    "Resource",
    "ResourceError",
    "ResourceFile",
    "ResourceNotInstalledError",
    "default_source",
    "install",
    "installed",
    "list_resources",
    "load_catalog",
    "remove",
    "resource_path",
    "resources_dir",
    "verify",
]

MANIFEST = "manifest.json"
_CHUNK = 1 << 16


class ResourceError(InputError):
    """A resource cannot be installed, verified or found."""


class ResourceNotInstalledError(ResourceError):
    """A resource that a command needs is not installed; the message names what to run."""

    def __init__(self, name: str, detail: str = "is not installed"):
        self.name = name
        super().__init__(f"resource {name!r} {detail}: run `neurograph resources install {name}`")


@dataclass(frozen=True)
class ResourceFile:
    file: str
    sha256: str
    size: int
    url: str | None = None
    url_sha256: str | None = None
    gzip: bool = False
    member: str | None = None
    origin: str = ""


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    version: str
    kind: str
    folder: str
    licence: str
    attribution: str
    citation: str
    files: tuple[ResourceFile, ...] = field(default_factory=tuple)

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def _catalog_path() -> Path:
    from .schema import data_dir

    return data_dir() / "resources.yaml"


def load_catalog(path: str | os.PathLike | None = None) -> dict[str, Resource]:
    """The resources described in ``data/resources.yaml``, by name.

    Raises
    ------
    ResourceError
        Naming the file, when an entry lacks a field or repeats a name.
    """
    import yaml

    path = Path(path) if path is not None else _catalog_path()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResourceError("resource catalogue not found", path) from None
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise ResourceError(f"not valid YAML: {getattr(exc, 'problem', exc)}", path,
                            line + 1 if line is not None else None) from None
    if not isinstance(raw, list):
        raise ResourceError("expected a list of resources", path)
    out: dict[str, Resource] = {}
    for entry in raw:
        try:
            files = tuple(ResourceFile(
                file=str(f["file"]), sha256=str(f["sha256"]).lower(), size=int(f["size"]), url=f.get("url"),
                url_sha256=(str(f["url_sha256"]).lower() if f.get("url_sha256") else None),
                gzip=bool(f.get("gzip", False)), member=f.get("member"), origin=str(f.get("origin", "")))
                for f in entry["files"])
            resource = Resource(name=str(entry["name"]), title=str(entry["title"]), version=str(entry["version"]),
                                kind=str(entry["kind"]), folder=str(entry["folder"]), licence=str(entry["licence"]),
                                attribution=" ".join(str(entry["attribution"]).split()),
                                citation=str(entry.get("citation", "")), files=files)
        except (KeyError, TypeError, ValueError) as exc:
            raise ResourceError(f"resource {entry.get('name', '?') if isinstance(entry, dict) else entry!r}: "
                                f"missing or bad field {exc}", path) from None
        if resource.name in out:
            raise ResourceError(f"resource {resource.name!r} is listed twice", path)
        out[resource.name] = resource
    return out


def default_source() -> Path | None:
    """The local mirror beside the checkout (``<repo>/../shared/datasets``), or None.

    Found relative to the repository holding this package, not the current
    directory, and only for a source checkout (a ``pyproject.toml`` at its root).
    """
    repo = Path(__file__).resolve().parents[2]
    if not (repo / "pyproject.toml").is_file():
        return None
    folder = repo.parent / "shared" / "datasets"
    return folder if folder.is_dir() else None


def resources_dir(home: str | os.PathLike | None = None) -> Path:
    """``resources/`` of the data directory (not created)."""
    from .config import resolve_home

    return resolve_home(home) / "resources"


def installed(name: str, home: str | os.PathLike | None = None) -> dict | None:
    """The manifest of an installed resource, or None when it is not installed."""
    path = resources_dir(home) / name / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) and manifest.get("name") == name else None


def resource_path(name: str, filename: str | None = None, home: str | os.PathLike | None = None) -> Path:
    """The installed folder of a resource, or one of its files.

    Raises
    ------
    ResourceNotInstalledError
        When the resource (or the file) is not installed; the message names
        the command to run.

    >>> import tempfile
    >>> resource_path("biored", "Dev.PubTator", home=tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    neurograph.resources.ResourceNotInstalledError: resource 'biored' is not installed: run `neurograph resources install biored`
    """
    manifest = installed(name, home)
    if manifest is None:
        if name not in load_catalog():
            raise ResourceError(f"unknown resource {name!r}; see `neurograph resources list`")
        raise ResourceNotInstalledError(name)
    folder = resources_dir(home) / name
    if filename is None:
        return folder
    if filename not in manifest.get("files", {}) or not (folder / filename).is_file():
        raise ResourceNotInstalledError(name, f"has no file {filename!r} installed")
    return folder / filename


# --- installing ----------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read a megabyte at a time (installed resources, caches of them)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _download(url: str, dest: Path, timeout: float = 60.0) -> str:
    """Stream ``url`` into ``dest``; the sha256 of what was received.

    Raises ResourceError when the connection fails or closes before the
    announced length; the caller deletes ``dest``.
    """
    import http.client

    received = 0
    h = hashlib.sha256()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(dest, "wb") as out:
            length = response.headers.get("Content-Length")
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                received += len(chunk)
                h.update(chunk)
                out.write(chunk)
    except http.client.IncompleteRead as exc:
        raise ResourceError(f"download of {url} was interrupted after {received + len(exc.partial)} bytes") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ResourceError(f"cannot download {url}: {reason}") from None
    if length is not None and length.isdigit() and received != int(length):
        raise ResourceError(f"download of {url} was interrupted after {received} of {length} bytes")
    return h.hexdigest()


def _is_url(source: str | os.PathLike) -> bool:
    return str(source).startswith(("http://", "https://"))


def _local_candidates(folder: Path, resource: Resource, rf: ResourceFile) -> list[Path]:
    return [folder / rf.file, folder / resource.folder / rf.file]


class _Fetcher:
    """Gets each file of a resource into a staging folder, checked, from one source."""

    def __init__(self, staging: Path, source, progress: Callable[[str], None] | None):
        self.staging = staging
        self.source = source
        self.progress = progress
        self.archives: dict[str, Path] = {}

    def _say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    def fetch(self, resource: Resource, rf: ResourceFile) -> tuple[Path, str]:
        """(staged file, where it came from); raises ResourceError, leaving nothing behind."""
        source = self.source
        if source is not None and not _is_url(source):
            folder = Path(source).expanduser()
            for candidate in _local_candidates(folder, resource, rf):
                if candidate.is_file():
                    return self._copy(resource, rf, candidate), str(candidate.resolve())
            raise ResourceError(f"resource {resource.name!r}: {rf.file} not found in {folder}; "
                                f"run `neurograph resources install {resource.name} --from FOLDER` "
                                f"with a folder holding it")
        if source is not None:  # a base URL mirroring the files
            url = str(source).rstrip("/") + "/" + rf.file
            return self._from_url(resource, rf, url, rf.sha256, False, None), url
        if not rf.url:
            raise ResourceError(f"resource {resource.name!r}: {rf.file} has no download URL (it is an extract); "
                                f"run `neurograph resources install {resource.name} --from FOLDER` with a folder "
                                f"holding it")
        expected = rf.url_sha256 or rf.sha256
        return self._from_url(resource, rf, rf.url, expected, rf.gzip, rf.member), rf.url

    def _temp(self, name: str) -> Path:
        fd, tmp = tempfile.mkstemp(dir=self.staging, prefix="." + name + ".", suffix=".part")
        os.close(fd)
        return Path(tmp)

    def _copy(self, resource: Resource, rf: ResourceFile, src: Path) -> Path:
        tmp = self._temp(rf.file)
        try:
            shutil.copyfile(src, tmp)
            got = sha256_file(tmp)
            if got != rf.sha256:
                raise ResourceError(f"resource {resource.name!r}: checksum mismatch for {src} "
                                    f"(expected sha256 {rf.sha256[:16]}..., got {got[:16]}...); nothing installed")
            final = self.staging / rf.file
            os.replace(tmp, final)
            return final
        finally:
            tmp.unlink(missing_ok=True)

    def _from_url(self, resource, rf, url, expected, compress, member) -> Path:
        final = self.staging / rf.file
        if member:
            archive = self.archives.get(url)
            if archive is None:
                archive = self._temp("archive")
                self._say(f"downloading {url}")
                try:
                    _download(url, archive)
                except BaseException:
                    archive.unlink(missing_ok=True)
                    raise
                self.archives[url] = archive
            tmp = self._temp(rf.file)
            try:
                with zipfile.ZipFile(archive) as zf:
                    names = [n for n in zf.namelist() if n == member or n.endswith("/" + member)]
                    if not names:
                        raise ResourceError(f"resource {resource.name!r}: {member} not found in {url}")
                    with zf.open(names[0]) as src, open(tmp, "wb") as out:
                        shutil.copyfileobj(src, out, _CHUNK)
                got = sha256_file(tmp)
                self._check(resource, url, expected, got)
                os.replace(tmp, final)
            except zipfile.BadZipFile:
                raise ResourceError(f"resource {resource.name!r}: {url} is not a zip archive") from None
            finally:
                tmp.unlink(missing_ok=True)
            return final
        tmp = self._temp(rf.file)
        try:
            self._say(f"downloading {url}")
            got = _download(url, tmp)
            self._check(resource, url, expected, got)
            if compress:
                packed = self._temp(rf.file)
                try:
                    with open(tmp, "rb") as src, gzip.GzipFile(packed, "wb", compresslevel=9, mtime=0) as out:
                        shutil.copyfileobj(src, out, _CHUNK)
                    os.replace(packed, final)
                finally:
                    packed.unlink(missing_ok=True)
            else:
                os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        return final

    @staticmethod
    def _check(resource: Resource, url: str, expected: str, got: str) -> None:
        if got != expected:
            raise ResourceError(f"resource {resource.name!r}: checksum mismatch for {url} "
                                f"(expected sha256 {expected[:16]}..., got {got[:16]}...); nothing installed")


def _select(names: Iterable[str] | None, catalog: dict[str, Resource]) -> list[Resource]:
    names = list(names or [])
    unknown = [n for n in names if n not in catalog]
    if unknown:
        raise ResourceError(f"unknown resource {unknown[0]!r}; known: {', '.join(sorted(catalog))}")
    return [catalog[n] for n in names] if names else list(catalog.values())


def _source_for(resource: Resource, source) -> str | Path | None:
    """The source to install ``resource`` from: ``source``, else the local mirror when it holds the files."""
    if source is not None:
        return source
    mirror = default_source()
    if mirror is not None and all(any(p.is_file() for p in _local_candidates(mirror, resource, rf))
                                  for rf in resource.files):
        return mirror
    return None  # the official URLs


def _current(resource: Resource, folder: Path) -> bool:
    """Whether the installed copy of ``resource`` is this version with every file intact."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    files = manifest.get("files", {})
    if manifest.get("version") != resource.version or set(files) != {rf.file for rf in resource.files}:
        return False
    for name, meta in files.items():
        path = folder / name
        if not path.is_file() or path.stat().st_size != meta.get("size"):
            return False
    return True


def install(names: Iterable[str] | None = None, source: str | os.PathLike | None = None,
            home: str | os.PathLike | None = None, force: bool = False,
            progress: Callable[[str], None] | None = None,
            catalog: dict[str, Resource] | None = None) -> list[dict]:
    """Install resources into ``<data dir>/resources/<name>/``; the manifests written.

    Parameters
    ----------
    names : iterable of str, optional
        Resources to install; all of the catalogue by default.
    source : path or URL, optional
        A folder holding the files (directly or in the resource's sub-folder,
        such as ``../shared/datasets``) or a base URL mirroring them. Default:
        the local mirror beside the checkout when it holds the files, else
        each file's official URL.
    force : bool
        Reinstall even when the same version is installed and intact.
    catalog : dict, optional
        Resources by name (default: :func:`load_catalog`).

    Every file is fetched into a private staging folder under a unique
    temporary name and checked against its sha256 before anything replaces
    the installed copy; on any error the staging folder is deleted and the
    previous installation (if any) is left as it was.

    Raises
    ------
    ResourceError
        One line: an unknown name, a file missing from the source, a checksum
        mismatch, an interrupted or failed download.
    """
    catalog = catalog if catalog is not None else load_catalog()
    chosen = _select(names, catalog)
    root = private_dir(resources_dir(home), repair=False)
    done: list[dict] = []
    for resource in chosen:
        folder = root / resource.name
        if not force and _current(resource, folder):
            done.append({**json.loads((folder / MANIFEST).read_text(encoding="utf-8")), "unchanged": True})
            continue
        src = _source_for(resource, source)
        if src is not None and not _is_url(src):
            src = Path(src).expanduser().resolve()
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{resource.name}.staging-"))
        try:
            fetcher = _Fetcher(staging, src, progress)
            files: dict[str, dict] = {}
            for rf in resource.files:
                path, origin = fetcher.fetch(resource, rf)
                files[rf.file] = {"sha256": sha256_file(path), "size": path.stat().st_size, "source": origin}
            for archive in fetcher.archives.values():
                archive.unlink(missing_ok=True)
            manifest = {"name": resource.name, "version": resource.version, "licence": resource.licence,
                        "source": str(src) if src is not None else "official URLs",
                        "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "files": files}
            atomic_write(staging / MANIFEST, json.dumps(manifest, indent=1) + "\n")
            old = None
            if folder.exists():
                old = Path(tempfile.mkdtemp(dir=root, prefix=f".{resource.name}.old-"))
                os.replace(folder, old / "x")
            os.replace(staging, folder)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
            done.append(manifest)
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)
    return done


def verify(names: Iterable[str] | None = None, home: str | os.PathLike | None = None,
           catalog: dict[str, Resource] | None = None) -> dict[str, list[str]]:
    """Problems of installed resources by name (an empty list: intact); not-installed ones are skipped
    unless named.

    Each file's sha256 is compared with the manifest written at install time.
    """
    catalog = catalog if catalog is not None else load_catalog()
    explicit = bool(names)
    out: dict[str, list[str]] = {}
    for resource in _select(names, catalog):
        folder = resources_dir(home) / resource.name
        manifest = installed(resource.name, home)
        if manifest is None:
            if explicit:
                out[resource.name] = [f"not installed: run `neurograph resources install {resource.name}`"]
            continue
        problems = []
        for name, meta in manifest.get("files", {}).items():
            path = folder / name
            if not path.is_file():
                problems.append(f"{name}: missing")
            elif sha256_file(path) != meta.get("sha256"):
                problems.append(f"{name}: checksum differs from the installed copy (modified)")
        if manifest.get("version") != resource.version:
            problems.append(f"installed version {manifest.get('version')!r}, catalogue has {resource.version!r}")
        out[resource.name] = problems
    return out


def remove(names: Iterable[str], home: str | os.PathLike | None = None,
           catalog: dict[str, Resource] | None = None) -> list[str]:
    """Delete installed resources; the names that were removed."""
    catalog = catalog if catalog is not None else load_catalog()
    names = list(names)
    if not names:
        raise ResourceError("name the resources to remove (see `neurograph resources list`)")
    removed = []
    for resource in _select(names, catalog):
        folder = resources_dir(home) / resource.name
        if folder.is_dir():
            # The manifest goes first: a half-deleted folder never looks installed.
            (folder / MANIFEST).unlink(missing_ok=True)
            shutil.rmtree(folder)
            removed.append(resource.name)
    return removed


def list_resources(home: str | os.PathLike | None = None) -> list[dict]:
    """One row per catalogued resource: name, version, kind, licence, size, installed, source, attribution."""
    rows = []
    mirror = default_source()
    for resource in load_catalog().values():
        manifest = installed(resource.name, home)
        if manifest is not None:
            source = manifest.get("source", "")
        elif mirror is not None and all(any(p.is_file() for p in _local_candidates(mirror, resource, rf))
                                        for rf in resource.files):
            source = str(mirror / resource.folder)
        else:
            source = "official URLs" if all(rf.url for rf in resource.files) else "local folder only (--from)"
        rows.append({"name": resource.name, "version": resource.version, "kind": resource.kind,
                     "licence": resource.licence, "size": resource.size, "installed": manifest is not None,
                     "source": source, "attribution": resource.attribution, "citation": resource.citation})
    return rows
