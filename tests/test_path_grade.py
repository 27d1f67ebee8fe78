"""The evidence grade filter on paths and regulators: --population and --study-type (issue 12, item 4)."""

from __future__ import annotations

import networkx as nx
import pytest

from neurograph.answers import find_paths, find_regulators
from neurograph.cli import main
from neurograph.errors import UsageError
from neurograph.paths import GradeFilter, k_shortest_paths
from neurograph.regulators import regulators


def graded_graph():
    """a -> b -> z stated in a rat study, a -> c -> z in a human trial, a -> d -> z from Hetionet (curated)."""
    G = nx.MultiDiGraph(documents={"rats": "Rat study", "trial": "Human trial"})
    for node in "abcdz":
        G.add_node(node, kind="entity", id=node, name=node, category="Drug", synonyms=[], xrefs=[])

    def statement(u, v, evidence, confidence, curated=False):
        G.add_edge(u, v, key="INCREASES", kind="statement", type="INCREASES", polarity=1, confidence=confidence,
                   hedged=False, curated=curated, evidence=evidence,
                   documents=sorted({ev["doc"] for ev in evidence if ev.get("source") == "extracted"}))

    def doc(name, population, study_type, sentence):
        return {"doc": name, "sentence": sentence, "source": "extracted", "population": population,
                "study_type": study_type}

    rat = doc("rats", "animal", "experimental", "In rats, X raised Y.")
    human = doc("trial", "human", "randomised trial", "In a double-blind trial, X raised Y.")
    statement("a", "b", [rat], 0.9)
    statement("b", "z", [rat, human], 0.9)
    statement("a", "c", [human], 0.6)
    statement("c", "z", [human], 0.6)
    curated = {"doc": "hetionet", "sentence": "Compound upregulates Gene", "source": "Hetionet v1.0"}
    statement("a", "d", [curated], 0.5, curated=True)
    statement("d", "z", [curated], 0.5, curated=True)
    return G


def test_grade_values_are_normalised_and_checked():
    grade = GradeFilter.of(["in_vitro", "Human"], "Randomized-Trial")
    assert grade.populations == {"in vitro", "human"} and grade.study_types == {"randomised trial"}
    assert GradeFilter.of(None, []) is None
    with pytest.raises(UsageError, match="unknown population 'martian'; known: human"):
        GradeFilter.of("martian")
    with pytest.raises(UsageError, match="unknown study type 'anecdote'"):
        GradeFilter.of(None, "anecdote")


def test_population_keeps_graded_document_evidence_and_curated_statements():
    G = graded_graph()
    assert [p.nodes for p in k_shortest_paths(G, "a", "z")] == [["a", "b", "z"], ["a", "c", "z"], ["a", "d", "z"]]
    human = k_shortest_paths(G, "a", "z", population="human")
    # a -> b has rat evidence only; the curated path passes (curated knowledge has no grade).
    assert [p.nodes for p in human] == [["a", "c", "z"], ["a", "d", "z"]]
    animal = k_shortest_paths(G, "a", "z", population="animal")
    assert [p.nodes for p in animal] == [["a", "b", "z"], ["a", "d", "z"]]
    # The hop quotes a record that passes, and counts only those.
    b_to_z = animal[0].hops[1]
    assert b_to_z.evidence["doc"] == "rats" and b_to_z.n_evidence == 1
    assert [p.nodes for p in k_shortest_paths(G, "a", "z", study_type="randomised trial", source_kind="documents")
            ] == [["a", "c", "z"]]
    assert k_shortest_paths(G, "a", "z", population="in vitro", source_kind="documents") == []


def test_hints_say_how_many_paths_the_grade_filter_removed():
    G = graded_graph()
    report = find_paths("a", "z", graph=G, population=["human"])
    assert len(report.paths) == 2
    assert report.hints == ["--population human removed 1 of the 3 best paths without it"]
    assert report.options["population"] == ["human"] and report.options["study_type"] is None
    none = find_paths("a", "z", graph=G, population="in_vitro", source_kind="documents")
    assert none.paths == [] and none.hints == ["--source documents removed 1 path",
                                               '--population "in vitro" removed 2 paths']
    assert find_paths("a", "z", graph=G).hints == []


def test_regulators_filter_by_grade():
    G = graded_graph()
    assert [r.id for r in regulators(G, "z", "+")] == ["b", "c", "d", "a"]
    assert [r.id for r in regulators(G, "z", "+", population="animal", source_kind="documents")] == ["b", "a"]
    report = find_regulators("z", "+", graph=G, study_type="randomised-trial")
    assert [r.id for r in report.regulators] == ["b", "c", "d", "a"]
    assert report.options["study_type"] == ["randomised trial"]


def test_cli_rejects_an_unknown_grade_in_one_line(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["path", "a", "z", "--population", "martian"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: unknown population 'martian'; known: human, animal, in vitro, unknown"]


def test_explain_lists_only_evidence_of_the_grade():
    from neurograph.answers import find_explanation

    G = graded_graph()
    every = find_explanation("b", "z", graph=G)["statements"]
    assert [len(s["evidence"]) for s in every] == [2]
    human = find_explanation("b", "z", graph=G, population="human")["statements"]
    assert [[ev["doc"] for ev in s["evidence"]] for s in human] == [["trial"]]
    assert find_explanation("a", "b", graph=G, population="human")["statements"] == []
    assert len(find_explanation("a", "d", graph=G, population="human")["statements"]) == 1  # curated passes


def test_view_draws_only_the_paths_of_the_grade(tmp_path):
    from neurograph.view import select_view, write_view

    G = graded_graph()
    human = select_view(G, path=("a", "z"), k=5, depth=0, population="human")
    assert [p["nodes"] for p in human.graph["view"]["paths"]] == [["a", "c", "z"], ["a", "d", "z"]]
    everything = select_view(G, path=("a", "z"), k=5, depth=0)
    assert len(everything.graph["view"]["paths"]) == 3
    with pytest.raises(UsageError, match="filter the paths of --path"):
        select_view(G, ["a"], population="human")
    page = tmp_path / "view.html"
    G.remove_node("d")  # curated statements pass any grade filter
    with pytest.raises(Exception, match="evidence grade filter"):
        write_view(G, page, path=("a", "z"), population="in vitro", study_type="case report")
    assert not page.exists()
