"""Graph fixtures: a small hand-made graph and the real corpus graph."""

from __future__ import annotations

import pytest

from neurograph.graph import graph_from_records
from neurograph.records import Entity, EntityRef, Evidence, Statement
from neurograph.schema import load_schema

TOY_ENTITIES = [
    Entity("CHEBI:18420", "magnesium", "Mineral", ("Mg", "Mg2+", "magnesium ions")),
    Entity("CHEBI:18243", "dopamine", "Neurotransmitter", ("DA",)),
    Entity("CHEBI:14321", "glutamate", "Neurotransmitter", ("glutamic acid",)),
    Entity("FPLX:NMDA_receptor", "NMDA receptor", "Receptor", ("NMDA", "N-methyl-D-aspartate receptor")),
    Entity("CHEBI:6121", "ketamine", "Drug", ("Special K",)),
    Entity("MONDO:0002050", "depression", "Disorder", ("depressive disorder",)),
    Entity("HP:0012378", "fatigue", "Symptom", ()),
]


def _ref(entity_id: str, text: str = "") -> EntityRef:
    e = next(e for e in TOY_ENTITIES if e.id == entity_id)
    return EntityRef(e.id, e.name, e.category, text or e.name)


def toy_statements() -> list[Statement]:
    """A few statements shaped like the corpus: signs, hedges, a symmetric link, two documents."""

    def st(s, p, o, pol, conf, sentence, doc="doc_a", hedged=False):
        ev = Evidence(doc, sentence, 0, len(sentence), hedged=hedged)
        return Statement(_ref(s), p, _ref(o), pol, hedged=hedged, confidence=conf, evidence=[ev])

    return [
        st("CHEBI:18420", "ANTAGONIST_OF", "FPLX:NMDA_receptor", -1, 0.8, "Magnesium blocks the NMDA receptor."),
        st("CHEBI:14321", "ACTIVATES", "FPLX:NMDA_receptor", 1, 0.7, "Glutamate activates NMDA receptors."),
        st("FPLX:NMDA_receptor", "REGULATES", "CHEBI:18243", 0, 0.6, "NMDA receptors control dopamine release."),
        st("CHEBI:18420", "INCREASES", "CHEBI:18243", 1, 0.5, "Magnesium may raise dopamine.", "doc_b", True),
        st("CHEBI:6121", "ANTAGONIST_OF", "FPLX:NMDA_receptor", -1, 0.8, "Ketamine blocks NMDA receptors.", "doc_b"),
        st("CHEBI:6121", "TREATS", "MONDO:0002050", -1, 0.7, "Ketamine relieves depression.", "doc_b"),
        st("MONDO:0002050", "HAS_SYMPTOM", "HP:0012378", 1, 0.6, "Depression brings fatigue."),
        st("CHEBI:18420", "ASSOCIATED_WITH", "MONDO:0002050", 0, 0.5, "Magnesium is linked to depression."),
    ]


@pytest.fixture(scope="session")
def schema():
    return load_schema()


@pytest.fixture
def toy_graph(schema):
    """A small graph of the corpus's shape; build a fresh one per test (tests may mutate it)."""
    docs = {"doc_a": {"title": "Doc A"}, "doc_b": {"title": "Doc B"}}
    return graph_from_records(TOY_ENTITIES, toy_statements(), docs, schema=schema)


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory):
    """The real graph built from data/documents by the real pipeline, in its own data directory."""
    from neurograph.pipeline import build

    home = tmp_path_factory.mktemp("corpus_home")
    result = build(home=home)
    return result


@pytest.fixture(scope="session")
def corpus_graph(corpus_build):
    """The networkx mirror of the corpus graph. Session-scoped: do not mutate it."""
    return corpus_build.graph
