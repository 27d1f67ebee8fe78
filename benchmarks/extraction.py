"""Extraction benchmark: the extractor against the hand-annotated gold standard.

Runs ``neurograph.pipeline.extract_documents`` on the sample corpus and prints

- entity-mention precision and recall (a predicted mention counts when it
  overlaps a gold span of the same entity),
- statement precision, recall and F1 on (subject, object, direction) pairs over
  the corpus (negated statements left out on both sides; symmetric types match
  in either direction), with predicate-type and sign accuracy and hedged
  agreement on the matched pairs, and precision/recall of negated statements,
- throughput in MB of text per second on one core, on the sample corpus (the issue's target) and on PubMed
  abstracts (the BioRED and BC5CDR Dev texts, from ``../shared/datasets`` beside the checkout or else the data
  directory's ``resources/``): what users bring, where the relation model scores every pair of an abstract, not
  only pairs in one sentence; with the CPU time of a fixed pure-Python workload, to compare machines.

Targets are printed next to the figures; the script never fails on them.

Usage::

    .venv/bin/python benchmarks/extraction.py              # figures
    .venv/bin/python benchmarks/extraction.py --details    # plus false positives/negatives
    .venv/bin/python benchmarks/extraction.py --json       # figures as JSON
    .venv/bin/python benchmarks/extraction.py --stages     # plus CPU s/MB of each stage of extraction
    .venv/bin/python benchmarks/extraction.py --heldout    # the held-out set (tests/gold/heldout)
    .venv/bin/python benchmarks/extraction.py --docs DIR --gold DIR   # any annotated set

The scoring functions (:func:`gold_spans`, :func:`score_mentions`,
:func:`score_statements`) are pure and importable: they take plain records
with entity ids already resolved and do no I/O. The gold format is described
in ``tests/gold/README.md``.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

ROOT = Path(__file__).resolve().parents[1]
GOLD_DIR = ROOT / "tests" / "gold"
DOCS_DIR = ROOT / "data" / "documents"
# Documents written and annotated after the extractor's rules were tuned on the
# corpus; the extractor never saw them (issue #2: check on unseen documents).
HELDOUT_DIR = GOLD_DIR / "heldout"
# PubMed abstracts for the second throughput line (their text only: the annotations are not read).
DATASETS = ROOT.parent / "shared" / "datasets"
ABSTRACT_FILES = (Path("biored") / "Dev.PubTator", Path("bc5cdr") / "CDR_DevelopmentSet.PubTator.txt")
ABSTRACT_CORPORA = tuple(DATASETS / f for f in ABSTRACT_FILES)


def abstract_corpora() -> tuple[Path, ...]:
    """The abstracts of the second throughput line: in ``../shared/datasets``, else where ``neurograph`` installed
    them (the data directory's ``resources/``: a checkout elsewhere, such as a git worktree, has no ``../shared``)."""
    found = tuple(p for p in ABSTRACT_CORPORA if p.is_file())
    if found:
        return found
    from neurograph.resources import resources_dir

    return tuple(p for p in (resources_dir() / f for f in ABSTRACT_FILES) if p.is_file())

REQUIRED_KEYS = ("subject", "predicate", "object", "polarity", "hedged", "negated", "modifier", "sentence")
MODIFIERS = (None, "deficiency", "excess")
# The symmetric relationship types of data/schema.yaml; the benchmark passes the
# schema's own set, tests check that this default agrees with it.
SYMMETRIC_TYPES = frozenset({"ASSOCIATED_WITH", "INTERACTS_WITH", "RESEMBLES", "COVARIES_WITH", "COTREATED_WITH",
                             "COMPARED_WITH"})
# Issue targets: statements P >= 0.90 and R >= 0.85 on the corpus gold; with the full dictionary and the relation
# model, at least 0.5 MB/s per core.
TARGETS = {"statement_precision": 0.90, "statement_recall": 0.85, "throughput_mb_s": 0.5}
# Name in a mentions file for a surface that is NOT an entity mention; it only
# masks shorter surfaces inside it ("long-term potentiation or depression").
MASK = "-"
UNRESOLVED = "UNRESOLVED:"


# --- gold files -------------------------------------------------------------


def load_gold_statements(gold_dir: str | Path = GOLD_DIR) -> dict[str, list[dict]]:
    """Gold statements per document id, each record with ``doc`` and ``line`` added.

    Raises ValueError naming the file and line for a line that is not a JSON
    object with the required keys.
    """
    out: dict[str, list[dict]] = {}
    for path in sorted(Path(gold_dir).glob("*.jsonl")):
        records = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(record, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            missing = [k for k in REQUIRED_KEYS if k not in record]
            if missing:
                raise ValueError(f"{path}:{number}: missing keys {', '.join(missing)}")
            records.append({**record, "doc": path.stem, "line": number})
        out[path.stem] = records
    return out


def load_gold_mentions(gold_dir: str | Path = GOLD_DIR) -> dict[str, list[tuple[str, str]]]:
    """(entity name, surface string) rows per document id from ``mentions/<doc>.tsv``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for path in sorted((Path(gold_dir) / "mentions").glob("*.tsv")):
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#") or (number == 1 and line == "name\tsurface"):
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
                raise ValueError(f"{path}:{number}: expected two tab-separated columns: name, surface")
            rows.append((parts[0].strip(), parts[1].strip()))
        out[path.stem] = rows
    return out


def load_entity_table(gold_dir: str | Path = GOLD_DIR) -> dict[str, str]:
    """Entity name -> category from ``entities.tsv``."""
    path = Path(gold_dir) / "entities.tsv"
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or (number == 1 and line == "name\tcategory"):
            continue
        parts = line.split("\t")
        if len(parts) != 2:
            raise ValueError(f"{path}:{number}: expected two tab-separated columns: name, category")
        if parts[0] in table:
            raise ValueError(f"{path}:{number}: duplicate name {parts[0]!r}")
        table[parts[0]] = parts[1]
    return table


# --- mentions ----------------------------------------------------------------


def surface_pattern(surface: str) -> re.Pattern:
    """A case-insensitive, word-bounded pattern; any whitespace matches any whitespace run.

    >>> bool(surface_pattern("NMDA receptor").search("the NMDA\\nreceptor blocks"))
    True
    >>> bool(surface_pattern("NMDA receptor").search("NMDA receptors"))
    False
    """
    words = surface.split()
    return re.compile(r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)", re.IGNORECASE)


def gold_spans(text: str, rows: Iterable[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Turn (name, surface) rows into (start, end, name) spans in ``text``.

    Every occurrence of every surface is found; overlapping occurrences are
    resolved leftmost-longest (flat, non-nested spans). Rows named ``-`` mask:
    they win like any span but are then dropped.

    >>> gold_spans("Magnesium L-threonate and magnesium.", [("magnesium", "magnesium"),
    ...     ("magnesium L-threonate", "magnesium L-threonate")])
    [(0, 21, 'magnesium L-threonate'), (26, 35, 'magnesium')]
    """
    found = []
    for name, surface in rows:
        for m in surface_pattern(surface).finditer(text):
            found.append((m.start(), m.end(), name))
    found.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2]))
    spans: list[tuple[int, int, str]] = []
    end = -1
    for start, stop, name in found:
        if start < end:
            continue
        spans.append((start, stop, name))
        end = stop
    return [s for s in spans if s[2] != MASK]


def score_mentions(gold: Iterable[tuple[str, int, int, str]],
                   predicted: Iterable[tuple[str, int, int, str]]) -> dict[str, Any]:
    """Precision and recall of entity mentions given as (doc, start, end, entity id).

    A predicted mention is right when it overlaps a gold span of the same
    entity in the same document; a gold span is found when some predicted
    mention of the same entity overlaps it.

    >>> score_mentions([("d", 0, 9, "mg")], [("d", 0, 9, "mg"), ("d", 20, 28, "da")])["precision"]
    0.5
    """
    gold = list(gold)
    predicted = list(predicted)
    gold_by: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    pred_by: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for doc, start, end, entity in gold:
        gold_by[(doc, entity)].append((start, end))
    for doc, start, end, entity in predicted:
        pred_by[(doc, entity)].append((start, end))

    def overlaps(span, spans):
        return any(span[0] < other[1] and other[0] < span[1] for other in spans)

    true_pred = [p for p in predicted if overlaps((p[1], p[2]), gold_by.get((p[0], p[3]), ()))]
    found = [g for g in gold if overlaps((g[1], g[2]), pred_by.get((g[0], g[3]), ()))]
    wrong = [p for p in predicted if p not in set(true_pred)]
    missed = [g for g in gold if g not in set(found)]
    return {
        "gold": len(gold),
        "predicted": len(predicted),
        "precision": _ratio(len(true_pred), len(predicted)),
        "recall": _ratio(len(found), len(gold)),
        "false_positives": wrong,
        "false_negatives": missed,
    }


# --- statements --------------------------------------------------------------


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def _pairs(records: Iterable[Mapping], symmetric: frozenset[str]) -> dict[tuple[str, str], dict]:
    """Group statement records by (subject, object); merge the two directions of symmetric-only pairs."""
    pairs: dict[tuple[str, str], dict] = {}
    for r in records:
        key = (r["subject"], r["object"])
        p = pairs.setdefault(key, {"predicates": set(), "polarities": set(), "hedged": [], "records": []})
        p["predicates"].add(r["predicate"])
        p["polarities"].add(int(r["polarity"]))
        p["hedged"].append(bool(r.get("hedged", False)))
        p["records"].append(r)
    for (a, b) in sorted(pairs):
        if a > b and (b, a) in pairs and (a, b) in pairs:
            fwd, rev = pairs[(b, a)], pairs[(a, b)]
            if fwd["predicates"] <= symmetric and rev["predicates"] <= symmetric:
                for field in ("predicates", "polarities"):
                    fwd[field] |= rev[field]
                fwd["hedged"] += rev["hedged"]
                fwd["records"] += rev["records"]
                del pairs[(a, b)]
    for p in pairs.values():
        # An assembled statement is hedged when every sentence behind it hedges.
        p["hedged"] = all(p["hedged"])
        p["symmetric"] = bool(p["predicates"] & symmetric)
    return pairs


def _match(gold: dict, predicted: dict) -> tuple[dict, list]:
    """Match predicted pairs to gold pairs: exact direction first, then reversed when either side is symmetric."""
    matched: dict[tuple[str, str], tuple[str, str]] = {}  # predicted key -> gold key
    for key in predicted:
        if key in gold:
            matched[key] = key
    reversed_wrong = []
    for key, p in predicted.items():
        if key in matched:
            continue
        rev = (key[1], key[0])
        if rev in gold:
            # A symmetric statement read the other way round is right even when
            # the gold pair is already matched by a typed statement in its own direction.
            if p["symmetric"] or gold[rev]["symmetric"]:
                matched[key] = rev
            else:
                reversed_wrong.append(key)
    return matched, reversed_wrong


def score_statements(gold: Iterable[Mapping], predicted: Iterable[Mapping],
                     symmetric: Iterable[str] = SYMMETRIC_TYPES) -> dict[str, Any]:
    """Score predicted statements against gold on (subject, object, direction) pairs.

    Both arguments are records with keys ``subject``, ``object`` (entity ids),
    ``predicate``, ``polarity``, ``hedged``, ``negated`` (and optionally
    ``sentence``, ``doc``). Records are grouped into corpus-level pairs; negated
    records are scored separately. A predicted pair matches the gold pair with
    the same subject and object, or the reversed one when either side has a
    symmetric type. On matched pairs: the type is right when the predicted and
    gold types share one, the sign when their polarities share one, and the
    hedge agrees when both or neither are hedged (a pair is hedged when all its
    sentences are).

    >>> g = [{"subject": "mg", "object": "nmda", "predicate": "ANTAGONIST_OF", "polarity": -1,
    ...       "hedged": False, "negated": False}]
    >>> score_statements(g, g)["f1"]
    1.0
    """
    symmetric = frozenset(symmetric)
    gold = list(gold)
    predicted = list(predicted)
    gold_pairs = _pairs([r for r in gold if not r.get("negated")], symmetric)
    pred_pairs = _pairs([r for r in predicted if not r.get("negated")], symmetric)
    matched, reversed_wrong = _match(gold_pairs, pred_pairs)

    tp = len(matched)  # predicted pairs that are right (two may name one gold pair)
    precision = _ratio(tp, len(pred_pairs))
    recall = _ratio(len(set(matched.values())), len(gold_pairs))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    type_ok = sign_ok = hedge_ok = 0
    pair_rows = []
    for pk, gk in matched.items():
        p, g = pred_pairs[pk], gold_pairs[gk]
        t = bool(p["predicates"] & g["predicates"])
        s = bool(p["polarities"] & g["polarities"])
        h = p["hedged"] == g["hedged"]
        type_ok += t
        sign_ok += s
        hedge_ok += h
        pair_rows.append({"pair": pk, "gold_pair": gk, "predicted": sorted(p["predicates"]),
                          "gold": sorted(g["predicates"]), "type_ok": t, "sign_ok": s, "hedge_ok": h,
                          "predicted_hedged": p["hedged"], "gold_hedged": g["hedged"]})

    def row(key, info):
        return {"pair": key, "predicates": sorted(info["predicates"]),
                "sentences": sorted({(r.get("doc", ""), r.get("sentence", "")) for r in info["records"]})}

    matched_gold = set(matched.values())
    false_pos = [dict(row(k, v), reversed=k in reversed_wrong) for k, v in pred_pairs.items() if k not in matched]
    false_neg = [row(k, v) for k, v in gold_pairs.items() if k not in matched_gold]

    gold_neg = _pairs([r for r in gold if r.get("negated")], symmetric)
    pred_neg = _pairs([r for r in predicted if r.get("negated")], symmetric)
    neg_matched, _ = _match(gold_neg, pred_neg)
    return {
        "gold_pairs": len(gold_pairs),
        "predicted_pairs": len(pred_pairs),
        "tp": tp,
        "fp": len(pred_pairs) - tp,
        "fn": len(gold_pairs) - len(matched_gold),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "type_accuracy": _ratio(type_ok, tp),
        "sign_accuracy": _ratio(sign_ok, tp),
        "hedged_agreement": _ratio(hedge_ok, tp),
        "reversed": len(reversed_wrong),
        "negated": {
            "gold": len(gold_neg),
            "predicted": len(pred_neg),
            "matched": len(neg_matched),
            "precision": _ratio(len(neg_matched), len(pred_neg)),
            "recall": _ratio(len(set(neg_matched.values())), len(gold_neg)),
        },
        "matched": pair_rows,
        "false_positives": false_pos,
        "false_negatives": false_neg,
    }


# --- from the pipeline's records to scoring records --------------------------


def statement_records(statements: Iterable[Any]) -> list[dict]:
    """Scoring records from assembled :class:`neurograph.records.Statement` objects (one per evidence sentence kept as text)."""
    out = []
    for st in statements:
        evidence = list(getattr(st, "evidence", []) or [])
        out.append({
            "subject": st.subject.id,
            "object": st.object.id,
            "predicate": st.predicate,
            "polarity": int(st.polarity),
            "hedged": bool(st.hedged),
            "negated": bool(st.negated),
            "doc": evidence[0].doc if evidence else "",
            "sentence": " | ".join(" ".join(ev.sentence.split()) for ev in evidence[:3]),
        })
    return out


def make_resolver(lexicon: Any) -> Callable[[str], str | None]:
    """Gold name -> entity id through ``lexicon.resolve`` (first, best candidate); None when unresolvable."""
    cache: dict[str, str | None] = {}

    def resolve(name: str) -> str | None:
        if name not in cache:
            try:
                found = lexicon.resolve(name)
            except (KeyError, LookupError, ValueError):
                found = None
            if isinstance(found, (list, tuple)):
                found = found[0] if found else None
            cache[name] = getattr(found, "id", found) if found is not None else None
        return cache[name]

    return resolve


def resolve_gold(records: Iterable[Mapping], resolve: Callable[[str], str | None]) -> tuple[list[dict], set[str]]:
    """Gold records with names replaced by ids; an unresolvable name becomes ``UNRESOLVED:<name>`` (always a miss)."""
    out, unresolved = [], set()
    for r in records:
        new = dict(r)
        for side in ("subject", "object"):
            entity_id = resolve(r[side])
            if entity_id is None:
                unresolved.add(r[side])
                entity_id = UNRESOLVED + r[side]
            new[side] = entity_id
        out.append(new)
    return out, unresolved


# --- throughput ---------------------------------------------------------------


def _model_state() -> str:
    """Whether extraction ran with a trained relation model: the throughput target assumes one."""
    from neurograph.extract.model import model_path

    path = model_path()
    return "the trained relation model" if path.is_file() else "rules only (no relation model: run `neurograph train`)"



def replicate_corpus(doc_paths: list[Path], folder: Path, min_bytes: int) -> tuple[list[Path], int]:
    """Copy the documents into ``folder`` as many times as needed to reach ``min_bytes``."""
    texts = [(p.stem, p.read_bytes()) for p in doc_paths]
    size = sum(len(b) for _, b in texts)
    copies = max(1, math.ceil(min_bytes / size))
    paths = []
    for i in range(copies):
        for stem, data in texts:
            path = folder / f"{stem}_{i:03d}.txt"
            path.write_bytes(data)
            paths.append(path)
    return paths, size * copies


def measure_throughput(doc_paths: list[Path], lexicon: Any, schema: Any, min_bytes: int = 2 * 1024 * 1024,
                       repeats: int = 3) -> dict:
    from neurograph.pipeline import extract_documents

    folder = Path(tempfile.mkdtemp(prefix="neurograph-bench-"))
    try:
        paths, total = replicate_corpus(doc_paths, folder, min_bytes)
        # Best of `repeats` runs, in CPU seconds of this process: the figure for one core, as free as
        # possible of whatever else the machine is doing (wall seconds are printed too).
        best_cpu = best_wall = float("inf")
        for _ in range(repeats):
            wall, cpu = time.perf_counter(), time.process_time()
            extraction = extract_documents(paths, schema=schema, lexicon=lexicon)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            best_wall = min(best_wall, time.perf_counter() - wall)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"bytes": total, "files": len(paths), "seconds": best_cpu, "wall_seconds": best_wall, "repeats": repeats,
            "mb_per_s": total / 1e6 / best_cpu if best_cpu else float("inf"),
            "statements": len(extraction.statements)}


def _abstract_pass(corpus_paths: list[Path], lexicon: Any, schema: Any) -> float:
    """CPU seconds of one extraction of the PubTator files, one file at a time (two corpora may hold the same
    abstract: one PMID, two ids)."""
    from neurograph.pipeline import extract_documents

    cpu = time.process_time()
    for path in corpus_paths:
        extract_documents([path], schema=schema, lexicon=lexicon)
    return time.process_time() - cpu


def measure_abstract_throughput(corpus_paths: list[Path], lexicon: Any, schema: Any, repeats: int = 2) -> dict:
    """Throughput on PubTator files read as abstracts (title and abstract text; annotations unused).

    Best of ``repeats`` runs in CPU seconds, as :func:`measure_throughput`; the first run's figure is kept too
    (the dictionary loads the terms it meets lazily, so a first pass over new text costs more).
    """
    from neurograph.extract.pubtator import read_pubtator

    documents = [d for path in corpus_paths for d in read_pubtator(path)]
    total = sum(len(d.text.encode("utf-8")) for d in documents)
    runs = [_abstract_pass(corpus_paths, lexicon, schema) for _ in range(repeats)]
    best = min(runs)
    return {"bytes": total, "documents": len(documents), "files": [p.name for p in corpus_paths],
            "seconds": best, "first_seconds": runs[0], "repeats": repeats,
            "mb_per_s": total / 1e6 / best if best else float("inf")}


def reference_workload(rounds: int = 200) -> int:
    """A fixed pure-Python workload like extraction's (dict look-ups, string methods, small regex searches, tuples),
    for :func:`machine_reference`. Returns a count, so the work cannot be skipped."""
    words = [f"w{i % 997}x{'ab'[i % 2]}" for i in range(3000)]
    text = " ".join(words)
    rx = re.compile(r"\bw(\d+)7xa\b")
    count = 0
    for _ in range(rounds):
        table: dict[str, int] = {}
        for w in words:
            table[w] = table.get(w, 0) + 1
        count += len(rx.findall(text)) + len(table)
        pairs = [(w.upper(), len(w)) for w in text.split() if "7" in w]
        count += sum(n for _, n in sorted(pairs))
    return count


def machine_reference(repeats: int = 3) -> float:
    """CPU seconds of :func:`reference_workload` on this machine, best of ``repeats``: throughput figures from two
    machines compare after dividing by it (a machine twice as fast takes half the time on both)."""
    best = float("inf")
    for _ in range(repeats):
        cpu = time.process_time()
        reference_workload()
        best = min(best, time.process_time() - cpu)
    return best


# Stages of extraction timed by --stages: (module, attribute, label). Each stage's time excludes the stages it calls.
STAGES = (
    ("neurograph.pipeline", "default_reader", "reading"),
    ("neurograph.matcher", "Matcher.find_all", "dictionary matching"),
    ("neurograph.extract", "split_sentences", "sentence splitting"),
    ("neurograph.extract", "extract_document", "mentions and the loop over sentences"),
    ("neurograph.extract", "_anaphora", "anaphora"),
    ("neurograph.extract", "_sentence_statements", "rules (sentence statements)"),
    ("neurograph.extract", "_row_statements", "lists and tables"),
    ("neurograph.extract", "_lead_in_statements", "lists and tables"),
    ("neurograph.extract", "_table_rows", "lists and tables"),
    ("neurograph.extract.model", "document_statements", "relation model"),
    ("neurograph.extract.model", "candidate_features", "relation model: pair features and pruning"),
    ("neurograph.extract.grade", "grade_statements", "grade"),
    ("neurograph.pipeline", "assemble", "assembling"),
)


def _timed_stages(run: Callable[[], float]) -> tuple[float, dict[str, float]]:
    """``run()``'s CPU seconds (it returns them) and the CPU seconds of each stage of :data:`STAGES` in it.

    The stage functions are wrapped with timers for the run and restored after it; each stage's time excludes
    the stages it calls.
    """
    import importlib

    seconds: dict[str, float] = defaultdict(float)
    stack: list[float] = []  # time the callees of each running stage took, innermost last
    clock = time.process_time

    def timed(function: Callable, label: str, returns_reader: bool = False) -> Callable:
        def wrapper(*args, **kwargs):
            stack.append(0.0)
            start = clock()
            try:
                result = function(*args, **kwargs)
            finally:
                elapsed = clock() - start
                inner = stack.pop()
                seconds[label] += elapsed - inner
                if stack:
                    stack[-1] += elapsed
            return timed(lambda paths: list(result(paths)), label) if returns_reader else result  # read in the timer
        return wrapper

    saved = []
    for module_name, attribute, label in STAGES:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        saved.append((owner, name, owner.__dict__[name]))
        setattr(owner, name, timed(getattr(owner, name), label, returns_reader=name == "default_reader"))
    try:
        cpu = run()
    finally:
        for owner, name, original in saved:
            setattr(owner, name, original)
    return cpu, dict(seconds)


def _stage_figures(cpu: float, seconds: dict[str, float], total: int) -> dict:
    mb = total / 1e6
    stages = {label: value / mb for label, value in sorted(seconds.items(), key=lambda kv: -kv[1])}
    stages["other"] = (cpu - sum(seconds.values())) / mb
    return {"bytes": total, "seconds": cpu, "seconds_per_mb": cpu / mb, "stages": stages}


def measure_stages(doc_paths: list[Path], lexicon: Any, schema: Any, min_bytes: int = 2 * 1024 * 1024) -> dict:
    """CPU seconds per MB of each extraction stage (:data:`STAGES`), in one run over the throughput corpus.

    The timers cost a little, so the stages add up to somewhat more than the throughput run. ``other`` is the
    rest: the loop over documents, the records of each document and the cyclic garbage collector's passes.
    """
    from neurograph.pipeline import extract_documents

    folder = Path(tempfile.mkdtemp(prefix="neurograph-bench-"))
    try:
        paths, total = replicate_corpus(doc_paths, folder, min_bytes)
        extract_documents(paths[:len(doc_paths)], schema=schema, lexicon=lexicon)  # warm the caches, as throughput does

        def run() -> float:
            cpu = time.process_time()
            extract_documents(paths, schema=schema, lexicon=lexicon)
            return time.process_time() - cpu

        cpu, seconds = _timed_stages(run)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return _stage_figures(cpu, seconds, total)


def measure_abstract_stages(corpus_paths: list[Path], lexicon: Any, schema: Any) -> dict:
    """:func:`measure_stages` on PubTator files read as abstracts, after a first (warming) pass over them."""
    from neurograph.extract.pubtator import read_pubtator

    total = sum(len(d.text.encode("utf-8")) for path in corpus_paths for d in read_pubtator(path))

    def run() -> float:
        return _abstract_pass(corpus_paths, lexicon, schema)

    run()
    return _stage_figures(*_timed_stages(run), total)


# --- the run --------------------------------------------------------------------


def run(docs_dir: Path = DOCS_DIR, gold_dir: Path = GOLD_DIR, throughput: bool = True,
        min_bytes: int = 2 * 1024 * 1024, stages: bool = False,
        abstracts: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Extract the corpus, score it against the gold files and (optionally) time extraction, on the corpus and
    on the PubTator files ``abstracts``."""
    from neurograph.lexicon import load_lexicon
    from neurograph.pipeline import extract_documents
    from neurograph.schema import load_schema

    schema = load_schema()
    symmetric = frozenset(k for k, r in schema.relationships.items() if r.symmetric)
    lexicon = load_lexicon(schema=schema)
    resolve = make_resolver(lexicon)

    gold_by_doc = load_gold_statements(gold_dir)
    doc_paths = [docs_dir / f"{doc}.txt" for doc in sorted(gold_by_doc)]
    missing = [str(p) for p in doc_paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"gold documents not found: {', '.join(missing)}")
    start = time.perf_counter()
    extraction = extract_documents(doc_paths, schema=schema, lexicon=lexicon)
    extract_seconds = time.perf_counter() - start

    gold_records, unresolved = resolve_gold([r for rs in gold_by_doc.values() for r in rs], resolve)
    statements = score_statements(gold_records, statement_records(extraction.statements), symmetric)

    texts = {p.stem: p.read_text(encoding="utf-8") for p in doc_paths}
    gold_mentions = []
    for doc, rows in load_gold_mentions(gold_dir).items():
        if doc not in texts:
            continue
        for start_, end_, name in gold_spans(texts[doc], rows):
            entity_id = resolve(name)
            if entity_id is None:
                unresolved.add(name)
                entity_id = UNRESOLVED + name
            gold_mentions.append((doc, start_, end_, entity_id))
    predicted_mentions = [(m.doc, m.start, m.end, m.entity_id) for m in extraction.mentions if m.doc in texts]
    mentions = score_mentions(gold_mentions, predicted_mentions)

    result = {
        "documents": len(doc_paths),
        "gold_statements": len(gold_records),
        "unresolved_gold_names": sorted(unresolved),
        "extract_seconds": extract_seconds,
        "mentions": mentions,
        "statements": statements,
        "names": {e.id: e.name for e in lexicon.entities.values()},
        "texts": texts,
    }
    if throughput:
        result["machine_reference"] = machine_reference()
        result["throughput"] = measure_throughput(doc_paths, lexicon, schema, min_bytes)
        if abstracts:
            result["abstract_throughput"] = measure_abstract_throughput(list(abstracts), lexicon, schema)
    if stages:
        result["stages"] = measure_stages(doc_paths, lexicon, schema, min_bytes)
        if abstracts:
            result["abstract_stages"] = measure_abstract_stages(list(abstracts), lexicon, schema)
    return result


def _target(value: float, target: float) -> str:
    return f"target >= {target:g}  ({'met' if value >= target else 'below'})"


def report(result: dict, details: bool = False, out=sys.stdout) -> None:
    names = result["names"]

    def name(entity_id: str) -> str:
        if entity_id.startswith(UNRESOLVED):
            return f"?{entity_id[len(UNRESOLVED):]}"
        return names.get(entity_id, entity_id)

    def pair(key) -> str:
        return f"{name(key[0])} -> {name(key[1])}"

    m, s = result["mentions"], result["statements"]
    w = out.write
    w(f"Extraction benchmark: {result['documents']} documents, {result['gold_statements']} gold statement lines, "
      f"{s['gold_pairs']} gold pairs, {m['gold']} gold mentions\n\n")
    w(f"entity mentions    precision {m['precision']:.3f}  recall {m['recall']:.3f}  "
      f"({m['predicted']} predicted, {m['gold']} gold)\n")
    w(f"statements         precision {s['precision']:.3f}  {_target(s['precision'], TARGETS['statement_precision'])}\n")
    w(f"                   recall    {s['recall']:.3f}  {_target(s['recall'], TARGETS['statement_recall'])}\n")
    w(f"                   F1        {s['f1']:.3f}  ({s['tp']} matched, {s['fp']} false positive, "
      f"{s['fn']} false negative, {s['reversed']} reversed)\n")
    w(f"on matched pairs   type accuracy {s['type_accuracy']:.3f}  sign accuracy {s['sign_accuracy']:.3f}  "
      f"hedged agreement {s['hedged_agreement']:.3f}\n")
    n = s["negated"]
    w(f"negated statements precision {n['precision']:.3f}  recall {n['recall']:.3f}  "
      f"({n['predicted']} predicted, {n['gold']} gold)\n")
    if "throughput" in result:
        t = result["throughput"]
        w(f"throughput         {t['mb_per_s']:.2f} MB/s  {_target(t['mb_per_s'], TARGETS['throughput_mb_s'])}  "
          f"({t['bytes'] / 1e6:.2f} MB in {t['files']} files, {t['seconds']:.2f} s CPU on one core, "
          f"{t['wall_seconds']:.2f} s wall; best of {t['repeats']})\n")
        w(f"                   with {_model_state()}\n")
    if "abstract_throughput" in result:
        t = result["abstract_throughput"]
        w(f"  on abstracts     {t['mb_per_s']:.2f} MB/s  {_target(t['mb_per_s'], TARGETS['throughput_mb_s'])}  "
          f"({t['bytes'] / 1e6:.2f} MB in {t['documents']} PubMed abstracts of {', '.join(t['files'])}, "
          f"{t['seconds']:.2f} s CPU; best of {t['repeats']}, the first {t['first_seconds']:.2f} s)\n")
    if "machine_reference" in result:
        ref = result["machine_reference"]
        lines = [("corpus", result["throughput"])] + (
            [("abstracts", result["abstract_throughput"])] if "abstract_throughput" in result else [])
        per_ref = ", ".join(f"{what} {t['mb_per_s'] * ref:.3f}" for what, t in lines)
        w(f"machine reference  {ref:.3f} s CPU for a fixed pure-Python workload (benchmarks/extraction.py "
          f"reference_workload); MB per reference time, to compare machines: {per_ref}\n")
    for key, what in (("stages", "the corpus"), ("abstract_stages", "abstracts")):
        if key in result:
            st = result[key]
            w(f"CPU s/MB by stage  {st['seconds_per_mb']:.2f} s/MB in all on {what} (one timed run; timers add a little)\n")
            for label, value in st["stages"].items():
                w(f"                   {value:5.2f}  {label}\n")
    if result["unresolved_gold_names"]:
        w(f"\nGold names the lexicon does not resolve (counted as misses): "
          f"{', '.join(result['unresolved_gold_names'])}\n")
        lost = sum(1 for fn in s["false_negatives"] if any(e.startswith(UNRESOLVED) for e in fn["pair"]))
        found = s["gold_pairs"] - s["fn"]
        w(f"{lost} of {s['gold_pairs']} gold pairs name them; recall on the other pairs "
          f"{_ratio(found, s['gold_pairs'] - lost):.3f}\n")
    if not details:
        return

    def sentences(items):
        for doc, sentence in items[:3]:
            w(f"      [{doc}] {' '.join(sentence.split())}\n")

    w(f"\nFalse positives ({len(s['false_positives'])}):\n")
    for fp in sorted(s["false_positives"], key=lambda r: pair(r["pair"])):
        flag = "  (gold has the reverse direction)" if fp["reversed"] else ""
        w(f"  {pair(fp['pair'])}  {'/'.join(fp['predicates'])}{flag}\n")
        sentences(fp["sentences"])
    w(f"\nFalse negatives ({len(s['false_negatives'])}):\n")
    for fn in sorted(s["false_negatives"], key=lambda r: pair(r["pair"])):
        w(f"  {pair(fn['pair'])}  {'/'.join(fn['predicates'])}\n")
        sentences(fn["sentences"])
    wrong = [r for r in s["matched"] if not (r["type_ok"] and r["sign_ok"] and r["hedge_ok"])]
    w(f"\nMatched pairs with a wrong type, sign or hedge ({len(wrong)}):\n")
    for r in sorted(wrong, key=lambda r: pair(r["pair"])):
        w(f"  {pair(r['pair'])}  predicted {'/'.join(r['predicted'])}"
          f"{' hedged' if r['predicted_hedged'] else ''}; gold {'/'.join(r['gold'])}"
          f"{' hedged' if r['gold_hedged'] else ''}\n")

    texts = result["texts"]

    def grouped(items):
        groups: dict[tuple[str, str], list[str]] = defaultdict(list)
        for doc, start, end, entity in items:
            groups[(name(entity), texts[doc][start:end].replace("\n", " ").lower())].append(doc)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    w(f"\nMentions missed ({len(m['false_negatives'])}), by entity and text:\n")
    for (entity, text), docs in grouped(m["false_negatives"]):
        w(f"  {entity}: \"{text}\" x{len(docs)}\n")
    w(f"\nMentions predicted but not in gold ({len(m['false_positives'])}), by entity and text:\n")
    for (entity, text), docs in grouped(m["false_positives"]):
        w(f"  {entity}: \"{text}\" x{len(docs)}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list false positives and false negatives")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--no-throughput", action="store_true", help="skip the throughput measurement")
    parser.add_argument("--docs", type=Path, default=None,
                        help=f"folder of the gold documents (default {DOCS_DIR.relative_to(ROOT)})")
    parser.add_argument("--gold", type=Path, default=None,
                        help=f"folder of the gold files (default {GOLD_DIR.relative_to(ROOT)})")
    parser.add_argument("--heldout", action="store_true",
                        help=f"score the held-out set: --gold {HELDOUT_DIR.relative_to(ROOT)} "
                             f"--docs {(HELDOUT_DIR / 'documents').relative_to(ROOT)}")
    parser.add_argument("--no-abstracts", action="store_true",
                        help="skip the throughput run on PubMed abstracts (the Dev texts in ../shared/datasets)")
    parser.add_argument("--min-mb", type=float, default=2.0, help="corpus size for the throughput run (MiB)")
    parser.add_argument("--stages", action="store_true",
                        help="also time each stage of extraction (CPU s/MB: matching, rules, model, grade, ...)")
    parser.add_argument("--write", action="store_true",
                        help="also save the output to docs/benchmarks/extraction.txt (extraction-heldout.txt)")
    args = parser.parse_args(argv)
    if not args.write:  # (tests load this file by path: common is importable only when run as a script)
        return _main(args, parser)
    from common import results

    with results("extraction-heldout" if args.heldout else "extraction", True):
        return _main(args, parser)


def _main(args, parser) -> int:
    if args.heldout and (args.docs is not None or args.gold is not None):
        parser.error("--heldout chooses --docs and --gold itself; give one or the other")
    docs_dir, gold_dir = (HELDOUT_DIR / "documents", HELDOUT_DIR) if args.heldout else (DOCS_DIR, GOLD_DIR)
    # Abstracts with the default corpus only: --heldout and --docs time their own documents.
    default_corpus = not args.heldout and args.docs is None and not args.no_abstracts
    abstracts = abstract_corpora() if default_corpus else ()
    try:
        result = run(args.docs or docs_dir, args.gold or gold_dir, throughput=not args.no_throughput,
                     min_bytes=int(args.min_mb * 1024 * 1024), stages=args.stages, abstracts=abstracts)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        figures = {k: v for k, v in result.items() if k not in ("names", "texts")}
        figures["mentions"] = {k: v for k, v in result["mentions"].items() if k in ("gold", "predicted", "precision", "recall")}
        figures["statements"] = {k: v for k, v in result["statements"].items()
                                 if k not in ("matched", "false_positives", "false_negatives")}
        print(json.dumps(figures, indent=2))
    else:
        report(result, details=args.details, out=sys.stdout)  # the stdout of now (--write tees it)
    return 0


if __name__ == "__main__":
    sys.exit(main())
