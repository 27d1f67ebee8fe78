"""Where and how an abstract names each end of a chemical-disease pair: features of drug-induced disease.

An abstract about what a drug induced names other diseases and chemicals
too: the patients' own diseases, a metabolite measured in serum, a disease of
the introduction. How each entity is named tells them apart, beside the pair's
own sentences:

- ``chemical|disease|apart`` (``apart_title_a``, ``apart_title_b``,
  ``apart_title_ab``): the two never share a sentence (and which of them the
  title names: a title's drug beside a disease of the abstract is often what
  it induced; when they share sentences without a cause word,
  :mod:`~neurograph.extract.doc_cues` says so: ``cuerank_a=none``);
- ``only_first_b`` (``only_last_b``): every mention of the disease is in the
  abstract's first sentence, its background (in its last two sentences, its
  conclusion); ``only_first_a`` the same for the chemical's first sentence;
- ``had_b``: a mention of the disease is named as what the patients or animals
  had ("patients with cirrhosis and sporotrichosis", "a history of Y",
  "hypertensive rats"); ``had_all_b``: every mention is;
- ``measured_a`` (``measured_all_a``): the chemical is named as something
  measured ("serum phosphate", "levels of lactate", "glutamate uptake");
- ``branch_b=C04`` (``=none``): the first branch of MeSH's disease tree
  the disease is in (:mod:`neurograph.hierarchy`; the branches of causes,
  infections C01 and neoplasms C04, come before those of organs and
  symptoms): a neoplasm or an infection is more often what a drug was given
  for than what it induced, a symptom (C23) or a disease of the nervous
  system (C10) more often an adverse effect. One branch, so that the model's
  bound of what the feature can add is one weight (:mod:`neurograph.extract.pruning`).

Only chemical-disease pairs get them (the cues are those of drug-induced
disease). In a document longer than an abstract the positions say nothing and
are left out, and an entity's first :data:`MAX_MENTIONS` mentions are read.
Called from :func:`neurograph.extract.features.pair_features`, right after the
sentence features: cheap (what each entity gives is kept on the document's
:class:`~neurograph.extract.features.DocumentContext`), and known early, its
weights leave the later, dearer groups a tighter bound
(:mod:`neurograph.extract.pruning`).

Examples
--------
>>> from neurograph.extract.candidates import EntityMention, candidates
>>> from neurograph.extract.features import DocumentContext
>>> text = "Seizures after cocaine. Patients with cirrhosis were treated with diazepam. Serum cocaine was high."
>>> ms = [EntityMention("S", "Disorder", 0, 8, 0, "Seizures"), EntityMention("C", "Drug", 15, 22, 0, "cocaine"),
...       EntityMention("R", "Disorder", 38, 47, 1, "cirrhosis"), EntityMention("D", "Drug", 66, 74, 1, "diazepam"),
...       EntityMention("C", "Drug", 82, 89, 2, "cocaine")]
>>> context = DocumentContext(text, [(0, 23), (24, 75), (76, 99)], ms, title_end=23)
>>> by_pair = {}
>>> for c in candidates(ms):
...     feats = set()
...     place_cue_features(feats, c, context)
...     by_pair[c.a, c.b] = sorted(f.split("|")[-1] for f in feats)
>>> by_pair["C", "R"]  # cocaine is measured; the patients had cirrhosis
['apart_title_a', 'branch_b=none', 'had_all_b', 'had_b', 'measured_a', 'only_first_b']
>>> by_pair["D", "R"]  # (the two share a sentence)
['branch_b=none', 'had_all_b', 'had_b', 'only_first_a', 'only_first_b']
"""

from __future__ import annotations

import re

KINDS = "chemical|disease"
MAX_MENTIONS = 12  # mentions of one entity read (a long document names some entities often)
_REACH = 80  # characters before a mention read for its cues
_AFTER_REACH = 40  # ... and after it
# A disease the patients (or the animals) had: "patients with Y", "a man with X, Y and Z", "a history of Y". Up to
# four words, commas and conjunctions between the cue and the disease, none of them saying the disease was induced.
_HAD_BEFORE = re.compile(
    r"(?:\b(?:patients?|children|adults|women|men|subjects|individuals|volunteers|cases|people|those|rats|mice|"
    r"animals|man|woman|boy|girl|infants?)\s+(?:\w+\s+)?(?:with|having|suffering\s+from)|\bhistory\s+of|"
    r"\bdiagnosed\s+(?:with|as)|\bunderlying)\s+(?:(?![\w-]*(?:induc|caus|relat|associat))[\w-]+,?\s+(?:(?:and|or)\s+)?){0,4}$")
_HAD_AFTER = re.compile(r"^\s*(?:patients|subjects|children|cases|rats|mice|animals|dogs|monkeys|models?|volunteers|"
                        r"women|men|infants)\b")
_HAD_WORDS = ("with", "having", "suffering", "history", "diagnosed", "underlying")  # one in every match before
_HAD_AFTER_WORDS = ("patients", "subjects", "children", "cases", "rats", "mice", "animals", "dogs", "monkeys", "model",
                    "volunteers", "men", "infants")
# A chemical measured rather than given: "serum X", "levels of X", "X concentrations".
_MEASURED_BEFORE = re.compile(
    r"(?:\b(?:serum|plasma|blood|urinary|urine|cerebrospinal|csf|tissue|brain|intracellular|extracellular|cellular|"
    r"hepatic|renal|cardiac|myocardial|striatal|endogenous)\s+(?:[\w-]+\s+)?|\b(?:levels?|concentrations?|content|"
    r"amounts?|uptake|release|excretion|synthesis|turnover|metabolism|production|accumulation|depletion)\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+)?)$")
_MEASURED_AFTER = re.compile(
    r"^\s*(?:\(\w+\)\s*)?(?:levels?|concentrations?|content|uptake|release|excretion|synthesis|turnover|metabolism|"
    r"production|accumulation|depletion|clearance|binding|transport|receptors?|affinit\w+)\b")
_KEY = "place_cues"  # its slot in DocumentContext.cues_of
# The top branches of MeSH's disease tree (:mod:`neurograph.hierarchy` places diseases there), in tree order.
BRANCHES = tuple(f"C{i:02d}" for i in range(1, 27)) + ("F03",)


def _window(context, m) -> tuple[str, str]:
    """The lower-cased text before and after mention ``m``, inside its sentence."""
    start, end = context.sentences[m.sentence]
    lower = context.lower
    return lower[max(start, m.start - _REACH):m.start], lower[m.end:min(end, m.end + _AFTER_REACH)]


def _had(before: str, after: str) -> bool:
    return bool((any(map(before.__contains__, _HAD_WORDS)) and _HAD_BEFORE.search(before))
                or (any(map(after.__contains__, _HAD_AFTER_WORDS)) and _HAD_AFTER.match(after)))


def _measured(before: str, after: str) -> bool:
    return bool(_MEASURED_BEFORE.search(before) or _MEASURED_AFTER.match(after))


def _cues(context, mentions, tests) -> tuple[str, ...]:
    """For each ``(name, test)`` of ``tests``, ``name`` when some of an entity's (first :data:`MAX_MENTIONS`)
    ``mentions`` pass it and ``name`` + ``"_all"`` when every one does."""
    ms = mentions[:MAX_MENTIONS]
    passed = [0] * len(tests)
    for m in ms:
        before, after = _window(context, m)
        for i, (_, test) in enumerate(tests):
            passed[i] += test(before, after)
    return tuple(name + suffix for (name, _), n in zip(tests, passed) if n
                 for suffix in (("", "_all") if n == len(ms) else ("",)))


_CHEMICAL_TESTS = (("measured", _measured),)
_DISEASE_TESTS = (("had", _had),)


def _only(context, mentions, abstract_start: int) -> str | None:
    """``first`` when every mention lies in the first sentence after the title, ``last`` when every one lies in the
    last two sentences of an abstract of five or more."""
    sentences = {m.sentence for m in mentions}
    if sentences == {abstract_start}:
        return "first"
    n = len(context.sentences)
    if n >= 5 and min(sentences) >= n - 2:
        return "last"
    return None


def place_cue_features(feats: set[str], candidate, context) -> None:
    """Add the features of one chemical-disease candidate (see the module docstring); none for other kinds."""
    if candidate.kinds != KINDS:
        return
    from .features import shared_sentences

    a, b = candidate.a, candidate.b
    if not shared_sentences(candidate, context):
        titled = ("a" if a in context.in_title else "") + ("b" if b in context.in_title else "")
        feats.add(f"{KINDS}|apart_title_{titled}" if titled else f"{KINDS}|apart")
    cache = context.cache(_KEY)
    # The rest depends on one entity alone: built once per entity and side, for all the pairs it is in.
    for side, entity, mentions in (("a", a, candidate.mentions_a), ("b", b, candidate.mentions_b)):
        key = (side, entity)
        found = cache.get(key)
        if found is None:
            found = cache[key] = _entity_features(context, side, entity, mentions)
        feats.update(found)


def _entity_features(context, side: str, entity: str, mentions) -> tuple[str, ...]:
    """The features of :func:`place_cue_features` that one entity gives on ``side`` (``a``: the chemical)."""
    found = []
    if not context.longer_than_abstract:
        title_end = context.title_end
        first = next((i for i, (start, _) in enumerate(context.sentences) if start >= title_end), 0)
        if side == "b":
            where = _only(context, mentions, first)
            if where:
                found.append(f"{KINDS}|only_{where}_b")
        elif {m.sentence for m in mentions} == {first}:
            found.append(f"{KINDS}|only_first_a")
    tests = _CHEMICAL_TESTS if side == "a" else _DISEASE_TESTS
    found += (f"{KINDS}|{name}_{side}" for name in _cues(context, mentions, tests))
    if side == "b":
        found.append(_branch(entity))
    return tuple(found)


def _branch(disease: str) -> str:
    """The ``branch_b=`` feature of a disease: the first top branch of its places in MeSH's disease tree."""
    from ..hierarchy import current_hierarchy

    trees = {place.split(".", 1)[0] for place in current_hierarchy().places(disease)}
    return f"{KINDS}|branch_b={next((t for t in BRANCHES if t in trees), 'none')}"


def slots() -> list[tuple[str, ...]]:
    """The slots of :func:`place_cue_features` (sets of features of which it adds at most one), for
    :func:`neurograph.extract.pruning.group_slots`."""
    k = KINDS
    return [(f"{k}|apart", f"{k}|apart_title_a", f"{k}|apart_title_b", f"{k}|apart_title_ab"),
            (f"{k}|only_first_b", f"{k}|only_last_b"), (f"{k}|only_first_a",)] + [
        (f"{k}|{name}{suffix}_{side}",) for side, tests in (("a", _CHEMICAL_TESTS), ("b", _DISEASE_TESTS))
        for name, _ in tests for suffix in ("", "_all")] + [
        tuple(f"{k}|branch_b={tree}" for tree in BRANCHES + ("none",))]
