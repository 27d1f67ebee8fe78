"""Fixtures for the embedded Bolt server.

``bolt_server`` is one embedded ArcadeDB server child for the whole session
(in a temporary data directory); ``store`` is a :class:`GraphStore` on a fresh
database per test, dropped afterwards; ``corpus_store`` has the real corpus
graph loaded (module scoped, for read-only query tests).
"""

from __future__ import annotations

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


def synthetic_graph(schema, n_entities: int = 2000, n_statements: int = 10000, n_documents: int = 20, seed: int = 7):
    """A mirror graph of the corpus's property shape, of any size (for kill tests and benchmarks).

    Each statement has one or two evidence sentences of ~120 characters, as the corpus does.
    """
    import random

    from neurograph.graph import graph_from_records
    from neurograph.records import Entity, EntityRef, Evidence, Statement

    rng = random.Random(seed)
    categories = sorted(schema.categories)
    entities = [Entity(f"SYN:{i}", f"entity {i}", categories[i % len(categories)], (f"e{i}", f"ent-{i}"),
                       (f"XREF:{i}",)) for i in range(n_entities)]
    docs = {f"d{i}": {"id": f"d{i}", "title": f"Document {i}", "path": f"/corpus/d{i}.txt", "sha256": f"{i:064x}",
                      "chars": 10000 + i} for i in range(n_documents)}
    types = sorted(schema.relationships)
    seen = set()
    statements = []
    while len(statements) < n_statements:
        s, o = rng.randrange(n_entities), rng.randrange(n_entities)
        p = types[rng.randrange(len(types))]
        if s == o or (s, p, o) in seen:
            continue
        seen.add((s, p, o))
        evidence = []
        for _ in range(rng.choice((1, 1, 2))):
            doc = f"d{rng.randrange(n_documents)}"
            start = rng.randrange(9000)
            sentence = f"In this study entity {s} was found to {p.lower()} entity {o} in a cohort of {start} adults."
            evidence.append(Evidence(doc, sentence, start, start + len(sentence), hedged=rng.random() < 0.2,
                                     subject_text=f"entity {s}", object_text=f"entity {o}"))
        statements.append(Statement(EntityRef(f"SYN:{s}", f"entity {s}", entities[s].category), p,
                                    EntityRef(f"SYN:{o}", f"entity {o}", entities[o].category),
                                    schema.relationships[p].polarity, confidence=round(rng.random(), 3),
                                    evidence=evidence))
    return graph_from_records(entities, statements, docs, schema=schema)
