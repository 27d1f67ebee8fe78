"""The read-only check of `neurograph cypher`: a corpus of hostile writes and legitimate reads, and the real server.

The corpora are `tests/cypher_corpus/hostile.txt` (each must be refused) and
`tests/cypher_corpus/reads.txt` (each must pass), to which the test adds every
library query, the Cypher examples of the README and docs, and the queries the
store backend of `path` generates. Each hostile query is also tried lower
case, with a comment and with no-break spaces in place of its spaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from neurograph.cypher_guard import READ_PROCEDURES, check_read_only, is_read_only, refusal, tokens
from neurograph.errors import QueryRefusedError

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "cypher_corpus"
_ESCAPE = re.compile(r"\\(n|r|t|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})")


def _decode(line: str) -> str:
    return _ESCAPE.sub(lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1)) or chr(int(m.group(1)[1:], 16)),
                       line)


def _corpus(name: str) -> list[str]:
    lines = (CORPUS / name).read_text(encoding="utf-8").split("\n")
    return [_decode(line) for line in lines if line.strip() and not line.startswith("#")]


def _doc_examples() -> list[str]:
    """The Cypher of README/docs: ```cypher blocks and `neurograph cypher "..."` lines that are not refusals."""
    out = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text(encoding="utf-8")
        out += [block.strip() for block in re.findall(r"```cypher\n(.*?)```", text, re.S)]
        for m in re.finditer(r"neurograph cypher (\"[^\"\n]+\"|'[^'\n]+')", text):
            query = m.group(1)[1:-1]
            if query not in ("QUERY",) and "DELETE" not in query:
                out.append(query)
    return out


def _generated() -> list[str]:
    """The queries the store backend of `path`, `neighbors` and `show` sends."""
    from neurograph import paths

    return [paths.cypher_find_entity("magnesium")[0], paths.cypher_all_entities()[0],
            paths.cypher_paths("CHEBI:1", "CHEBI:2", max_hops=4, directed=False, via={"CHEBI:3"},
                               avoid={"CHEBI:4"}, types=None, min_confidence=0.5, exclude_hedged=True)[0],
            paths.cypher_statements(["a|INCREASES|b"])[0], paths.cypher_entities(["a"])[0],
            paths.cypher_document_titles(["d"])[0], paths.cypher_touching(["a"], 2)[0]]


HOSTILE = _corpus("hostile.txt")
READS = list(dict.fromkeys(_corpus("reads.txt") + [p.read_text(encoding="utf-8")
                                                  for p in sorted((ROOT / "cypher").glob("*.cypher"))]
                           + _doc_examples()))


def test_the_corpora_are_large_and_varied():
    assert len(HOSTILE) >= 100 and len(READS) >= 100
    assert len(set(HOSTILE)) == len(HOSTILE)
    assert len(list((ROOT / "cypher").glob("*.cypher"))) >= 10 and len(_doc_examples()) >= 4


@pytest.mark.parametrize("cypher", HOSTILE)
def test_hostile_queries_are_refused(cypher):
    assert refusal(cypher) is not None, cypher
    with pytest.raises(QueryRefusedError, match=r"^the query (writes|is not known to be read-only|is not valid Cypher) \("):
        check_read_only(cypher)


@pytest.mark.parametrize("variant", [
    str.lower,
    lambda q: q.replace(" ", " /* c */ ", 1),
    lambda q: q.replace(" ", "\u00a0"),
    lambda q: q.replace(" ", "\n  "),
], ids=["lower", "comment", "nbsp", "newlines"])
def test_hostile_variants_are_refused(variant):
    passed = [q for q in HOSTILE if refusal(variant(q)) is None]
    assert passed == []


@pytest.mark.parametrize("cypher", READS + _generated())
def test_reads_pass(cypher):
    assert refusal(cypher) is None


def test_reads_pass_with_other_whitespace_and_case():
    refused = [q for q in READS for v in (q.replace(" ", "\u00a0 "), q.replace(" ", "\n"))
               if "'" not in q and '"' not in q and "//" not in q and refusal(v) is not None]
    assert refused == []


def test_keywords_as_names_are_names():
    # The six reads the keyword scan refused (issue 17).
    for q in ("RETURN 1 AS set", "WITH 1 AS merge RETURN merge", "WITH 1 AS remove RETURN remove",
              "UNWIND ['a'] AS drop RETURN drop", "WITH 'x' AS detach RETURN detach",
              "WITH [1,2] AS call UNWIND call AS x RETURN x"):
        assert is_read_only(q), refusal(q)


def test_backquoted_procedure_parts_are_joined_before_the_allow_list():
    assert refusal("CALL `db`.`labels`()") is None
    assert refusal("CALL `db.labels`()") is None
    assert refusal("CALL `merge`.`node`(['X'], {})") == "CALL merge.node: not a known read-only procedure"
    assert all(name == name.lower() for name in READ_PROCEDURES)


def test_refusals_say_where():
    assert refusal("MATCH (n)\nDETACH DELETE n") == "DETACH at line 2, column 1"
    assert refusal("MATCH (n) SET\u200bn.x = 1") == "unexpected character U+200B at line 1, column 14"
    assert refusal("RETURN 'open") == "unterminated string at line 1, column 8"
    assert refusal("") == "an empty query"


def test_tokens_keep_strings_and_names_apart():
    kinds = [(t.kind, t.text) for t in tokens("RETURN 'a\\'b' AS `x``y`, $p")]
    assert kinds == [("word", "RETURN"), ("string", "a'b"), ("word", "AS"), ("quoted", "x`y"), ("punct", ","),
                     ("param", "p")]


# --- the real embedded server -------------------------------------------------------------------------------

E2E_HOSTILE = [
    "CALL `do`.`when`(true, 'MATCH (n) DETACH DELETE n', '', {}) YIELD value RETURN value",
    "CALL `merge`.`node`(['Pwned'], {t: 'w16'}) YIELD node RETURN node",
    "INSERT (:Pwned {t: 'w22'})",
    "MATCH (v:Entity) SET `v`:Pwned, v.p = 23",
    "MATCH (v:Entity) SET\u00a0`v`:Pwned",
    "MATCH (v:Entity) REMOVE `v`:Entity, v.name",
    "MATCH (n) WITH * SET n.p = 1",
]


@pytest.mark.server
def test_hostile_queries_do_not_touch_the_store(store, toy_graph, schema):
    store.load(toy_graph, schema)
    before = store.counts()
    snapshot = store.query("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id")
    for cypher in E2E_HOSTILE:
        with pytest.raises(QueryRefusedError):
            store.query(cypher)
    assert store.counts() == before
    after = store.query("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p ORDER BY id")
    assert after.to_dict("records") == snapshot.to_dict("records")
    # The same query with write=True does write: the refusal above is what kept the data.
    store.query("MATCH (v:Entity {name: 'fatigue'}) SET v.p = 23", write=True)
    assert store.query("MATCH (v:Entity {name: 'fatigue'}) RETURN v.p AS p")["p"][0] == 23


@pytest.mark.server
def test_run_cypher_refuses_before_reaching_the_server(store, toy_graph, schema, bolt_server):
    from neurograph.queries import run_cypher

    store.load(toy_graph, schema)
    info = bolt_server.info
    connection = dict(uri=info.uri, user=info.user, password=info.password, database=store.database)
    with pytest.raises(QueryRefusedError, match="not a known read-only procedure"):
        run_cypher(E2E_HOSTILE[0], **connection)
    before = store.counts()
    with pytest.raises(QueryRefusedError, match="writes"):
        run_cypher("MATCH (n) DETACH DELETE n", **connection)
    assert store.counts() == before and before["nodes"] == toy_graph.number_of_nodes()
    df = run_cypher("MATCH (n:Entity) RETURN n.name AS set ORDER BY set LIMIT 2", timeout=30, **connection)
    assert list(df.columns) == ["set"] and len(df) == 2


@pytest.mark.server
def test_read_sessions_do_not_stop_writes_on_the_embedded_server(store):
    """Why the guard is needed: ArcadeDB runs a write in a READ access-mode transaction (Neo4j refuses it)."""
    store._run_user("CREATE (:Probe {id: 'p'})", None, write=False, timeout=5)
    assert store.query("MATCH (n:Probe) RETURN count(n) AS c")["c"][0] == 1


def test_a_bad_query_timeout_names_the_variable(monkeypatch):
    from neurograph.errors import UsageError
    from neurograph.store import DEFAULT_QUERY_TIMEOUT, query_timeout

    monkeypatch.delenv("NEUROGRAPH_QUERY_TIMEOUT", raising=False)
    assert query_timeout() == DEFAULT_QUERY_TIMEOUT and query_timeout(0) is None
    monkeypatch.setenv("NEUROGRAPH_QUERY_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="^NEUROGRAPH_QUERY_TIMEOUT='soon': give seconds"):
        query_timeout()
    with pytest.raises(UsageError, match="bad query timeout -1"):
        query_timeout(-1)


@pytest.mark.server
def test_reads_with_write_clauses_spliced_in_never_write(store):
    """A seeded fuzz on the real server: whatever the guard lets through does not change the data."""
    import random

    store.query("UNWIND range(1, 3) AS k CREATE (:Victim {k: k, p: 0})-[:R {w: k}]->(:Other {k: k})", write=True)
    fingerprint = "MATCH (n) OPTIONAL MATCH (n)-[r]->() RETURN labels(n) AS l, properties(n) AS p, r.w AS w"

    def state():
        return sorted(map(str, store.query(fingerprint).to_dict("records")))

    before = state()
    splices = [" SET n.p = 1 ", " CREATE (:P) ", " MATCH (n) DETACH DELETE n ", " MERGE (:P) ", " REMOVE n:Victim ",
               " CALL { CREATE (:P) } ", " WITH * MATCH (n) SET n.p = 2 ", " SET\u00a0n:P ", "/**/SET n.p = 3 "]
    rnd = random.Random(17)
    accepted = 0
    for _ in range(200):
        query = rnd.choice(READS)
        at = rnd.randint(0, len(query))
        query = query[:at] + rnd.choice(splices) + query[at:]
        if refusal(query) is None:
            accepted += 1
            try:
                store._run_user(query, {"name": "x", "limit": 1, "id": "x", "p": 1, "odd name": 1}, False, 5)
            except Exception:  # noqa: BLE001 - a syntax error is fine; a write is not
                pass
    assert accepted > 0  # the splices land in strings and comments too: the guard must let those run
    assert state() == before
