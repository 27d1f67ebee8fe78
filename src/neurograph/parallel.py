"""Where extraction runs: in this process, in worker processes on this machine, or on a Dask cluster.

Each runner takes an iterator of documents, sends them out in chunks with a
bounded number in flight (so that a stream of any length keeps memory flat),
and hands each chunk's cache rows to ``store`` as they come back, in
whatever order they finish. The build reads the rows back in input order, so
the order they finish in never shows in its output.

A worker loads the schema and lexicon once (:func:`worker_resources`) and
refuses to extract when their versions differ from the driver's: a cluster
with another neurograph or lexicon installed would otherwise mix the two.

Examples
--------
>>> list(chunks(iter("abcde"), 2))
[['a', 'b'], ['c', 'd'], ['e']]
"""

from __future__ import annotations

import os
import socket
import threading
import time
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from .cache import CachedExtraction
from .documents import Document
from .errors import InputError, UsageError, WorkerMismatchError
from .records import collector_paused

T = TypeVar("T")
Store = Callable[[list[CachedExtraction]], object]
#: worker name -> (CPU seconds its process had used by its last result, of which loading the resources), see
#: :func:`extract_batch_timed`.
WorkerTimes = dict[str, tuple[float, float]]

_resources = None
_loading_cpu = 0.0  # CPU seconds this process spent loading _resources
_loading = threading.Lock()  # Dask runs tasks in threads: load once per process
_loaded_early = False  # _resources were loaded before the driver had loaded its own (see start_workers)


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` consecutive items."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def tapering_chunks(items: Iterable[T], size: int, total: int, workers: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items of the ``total``, the last ``workers * size`` of them in lists a
    quarter as long, so that at the end no worker waits long for another's last list.

    >>> [len(c) for c in tapering_chunks(range(20), 8, 20, 1)]
    [8, 2, 2, 2, 2, 2, 2]
    """
    items, small, left = iter(items), max(1, size // 4), total
    while chunk := list(islice(items, size if left - size >= workers * size else small)):
        left -= len(chunk)
        yield chunk


def worker_resources(home: str | None = None, vocab: bool = True, compile: bool = True):
    """The schema and lexicon of this process, loaded on first use (a pool's initializer, a Dask task).

    ``home`` is the data directory whose installed vocabularies to use (a local worker shares the driver's;
    a cluster worker passes None: its own default); ``vocab=False`` the curated lexicon alone;
    ``compile=False`` loads only a compiled lexicon from its cache (see :func:`start_workers`).
    """
    global _resources, _loading_cpu
    with _loading:
        if _resources is None:
            from .pipeline import load_resources

            started = time.process_time()
            try:
                with collector_paused():
                    _resources = load_resources(home=home, vocab=vocab, compile=compile)
            finally:
                _loading_cpu += time.process_time() - started
    return _resources


def _warm_up() -> None:
    """Import the extraction modules (their patterns compile on import), counted as loading."""
    global _loading_cpu
    started = time.process_time()
    from . import extract  # noqa: F401
    from .extract import grade  # noqa: F401
    from .extract.readers import iter_documents  # noqa: F401

    _loading_cpu += time.process_time() - started


@dataclass(frozen=True)
class FileDocument:
    """A file of one document, for a worker on this machine to read itself.

    The driver then neither reads nor sends its text: with two workers on two cores, reading every document
    a second time made the driver a third busy process.
    """

    path: str
    doc_id: str
    sha256: str

    def read(self) -> Document:
        """The document, read with the build's default reader; it must still be the one the build surveyed.

        The file alone, as the survey found it (not found again: its folder walk, its kind and its links were
        checked then), in half the time (0.2 ms a file).
        """
        from .extract.readers import read_file

        for doc in read_file(Path(self.path)):
            if doc.id == self.doc_id:
                if doc.sha256 != self.sha256:
                    raise InputError("the document changed while the build ran; build again", self.path)
                return doc
        raise InputError(f"the document {self.doc_id!r} disappeared while the build ran; build again", self.path)


def pool_worker_start(home: str | None = None, vocab: bool = True, early: bool = False) -> None:
    """A worker process's initializer: no cyclic garbage collection, and the resources loaded and frozen.

    The build runs with the collector paused (records are acyclic); a worker process collected between
    batches, and every collection of the oldest generation walked the whole lexicon again (millions of
    objects). ``gc.freeze`` moves the loaded resources out of the collector's sight for good.

    ``early``: started before the driver loaded its own resources (:func:`start_workers`). Loading is then
    only a head start: from the compiled lexicon's cache alone (compiling or installing is the driver's job,
    running meanwhile), and whatever fails here is left for the first documents, which load again and say
    what is wrong.
    """
    import gc

    global _loaded_early
    gc.disable()
    if early:
        try:
            worker_resources(home, vocab, compile=False)
            _loaded_early = True
        except Exception:
            pass
    else:
        worker_resources(home, vocab)
    _warm_up()  # so that a worker's loading time is all it spends before its first document
    gc.freeze()


def _same_versions(resources, versions) -> bool:
    return tuple(map(tuple, resources.versions)) == tuple(map(tuple, versions))


def extract_batch(documents: list[Document | FileDocument], versions: tuple[tuple[str, str], ...],
                  home: str | None = None, vocab: bool = True) -> list[CachedExtraction]:
    """Extract documents (or :class:`FileDocument` to read here) in a worker into cache rows; ``versions`` are
    the driver's."""
    global _resources, _loaded_early
    from .pipeline import cached_extraction

    resources = worker_resources(home, vocab)
    if _loaded_early and not _same_versions(resources, versions):
        # Loaded while the driver was still installing or loading: load what the driver has now.
        with _loading:
            _resources, _loaded_early = None, False
        resources = worker_resources(home, vocab)
    _loaded_early = False
    if not _same_versions(resources, versions):
        ours, theirs = dict(resources.versions), dict(versions)
        differ = sorted(name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name))
        raise WorkerMismatchError(f"a worker's {', '.join(differ)} differ from this machine's; install the same "
                                  "neurograph and resources on every worker")
    key = resources.key
    with collector_paused():
        return [cached_extraction(doc.read() if type(doc) is FileDocument else doc, resources, key)
                for doc in documents]


def extract_batch_timed(documents: list[Document], versions: tuple[tuple[str, str], ...], home: str | None = None,
                        vocab: bool = True) -> tuple[list[CachedExtraction], str, tuple[float, float]]:
    """:func:`extract_batch`, with the worker's name (host and process id), its process's CPU time so far and
    the part of it spent loading the resources.

    Worker processes are not this process's children (``forkserver``, a cluster), so their CPU time is
    reported with their results: the build's ``worker_cpu_seconds``.
    """
    rows = extract_batch(documents, versions, home, vocab)
    return rows, f"{socket.gethostname()}:{os.getpid()}", (time.process_time(), _loading_cpu)


def extract_here(documents: Iterable[Document | FileDocument], resources, chunk_size: int,
                 store: Store) -> WorkerTimes:
    """Extract in this process, storing a chunk at a time (no worker processes: no CPU times to return)."""
    from .pipeline import cached_extraction

    key = resources.key
    for chunk in chunks(documents, chunk_size):
        store([cached_extraction(doc.read() if type(doc) is FileDocument else doc, resources, key)
               for doc in chunk])
    return {}


def _keep(result: tuple[list[CachedExtraction], str, tuple[float, float]], store: Store, times: WorkerTimes) -> None:
    rows, worker, cpu = result
    times[worker] = max(cpu, times.get(worker, (0.0, 0.0)))
    store(rows)


#: What every worker imports before its first document (their patterns compile on import: 0.35 s CPU). The
#: forkserver imports them once and forks the workers with them.
WORKER_MODULES = ("neurograph.pipeline", "neurograph.lexicon", "neurograph.extract", "neurograph.extract.grade",
                  "neurograph.extract.readers", "neurograph.extract.model")


def process_context():
    """How the build starts its processes: not fork, since the driver may run threads (a progress bar) and a
    forked child can inherit a held lock; forkserver where the platform has it, else spawn."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver

    # Effective when this process starts its forkserver (its first pool); the modules others asked for stay.
    preload = list(getattr(getattr(forkserver, "_forkserver", None), "_preload_modules", None) or ["__main__"])
    forkserver.set_forkserver_preload(preload + [m for m in WORKER_MODULES if m not in preload])
    return multiprocessing.get_context("forkserver")


def start_workers(workers: int, home: str | None = None, vocab: bool = True):
    """Start ``workers`` extraction processes now, for :func:`extract_in_processes`.

    A build starts them as soon as it knows that many documents need extracting, before it loads its own
    schema and lexicon: the workers load theirs meanwhile, instead of after (about a second, all of which
    kept the workers from extracting). See :func:`pool_worker_start` (``early``).
    """
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=pool_worker_start,
                               initargs=(home, vocab, True))
    for _ in range(workers):
        pool.submit(os.getpid)  # a process starts with each submission while none is idle
    return pool


def extract_in_processes(documents: Iterable[Document | FileDocument], versions, workers: int, chunk_size: int,
                         store: Store, home: str | None = None, vocab: bool = True, pool=None,
                         total: int | None = None) -> WorkerTimes:
    """Extract in ``workers`` processes on this machine, each loading the lexicon once; returns their CPU times.

    ``pool``: processes already started (:func:`start_workers`), shut down here when done. ``total``: how
    many documents there are, to send the last ones in smaller chunks (:func:`tapering_chunks`).
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    if pool is None:
        pool = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=pool_worker_start,
                                   initargs=(home, vocab))
    with pool:
        pending: set = set()
        times: WorkerTimes = {}
        try:
            parts = chunks(documents, chunk_size) if total is None else \
                tapering_chunks(documents, chunk_size, total, workers)
            for chunk in parts:
                pending.add(pool.submit(extract_batch_timed, chunk, versions, home, vocab))
                if len(pending) >= 2 * workers:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in done:
                        _keep(future.result(), store, times)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    _keep(future.result(), store, times)
        except BaseException:
            for future in pending:
                future.cancel()
            raise
    return times


def extract_in_dask(documents: Iterable[Document], versions, address: str, chunk_size: int, store: Store,
                    vocab: bool = True) -> WorkerTimes:
    """Extract on the Dask cluster whose scheduler is at ``address``; results come back to this process.

    Returns the CPU time of each worker process (of the whole process: a Dask worker's own work counts too).
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--dask needs dask.distributed: pip install 'neurograph[cluster]'") from None
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        slots = 2 * max(1, sum(client.nthreads().values()))
        running = as_completed()
        times: WorkerTimes = {}
        try:
            for chunk in chunks(documents, chunk_size):
                running.add(client.submit(extract_batch_timed, chunk, versions, None, vocab, pure=False))
                while running.count() >= slots:
                    _keep(next(running).result(), store, times)
            for future in running:
                _keep(future.result(), store, times)
        except BaseException:
            running.clear()
            raise
    return times
