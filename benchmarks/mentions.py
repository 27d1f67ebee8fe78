"""Mention recall and precision of the lexicon's matcher on the BioRED and BC5CDR Dev sets.

A predicted mention counts for a kind when its entity's category is in the
schema group of that kind; it is correct when it overlaps a gold mention of
the same kind, and a gold mention is found when a predicted mention of its
kind overlaps it. Kinds: chemical = group ``chemical`` (BioRED
ChemicalEntity, BC5CDR Chemical), gene = group ``molecular`` (BioRED
GeneOrGeneProduct; BC5CDR does not annotate genes), disease = group
``condition`` (BioRED DiseaseOrPhenotypicFeature, BC5CDR Disease).

The corpora come from the installed resources (``neurograph resources install
biored bc5cdr``), else from ``../shared/datasets`` beside the checkout.

Run: .venv/bin/python benchmarks/mentions.py [--split Dev|Train] [--errors KIND]
"""

from __future__ import annotations

import argparse
import bisect
import time
from collections import Counter
from pathlib import Path

try:
    from neurograph.extract.pubtator import read_pubtator
except ImportError:  # the extract package mid-split: load the reader module on its own
    import importlib.util

    import neurograph

    _spec = importlib.util.spec_from_file_location(
        "neurograph.extract.pubtator", Path(neurograph.__file__).parent / "extract" / "pubtator.py")
    _module = importlib.util.module_from_spec(_spec)
    _module.__package__ = "neurograph.extract"
    import sys
    import types

    sys.modules.setdefault("neurograph.extract", types.ModuleType("neurograph.extract")).__path__ = []
    sys.modules["neurograph.extract.pubtator"] = _module
    _spec.loader.exec_module(_module)
    read_pubtator = _module.read_pubtator
from neurograph.lexicon import load_lexicon
from neurograph.schema import load_schema

KINDS = {"chemical": "chemical", "gene": "molecular", "disease": "condition"}
GOLD_KIND = {"ChemicalEntity": "chemical", "Chemical": "chemical", "GeneOrGeneProduct": "gene",
             "DiseaseOrPhenotypicFeature": "disease", "Disease": "disease"}
CORPORA = {"biored": {"Dev": "Dev.PubTator", "Train": "Train.PubTator"},
           "bc5cdr": {"Dev": "CDR_DevelopmentSet.PubTator.txt", "Train": "CDR_TrainingSet.PubTator.txt"}}
SCORED = {"biored": ("chemical", "gene", "disease"), "bc5cdr": ("chemical", "disease")}


def corpus_file(corpus: str, split: str) -> Path:
    name = CORPORA[corpus][split]
    try:
        from neurograph.resources import resource_path

        return resource_path(corpus, name)
    except Exception:
        return Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / corpus / name


def kind_of_category(schema) -> dict[str, str]:
    """Category -> kind, from the schema file's groups."""
    import yaml

    groups = yaml.safe_load(Path(schema.path).read_text(encoding="utf-8"))["groups"]
    return {category: kind for kind, group in KINDS.items() for category in groups[group]}


def overlaps(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    k = bisect.bisect_left(starts, end)  # spans starting before `end`
    for i in range(max(0, k - 8), k):
        s, e = spans[i]
        if s < end and start < e:
            return True
    return False


def score(lexicon, path: Path, kinds: tuple[str, ...], category_kind: dict[str, str], errors: str | None = None):
    matcher = lexicon.matcher()
    gold_n = Counter()
    found = Counter()
    pred_n = Counter()
    correct = Counter()
    missed, wrong = Counter(), Counter()
    for doc in read_pubtator(path):
        text = doc.text
        matches, _ = matcher.find_all(text)
        pred: dict[str, list[tuple[int, int]]] = {k: [] for k in kinds}
        for m in matches:
            entity = lexicon.entities.get(m.entity_id)
            kind = category_kind.get(entity.category) if entity is not None else None
            if kind in pred:
                pred[kind].append((m.start, m.end))
        gold: dict[str, list[tuple[int, int]]] = {k: [] for k in kinds}
        for g in doc.mentions:
            kind = GOLD_KIND.get(g.type)
            if kind in gold:
                gold[kind].append((g.start, g.end))
        for kind in kinds:
            p = sorted(pred[kind])
            g = sorted(gold[kind])
            ps, gs = [s for s, _ in p], [s for s, _ in g]
            gold_n[kind] += len(g)
            pred_n[kind] += len(p)
            for s, e in g:
                if overlaps(p, ps, s, e):
                    found[kind] += 1
                elif errors == kind:
                    missed[text[s:e]] += 1
            for s, e in p:
                if overlaps(g, gs, s, e):
                    correct[kind] += 1
                elif errors == kind:
                    wrong[text[s:e]] += 1
    return {k: (found[k] / gold_n[k] if gold_n[k] else 0.0, correct[k] / pred_n[k] if pred_n[k] else 0.0,
                gold_n[k], pred_n[k]) for k in kinds}, missed, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="Dev", choices=("Dev", "Train"))
    parser.add_argument("--errors", choices=tuple(KINDS), help="print the most frequent misses and false hits of a kind")
    args = parser.parse_args()
    schema = load_schema()
    t0 = time.perf_counter()
    lexicon = load_lexicon(schema=schema)
    print(f"lexicon: {len(lexicon.entities)} entities, loaded in {time.perf_counter() - t0:.2f} s")
    category_kind = kind_of_category(schema)
    for corpus, kinds in SCORED.items():
        path = corpus_file(corpus, args.split)
        results, missed, wrong = score(lexicon, path, kinds, category_kind, args.errors)
        for kind, (recall, precision, n_gold, n_pred) in results.items():
            print(f"{corpus} {args.split} {kind}: recall {recall:.3f} precision {precision:.3f} "
                  f"(gold {n_gold}, predicted {n_pred})")
        if args.errors:
            print(f"  missed: {missed.most_common(40)}")
            print(f"  false:  {wrong.most_common(40)}")


if __name__ == "__main__":
    main()
