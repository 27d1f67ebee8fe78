"""The compiled lexicon's cache as every worker process reads it: subtrees parsed only where a text walks."""

from __future__ import annotations

from neurograph import lexicon_cache
from neurograph.lexicon_cache import _LazyNode, _state_from_json, _state_to_json


def _trie() -> dict:
    # "amino" leads to many terms, as "2", "alpha" or "protein" do in the vocabularies: a long subtree.
    wide = {f"acid{i}": {"": [[f"CHEBI:{i}", [], True]], "residue": {"": [[f"CHEBI:{i}r", [[0, "Amino"]], False]]}}
            for i in range(120)}
    wide["acid7"]["long"] = {f"chain{i}": {"": [[f"X:{i}", [], True]]} for i in range(40)}
    return {"amino": {"": [["CHEBI:0", [], True]], **wide}, "zinc": {"": [["CHEBI:27363", [], True]]}}


def test_a_long_subtree_is_parsed_one_branch_at_a_time_and_reads_back_the_same():
    trie = _trie()
    state = {"entities": {}, "curated": frozenset(), "trie": trie, "first": frozenset(trie), "aliases": {},
             "provenance": {}}
    parsed = []
    real = lexicon_cache._loads_subtree
    try:
        lexicon_cache._loads_subtree = lambda data: parsed.append(len(data)) or real(data)
        back = _state_from_json(_state_to_json(state))["trie"]
        amino = back.get("amino")
        # its long branch stays text until walked into; its short ones came with it
        assert isinstance(amino, _LazyNode) and dict.get(amino, "acid7").__class__ is int
        assert amino["acid8"]["residue"][""] == [["CHEBI:8r", [[0, "Amino"]], False]]
        assert amino.get("acid9999") is None and "" in amino and len(amino) == 121
        assert len(parsed) == 1
        assert amino.get("acid7").get("long").get("chain3") == {"": [["X:3", [], True]]}
        assert len(parsed) == 2 and parsed[1] > 1000  # the long branch, parsed now
        assert back.get("zinc") == trie["zinc"]
        assert back["amino"] == {k: v for k, v in _as_json(trie)["amino"].items()}  # every branch, once parsed
    finally:
        lexicon_cache._loads_subtree = real


def _as_json(value):
    import json

    return json.loads(json.dumps(value))
