"""The relation model beside the rules: a calibrated logistic regression over named features.

Three stages, all scikit-learn logistic regressions trained on PubTator
corpora (BioRED, BC5CDR, or any a user names):

1. *relation or not*: the probability that the document states a relation
   between the candidate's two entities, calibrated by a sigmoid (Platt)
   fitted on out-of-fold scores of the training set;
2. *which relation*: one of BioRED's classes, mapped to a schema type and
   its sign by :func:`schema_type`;
3. *which way*: a sign stage trained on positive and negative correlations
   alone (from corpora that annotate both signs) gives a pair the type stage
   called Association, or a correlation it was unsure of the sign of, a
   direction where its out-of-fold sign accuracy on Train at that confidence
   is at least :data:`SIGN_TARGET` (see :meth:`RelationModel.label`).

The trained model is plain JSON in the data directory (weights by feature
name, intercepts, calibration, threshold, provenance): it cannot execute code,
and a reader can see every weight. Rules keep precedence: a pair the rules
already related gets no model statement, unless they gave it no sign and
the model gives one.

Examples
--------
>>> from neurograph.schema import load_schema
>>> schema = load_schema()
>>> schema_type("Positive_Correlation", "Drug", "Disorder", schema)
'CAUSES'
>>> schema_type("Negative_Correlation", "Drug", "Disorder", schema)
'TREATS'
>>> schema_type("Negative_Correlation", "Gene", "Gene", schema)
'DECREASES'
"""

from __future__ import annotations

import json
import math
import os
import sys
from bisect import bisect_left
from dataclasses import dataclass
from functools import reduce
from itertools import chain, repeat
from operator import add, itemgetter
from pathlib import Path
from typing import Iterable

from ..errors import InputError
from ..records import EntityRef, Evidence, Statement
from .candidates import ABSTRACT_SENTENCES, candidates
from .features import DocumentContext
from .pruning import candidate_features, score_threshold

FORMAT = "neurograph-relation-model"
FORMAT_VERSION = 1
MODEL_FILE = "relation-model.json"
SEED = 0

# Corpus relation classes -> the classes the type stage predicts. BC5CDR's
# chemical-induced disease is BioRED's positive correlation of a chemical and a disease.
CORPUS_CLASSES = {
    "Association": "Association", "Positive_Correlation": "Positive_Correlation",
    "Negative_Correlation": "Negative_Correlation", "Bind": "Bind", "Drug_Interaction": "Drug_Interaction",
    "Cotreatment": "Cotreatment", "Comparison": "Comparison", "Conversion": "Conversion", "CID": "Positive_Correlation",
}
# Each class -> schema types to try in order, for (subject kind, object kind); "*" matches any kind.
# The first type the schema allows for the two categories wins.
_TYPE_CHOICES = {
    "Positive_Correlation": {("chemical", "disease"): ("CAUSES",), ("gene", "disease"): ("CONTRIBUTES_TO",),
                             ("variant", "disease"): ("CONTRIBUTES_TO",), "*": ("INCREASES",)},
    "Negative_Correlation": {("chemical", "disease"): ("TREATS", "PROTECTS_AGAINST"),
                             ("gene", "disease"): ("PROTECTS_AGAINST",), ("variant", "disease"): ("PROTECTS_AGAINST",),
                             "*": ("DECREASES",)},
    "Association": {"*": ("ASSOCIATED_WITH",)},
    "Bind": {"*": ("BINDS", "ASSOCIATED_WITH")},
    "Drug_Interaction": {"*": ("INTERACTS_WITH", "ASSOCIATED_WITH")},
    "Cotreatment": {"*": ("COTREATED_WITH", "ASSOCIATED_WITH")},
    "Comparison": {"*": ("COMPARED_WITH", "ASSOCIATED_WITH")},
    "Conversion": {"*": ("PRECURSOR_OF", "ASSOCIATED_WITH")},
}
_KIND = {"Mineral": "chemical", "Neurotransmitter": "chemical", "Drug": "chemical", "DrugClass": "chemical",
         "Hormone": "chemical", "Nutrient": "chemical", "Food": "chemical", "Receptor": "gene", "Enzyme": "gene",
         "Gene": "gene", "Disorder": "disease", "Symptom": "disease"}
_SIGNED = ("Positive_Correlation", "Negative_Correlation")
_GRADED = _SIGNED + ("Association",)  # the classes that differ only by sign
# Rule types that relate two entities without saying which way: the model may add its sign beside them
# (not beside a sign, a binding, a class membership or a comparison, which say something else).
_SIGNABLE = frozenset({"ASSOCIATED_WITH", "REGULATES", "COVARIES_WITH"})
TYPE_SIGN_TARGET = 0.87  # the same for the type stage's own signs
SIGN_TARGET = 0.80  # how often, out of fold on Train, the sign stage must be right where it gives a sign
_TRAIN_HINT_SHOWN = [False]
_FIRST, _SECOND, _THIRD, _FOURTH = itemgetter(0), itemgetter(1), itemgetter(2), itemgetter(3)


def schema_type(label: str, subject_category: str, object_category: str, schema, subject_kind: str = "",
                object_kind: str = "") -> str:
    """The schema relationship type for a predicted class between two categories (see ``_TYPE_CHOICES``)."""
    kinds = (subject_kind or _KIND.get(subject_category, "other"), object_kind or _KIND.get(object_category, "other"))
    choices = _TYPE_CHOICES.get(label, {"*": ("ASSOCIATED_WITH",)})
    for name in choices.get(kinds, ()) + choices["*"] + ("ASSOCIATED_WITH",):
        rel = schema.relationships.get(name)
        if rel is not None and (rel.allows(subject_category, object_category) or not subject_category):
            return name
    return "ASSOCIATED_WITH"


# --- the trained model ---------------------------------------------------------


@dataclass
class RelationModel:
    """A trained model as stored: weights by feature name (see :func:`train_model`)."""

    weights: dict[str, float]
    intercept: float
    calibration: tuple[float, float]  # p = 1 / (1 + exp(-(a * score + b)))
    threshold: float
    classes: list[str]
    type_weights: dict[str, list[float]]
    type_intercepts: list[float]
    kind_pairs: frozenset[str]
    provenance: dict
    sign_threshold: float = 0.5
    kind_thresholds: dict[str, float] | None = None  # per pair of kinds, where Train had enough of them
    sign_weights: dict[str, float] | None = None  # the sign stage: positive (> 0) or negative correlation
    sign_intercept: float = 0.0
    sign_thresholds: dict[str, float] | None = None  # per pair of kinds, where Train had enough signed pairs
    type_sign_threshold: float = 0.5  # the type stage's own sign confidence above which its sign stands

    def __post_init__(self):
        self._by_kinds: dict[str, dict[str, float]] = {}  # kinds -> weights of "kinds:feature" by feature
        self._kinds_tables: dict[str, dict] = {}  # kinds -> feature -> entry: see _kinds_entries
        self._kinds_totals: dict[str, dict[str, float]] = {}  # kinds -> feature -> its weights summed
        self._type_rows_sorted: list[list[float]] | None = None  # see _type_rows
        self._type_ranks: dict[str, int] = {}
        self.group_bounds: dict[str, dict[str, float]] = {}  # kinds -> feature group -> bound (extract/pruning.py)

    def score(self, feats: Iterable[str]) -> float:
        w = self.weights
        # Only the features with a weight count: a set intersection in C, then the sum (fsum is exactly
        # rounded, so the same whatever the order: no sorting needed).
        return self.intercept + math.fsum(map(w.__getitem__, w.keys() & feats))

    def probability(self, feats: Iterable[str]) -> float:
        """The calibrated probability that the pair is related."""
        a, b = self.calibration
        return _sigmoid(a * self.score(feats) + b)

    def pair_probability(self, feats: set[str], kinds: str) -> float:
        """:meth:`probability` of ``with_kinds(feats, kinds)``, from the features without their kinds-prefixed
        copies (exactly the same number: the same weights, summed exactly rounded), without building those copies."""
        by_kinds = self.kinds_weights(kinds)
        a, b = self.calibration
        # (one look-up per feature, None for those without a weight: a look-up is mostly a wait for memory)
        return _sigmoid(a * (self.intercept + math.fsum(chain.from_iterable(
            filter(None, map(by_kinds.get, feats))))) + b)

    def kinds_weights(self, kinds: str) -> dict[str, tuple[float, ...]]:
        """For a pair of kinds, each feature's weights: its own and its kinds-prefixed copy's (kept apart, for
        the exactly rounded sum of :meth:`pair_probability`)."""
        by_kinds = self._by_kinds.get(kinds)
        if by_kinds is None:
            if not self._by_kinds:
                # For each pair of kinds, every feature's weights: its own and its kinds-prefixed copy's (one
                # look-up per feature).
                prefixed: dict[str, dict[str, float]] = {}
                for f, v in self.weights.items():
                    head, colon, rest = f.partition(":")
                    if colon and "=" not in head:  # (not "btw=:", a colon between the entities)
                        prefixed.setdefault(head, {})[rest] = v
                plain = {f: (v,) for f, v in self.weights.items()}
                for head, weights in prefixed.items():
                    both = dict(plain)
                    for f, v in weights.items():
                        both[f] = both[f] + (v,) if f in both else (v,)
                    self._by_kinds[head] = both
            by_kinds = self._by_kinds.setdefault(kinds, {f: (v,) for f, v in self.weights.items()})
        return by_kinds

    def kinds_totals(self, kinds: str) -> dict[str, float]:
        """For a pair of kinds, each feature's :meth:`kinds_weights` added up (in plain floating point: for
        bounds, :mod:`neurograph.extract.pruning`, not for the model's own score)."""
        totals = self._kinds_totals.get(kinds)
        if totals is None:
            totals = self._kinds_totals[kinds] = {f: sum(w) for f, w in self.kinds_weights(kinds).items()}
        return totals

    def type_probabilities(self, feats: Iterable[str]) -> dict[str, float]:
        """The class probabilities of the type stage (one-vs-rest sigmoids, normalised)."""
        rows = self.type_weights
        return self._class_probabilities(rows[f] for f in sorted(rows.keys() & feats))

    def _class_probabilities(self, rows: Iterable[list[float]]) -> dict[str, float]:
        """Each class's intercept plus the weight rows added one by one in the order given (the order is part of
        the result: the sums are not exactly rounded), as normalised one-vs-rest sigmoids."""
        # Each class's column of the rows, added one by one onto its intercept (reduce adds in C, in the same
        # order as a loop would: the same sums; not sum(), which compensates rounding from Python 3.12 on).
        columns = zip(*rows)
        scores = [reduce(add, column, c) for c, column in zip(self.type_intercepts, chain(columns, repeat(())))]
        probs = [_sigmoid(x) for x in scores]
        total = sum(probs) or 1.0
        return {c: p / total for c, p in zip(self.classes, probs)}

    def positive_probability(self, feats: Iterable[str]) -> float | None:
        """The sign stage: the probability that a related pair's correlation is positive (None without one)."""
        if not self.sign_weights:
            return None
        w = self.sign_weights
        return _sigmoid(self.sign_intercept + math.fsum(map(w.__getitem__, w.keys() & feats)))

    def label(self, feats: Iterable[str], kinds: str = "") -> tuple[str, dict[str, float]]:
        """The predicted class.

        A correlation the type stage is sure of the sign of (``type_sign_threshold``)
        stays; any other correlation or Association asks the sign stage, trained
        on correlations alone, which way the pair goes, and gets that sign when
        it is surer than ``sign_threshold`` (else Association). Other classes
        (Bind...) are kept.
        """
        feats = feats if isinstance(feats, (set, frozenset)) else set(feats)
        return self._decide(self.type_probabilities(feats), lambda: self.positive_probability(feats), kinds)

    def _decide(self, types: dict[str, float], positive_probability, kinds: str) -> tuple[str, dict[str, float]]:
        """:meth:`label` from the type stage's probabilities, asking ``positive_probability()`` when it needs
        the sign stage."""
        label = max(types, key=lambda c: (types[c], c))
        if label in _SIGNED:
            pos, neg = types.get(_SIGNED[0], 0.0), types.get(_SIGNED[1], 0.0)
            if max(pos, neg) / ((pos + neg) or 1.0) >= self.type_sign_threshold:
                return label, types  # the type stage is sure of the sign itself
            label = "Association"
        if label == "Association":
            positive = positive_probability()
            threshold = (self.sign_thresholds or {}).get(kinds, self.sign_threshold)
            if positive is not None and max(positive, 1.0 - positive) >= threshold:
                label = _SIGNED[0] if positive >= 0.5 else _SIGNED[1]
        return label, types

    def label_and_top(self, feats: set[str], kinds: str, n: int = 5) -> tuple[str, list[tuple[str, float]]]:
        """:meth:`label` and :meth:`top_features` of ``with_kinds(feats, kinds)``, from the features without their
        kinds-prefixed copies (exactly the same results), without building those copies.

        Each feature is looked up once, in a table of this pair of kinds (:meth:`_kinds_entries`), instead of
        each of the two copies in each of the three stages' weights: the tables are large, and a look-up is
        mostly a wait for memory.
        """
        label, entries = self.kinds_label(feats, kinds)
        return label, self.kinds_top(entries, n)

    def kinds_label(self, feats: set[str], kinds: str, entries: list[tuple] | None = None) -> tuple[str, list[tuple]]:
        """The label of :meth:`label_and_top`, and the entries (:meth:`_kinds_entries`, given or looked up) that
        :meth:`kinds_top` reads the top features from: apart, so that only the pairs that become statements
        pay for them."""
        if entries is None:
            entries = self._kinds_entries(feats, kinds)
        # The type stage: the weight rows in feature-name order, as type_probabilities adds them.
        # (each row by its name's place in name order: sorting the numbers sorts the names)
        types = self._class_probabilities(map(self._type_rows().__getitem__, sorted(
            chain.from_iterable(map(_FIRST, entries)))))

        def positive_probability() -> float | None:  # the sign stage (fsum: exactly rounded, in any order)
            if not self.sign_weights:
                return None
            return _sigmoid(self.sign_intercept + math.fsum(chain.from_iterable(map(_SECOND, entries))))

        label, _ = self._decide(types, positive_probability, kinds)
        return label, entries

    def entries_probability(self, entries: list[tuple]) -> float:
        """:meth:`pair_probability` from a pair's :meth:`_kinds_entries` (the same weights, summed exactly
        rounded: the same number)."""
        a, b = self.calibration
        return _sigmoid(a * (self.intercept + math.fsum(chain.from_iterable(map(_FOURTH, entries)))) + b)

    def _type_rows(self) -> list[list[float]]:
        """The type stage's weight rows in the order of their features' names (``_type_ranks``: each name's
        place in it)."""
        rows = self._type_rows_sorted
        if rows is None:
            names = sorted(self.type_weights)
            self._type_ranks = {name: i for i, name in enumerate(names)}
            rows = self._type_rows_sorted = [self.type_weights[name] for name in names]
        return rows

    @staticmethod
    def kinds_top(entries: list[tuple], n: int = 5) -> list[tuple[str, float]]:
        """The ``n`` strongest features of :meth:`kinds_label`'s entries, as :meth:`top_features` gives them."""
        # (strongest first, ties by name, as top_features sorts them; a sort in C beats heapq.nsmallest's loop
        # on a pair's hundred-odd features)
        weighted = sorted(chain.from_iterable(map(_THIRD, entries)))[:n]
        return [(f, round(w, 3)) for _, f, w in weighted]

    def _kinds_entries(self, feats: set[str], kinds: str) -> list[tuple]:
        """For each of ``feats`` (without their kinds prefix) that has a weight, what it and its prefixed copy
        weigh: the places of their type-stage weight rows (:meth:`_type_rows`), their sign-stage weights, and
        ``(-|weight|, name, weight)`` of their relation-stage weights (the order :meth:`top_features` sorts by),
        and those weights alone (:meth:`entries_probability`).

        Remembered per pair of kinds as features are met (building them for every feature of the model would
        cost more than a short run saves)."""
        table = self._kinds_tables.get(kinds)
        if table is None or len(table) > 500_000:
            table = self._kinds_tables[kinds] = {}
        entries = list(map(table.get, feats))  # (the look-ups in C: most features were met before)
        if None in entries:
            sign, weights = self.sign_weights or {}, self.weights
            self._type_rows()
            ranks = self._type_ranks
            for i, f in enumerate(feats):  # (a set iterates in the same order while unchanged)
                if entries[i] is None:
                    # with_kinds adds "<kinds>:f" to every feature that does not start with the kinds
                    names = (f,) if f.startswith(kinds) else (f, f"{kinds}:{f}")
                    entries[i] = table[f] = (tuple(ranks[x] for x in names if x in ranks),
                                             tuple(sign[x] for x in names if x in sign),
                                             tuple((-abs(weights[x]), x, weights[x]) for x in names if x in weights),
                                             tuple(weights[x] for x in names if x in weights))
        return entries

    def top_features(self, feats: Iterable[str], n: int = 5) -> list[tuple[str, float]]:
        """The features that pushed the relation score most, with their weights, strongest first."""
        weighted = [(f, self.weights[f]) for f in feats if f in self.weights]
        weighted.sort(key=lambda fw: (-abs(fw[1]), fw[0]))
        return [(f, round(w, 3)) for f, w in weighted[:n]]

    def to_json(self) -> dict:
        return {
            "format": FORMAT, "version": FORMAT_VERSION,
            "relation": {"intercept": self.intercept, "weights": self.weights},
            "calibration": {"method": "sigmoid", "a": self.calibration[0], "b": self.calibration[1]},
            "threshold": self.threshold, "kind_thresholds": self.kind_thresholds or {},
            "type": {"method": "one-vs-rest", "classes": self.classes, "intercepts": self.type_intercepts,
                     "weights": self.type_weights, "sign_threshold": self.type_sign_threshold},
            "sign": {"method": "logistic", "positive": _SIGNED[0], "intercept": self.sign_intercept,
                     "weights": self.sign_weights or {}, "kind_thresholds": self.sign_thresholds or {},
                     "threshold": self.sign_threshold},
            "kind_pairs": sorted(self.kind_pairs),
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: dict, path: object = None) -> "RelationModel":
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
            raise InputError(f"not a {FORMAT} version {FORMAT_VERSION} file (retrain with `neurograph train`)", path)
        try:
            return cls(
                weights={str(k): float(v) for k, v in data["relation"]["weights"].items()},
                intercept=float(data["relation"]["intercept"]),
                calibration=(float(data["calibration"]["a"]), float(data["calibration"]["b"])),
                threshold=float(data["threshold"]),
                classes=[str(c) for c in data["type"]["classes"]],
                type_weights={str(k): [float(x) for x in v] for k, v in data["type"]["weights"].items()},
                type_intercepts=[float(x) for x in data["type"]["intercepts"]],
                kind_pairs=frozenset(str(k) for k in data["kind_pairs"]),
                provenance=dict(data.get("provenance", {})),
                type_sign_threshold=float(data["type"].get("sign_threshold", 0.5)),
                sign_threshold=float(data.get("sign", {}).get("threshold", 1.01)),
                kind_thresholds={str(k): float(v) for k, v in data.get("kind_thresholds", {}).items()},
                sign_weights={str(k): float(v) for k, v in data.get("sign", {}).get("weights", {}).items()},
                sign_intercept=float(data.get("sign", {}).get("intercept", 0.0)),
                sign_thresholds={str(k): float(v)
                                 for k, v in data.get("sign", {}).get("kind_thresholds", {}).items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"malformed relation model ({exc}); retrain with `neurograph train`", path) from None


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def model_path(home: str | os.PathLike | None = None) -> Path:
    """Where the trained model lives: ``models/relation-model.json`` in the data directory."""
    from ..config import resolve_home

    return resolve_home(home) / "models" / MODEL_FILE


def save_model(model: RelationModel, home: str | os.PathLike | None = None) -> Path:
    """Write the model as JSON into the data directory (atomically) and return its path."""
    path = model_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(model.to_json(), sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_model(home: str | os.PathLike | None = None, path: str | os.PathLike | None = None,
               quiet: bool = False) -> RelationModel | None:
    """The trained model of the data directory, or None (saying once on stderr how to train one)."""
    path = Path(path) if path is not None else model_path(home)
    if not path.is_file():
        if not quiet and not _TRAIN_HINT_SHOWN[0]:
            _TRAIN_HINT_SHOWN[0] = True
            print("neurograph: no relation model, extracting with rules only "
                  "(train one with `neurograph train --corpus FILE.pubtator`)", file=sys.stderr)
        return None
    from ..private_files import open_private

    try:
        with open_private(path) as fh:  # the user's own file only: a model steers what is extracted
            st = os.fstat(fh.fileno())
            # Every extraction run loads the model (0.2 s for a 4 MB file): the file read last time, unchanged
            # (same inode, size and modification time: a retrained model is a new file), is not parsed again.
            key = (str(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
            held = _LOADED.get("model")
            if held is not None and held[0] == key:
                return held[1]
            data = _json_loads(fh.read())
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the relation model ({exc}); retrain with `neurograph train`", path) from None
    model = RelationModel.from_json(data, path)
    _LOADED["model"] = (key, model)
    return model


_LOADED: dict[str, tuple[tuple, RelationModel]] = {}  # the last model loaded, by its file's identity


def _json_loads(data: bytes):
    """``orjson.loads`` (a dependency; twice as fast on a model file, the same floats), else ``json.loads``."""
    try:
        import orjson
    except ImportError:  # pragma: no cover
        return json.loads(data)
    return orjson.loads(data)


# --- statements for one document -------------------------------------------------


def rule_pairs(rule_statements: Iterable[Statement], mentions) -> dict[frozenset, set[str]]:
    """The rule statements' types by pair of mention ids.

    An end maps to a mention by entity id, or else by its text equal (case and
    white space folded) to a mention's text in the evidence sentence.
    """
    by_text: dict[str, set[str]] | None = None  # built when an end is not a mention's entity (rarely)
    ids = {m.id for m in mentions}
    out: dict[frozenset, set[str]] = {}
    seen: set[tuple] = set()  # (a document's rules state the same pair again and again: each is mapped once)
    for st in rule_statements:
        if st.negated:
            continue
        subject, object_ = st.subject, st.object
        key = (subject.id, subject.text, object_.id, object_.text, st.predicate)
        if key in seen:
            continue
        seen.add(key)
        ends = []
        for ref in (subject, object_):
            if ref.id in ids:
                ends.append({ref.id})
            else:
                if by_text is None:
                    by_text, folded = {}, {}
                    for m in mentions:
                        text = folded.get(m.text)
                        if text is None:
                            text = folded[m.text] = " ".join(m.text.lower().split())
                        by_text.setdefault(text, set()).add(m.id)
                ends.append(by_text.get(" ".join(ref.text.lower().split()), set()))
        for x in ends[0]:
            for y in ends[1]:
                if x != y:
                    out.setdefault(frozenset((x, y)), set()).add(st.predicate)
    return out


def model_statements(doc_id: str, text: str, sentences, mentions, rule_statements: list[Statement], model: RelationModel,
                     schema, names: dict[str, str] | None = None, title_end: int = 0,
                     keep_ruled: bool = False, max_gap: int | None = None,
                     min_probability: float = 0.0, prune: bool = True) -> list[Statement]:
    """The model's statements for one document.

    ``mentions`` are :class:`~neurograph.extract.candidates.EntityMention`
    records, ``sentences`` the document's sentences (``Sentence`` or
    ``(start, end)``), ``names`` entity names by id (else the most frequent
    mention text). Pairs the rules already related get none (unless
    ``keep_ruled``), except a signed statement where the rules gave no sign; ``max_gap`` limits how many sentences apart a pair may be
    (see :func:`~neurograph.extract.candidates.candidates`), ``min_probability``
    raises the model's own threshold. Each statement's evidence says ``method="model"`` with the
    probability and the top features. With ``prune`` (the default), a candidate's features are built only as
    far as the model could still accept it (:mod:`neurograph.extract.pruning`: the same statements).
    """
    if model is None or not mentions:
        return []
    ruled = rule_pairs(rule_statements, mentions)
    context = DocumentContext(text, sentences, mentions, title_end, ruled)
    cuts = model.kind_thresholds or {}
    short = not context.longer_than_abstract  # (see candidate_features: the roles before any bound)
    out = []
    refs: dict[str, EntityRef] = {}
    by_kinds: dict[str, tuple] = {}  # kinds -> (cut, negative cut, the least of them, its score)
    for cand in candidates(mentions, model.kind_pairs, max_gap):
        rule_types = ruled.get(frozenset((cand.a, cand.b)))
        # Rules keep precedence; where they related the pair without a sign ("associated with",
        # "regulates"), the model may still say which way it goes.
        sign_only = bool(rule_types) and not keep_ruled
        if sign_only and not rule_types <= _SIGNABLE:
            continue
        limits = by_kinds.get(cand.kinds)
        if limits is None:  # (the same for every pair of these kinds)
            cut = cuts.get(cand.kinds, model.threshold)
            negative_cut = cuts.get(cand.kinds + NEGATIVE, cut)
            least = max(min_probability, min(cut, negative_cut))
            limits = by_kinds[cand.kinds] = (cut, negative_cut, least,
                                             score_threshold(least, model.calibration) if prune else None)
        cut, negative_cut, least, min_score = limits
        feats = candidate_features(cand, context, model, min_score, roles_first=short)
        if feats is None:
            continue  # its score is sure to be below the least threshold (extract/pruning.py)
        # (each feature and its kinds-prefixed copy looked up once, for the probability, the label and the top)
        entries = model._kinds_entries(feats, cand.kinds)
        p = model.entries_probability(entries)  # (= pair_probability(feats, cand.kinds))
        if p < least:
            continue  # most candidates: their kinds-prefixed features are never built
        label, _ = model.kinds_label(feats, cand.kinds, entries)  # (of with_kinds(feats, cand.kinds))
        if sign_only and label not in _SIGNED:
            continue
        ma, mb = cand.mentions_a[0], cand.mentions_b[0]
        predicate = schema_type(label, ma.category, mb.category, schema, cand.kind_a, cand.kind_b)
        if p < (negative_cut if schema.polarity(predicate) < 0 else cut):
            continue
        top = model.kinds_top(entries)  # (only for the pairs kept)
        subject, obj = (cand.mentions_a, cand.mentions_b)
        evidence = _evidence(doc_id, context, cand, p, top, label)
        out.append(Statement(subject=_ref(refs, subject, names), predicate=predicate, object=_ref(refs, obj, names),
                             polarity=schema.polarity(predicate), negated=False,
                             hedged=all(ev.hedged for ev in evidence), confidence=round(p, 4), evidence=evidence))
    return out


def _ref(refs: dict, mentions, names) -> EntityRef:
    entity = mentions[0].id
    if entity not in refs:
        texts: dict[str, int] = {}
        for m in mentions:
            texts[m.text] = texts.get(m.text, 0) + 1
        common = max(texts, key=lambda t: (texts[t], -len(t)))
        refs[entity] = EntityRef(entity, (names or {}).get(entity, common), mentions[0].category, common)
    return refs[entity]


def _evidence(doc_id, context, cand, p, top, label) -> list[Evidence]:
    """The sentence where the two are closest (or the two nearest sentences, when they never share one)."""
    best = None
    ys = cand.mentions_b  # sorted by start: for each x the nearest y, in sentences and then in characters,
    starts = [y.start for y in ys]  # is the one just before it or just after it
    for x in cand.mentions_a:
        k = bisect_left(starts, x.start)
        for y in ys[max(0, k - 1):k + 1]:
            key = (abs(x.sentence - y.sentence), abs(x.start - y.start))
            if best is None or key < best[0]:
                best = (key, x, y)
    _, x, y = best
    features = tuple(f"{f} {w:+.2f}" for f, w in top)
    out = []
    # Each record names the mentions inside its sentence, and gives both mentions' document offsets (as the
    # rules' evidence does; across two sentences, one of them lies in the other record's sentence).
    same = y.sentence == x.sentence
    for si, sx, sy in ((x.sentence, x.text, y.text if same else ""),) + (((y.sentence, "", y.text),) if not same else ()):
        start, end = context.sentences[si]
        out.append(Evidence(doc=doc_id, sentence=context.text[start:end], start=start, end=end,
                            hedged=context.cues(si)[1], subject_text=sx, object_text=sy, subject_start=x.start,
                            subject_end=x.end, object_start=y.start, object_end=y.end, method="model",
                            probability=round(p, 4), features=features + (f"class {label}",)))
    return out


# The key of the cut of a pair of kinds' statements of negative sign (TREATS, DECREASES...): BC5CDR counts only
# the others, so on the two corpora together the best cut differs by sign.
NEGATIVE = "|negative"
PLAIN_MAX_GAP = 0
PLAIN_MIN_PROBABILITY = 0.6


def document_statements(doc, sentences, mentions, rule_statements, lexicon, schema, model) -> list[Statement]:
    """The model's statements for a plain document, from neurograph's own mentions (what extraction calls)."""
    from .candidates import mentions_from_records
    from .mentions import _is_generic
    from .variants import with_variants

    entities = lexicon.entities
    # A category named as a whole ("neurotransmitters", "enzymes") is no entity the training corpora annotate:
    # the model has learnt nothing about it, and a statement about it says nothing about any entity.
    kept: dict[tuple[str, str], bool] = {}  # (entity id, text) -> kept: a document names the same things often
    category_of: dict[str, str] = {}
    names: dict[str, str] = {}
    records = []
    for m in mentions:
        key = (m.entity_id, m.text)
        keep = kept.get(key)
        if keep is None:
            entity = entities.get(m.entity_id)
            keep = kept[key] = entity is not None and not _is_generic(entity, m.text, entities)
            if keep and m.entity_id not in names:
                category_of[m.entity_id] = entity.category
                names[m.entity_id] = entity.name
        if keep:
            records.append(m)
    records = mentions_from_records(records, category_of)
    records = with_variants(doc.text, sentences, records)  # "V600E", "c.73G>A": named by shape (extract/variants.py)
    end = title_end(doc)
    if len(sentences) <= ABSTRACT_SENTENCES:  # abstract-sized: the setting the model was trained and measured in
        return model_statements(doc.id, doc.text, sentences, records, rule_statements, model, schema, names, end)
    return model_statements(doc.id, doc.text, sentences, records, rule_statements, model, schema, names, end,
                            max_gap=PLAIN_MAX_GAP, min_probability=PLAIN_MIN_PROBABILITY)


def title_end(doc) -> int:
    """Where a document's title ends in its text (0 when the text does not start with the title)."""
    stripped = doc.text.lstrip()
    return (len(doc.text) - len(stripped) + len(doc.title)) if doc.title and stripped.startswith(doc.title) else 0
