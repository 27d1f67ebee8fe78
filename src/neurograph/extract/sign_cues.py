"""Sign cues for the relation model: the rules' own reading of the words between a pair.

The rules state a relation only where the sentence has the shape they know and
the schema allows the two categories; the model pairs many more entities
(genes with genes, variants, diseases with genes). For those pairs the rules'
trigger reading of the words between the two nearest mentions, with its undone
changes, inducers and knockouts (:func:`neurograph.extract.rules._trigger`) and
the agent's deficiency (``knockdown of X``, ``X-deficient``), still says which
way the sentence points, unless a clause opens between them ("that", "which", ";"). Features: ``<kinds>|rule_sign=up`` (``down``) for each
direction read in some shared sentence, and ``<kinds>|rule_sign=mixed`` when
both are read.

Examples
--------
>>> from neurograph.extract.candidates import EntityMention, candidates
>>> from neurograph.extract.features import DocumentContext
>>> text = "Knockdown of GENEA reduced GENEB expression."
>>> ms = [EntityMention("G1", "Gene", 13, 18, 0, "GENEA"), EntityMention("G2", "Gene", 27, 32, 0, "GENEB")]
>>> feats = set()
>>> sign_cue_features(feats, candidates(ms)[0], DocumentContext(text, [(0, len(text))], ms))
>>> sorted(feats)
['gene|gene|rule_sign=up']
"""

from __future__ import annotations

import re

from .candidates import closest_mentions
from .modifiers import _DEFICIENCY_AFTER, _DEFICIENCY_BEFORE
from .rules import _trigger

# The direction of each signed rule type (the schema's polarity of the types the rules give).
_DIRECTION = {"INCREASES": 1, "ACTIVATES": 1, "CAUSES": 1, "CONTRIBUTES_TO": 1, "SUPPORTS": 1, "COFACTOR_FOR": 1,
              "DECREASES": -1, "INHIBITS": -1, "ANTAGONIST_OF": -1, "TREATS": -1, "PALLIATES": -1,
              "PROTECTS_AGAINST": -1}
_BETWEEN_LIMIT = 150  # characters: farther apart, the words between are another clause's
_CLAUSE = re.compile(r"\b(?:that|which|whereas|while|but|although)\b|;")


def sign_cue_features(feats: set[str], candidate, context) -> None:
    """Add the rules' sign reading of each sentence the pair shares to ``feats`` (see the module docstring)."""
    by_a, _ = context.by_sentence(candidate.mentions_a)
    by_b, sentences_b = context.by_sentence(candidate.mentions_b)
    lower = context.lower
    directions = set()
    for si in sentences_b:
        if si not in by_a:
            continue
        x, y = closest_mentions(by_a[si], by_b[si])
        left, right = (x, y) if x.start <= y.start else (y, x)
        if right.start - left.end > _BETWEEN_LIMIT or right.start < left.end:
            continue
        between = lower[left.end:right.start]
        if _CLAUSE.search(between):
            continue  # "X studies indicate that Z increases Y": the trigger is another clause's
        start, end = context.sentences[si]
        found = _trigger(between, lower[right.end:min(end, right.end + 40)])
        if found is None:
            continue
        direction = _DIRECTION.get(found[0])
        if direction is None:
            continue
        agent = right if found[1] else left
        if _DEFICIENCY_BEFORE.search(lower[max(start, agent.start - 60):agent.start]) \
                or _DEFICIENCY_AFTER.match(lower[agent.end:min(end, agent.end + 60)]):
            direction = -direction  # the agent switched off: its absence has the trigger's effect
        directions.add(direction)
    if directions:
        kinds = candidate.kinds
        name = "mixed" if len(directions) > 1 else ("up" if 1 in directions else "down")
        feats.add(f"{kinds}|rule_sign={name}")
