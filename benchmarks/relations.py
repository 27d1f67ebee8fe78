"""Relation model on the Dev splits, with gold mentions: pair F1, sign agreement, CID F1, Brier, reliability.

Trains on BioRED Train and BC5CDR Training (from ../shared/datasets, or the
paths given), then scores the model's statements on BioRED Dev and BC5CDR Dev
with the protocol of issue 12, given the gold entities (the standard
relation-extraction-with-gold-entities setting):

- a gold relation is an unordered pair of gold entities of one document;
- a gold pair is found when some non-negated statement joins its two entities;
- precision counts statements' pairs (one per pair and document);
- sign agreement: over found gold pairs whose class is Positive_Correlation
  (+1) or Negative_Correlation (-1), the share whose statement has that
  polarity (``signed only``: the same, over statements with a sign);
- BC5CDR CID: candidates are chemical-to-disease statements whose polarity is
  not negative.

Usage: python benchmarks/relations.py [--train FILE ...] [--rules] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from neurograph.documents import split_sentences  # noqa: E402
from neurograph.extract.candidates import mentions_from_pubtator  # noqa: E402
from neurograph.extract.model import model_statements, train_model  # noqa: E402
from neurograph.extract.pubtator import read_pubtator  # noqa: E402
from neurograph.schema import load_schema  # noqa: E402

DATA = HERE.parent.parent / "shared" / "datasets"
BIORED_TRAIN, BIORED_DEV = DATA / "biored" / "Train.PubTator", DATA / "biored" / "Dev.PubTator"
CDR_TRAIN, CDR_DEV = DATA / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", DATA / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"
SIGN = {"Positive_Correlation": 1, "Negative_Correlation": -1}


def score(path, model, schema, cid=False, rules=None):
    """Pair P/R/F1, sign agreement, and (probability, related) of every scored candidate."""
    tp = fp = fn = 0
    sign_hits = sign_total = signed_hits = signed_total = 0
    calibration = []
    for doc in read_pubtator(path):
        text = doc.text
        sentences = split_sentences(text)
        mentions = mentions_from_pubtator(doc, sentences)
        gold = {frozenset((r.id1, r.id2)): r.type for r in doc.relations if r.id1 != r.id2}
        ruled = rules(text, sentences) if rules else []
        statements = model_statements(doc.pmid, text, sentences, mentions, ruled, model, schema,
                                      title_end=len(doc.title), keep_ruled=True)
        predicted: dict[frozenset, list[int]] = {}
        kinds = {m.id: m.kind for m in mentions}
        for st in statements:
            if st.negated:
                continue
            if cid and not (kinds.get(st.subject.id) == "chemical" and kinds.get(st.object.id) == "disease"
                            and st.polarity >= 0):
                continue
            predicted.setdefault(frozenset((st.subject.id, st.object.id)), []).append(st.polarity)
        found = set(predicted) & set(gold)
        tp += len(found)
        fp += len(set(predicted) - set(gold))
        fn += len(set(gold) - set(predicted))
        for pair in found:
            want = SIGN.get(gold[pair])
            if want is None:
                continue
            sign_total += 1
            sign_hits += want in predicted[pair]
            signs = [p for p in predicted[pair] if p]
            if signs:
                signed_total += 1
                signed_hits += want in signs
        calibration.extend(_probabilities(doc, text, sentences, mentions, gold, model, cid))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn,
            "sign_agreement": round(sign_hits / sign_total, 3) if sign_total else None,
            "sign_agreement_signed_only": round(signed_hits / signed_total, 3) if signed_total else None,
            "signed_pairs": sign_total}, calibration


def _probabilities(doc, text, sentences, mentions, gold, model, cid):
    from neurograph.extract.candidates import candidates
    from neurograph.extract.features import DocumentContext, pair_features

    context = DocumentContext(text, sentences, mentions, len(doc.title))
    out = []
    for cand in candidates(mentions, model.kind_pairs):
        if cid and cand.kinds != "chemical|disease":
            continue
        out.append((model.probability(pair_features(cand, context)), frozenset((cand.a, cand.b)) in gold))
    return out


def reliability(pairs, bins=10):
    """Brier score and a reliability table (mean predicted vs observed rate per probability bin)."""
    brier = sum((p - y) ** 2 for p, y in pairs) / len(pairs)
    rows = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(p, y) for p, y in pairs if lo <= p < hi or (k == bins - 1 and p == 1.0)]
        if inside:
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                         "predicted": round(sum(p for p, _ in inside) / len(inside), 3),
                         "observed": round(sum(y for _, y in inside) / len(inside), 3)})
    return round(brier, 4), rows


def lexicon_rules():
    """Rule statements of neurograph's own extraction, for ``rule=`` features."""
    from neurograph.documents import Document
    from neurograph.extract import extract_document
    from neurograph.lexicon import load_lexicon

    schema = load_schema()
    lexicon = load_lexicon(schema=schema)
    matcher = lexicon.matcher()

    def rules(text, sentences):
        return extract_document(Document("d", None, "", text, ""), lexicon, schema, matcher).statements

    return rules


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", nargs="*", default=None, help="PubTator training files")
    parser.add_argument("--rules", action="store_true", help="use neurograph's rules as features")
    parser.add_argument("--C", type=float, default=0.1)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpora = args.train if args.train is not None else [BIORED_TRAIN, CDR_TRAIN]
    schema = load_schema()
    rules = lexicon_rules() if args.rules else None
    started = time.perf_counter()
    model, examples = train_model(corpora, c=args.C, rules=rules)
    seconds = time.perf_counter() - started
    biored, cal_b = score(BIORED_DEV, model, schema, rules=rules)
    cdr, cal_c = score(CDR_DEV, model, schema, cid=True, rules=rules)
    brier_b, table_b = reliability(cal_b)
    brier_c, table_c = reliability(cal_c)
    result = {"training_seconds": round(seconds, 1), "candidates": len(examples),
              "features": model.provenance["features"], "threshold": model.threshold,
              "biored_dev": biored, "bc5cdr_dev_cid": cdr,
              "brier": {"biored_dev": brier_b, "bc5cdr_dev": brier_c},
              "reliability": {"biored_dev": table_b, "bc5cdr_dev": table_c}}
    if args.json:
        print(json.dumps(result, indent=1))
        return result
    print(f"training: {seconds:.1f} s, {len(examples)} candidates, {model.provenance['features']} features, "
          f"threshold {model.threshold}")
    for name, r in (("BioRED Dev pairs", biored), ("BC5CDR Dev CID", cdr)):
        print(f"{name}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
              f"(tp {r['tp']} fp {r['fp']} fn {r['fn']}); sign agreement {r['sign_agreement']} "
              f"(signed statements only {r['sign_agreement_signed_only']}, {r['signed_pairs']} signed pairs)")
    for name, brier, table in (("BioRED Dev", brier_b, table_b), ("BC5CDR Dev", brier_c, table_c)):
        print(f"{name}: Brier {brier}")
        print("  bin        n      predicted  observed")
        for row in table:
            print(f"  {row['bin']}  {row['n']:6d}  {row['predicted']:.3f}      {row['observed']:.3f}")
    return result


if __name__ == "__main__":
    main()
