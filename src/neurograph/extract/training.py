"""Training the relation model (:mod:`neurograph.extract.model`) on PubTator corpora, and scoring it on Dev.

Training is seeded and deterministic; the model is saved as JSON in the data directory with its provenance
(corpus checksums, feature list, decision cuts, Dev metrics).
"""

from __future__ import annotations

import hashlib
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .candidates import candidates, mentions_from_pubtator
from .features import DocumentContext, pair_features
from .model import (CORPUS_CLASSES, NEGATIVE, SEED, SIGN_TARGET, TYPE_SIGN_TARGET, _GRADED, _SIGNED, RelationModel,
                    model_statements, rule_pairs, save_model)


# liblinear's iteration cap: the default (100) stops some one-vs-rest type fits before they converge (small
# classes such as Conversion take a few hundred); converged fits cost a fraction of a second more.
MAX_ITER = 1000


@dataclass
class Example:
    """One candidate of a training document: its features and its gold class ("" for none)."""

    doc: str
    a: str
    b: str
    kinds: str
    features: set[str]
    label: str
    one_sided: bool = False  # from a corpus that annotates one sign only (BC5CDR's chemical-induced disease)


def corpus_examples(path: str | os.PathLike, kind_pairs: frozenset[str] | None = None,
                    rules=None) -> list[Example]:
    """The candidates of every document of a PubTator file, labelled by its relations.

    ``rules`` is an optional callable ``(document text, sentences) -> rule
    statements`` whose pairs become ``rule=`` features.
    """
    from ..documents import split_sentences
    from .pubtator import read_pubtator

    out = []
    for doc in read_pubtator(path):
        text = doc.text
        sentences = split_sentences(text)
        if not sentences:
            continue
        mentions = mentions_from_pubtator(doc, sentences)
        gold: dict[frozenset, str] = {}
        for r in doc.relations:
            label = CORPUS_CLASSES.get(r.type)
            if label and r.id1 != r.id2:
                gold[frozenset((r.id1, r.id2))] = label
        only_cid = bool(doc.relations) and all(r.type == "CID" for r in doc.relations)
        ruled = rule_pairs(rules(text, sentences), mentions) if rules else {}
        context = DocumentContext(text, sentences, mentions, len(doc.title), ruled)
        for cand in candidates(mentions, kind_pairs):
            if only_cid and cand.kinds != "chemical|disease":
                continue  # BC5CDR annotates only chemical-disease relations: other pairs are unknown, not negative
            out.append(Example(doc.pmid, cand.a, cand.b, cand.kinds, pair_features(cand, context),
                               gold.get(frozenset((cand.a, cand.b)), ""), only_cid))
    return out


def checksum(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def train_model(corpora: list[str | os.PathLike], seed: int = SEED, folds: int = 5, c: float = 0.1,
                type_c: float = 0.3, sign_c: float = 0.1, min_count: int = 3, rules=None,
                progress=None, lexicon=None, schema=None,
                learn_from_dictionary: bool = False) -> tuple[RelationModel, list[Example]]:
    """Train both stages on PubTator corpora; returns the model and the training examples.

    The relation stage's sigmoid calibration and decision threshold, and the
    type stage's sign threshold, come from ``folds``-fold out-of-fold scores
    split by document, so that no document scores itself. With a ``lexicon``
    (and ``schema``), the decision thresholds are chosen again out of fold on
    the training documents extracted through that dictionary
    (:mod:`neurograph.extract.thresholds`), and the provenance records the pair
    F1 there of the corpora that annotate chemical-induced disease alone
    (``cid``) and of the others apart; ``learn_from_dictionary`` also
    trains on the dictionary's own chemical-disease candidates of the corpora
    that annotate chemical-induced disease alone, labelled through the gold
    entities they overlap (:func:`~neurograph.extract.thresholds.dictionary_examples`:
    :func:`train` does). Deterministic for a given ``seed``.

    The defaults were chosen by that out-of-fold pair F1 on BioRED Train and
    BC5CDR Training: stronger regularisation of the relation (``c`` 0.3 -> 0.1)
    and type (``type_c`` 1 -> 0.3) stages raised both corpora's, and five folds
    instead of three give out-of-fold models nearer the final one (trained on
    4/5 of the documents instead of 2/3), so cuts chosen on their scores fit it better.
    """
    import numpy as np
    import scipy.sparse as sp
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    started = time.perf_counter()
    examples: list[Example] = []
    for path in corpora:
        examples.extend(corpus_examples(path, rules=rules))
        if progress:
            progress(f"read {path}: {len(examples)} candidates so far")
    extracted = None
    if lexicon is not None and schema is not None:
        from .thresholds import dictionary_examples, extract_corpora

        extracted = extract_corpora(corpora, lexicon, schema, progress)
        if learn_from_dictionary:  # the model also learns the pairs as extraction will meet them
            examples.extend(dictionary_examples(extracted, lexicon, CORPUS_CLASSES))
            if progress:
                progress(f"{len(examples)} candidates with the dictionary's own")
    if not examples or not any(e.label for e in examples):
        raise InputError("no annotated relations among the training candidates", corpora[0] if corpora else None)
    counts: dict[str, int] = {}
    for e in examples:
        for f in e.features:
            counts[f] = counts.get(f, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count)
    vec = DictVectorizer(sort=True)
    vec.fit([{f: 1 for f in vocabulary}])
    X = sp.csr_matrix(vec.transform([{f: 1 for f in e.features if f in vec.vocabulary_} for e in examples]))
    X.indices, X.indptr = X.indices.astype(np.int32), X.indptr.astype(np.int32)  # liblinear wants 32-bit
    y = np.array([1 if e.label else 0 for e in examples])
    labels = np.array([e.label for e in examples])
    names = vec.get_feature_names_out()

    def fit_relation(rows):
        return LogisticRegression(C=c, solver="liblinear", dual=True, tol=1e-3, max_iter=MAX_ITER,
                                  random_state=seed).fit(X[rows], y[rows])

    def fit_type(rows):
        rows = rows & (y == 1)
        if len(set(labels[rows])) < 2:
            return None  # one class: nothing to learn, the type is that class
        return OneVsRestClassifier(LogisticRegression(C=type_c, solver="liblinear", dual=True, tol=1e-3,
                                                       max_iter=MAX_ITER, random_state=seed)).fit(
            X[rows], labels[rows])

    # The sign stage learns from corpora that annotate both signs: BC5CDR has only "induced", so its
    # pairs would teach that every chemical-disease link is positive.
    kinds_of = np.array([e.kinds for e in examples])
    two_sided = np.array([e.label in _SIGNED and not e.one_sided for e in examples])
    positive = labels == _SIGNED[0]
    one_sided = np.array([e.one_sided for e in examples])

    def fit_sign(rows):
        rows = rows & two_sided
        if len(set(positive[rows])) < 2:
            return None
        return LogisticRegression(C=sign_c, solver="liblinear", max_iter=MAX_ITER, random_state=seed).fit(
            X[rows], positive[rows])

    # Out-of-fold scores by document for calibration and the thresholds.
    docs = sorted({e.doc for e in examples})
    rng = np.random.default_rng(seed)
    fold_of = dict(zip(docs, rng.permutation(len(docs)) % folds))
    fold = np.array([fold_of[e.doc] for e in examples])
    oof = np.zeros(len(examples))
    fold_fits = []  # per fold: the three stages trained without it
    type_sign = [], []  # out of fold, the type stage's sign confidence on correlations it typed as such, and if right
    graded = [], [], [], []  # out of fold, for related pairs of the three graded classes: typed as one, sign, truth
    for k in range(folds):
        held = fold == k
        relater = fit_relation(~held)
        oof[held] = relater.decision_function(X[held])
        typer, signer = fit_type(~held), fit_sign(~held)
        fold_fits.append((relater, typer, signer))
        rows = held & np.isin(labels, _GRADED) & ~one_sided
        if typer is None or signer is None or not rows.any():
            continue
        predicted = typer.predict(X[rows])
        graded[0].extend(np.isin(predicted, _GRADED))
        graded[1].extend(signer.predict_proba(X[rows])[:, list(signer.classes_).index(True)])
        graded[2].extend(labels[rows])
        graded[3].extend(kinds_of[rows])
        # (BC5CDR's pairs, all positive, would make the type stage's signs look surer than they are)
        rows = held & np.isin(labels, _SIGNED) & ~one_sided
        if not set(_SIGNED) <= set(typer.classes_):
            continue
        proba = typer.predict_proba(X[rows])
        classes = list(typer.classes_)
        predicted = np.array(classes)[proba.argmax(1)]
        signed = np.isin(predicted, _SIGNED)
        pos, neg = proba[:, classes.index(_SIGNED[0])], proba[:, classes.index(_SIGNED[1])]
        type_sign[0].extend((np.maximum(pos, neg) / (pos + neg))[signed])
        type_sign[1].extend((predicted == labels[rows])[signed])
    platt = LogisticRegression(C=1e6, solver="lbfgs", max_iter=1000).fit(oof.reshape(-1, 1), y)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    prob = 1 / (1 + np.exp(-(a * oof + b)))
    threshold = _best_threshold(prob, y)
    kinds = np.array([e.kinds for e in examples])
    kind_thresholds = {str(k): _best_threshold(prob[kinds == k], y[kinds == k]) for k in sorted(set(kinds))
                       if y[kinds == k].sum() >= 200}
    _, positive_oof, truth, graded_kinds = (np.array(g) for g in graded)  # (the typed flags: not needed here)
    sign_threshold = _sign_threshold(positive_oof, truth)
    type_sign_threshold = _type_sign_threshold(np.array(type_sign[0]), np.array(type_sign[1]))
    sign_thresholds: dict[str, float] = {}  # one cut for all kinds (per kind, Train folds were too few to choose)
    clf = fit_relation(np.ones(len(examples), dtype=bool))
    type_clf = fit_type(np.ones(len(examples), dtype=bool))
    sign_clf = fit_sign(np.ones(len(examples), dtype=bool))
    kind_pairs = frozenset(e.kinds for e in examples if e.label)

    def assemble(relater, typer, signer, threshold, kind_thresholds, provenance) -> RelationModel:
        sign_weights, sign_intercept = {}, 0.0
        if signer is not None:
            direction = 1.0 if signer.classes_[1] else -1.0  # weights toward "positive"
            sign_weights = {str(f): round(direction * float(w), 6) for f, w in zip(names, signer.coef_[0]) if w != 0}
            sign_intercept = direction * float(signer.intercept_[0])
        if typer is None:
            type_classes = sorted(str(x) for x in set(labels[y == 1]))
            type_coef, intercepts = np.zeros((1, len(names))), [0.0]
        else:
            type_classes = [str(x) for x in typer.classes_]
            type_coef = np.vstack([est.coef_[0] for est in typer.estimators_])
            intercepts = [float(est.intercept_[0]) for est in typer.estimators_]
            if len(type_classes) == 2:  # one estimator, for the second class: the first is its mirror image
                type_coef, intercepts = np.vstack([-type_coef[0], type_coef[0]]), [-intercepts[0], intercepts[0]]
        weights = {str(f): round(float(w), 6) for f, w in zip(names, relater.coef_[0]) if w != 0}
        type_weights = {str(f): [round(float(v), 6) for v in type_coef[:, j]] for j, f in enumerate(names)
                        if np.any(type_coef[:, j] != 0)}
        return RelationModel(weights, float(relater.intercept_[0]), (a, b), threshold, type_classes,
                             type_weights, intercepts, kind_pairs, provenance, sign_threshold, kind_thresholds,
                             sign_weights, sign_intercept, sign_thresholds, type_sign_threshold)

    chosen_on = {"on": "Train, gold mentions, out of fold", "threshold": threshold,
                 "kind_thresholds": dict(kind_thresholds)}
    if extracted is not None:
        from .thresholds import best_cuts, dictionary_documents, pair_f1

        fold_models = [assemble(*fits, 0.0, {}, {}) for fits in fold_fits]
        scored = dictionary_documents(extracted, lambda pmid: fold_models[fold_of.get(pmid, 0)], lexicon, schema)
        # Per pair of kinds, one cut for its negative statements and one for the others (model.NEGATIVE).
        kind_thresholds, threshold, train_f1 = best_cuts(
            scored, sorted(kind_thresholds) + sorted(k + NEGATIVE for k in kind_thresholds), threshold)
        by_corpus = {}  # the two protocols apart: corpora of chemical-induced disease alone (BC5CDR), the others
        for name, cid in (("cid", True), ("other", False)):
            docs = [d for d, x in zip(scored, extracted) if x.cid == cid]
            if docs:
                f1, tp, fp, fn = pair_f1(docs, kind_thresholds, threshold)
                by_corpus[name] = {"f1": round(f1, 4), "tp": tp, "fp": fp, "fn": fn}
        chosen_on = {"on": "Train through the dictionary, out of fold", "train_pair_f1": train_f1,
                     "train_pair_f1_by_corpus": by_corpus, "gold_mentions": chosen_on}
    provenance = {
        "trained": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "corpora": [{"file": Path(p).name, "sha256": checksum(p)} for p in corpora],
        "seed": seed, "folds": folds, "C": c, "type_C": type_c, "sign_C": sign_c, "min_count": min_count,
        "candidates": len(examples), "positives": int(y.sum()), "features": len(names),
        "classes": {str(k): int(v) for k, v in zip(*np.unique(labels[y == 1], return_counts=True))},
        "rules_as_features": rules is not None or (extracted is not None and learn_from_dictionary),
        "dictionary_candidates": extracted is not None and learn_from_dictionary,
        "seconds": round(time.perf_counter() - started, 1),
        "out_of_fold_brier": round(float(np.mean((prob - y) ** 2)), 4),
        "out_of_fold_sign_accuracy": _sign_accuracy(positive_oof, truth),
        "out_of_fold_type_sign_accuracy": round(float(np.mean(type_sign[1])), 4) if type_sign[1] else None,
        "out_of_fold_sign_accuracy_by_kinds": {str(k): _sign_accuracy(positive_oof[graded_kinds == k],
                                                                      truth[graded_kinds == k])
                                               for k in sorted(set(graded_kinds))},
        "thresholds": chosen_on,
    }
    return assemble(clf, type_clf, sign_clf, threshold, kind_thresholds, provenance), examples


def _sign_accuracy(positive, truth) -> float | None:
    """How often, out of fold, the sign stage gives a positive or negative correlation its own sign."""
    import numpy as np

    signed = np.isin(truth, _SIGNED)
    if not signed.any():
        return None
    return round(float(((positive >= 0.5) == (truth == _SIGNED[0]))[signed].mean()), 4)


def _sign_threshold(positive, truth) -> float:
    """The least sign confidence at which the out-of-fold sign stage is right about correlated pairs
    at least :data:`SIGN_TARGET` of the time: where the evidence supports a direction."""
    import numpy as np

    signed = np.isin(truth, _SIGNED)
    confidence, right = np.maximum(positive, 1 - positive)[signed], ((positive >= 0.5) == (truth == _SIGNED[0]))[signed]
    return _least_cut(confidence, right, SIGN_TARGET)


def _type_sign_threshold(confidence, right) -> float:
    """The least sign confidence at which the type stage's out-of-fold signs are right :data:`TYPE_SIGN_TARGET`
    of the time (at most 0.9)."""
    if not len(confidence):
        return 0.5
    return _least_cut(confidence, right, TYPE_SIGN_TARGET)


def _least_cut(confidence, right, target: float) -> float:
    """The least confidence cut (0.5, 0.55, ... 0.9) above which signs are ``right`` at least ``target`` of the
    time; 0.9 when none is."""
    for cut in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9):
        kept = confidence >= cut
        if kept.any() and right[kept].mean() >= target:
            return cut
    return 0.9


def _best_threshold(prob, y) -> float:
    """The probability cut that maximises F1 over candidates."""
    import numpy as np

    order = np.argsort(-prob)
    tp = np.cumsum(y[order])
    predicted = np.arange(1, len(y) + 1)
    f1 = 2 * tp / (predicted + y.sum())
    best = int(np.argmax(f1))
    return math.floor(float(prob[order][best]) * 1e4) / 1e4  # rounded down: the best candidate stays in


# --- Dev metrics, default corpora, and the one call `neurograph train` makes -------------------

_SIGN = {"Positive_Correlation": 1, "Negative_Correlation": -1}


def dev_metrics(model: RelationModel, path: str | os.PathLike, schema, cid: bool = False, rules=None,
                bins: int = 10) -> dict:
    """Pair P/R/F1, sign agreement, Brier score and a reliability table on a PubTator file, given its gold mentions.

    A gold relation is an unordered pair of gold entities of one document; a
    pair is found when a non-negated statement joins them. Sign agreement is
    over found pairs whose class is Positive_Correlation (+1) or
    Negative_Correlation (-1): ``sign_agreement`` counts every such pair,
    ``sign_agreement_signed`` only those whose statement has a sign. With
    ``cid`` (BC5CDR), only chemical-to-disease statements whose polarity is not
    negative count. ``neurograph evaluate`` is the full protocol (predicted
    mentions too); this is the model's own check, recorded in its provenance.
    """
    from ..documents import split_sentences
    from .pubtator import read_pubtator

    tp = fp = fn = 0
    sign_all = [0, 0]
    sign_signed = [0, 0]
    scored: list[tuple[float, bool]] = []
    for doc in read_pubtator(path):
        text = doc.text
        sentences = split_sentences(text)
        mentions = mentions_from_pubtator(doc, sentences)
        gold = {frozenset((r.id1, r.id2)): r.type for r in doc.relations if r.id1 != r.id2}
        ruled = rules(text, sentences) if rules else []
        kinds = {m.id: m.kind for m in mentions}
        predicted: dict[frozenset, list[int]] = {}
        for st in model_statements(doc.pmid, text, sentences, mentions, ruled, model, schema,
                                   title_end=len(doc.title), keep_ruled=True):
            if st.negated or (cid and not (kinds.get(st.subject.id) == "chemical"
                                           and kinds.get(st.object.id) == "disease" and st.polarity >= 0)):
                continue
            predicted.setdefault(frozenset((st.subject.id, st.object.id)), []).append(st.polarity)
        tp += len(set(predicted) & set(gold))
        fp += len(set(predicted) - set(gold))
        fn += len(set(gold) - set(predicted))
        for pair in set(predicted) & set(gold):
            want = _SIGN.get(gold[pair])
            if want is not None:
                sign_all[0] += want in predicted[pair]
                sign_all[1] += 1
                signs = [p for p in predicted[pair] if p]
                if signs:
                    sign_signed[0] += want in signs
                    sign_signed[1] += 1
        context = DocumentContext(text, sentences, mentions, len(doc.title), rule_pairs(ruled, mentions))
        for cand in candidates(mentions, model.kind_pairs):
            if not cid or cand.kinds == "chemical|disease":
                scored.append((model.probability(pair_features(cand, context)), frozenset((cand.a, cand.b)) in gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    table = []
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        inside = [(q, y) for q, y in scored if lo <= q < hi or (k == bins - 1 and q == 1.0)]
        if inside:
            table.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": len(inside),
                          "predicted": round(sum(q for q, _ in inside) / len(inside), 3),
                          "observed": round(sum(y for _, y in inside) / len(inside), 3)})
    return {"file": Path(path).name, "sha256": checksum(path), "cid": cid,
            "precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn,
            "sign_agreement": round(sign_all[0] / sign_all[1], 3) if sign_all[1] else None,
            "sign_agreement_signed": round(sign_signed[0] / sign_signed[1], 3) if sign_signed[1] else None,
            "signed_pairs": sign_all[1],
            "brier": round(sum((q - y) ** 2 for q, y in scored) / len(scored), 4) if scored else None,
            "reliability": table}


# The installed corpora: (resource name, training file, Dev file, whether the Dev file is BC5CDR CID).
DEFAULT_CORPORA = (("biored", "Train.PubTator", "Dev.PubTator", False),
                   ("bc5cdr", "CDR_TrainingSet.PubTator.txt", "CDR_DevelopmentSet.PubTator.txt", True))


def default_corpora(home: str | os.PathLike | None = None) -> tuple[list[Path], list[tuple[Path, bool]]]:
    """The installed training corpora and their Dev splits (``(path, is_cid)``), from the resources of the data directory.

    Empty lists when the resources module or the corpora are not installed.
    """
    try:
        from ..resources import resource_path  # the resources issue: BioRED and BC5CDR installed like vocabularies
    except ImportError:
        return [], []
    train, dev = [], []
    for name, train_file, dev_file, cid in DEFAULT_CORPORA:
        try:
            t, d = Path(resource_path(name, train_file, home=home)), Path(resource_path(name, dev_file, home=home))
        except (OSError, LookupError, ValueError, InputError):
            continue
        if t.is_file():
            train.append(t)
        if d.is_file():
            dev.append((d, cid))
    return train, dev


def train(corpora: list[str | os.PathLike] | None = None, dev: list[tuple[str | os.PathLike, bool]] | None = None,
          home: str | os.PathLike | None = None, seed: int = SEED, progress=None,
          dictionary: bool = True) -> tuple[Path, RelationModel]:
    """Train the relation model, score it on the Dev files, and save it into the data directory.

    With ``dictionary``, the model's thresholds are chosen on the training documents extracted with the
    data directory's dictionary (out of fold), else on the corpora's own mentions, and the model also learns
    from the dictionary's own chemical-disease candidates of corpora that annotate chemical-induced disease
    alone (BC5CDR), as extraction will meet them.

    ``corpora`` default to the installed BioRED Train and BC5CDR Training
    (:func:`default_corpora`); ``dev`` to their Dev splits, which never enter
    training (a training file identical to a Dev file is refused).
    """
    from ..schema import load_schema

    installed_train, installed_dev = default_corpora(home)
    corpora = [Path(p) for p in corpora] if corpora else installed_train
    dev = [(Path(p), bool(c)) for p, c in dev] if dev is not None else installed_dev
    if not corpora:
        raise InputError("no training corpora installed: name PubTator files with --corpus "
                         "(BioRED Train.PubTator, BC5CDR CDR_TrainingSet.PubTator.txt)")
    for p in corpora:
        if not Path(p).is_file():
            raise InputError("no such training corpus", p)
    dev_sums = {checksum(p): p for p, _ in dev}
    for p in corpora:
        if checksum(p) in dev_sums:
            raise InputError(f"is also a Dev file ({dev_sums[checksum(p)]}): Dev stays out of training", p)
    schema = load_schema()
    lexicon = None
    if dictionary:
        from ..lexicon import load_lexicon

        try:  # the decision thresholds are chosen on Train as extraction meets it: through the dictionary
            lexicon = load_lexicon(schema=schema, home=home)
        except (InputError, OSError) as exc:
            if progress:
                progress(f"no dictionary ({exc}): thresholds chosen on the corpora's own mentions")
    model, _ = train_model(corpora, seed=seed, progress=progress, lexicon=lexicon, schema=schema,
                           learn_from_dictionary=lexicon is not None)
    model.provenance["dev"] = []
    for p, cid in dev:
        if progress:
            progress(f"scoring on {p}")
        model.provenance["dev"].append(dev_metrics(model, p, schema, cid=cid))
    return save_model(model, home), model


# Longer documents are not abstracts: the model, trained on abstracts, speaks there only of pairs that share a
