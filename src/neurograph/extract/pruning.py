"""Exact pruning of relation candidates: features built only as far as the model could still accept the pair.

The relation stage is linear: a candidate's probability is
``sigmoid(a * (intercept + sum of the weights of its features) + b)``, and
the model drops it when that is below a threshold (see
:func:`neurograph.extract.model.model_statements`), that is when its score is
below ``(logit(threshold) - b) / a``. Most candidates of a long document are
far below. :func:`candidate_features` builds a candidate's features group by
group (:func:`~neurograph.extract.features.base_features`, then
:data:`~neurograph.extract.features.FEATURE_GROUPS`), and before each group
it adds to the score so far an upper bound of what the groups still to come
can add: for each *slot* of a group (a set of features of which the group
emits at most one, as ``corank_a=1``, ``=2``, ``=3+``, ``=none``) the largest
positive weight of its features for the candidate's two kinds (its own and its
kinds-prefixed copy's, :meth:`~neurograph.extract.model.RelationModel.kinds_weights`).
A feature can only add its weight, so when the score so far plus the bound is
below the threshold, the complete features cannot reach it: the candidate is
dropped without building the rest, and the statements are exactly those of
the model scoring every candidate in full (``tests/test_pruning.py`` compares
the two).

The sentence features (words between, triggers) have no useful bound (a
dozen words between, each with its weight): they are built first, after
:func:`~neurograph.extract.features.base_features`; except for a pair whose
entities share no sentence, whose sentence features are the trigger stems of
each entity's nearest sentence (:func:`nearest_bound`: a first bound, before them). The roles' bound depends on
the document (:func:`role_bound`: the role stems that start a word of the
sentences naming each entity). The groups after them come cheapest first
(:data:`~neurograph.extract.features.FEATURE_GROUPS`): where and how each
entity is named (:mod:`~neurograph.extract.place_cues`, kept per entity),
those reading the sentences the pair shares, then the document's tables, then
the roles, and last those reading every sentence that names an entity
(inducers, cause words), which :mod:`~neurograph.extract.pair_cues` and
:mod:`~neurograph.extract.doc_cues` read per entity when a pair first asks.

Examples
--------
>>> group_slots("chemical|disease")["sign_cues"]
[('chemical|disease|rule_sign=up', 'chemical|disease|rule_sign=down', 'chemical|disease|rule_sign=mixed')]
>>> score_threshold(0.5, (1.0, 0.0))
0.0
>>> score_threshold(0.0, (1.0, 0.0)) is None  # everything passes: nothing to prune
True
"""

from __future__ import annotations

import math
from itertools import repeat

from .features import _NEAREST_SENTENCE, FEATURE_GROUPS, base_features, role_group, shared_sentences
from .place_cues import KINDS as place_kinds, slots as place_slots

# The bound is compared with a score summed in a different order than the model's exactly rounded sum: a
# candidate is dropped only when it falls short by more than any rounding could make up.
MARGIN = 1e-6
_GROUP_NAMES = tuple(name for name, _ in FEATURE_GROUPS)
_FIRST_BOUNDED = _GROUP_NAMES.index("sentences") + 1  # the groups before this one are built before any bound is tried
_ROLE_DIRECTIONS = ("up", "down", "updown", "none")


def group_slots(kinds: str) -> dict[str, list[tuple[str, ...]]]:
    """For each feature group with a bound fixed by the model's weights, its slots for a pair of ``kinds``: tuples
    of features of which the group adds at most one (see ``extract/pair_cues.py``, ``sign_cues.py``,
    ``doc_cues.py``, ``place_cues.py``; ``tests/test_pruning.py`` checks every feature the groups add on a corpus
    against these slots).
    The roles' bound depends on the document: :func:`role_bound`.

    >>> [(name, len(slots)) for name, slots in group_slots("gene|gene").items()]
    [('sign_cues', 1), ('sentence_cues', 6), ('absence', 4), ('doc_ranks', 13), ('inducers', 2), ('doc_causes', 5), ('places', 0)]
    >>> len(group_slots("chemical|disease")["places"])  # (extract/place_cues.py: chemical-disease pairs only)
    8
    """
    k = kinds
    inducers = [(f"{k}|inducer_a=self", f"{k}|inducer_a=other"), (f"{k}|inducer_b=self", f"{k}|inducer_b=other")]
    absence = [(f"{k}|absent_a",), (f"{k}|absent_b",), (f"{k}|absent",),
               tuple(f"{k}|absent|direction={d}" for d in ("up", "down", "updown", "none"))]
    if kinds == "chemical|disease":
        absence.append(("chemical|disease|indication",))
    ranks = [tuple(f"{k}|corank_{side}={rank}" for rank in ("1", "2", "3+", "none")) for side in "ab"]
    ranks += [(f"{k}|title_cause",)] + [(f"{k}|{name}_{side}",) for name in ("general", "specific", "narrower",
                                                                          "broader", "broader_paired") for side in "ab"]
    causes = [(f"{k}|cuerank_a=1", f"{k}|cuerank_a=2+", f"{k}|cuerank_a=none")] + [(f"{k}|{name}_{side}",) for name in (
        "background", "induces_other") for side in "ab"]
    places = place_slots() if kinds == place_kinds else []
    return {"sign_cues": [tuple(f"{k}|rule_sign={d}" for d in ("up", "down", "mixed"))],
            "sentence_cues": [(f,) for f in ("pat=treated_with", "pat=after_administration", "neg_sent", "neg_btw",
                                             "hedge_sent", "sentence_is_title")],
            "absence": absence, "doc_ranks": ranks, "inducers": inducers, "doc_causes": causes, "places": places}


def score_threshold(threshold: float, calibration: tuple[float, float]) -> float | None:
    """The relation score below which the calibrated probability is below ``threshold`` (None when no score is:
    a threshold of 0, or a calibration that does not rise with the score)."""
    a, b = calibration
    if not 0.0 < threshold < 1.0 or not a > 0.0:
        return None
    return (math.log(threshold / (1.0 - threshold)) - b) / a


def remaining_bounds(model, kinds: str) -> dict[str, float]:
    """For each group name from the first bounded one on, the most that the groups with slots
    (:func:`group_slots`) from it on can add to a candidate's score (for a pair of ``kinds``; remembered on the
    model); the roles' part is :func:`role_bound`'s."""
    bounds = model.group_bounds.get(kinds)
    if bounds is None:
        weights = model.kinds_weights(kinds)
        slots = group_slots(kinds)
        bounds, total = {}, 0.0
        for name in reversed(_GROUP_NAMES[_FIRST_BOUNDED:]):
            total += math.fsum(max([0.0] + [sum(weights.get(f, ())) for f in slot]) for slot in slots.get(name, ()))
            bounds[name] = total * (1 + 1e-12)  # (the sums above, rounded up)
        model.group_bounds[kinds] = bounds
    return bounds


def role_bound(candidate, context, weights) -> float:
    """The most the roles group (:func:`~neurograph.extract.features.role_group`) can add to a candidate's score:
    for each entity, the positive weights of ``<kinds>|role_a=`` of the role stems that start a word of a sentence
    naming it (:meth:`~neurograph.extract.features.DocumentContext.role_stems`) and of its mentions' suffixes, and
    the largest of ``<kinds>|roles=``."""
    kinds = candidate.kinds
    known = context.cache(_KEY)  # what the document's other pairs can use again
    total = known.get(kinds)  # (keys: a pair of kinds, an entity's id in a 1-tuple, or (entity, side, kinds))
    if total is None:
        total = known[kinds] = max([0.0] + [sum(weights.get(f"{kinds}|roles={d}", ())) for d in _ROLE_DIRECTIONS])
    for side, entity, ms in (("a", candidate.a, candidate.mentions_a), ("b", candidate.b, candidate.mentions_b)):
        key = (entity, side, kinds)
        part = known.get(key)
        if part is None:
            roles = known.get((entity,))
            if roles is None:  # (the same for each side and pair of kinds the entity is met in)
                roles = set()
                for si in {m.sentence for m in ms}:
                    roles.update(context.role_stems(si))
                roles.update("sfx=" + suffix for suffix in map(context.suffix, {m.end for m in ms}) if suffix)
                known[(entity,)] = roles
            prefix = f"{kinds}|role_{side}="
            part = known[key] = math.fsum(max(0.0, sum(weights.get(prefix + role, ()))) for role in roles)
        total += part
    return total * (1 + 1e-12)


_KEY = "pruning"  # its slot in DocumentContext.cues_of


def nearest_bound(candidate, context, totals) -> float:
    """The most that :func:`~neurograph.extract.features.sentence_group` can add to the score of a candidate whose
    entities share no sentence: for each entity, the largest sum of the positive weights of ``trig_sent_a=``
    (``_b``) of the trigger stems of one of the sentences naming it (``totals``: the model's ``kinds_totals``)."""
    known = context.cache(_KEY)
    total = 0.0
    for side, entity, ms in (("a", candidate.a, candidate.mentions_a), ("b", candidate.b, candidate.mentions_b)):
        key = ("nearest", entity, side, candidate.kinds)
        part = known.get(key)
        if part is None:
            prefix = _NEAREST_SENTENCE[side]
            part = known[key] = max(
                math.fsum(max(0.0, totals.get(f, 0.0)) for f in context.prefixed_triggers(si, prefix))
                for si in {m.sentence for m in ms})
        total += part
    return total * (1 + 1e-12)


def candidate_features(candidate, context, model, min_score: float | None, max_sentences: int = 4,
                       roles_first: bool = False) -> set[str] | None:
    """``pair_features(candidate, context, prefixed=False)``, or None when the model's score of them is sure to be
    below ``min_score`` (:func:`score_threshold`; None: never). With ``roles_first``, the roles are built with
    the base features, instead of bounded (:func:`role_bound` reads every sentence naming each entity: in a
    document of an abstract's size, that costs as much as the roles themselves).

    >>> from neurograph.extract.candidates import EntityMention, candidates
    >>> from neurograph.extract.features import DocumentContext, pair_features
    >>> from neurograph.extract.model import RelationModel
    >>> model = RelationModel({"gap=0": 1.0, "chemical|disease|corank_a=1": 0.5}, -1.0, (1.0, 0.0), 0.5, [], {},
    ...                       [], frozenset({"chemical|disease"}), {})
    >>> text = "Cocaine-induced seizures in rats."
    >>> ms = [EntityMention("D1", "Drug", 0, 7, 0, "Cocaine"), EntityMention("D2", "Disorder", 16, 24, 0, "seizures")]
    >>> context = DocumentContext(text, [(0, len(text))], ms)
    >>> cand = candidates(ms)[0]
    >>> candidate_features(cand, context, model, 0.4) == pair_features(cand, context, prefixed=False)
    True
    >>> candidate_features(cand, context, model, 0.6) is None  # 1.0 - 1.0 + at most 0.5 from corank_a
    True
    """
    feats = base_features(candidate, context, max_sentences)
    if min_score is None:
        for _, add in FEATURE_GROUPS:
            add(feats, candidate, context, max_sentences)
        return feats
    weights = model.kinds_weights(candidate.kinds)
    totals = model.kinds_totals(candidate.kinds)
    bounds = remaining_bounds(model, candidate.kinds)
    score = model.intercept + _weight_sum(totals, feats)
    limit = min_score - MARGIN
    roles = None  # the roles' bound, until they are built
    if roles_first:
        new = set()
        role_group(new, candidate, context, max_sentences)
        score += _weight_sum(totals, new)
        feats |= new
    if not shared_sentences(candidate, context):
        # Across sentences, the sentence features are the trigger stems of each entity's nearest sentence: at most
        # the most any sentence naming it can add. A first bound, before building them.
        bound = bounds[_FIRST_BOUNDED_NAME] + nearest_bound(candidate, context, totals)
        if not roles_first:
            roles = role_bound(candidate, context, weights)
            bound += roles
        if score + bound < limit:
            return None
    for name, add, bounded, before_roles in (_PLAN_ROLES_FIRST if roles_first else _PLAN):
        if bounded:
            bound = bounds[name]
            if before_roles:  # (the roles are still to come)
                if roles is None:
                    roles = role_bound(candidate, context, weights)
                bound += roles
            if score + bound < limit:
                return None
        new = set()
        add(new, candidate, context, max_sentences)
        new -= feats
        if new:
            score += _weight_sum(totals, new)
            feats |= new
    return feats


def _weight_sum(totals: dict[str, float], feats) -> float:
    """The weights of ``feats`` and of their kinds-prefixed copies (``totals``: the model's ``kinds_totals``).

    Summed in plain floating point, not exactly rounded: the sum only decides whether to stop (the model scores
    a kept candidate itself), and its rounding, some 1e-15 of it, is far inside :data:`MARGIN`."""
    return sum(map(totals.get, feats, repeat(0.0)))


_ROLE_INDEX = _GROUP_NAMES.index("roles")

# The groups in turn, each as (name, add, bounded: whether a bound is tried before it, before_roles: whether the
# roles are still to come then); without the roles when they were built first.
_PLAN = tuple((name, add, index >= _FIRST_BOUNDED, index <= _ROLE_INDEX)
              for index, (name, add) in enumerate(FEATURE_GROUPS))
_FIRST_BOUNDED_NAME = _GROUP_NAMES[_FIRST_BOUNDED]
_PLAN_ROLES_FIRST = tuple((name, add, bounded, False) for name, add, bounded, _ in _PLAN if name != "roles")
