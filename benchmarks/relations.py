"""Relation model on the Dev splits, with gold mentions: pair F1, sign agreement, CID F1, Brier, reliability.

Trains on BioRED Train and BC5CDR Training (from ../shared/datasets, or the
paths given), then scores the model's statements on BioRED Dev and BC5CDR Dev
with the protocol of issue 12, given the gold entities (the standard
relation-extraction-with-gold-entities setting):

- a gold relation is an unordered pair of gold entities of one document;
- a gold pair is found when some non-negated statement joins its two entities;
- precision counts statements' pairs (one per pair and document);
(the scorer is neurograph.extract.training.dev_metrics, which the model's provenance records too)
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

from neurograph.extract.training import dev_metrics, train_model  # noqa: E402
from neurograph.schema import load_schema  # noqa: E402

DATA = HERE.parent.parent / "shared" / "datasets"
BIORED_TRAIN, BIORED_DEV = DATA / "biored" / "Train.PubTator", DATA / "biored" / "Dev.PubTator"
CDR_TRAIN, CDR_DEV = DATA / "bc5cdr" / "CDR_TrainingSet.PubTator.txt", DATA / "bc5cdr" / "CDR_DevelopmentSet.PubTator.txt"
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
    parser.add_argument("--C", type=float, default=0.3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpora = args.train if args.train is not None else [BIORED_TRAIN, CDR_TRAIN]
    schema = load_schema()
    rules = lexicon_rules() if args.rules else None
    started = time.perf_counter()
    model, examples = train_model(corpora, c=args.C, rules=rules)
    seconds = time.perf_counter() - started
    biored = dev_metrics(model, BIORED_DEV, schema, rules=rules)
    cdr = dev_metrics(model, CDR_DEV, schema, cid=True, rules=rules)
    result = {"training_seconds": round(seconds, 1), "candidates": len(examples),
              "features": model.provenance["features"], "threshold": model.threshold,
              "kind_thresholds": model.kind_thresholds, "sign_threshold": model.sign_threshold,
              "biored_dev": biored, "bc5cdr_dev_cid": cdr}
    if args.json:
        print(json.dumps(result, indent=1))
        return result
    print(f"training: {seconds:.1f} s, {len(examples)} candidates, {model.provenance['features']} features, "
          f"threshold {model.threshold}")
    print(f"kind thresholds {model.kind_thresholds}, sign threshold {model.sign_threshold}, type stage sign threshold {model.type_sign_threshold}")
    for name, r in (("BioRED Dev pairs", biored), ("BC5CDR Dev CID", cdr)):
        print(f"{name}: P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
              f"(tp {r['tp']} fp {r['fp']} fn {r['fn']}); sign agreement {r['sign_agreement']} "
              f"(signed statements only {r['sign_agreement_signed']}, {r['signed_pairs']} signed pairs); "
              f"Brier {r['brier']}")
        print("  bin        n      predicted  observed")
        for row in r["reliability"]:
            print(f"  {row['bin']}  {row['n']:6d}  {row['predicted']:.3f}      {row['observed']:.3f}")
    return result


if __name__ == "__main__":
    main()
