"""The embedded graph server: ArcadeDB with its Bolt plugin, run in a child process.

Without a ``--uri``, neurograph talks Bolt to an ArcadeDB server of its own
(the ``arcadedb-embedded`` wheel ships the engine, a JRE and the Bolt plugin).
The JVM can start only once per Python process, so the server runs in a
detached child, ``python -m neurograph.embedded serve``; this module starts,
watches and stops it. It never imports ``neo4j``: talking Cypher to the
server is :mod:`neurograph.store`'s job.

Layout under ``<home>/server/``::

    databases/     the ArcadeDB databases (one, "neurograph", by default)
    config/        ArcadeDB's users, groups and plugin settings
    log/           ArcadeDB's logs and console.log (the child's stdout/stderr)
    password       the root password, generated once, mode 0600
    state.json     pid, ports, start time and idle timeout of the running server, mode 0600
    lock           serialises start/stop between processes
    users          held shared by every command using the server (see :func:`ensure_server`)

A server started on demand (by :func:`ensure_server`: ``load``, ``cypher``,
``path --backend store``...) stays up between commands and stops itself once
no command has used it for :func:`idle_timeout` seconds
(``NEUROGRAPH_SERVER_IDLE``, default 600; 0 stops it when the command ends).
One started with ``neurograph server start`` runs until ``server stop``.

Examples
--------
>>> import tempfile
>>> server = EmbeddedServer(tempfile.mkdtemp())
>>> server.status()["running"]
False
>>> server.root.name
'server'
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .errors import NeurographError, StoreError

DATABASE = "neurograph"
USER = "root"
DEFAULT_HEAP = os.environ.get("NEUROGRAPH_SERVER_HEAP", "2g")
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
#: Seconds a server started on demand stays up after the last command that used it.
DEFAULT_IDLE = 600.0


def idle_timeout(value: float | str | None = None) -> float:
    """How long (s) a server started on demand outlives its last user: ``value``, else ``NEUROGRAPH_SERVER_IDLE``.

    The default, 600 s, lets a second command skip the ~10 s server start;
    0 stops the server as soon as the command that started it ends.

    >>> idle_timeout(0), idle_timeout("90")
    (0.0, 90.0)
    >>> idle_timeout(-1)
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: the server idle timeout must be 0 or more seconds, not -1
    """
    from .errors import UsageError

    where = "the server idle timeout"
    if value is None or value == "":
        raw = os.environ.get("NEUROGRAPH_SERVER_IDLE", "")
        if raw == "":
            return DEFAULT_IDLE
        value, where = raw, "NEUROGRAPH_SERVER_IDLE"
    try:
        seconds = float(value)
    except ValueError:
        raise UsageError(f"{where}={value!r} is not a number of seconds") from None
    if not seconds >= 0 or seconds == float("inf"):
        raise UsageError(f"{where} must be 0 or more seconds, not {value}")
    return seconds


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running embedded server. ``repr`` never shows the password."""

    uri: str
    user: str
    password: str
    database: str
    pid: int
    bolt_port: int
    http_port: int
    https_port: int
    home: str

    def __repr__(self) -> str:
        return (f"ServerInfo(uri={self.uri!r}, user={self.user!r}, password='***', "
                f"database={self.database!r}, pid={self.pid})")


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepts(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


#: Server processes this process started (pid -> Popen), so that their state is read, not guessed.
_children: dict[int, subprocess.Popen] = {}


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live (not zombie) process running our server module."""
    if pid <= 0:
        return False
    child = _children.get(pid)
    if child is not None:
        # Our own child: ask it directly (this also reaps it). Its /proc cmdline is
        # still the parent's between fork and exec, so the check below would race.
        return child.poll() is None
    with contextlib.suppress(ChildProcessError, OSError):
        # Reap it if it is an exited child of ours, so it does not linger as a zombie.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True  # no /proc: trust the signal probe
    state = stat.rsplit(")", 1)[-1].split()[0]
    # A recycled pid belongs to some other program: that is not our server.
    return state not in ("Z", "X") and b"neurograph.embedded" in cmdline


def _dir_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += os.stat(os.path.join(dirpath, name)).st_size
    return total


class EmbeddedServer:
    """The ArcadeDB server that lives in ``<home>/server``.

    Parameters
    ----------
    home : path
        The neurograph data directory (see :func:`neurograph.config.resolve_home`).
    """

    def __init__(self, home: str | os.PathLike):
        self.home = Path(home).expanduser().resolve()
        self.root = self.home / "server"
        self.password_file = self.root / "password"
        self.state_file = self.root / "state.json"
        self.log_dir = self.root / "log"
        self.console_log = self.log_dir / "console.log"
        self.database_dir = self.root / "databases"

    # --- files ---------------------------------------------------------------

    def _make_root(self) -> None:
        from .private_files import private_dir

        private_dir(self.root)

    def password(self) -> str:
        """The root password, generated on first use and kept in a mode-0600 file."""
        from .private_files import read_private_text

        self._make_root()
        if self.password_file.exists():
            return read_private_text(self.password_file).strip()
        password = secrets.token_urlsafe(24)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(password + "\n")
        return password

    def _read_state(self) -> dict | None:
        """The state file, read only if it is the user's own and private (it names the server to trust)."""
        from .private_files import read_private_text

        try:
            return json.loads(read_private_text(self.state_file))
        except (OSError, ValueError):
            return None

    def _write_state(self, state: dict) -> None:
        from .private_files import atomic_write

        atomic_write(self.state_file, json.dumps(state, indent=2))

    def _clear_state(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.state_file.unlink()

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        self._make_root()
        with _private_open(self.root / "lock") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _live_state(self) -> dict | None:
        """The state of a running server, cleaning up a stale state file."""
        state = self._read_state()
        if state is None:
            return None
        if not _alive(int(state.get("pid", 0))):
            self._clear_state()
            return None
        return state

    def _info(self, state: dict) -> ServerInfo:
        return ServerInfo(
            uri=f"bolt://127.0.0.1:{state['bolt_port']}", user=USER, password=self.password(),
            database=DATABASE, pid=int(state["pid"]), bolt_port=int(state["bolt_port"]),
            http_port=int(state["http_port"]), https_port=int(state["https_port"]), home=str(self.home),
        )

    # --- lifecycle -----------------------------------------------------------

    def running(self) -> ServerInfo | None:
        """Connection info of the running server, or None (a server that does not accept Bolt is not running)."""
        state = self._live_state()
        if state is None or not self._said_ready(int(state["pid"])) or not _accepts(int(state["bolt_port"])):
            return None
        return self._info(state)

    def start(self, heap: str = DEFAULT_HEAP, timeout: float = START_TIMEOUT, temporary: bool = False,
              idle: float | None = None) -> ServerInfo:
        """Start the server (or find it running) and return how to connect.

        Waits until the Bolt port accepts connections. Raises
        :class:`~neurograph.errors.StoreError` naming the log file if the
        child fails (no Java, a JPype error, a port taken). A ``temporary``
        server (what :func:`ensure_server` starts) stops itself once unused
        for ``idle`` seconds (:func:`idle_timeout`); starting it again
        without ``temporary`` makes it stay until :meth:`stop`.
        """
        with self._lock():
            state = self._live_state()
            if state is not None:
                if not temporary and state.get("temporary"):
                    self._write_state({**state, "temporary": False})
                elif temporary and state.get("temporary") and idle is not None and state.get("idle") != idle:
                    self._write_state({**state, "idle": idle})  # this command's setting applies from now on
                return self._wait_ready(state, timeout)
            self.password()
            from .private_files import private_dir

            private_dir(self.log_dir)
            self._write_plugin_config()
            last_error: StoreError | None = None
            for _ in range(3):  # a port picked as free can be taken before the child binds it
                state = self._spawn(heap, temporary, idle_timeout(idle))
                try:
                    return self._wait_ready(state, timeout)
                except StoreError as exc:
                    last_error = exc
                    if "Address already in use" not in self._log_tail():
                        break
            raise last_error  # type: ignore[misc]

    def _write_plugin_config(self) -> None:
        # The MCP plugin is discovered whether named or not; neurograph does not use it.
        from .private_files import atomic_write, private_dir

        config = private_dir(self.root / "config")
        mcp = {"enabled": False, "allowReads": False, "allowInsert": False, "allowUpdate": False,
               "allowDelete": False, "allowSchemaChange": False, "allowAdmin": False, "profile": "all",
               "allowedUsers": [], "allowedOrigins": []}
        atomic_write(config / "mcp-config.json", json.dumps(mcp, indent=2))

    def _spawn(self, heap: str, temporary: bool = False, idle: float = DEFAULT_IDLE) -> dict:
        ports = {"bolt_port": free_port(), "http_port": free_port(), "https_port": free_port()}
        while len(set(ports.values())) < 3:
            ports["https_port"] = free_port()
        cmd = [sys.executable, "-m", "neurograph.embedded", "serve", "--home", str(self.home), "--heap", heap,
               "--bolt-port", str(ports["bolt_port"]), "--http-port", str(ports["http_port"]),
               "--https-port", str(ports["https_port"])]
        env = dict(os.environ)
        src = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        fd = os.open(self.console_log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as log:
            os.fchmod(fd, 0o600)
            # umask 077: ArcadeDB's databases, logs and config files are the user's alone, whatever the umask.
            proc = subprocess.Popen(cmd, cwd=self.root, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True, env=env, close_fds=True, umask=0o077)
        _children[proc.pid] = proc
        state = {"pid": proc.pid, **ports, "started_at": time.time(), "heap": heap, "temporary": temporary,
                 "idle": idle, "last_used": time.time()}
        self._write_state(state)
        return state

    def _log_tail(self, lines: int = 5) -> str:
        try:
            text = self.console_log.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.strip().splitlines()[-lines:])

    def _failure(self, what: str) -> StoreError:
        tail = self._log_tail(40)
        reason = ""
        for line in reversed(tail.splitlines()):
            if any(w in line for w in ("Error", "Exception", "error:", "Address already in use")):
                reason = ": " + line.strip()[:300]
                break
        return StoreError(f"embedded server {what}{reason} (see {self.console_log})")

    def death_notice(self) -> StoreError | None:
        """If the server this data directory ran has died (or was stopped), the error that says so; else None.

        A connection failure to the embedded server is reported with this
        rather than as "cannot reach": the server is neurograph's own, so
        whether its process is alive is known.
        """
        state = self._read_state()
        if state is None:
            return StoreError(f"the embedded server of {self.home} stopped while the command ran "
                              "(run it again to start the server)")
        pid = int(state.get("pid", 0))
        if _alive(pid):
            return None
        return self._failure(f"(pid {pid}) died while the command ran; run it again to start a new one")

    def _said_ready(self, pid: int) -> bool:
        try:
            with open(self.console_log, "rb") as fh:
                return f"ready: pid {pid} ".encode() in fh.read()
        except OSError:
            return False

    def _wait_ready(self, state: dict, timeout: float) -> ServerInfo:
        deadline = time.monotonic() + timeout
        pid = int(state["pid"])
        while time.monotonic() < deadline:
            if not _alive(pid):
                self._terminate(pid, timeout=5)  # a no-op unless it is somehow still there
                self._clear_state()
                raise self._failure("exited during start-up")
            # Bolt listens before HTTP and before the default database exists;
            # the child prints "ready" once start() has returned.
            if _accepts(int(state["bolt_port"])) and self._said_ready(pid):
                return self._info(state)
            time.sleep(0.1)
        self._terminate(pid)
        self._clear_state()
        raise self._failure(f"did not accept Bolt connections within {timeout:.0f} s")

    def _terminate(self, pid: int, timeout: float = STOP_TIMEOUT) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.05)
        proc = _children.pop(pid, None)
        if proc is not None:
            with contextlib.suppress(Exception):
                proc.wait(timeout=5)

    def stop(self, timeout: float = STOP_TIMEOUT) -> bool:
        """Stop the server: SIGTERM, then SIGKILL after ``timeout`` seconds.

        Returns whether a server was running.
        """
        with self._lock():
            state = self._live_state()
            if state is None:
                return False
            self._terminate(int(state["pid"]), timeout)
            self._clear_state()
            return True

    def _released(self, idle: float | None) -> None:
        """The last user of the server is done: stop an on-demand server now (``idle`` 0) or note the time.

        ``idle`` None keeps the server's own timeout.

        The server itself stops once ``last_used`` is ``idle`` seconds old
        and nobody uses it (:func:`_unused_temporary`).
        """
        with self._lock():
            state = self._live_state()
            if state is None or not state.get("temporary"):
                return
            idle = float(state.get("idle", DEFAULT_IDLE)) if idle is None else idle
            if idle <= 0:
                self._terminate(int(state["pid"]))
                self._clear_state()
            else:
                self._write_state({**state, "idle": idle, "last_used": time.time()})

    def status(self) -> dict:
        """What the server is doing: running, pid, ports, uptime (s), database size (bytes), paths."""
        state = self._live_state()
        out = {
            "running": False, "pid": None, "uri": None, "bolt_port": None, "http_port": None, "https_port": None,
            "uptime": None, "database": DATABASE, "database_size": _dir_size(self.database_dir),
            "server_dir": str(self.root), "log": str(self.console_log), "started": None,
            "idle_timeout": None, "stops_in": None,
        }
        if state is not None:
            out.update(
                running=_accepts(int(state["bolt_port"])), pid=int(state["pid"]),
                uri=f"bolt://127.0.0.1:{state['bolt_port']}", bolt_port=int(state["bolt_port"]),
                http_port=int(state["http_port"]), https_port=int(state["https_port"]),
                uptime=round(time.time() - float(state["started_at"]), 1),
                started="on demand" if state.get("temporary") else "server start",
            )
            if state.get("temporary"):
                idle = float(state.get("idle", 0))
                out["idle_timeout"] = idle
                in_use = _in_use(self)
                out["stops_in"] = None if in_use else round(max(0.0, float(state.get("last_used", 0)) + idle
                                                                 - time.time()), 1)
        return out

    # --- admin over HTTP (databases only, never data) ------------------------

    def _admin(self, command: str) -> dict:
        state = self._live_state()
        if state is None:
            raise StoreError(f"embedded server in {self.root} is not running")
        token = base64.b64encode(f"{USER}:{self.password()}".encode()).decode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{state['http_port']}/api/v1/server", method="POST",
            data=json.dumps({"command": command}).encode(),
            headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback only
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            with contextlib.suppress(ValueError):
                body = json.loads(detail)
                detail = body.get("detail") or body.get("error") or detail
            raise StoreError(f"embedded server refused {command.split()[0]!r} {command.split()[-1]!r}: "
                             f"{str(detail).strip().splitlines()[0][:200]}") from None
        except OSError as exc:
            raise StoreError(f"embedded server admin API unreachable: {exc}") from None

    def list_databases(self) -> list[str]:
        """Names of the databases on the server."""
        return list(self._admin("list databases").get("result", []))

    def create_database(self, name: str) -> None:
        """Create a database (an error if it exists)."""
        _check_name(name)
        self._admin(f"create database {name}")

    def drop_database(self, name: str) -> None:
        """Drop a database and its files."""
        _check_name(name)
        self._admin(f"drop database {name}")


def _private_open(path: Path):
    """A lock file opened for writing, created mode 0600."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600), "w")


def _check_name(name: str) -> None:
    if not name or not name.replace("_", "").isalnum() or not name[0].isalpha():
        raise StoreError(f"invalid database name {name!r} (letters, digits and _, starting with a letter)")


@contextlib.contextmanager
def ensure_server(home: str | os.PathLike, heap: str = DEFAULT_HEAP,
                  idle: float | str | None = None) -> Iterator[ServerInfo]:
    """A running embedded server for the duration of the block.

    Reuses a server already running in ``home``; otherwise starts one "on
    demand". Such a server outlives the block: it stops itself once no block
    (in any process) has used it for ``idle`` seconds (:func:`idle_timeout`,
    ``NEUROGRAPH_SERVER_IDLE``), so the next command finds it running. With
    ``idle`` 0 the last block out stops it at once. A server started with
    ``server start`` (not on demand) is left running either way. Given (or
    set in the environment), ``idle`` also replaces the timeout of a server
    already running on demand; otherwise that server keeps its own
    (``server start --idle``).
    """
    idle = idle_timeout(idle) if idle is not None or os.environ.get("NEUROGRAPH_SERVER_IDLE") else None
    server = EmbeddedServer(home)
    server._make_root()
    # Every block holds a shared lock on "users" while it runs: the server watches it to know
    # whether it is in use (the kernel drops it when a process dies, so a kill -9 counts as done),
    # and a block that can take it exclusively at its end is the last user.
    with _private_open(server.root / "users") as users:
        fcntl.flock(users, fcntl.LOCK_SH)
        try:
            yield server.start(heap=heap, temporary=True, idle=idle)
        finally:
            try:
                fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass  # someone else still uses it; the last one out decides
            else:
                server._released(idle)
            finally:
                fcntl.flock(users, fcntl.LOCK_UN)


# --- the child process ---------------------------------------------------------


#: Less inlining by the JIT compiler. A server lives for minutes (it stops when idle), so compiling is a large
#: part of its CPU: on the first load of the merged graph, the compiler threads used 48 s of the server's
#: 107 s with the JVM's defaults and 14.5 s of 79 s with these (docs/store.md, Performance).
JIT_ARGS = ["-XX:FreqInlineSize=50", "-XX:InlineSmallCode=500", "-XX:MaxInlineLevel=4"]


def _serve(home: Path, heap: str, bolt_port: int, http_port: int, https_port: int) -> int:
    server_dir = EmbeddedServer(home)
    password = server_dir.password()
    os.chdir(server_dir.root)  # ArcadeDB writes some files relative to the working directory
    try:
        from arcadedb_embedded.jvm import start_jvm

        # neurograph never uses LOAD CSV: no query may read the machine's files or the network.
        # These are JVM-wide settings, read from system properties, not from the server's configuration.
        # The parallel collector: a load allocates fast; with it the server's resident memory
        # stayed ~400 MB lower than with G1 for the same throughput (docs/store.md, Performance).
        # (Not when ARCADEDB_JVM_ARGS picks a collector: two would stop the JVM from starting.)
        jvm_args = ["-Darcadedb.opencypher.loadCsv.allowFileUrls=false",
                    "-Darcadedb.opencypher.loadCsv.allowRemoteUrls=false"]
        if "GC" not in os.environ.get("ARCADEDB_JVM_ARGS", ""):
            jvm_args.append("-XX:+UseParallelGC")
        if "Inline" not in os.environ.get("ARCADEDB_JVM_ARGS", ""):
            jvm_args += JIT_ARGS
        start_jvm(heap_size=heap, jvm_args=jvm_args)
        from arcadedb_embedded import create_server

        server = create_server(
            root_path=str(server_dir.root), root_password=password,
            config={
                "host": "127.0.0.1",
                "http_port": http_port,
                "server_httpsIncomingPort": https_port,
                "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
                "bolt_port": bolt_port,
                "bolt_host": "127.0.0.1",
                "server_logsDirectory": str(server_dir.log_dir),
                "server_defaultDatabases": f"{DATABASE}[{USER}]",
                "support_autoRegister": False,
                "serverMetrics": False,
            },
        )
        server.start()
    except Exception as exc:  # the parent reads this line from console.log
        print(f"error: embedded server failed to start: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1

    stopping = []

    def on_signal(signum, frame):
        stopping.append(signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"ready: pid {os.getpid()} bolt://127.0.0.1:{bolt_port}", flush=True)
    held: list = []
    last_busy = time.time()
    next_check = time.monotonic() + WATCH_INTERVAL
    while not stopping:
        time.sleep(0.2)
        if time.monotonic() >= next_check:
            next_check = time.monotonic() + WATCH_INTERVAL
            if not server_dir.root.is_dir():
                # Its data directory was deleted (a temporary one, say): nobody can reach or stop it any more.
                print("stopping: the data directory was removed", flush=True)
                break
            held, busy = _unused_temporary(server_dir, last_busy)
            if busy:
                last_busy = time.time()
            if held:
                break
    server.stop()
    if held:
        server_dir._clear_state()
    print("stopped", flush=True)
    return 0


#: How often (s) a server started on demand checks whether it is still in use.
WATCH_INTERVAL = 2.0


def _in_use(server_dir: "EmbeddedServer") -> bool:
    """Whether some :func:`ensure_server` block (a command) holds the users lock right now."""
    with _private_open(server_dir.root / "users") as users:
        try:
            fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(users, fcntl.LOCK_UN)
        return False


def _unused_temporary(server_dir: "EmbeddedServer", last_busy: float) -> tuple[list, bool]:
    """``(locks, busy)``: the start/stop and users locks, held, when this on-demand server should stop.

    :func:`ensure_server` blocks hold the users lock shared while they run;
    the kernel drops it when their process dies. An on-demand server whose
    users lock can be taken exclusively, and whose last use (``last_busy``,
    when this process last saw the lock held, or the state's ``last_used``,
    written by the last block out) is ``idle`` seconds old, stops: this is
    also what stops the server of a killed load. The start/stop lock stays
    held until this process exits, so nobody starts on it meanwhile.
    ``busy`` says whether a command held the lock.
    """
    try:
        state = server_dir._read_state()
    except NeurographError:
        return [], False  # a state file that is not private is not trusted, nor acted on
    if not state or not state.get("temporary") or int(state.get("pid", 0)) != os.getpid():
        return [], False
    start_lock = _private_open(server_dir.root / "lock")
    try:
        fcntl.flock(start_lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        start_lock.close()
        return [], True  # a command is starting or releasing it
    users = _private_open(server_dir.root / "users")
    try:
        fcntl.flock(users, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        users.close()
        start_lock.close()
        return [], True
    with contextlib.suppress(NeurographError):
        state = server_dir._read_state()  # again, under the lock: `server start` may have made it permanent
    idle = float(state.get("idle", 0)) if state else 0.0
    idle_since = max(last_busy, float(state.get("last_used", 0))) if state else last_busy
    if (not state or not state.get("temporary") or int(state.get("pid", 0)) != os.getpid()
            or time.time() - idle_since < idle):
        users.close()
        start_lock.close()
        return [], False
    if idle > 0:
        print(f"stopping: unused for {time.time() - idle_since:.0f} s "
              f"(idle timeout {idle:g} s, NEUROGRAPH_SERVER_IDLE)", flush=True)
    else:
        print("stopping: a temporary server that no process uses any more "
              "(the load or command that started it ended or was killed)", flush=True)
    return [start_lock, users], False


def main(argv: list[str] | None = None) -> int:
    """``python -m neurograph.embedded serve --home DIR --bolt-port P ...`` (used by :meth:`EmbeddedServer.start`)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m neurograph.embedded")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the server in the foreground")
    serve.add_argument("--home", required=True, type=Path)
    serve.add_argument("--heap", default=DEFAULT_HEAP)
    serve.add_argument("--bolt-port", type=int, required=True)
    serve.add_argument("--http-port", type=int, required=True)
    serve.add_argument("--https-port", type=int, required=True)
    args = parser.parse_args(argv)
    return _serve(args.home.resolve(), args.heap, args.bolt_port, args.http_port, args.https_port)


if __name__ == "__main__":
    sys.exit(main())
