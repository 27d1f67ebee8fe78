"""Synthetic mirror graphs of the corpus's property shape, of any size.

For load benchmarks and the server's kill tests: random statements between
``SYN:`` entities, each with one or two evidence sentences of ~120 characters
(as the corpus has), deterministic for a seed.
"""

from __future__ import annotations

import random


def synthetic_graph(schema, n_entities: int = 2000, n_statements: int = 10000, n_documents: int = 20, seed: int = 7):
    """A mirror graph of the corpus's property shape.

    Parameters
    ----------
    schema : neurograph.schema.Schema
        Categories and relationship types to draw from.
    n_entities, n_statements, n_documents : int
        Sizes.
    seed : int
        The same seed gives the same graph.

    Returns
    -------
    networkx.MultiDiGraph

    Examples
    --------
    >>> from neurograph.schema import load_schema
    >>> G = synthetic_graph(load_schema(), n_entities=50, n_statements=100, n_documents=3)
    >>> sum(1 for _, _, d in G.edges(data=True) if d.get("kind") == "statement")
    100
    """
    from .graph import graph_from_records
    from .records import Entity, EntityRef, Evidence, Statement

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
