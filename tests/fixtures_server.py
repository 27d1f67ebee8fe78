"""Fixtures for the embedded Bolt server.

``bolt_server`` is one embedded ArcadeDB server child for the whole session
(in a temporary data directory); ``store`` is a :class:`GraphStore` on a fresh
database per test, dropped afterwards; ``corpus_store`` has the real corpus
graph loaded (module scoped, for read-only query tests).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from neurograph.embedded import EmbeddedServer, ServerInfo


@dataclass
class BoltServer:
    """The session's embedded server: the manager and how to connect."""

    server: EmbeddedServer
    info: ServerInfo

    def fresh_database(self, prefix: str = "t") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        self.server.create_database(name)
        return name

    def open(self, database: str):
        """A GraphStore on ``database`` of this server (the caller closes it)."""
        from neurograph.store import GraphStore

        return GraphStore(self.info.uri, self.info.user, self.info.password, database, embedded=self.server)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory):
    """One embedded server for the session, stopped at the end."""
    home = tmp_path_factory.mktemp("bolt_home")
    server = EmbeddedServer(home)
    info = server.start(heap="1g")
    try:
        yield BoltServer(server, info)
    finally:
        server.stop()


@pytest.fixture
def store(bolt_server):
    """A GraphStore on a fresh, empty database of the session server; dropped after the test."""
    name = bolt_server.fresh_database()
    graph_store = bolt_server.open(name)
    try:
        yield graph_store
    finally:
        graph_store.close()
        bolt_server.server.drop_database(name)


@pytest.fixture(scope="module")
def corpus_store(bolt_server, corpus_graph, schema):
    """A GraphStore holding the real corpus graph. Read-only use: do not write to it."""
    name = bolt_server.fresh_database("corpus")
    graph_store = bolt_server.open(name)
    try:
        graph_store.load(corpus_graph, schema)
        yield graph_store
    finally:
        graph_store.close()
        bolt_server.server.drop_database(name)


def pytest_configure(config):
    """Servers started on demand by the commands under test stop when the command ends.

    Kept alive (the default, NEUROGRAPH_SERVER_IDLE=600), each test's data
    directory would leave a server of its own running; tests of the idle
    timeout set the variable themselves and stop what they start.
    """
    os.environ["NEUROGRAPH_SERVER_IDLE"] = "0"
