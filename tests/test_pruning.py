"""Pruning relation candidates (extract/pruning.py): the same statements as scoring every candidate in full.

The corpus is generated here (templates), never taken from BioRED or BC5CDR.
"""

from __future__ import annotations

import random

import pytest

from neurograph.documents import split_sentences
from neurograph.extract.candidates import EntityMention, candidates, mentions_from_pubtator
from neurograph.extract.features import FEATURE_GROUPS, DocumentContext, base_features, pair_features
from neurograph.extract.model import model_statements
from neurograph.extract.pruning import candidate_features, group_slots, remaining_bounds, role_bound, score_threshold
from neurograph.extract.pubtator import read_pubtator
from neurograph.extract.training import train_model
from neurograph.schema import load_schema
from synthetic_corpus import mention_lines, write_train_dev

CHEMICALS = ["cocaine", "lithium", "haloperidol", "cisplatin", "ketamine", "nicotine", "morphine", "valproate"]
DISEASES = ["seizures", "hypotension", "nephrotoxicity", "catalepsy", "tremor", "arrhythmia"]
GENES = ["PAR1", "BDNF", "COMT", "DRD2"]
SENTENCES = [
    "{c1}-induced {d1} was attenuated by {c2} in {g1}-deficient mice.",
    "Patients with {d2} receiving {c2} developed {d1} after {c1} administration.",
    "Knockdown of {g1} reduced {g2} expression and increased {d2}.",
    "{d1} induced by {c1} was not seen with {c2}, whereas loss of {g2} caused {d2}.",
    "We conclude that {c1} causes {d1} and that {g1} protects against {d2}.",
]


def _document(pmid: int, rng: random.Random) -> str:
    names = {"c1": rng.choice(CHEMICALS), "d1": rng.choice(DISEASES), "g1": rng.choice(GENES)}
    names["c2"] = rng.choice([c for c in CHEMICALS if c != names["c1"]])
    names["d2"] = rng.choice([d for d in DISEASES if d != names["d1"]])
    names["g2"] = rng.choice([g for g in GENES if g != names["g1"]])
    title = f"{names['c1'].capitalize()} and {names['d1']} in mice."
    abstract = " ".join(s.format(**names) for s in rng.sample(SENTENCES, 4))
    abstract = abstract[0].upper() + abstract[1:]
    text = f"{title} {abstract}"
    lines = [f"{pmid}|t|{title}", f"{pmid}|a|{abstract}"]
    kinds = {"c": "Chemical", "d": "Disease", "g": "Gene"}
    lines += mention_lines(pmid, text, ((f"{key.upper()}{name}", name, kinds[key[0]]) for key, name in names.items()))
    lines.append(f"{pmid}\tPositive_Correlation\tC1{names['c1']}\tD1{names['d1']}")
    lines.append(f"{pmid}\tNegative_Correlation\tG1{names['g1']}\tD2{names['d2']}")
    return "\n".join(lines) + "\n\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_train_dev(tmp_path_factory.mktemp("pruning"), _document, 11, (1000, 80), (5000, 20))


@pytest.fixture(scope="module")
def model(corpus):
    return train_model([corpus[0]])[0]


def _documents(path):
    for doc in read_pubtator(path):
        sentences = split_sentences(doc.text)
        yield doc, sentences, mentions_from_pubtator(doc, sentences)


def test_pruned_and_unpruned_statements_are_the_same(corpus, model):
    schema = load_schema()
    pruned = 0
    for min_probability in (0.0, 0.5, 0.8, 0.95):
        for doc, sentences, mentions in _documents(corpus[1]):
            full = model_statements(doc.pmid, doc.text, sentences, mentions, [], model, schema,
                                    min_probability=min_probability, prune=False)
            fast = model_statements(doc.pmid, doc.text, sentences, mentions, [], model, schema,
                                    min_probability=min_probability)
            assert fast == full
            context = DocumentContext(doc.text, sentences, mentions, len(doc.title))
            least = score_threshold(max(min_probability, model.threshold), model.calibration)
            for cand in candidates(mentions, model.kind_pairs):
                feats = candidate_features(cand, context, model, least)
                if feats is None:
                    pruned += 1
                    # (a pruned candidate's complete score is below the threshold)
                    complete = pair_features(cand, context, prefixed=False)
                    assert model.pair_probability(complete, cand.kinds) < max(min_probability, model.threshold)
                else:
                    assert feats == pair_features(cand, context, prefixed=False)
    assert pruned  # (the test would say nothing if no candidate were ever pruned)


def test_the_groups_add_at_most_one_feature_of_each_slot(corpus, model):
    """The bounds hold only if each group adds no feature outside its slots, and at most one of each slot."""
    seen = set()
    for doc, sentences, mentions in _documents(corpus[1]):
        context = DocumentContext(doc.text, sentences, mentions, len(doc.title))
        for cand in candidates(mentions):
            slots = group_slots(cand.kinds)
            feats = base_features(cand, context)
            for name, add in FEATURE_GROUPS:
                new = set()
                add(new, cand, context, 4)
                seen.update(new)
                if name not in slots:
                    continue
                for f in new:
                    assert sum(f in slot for slot in slots[name]) == 1, f
                for slot in slots[name]:
                    assert len(new & set(slot)) <= 1, slot
                feats |= new
            for entity, ms in ((cand.a, cand.mentions_a), (cand.b, cand.mentions_b)):
                stems = set().union(*(context.role_stems(m.sentence) for m in ms))
                assert {r for r in context.roles(entity, ms) if not r.startswith("sfx=")} <= stems
    # the cues the documents hold were met (absence, inducers, ranks, the rules' sign reading)
    assert {"absent", "inducer_b=other", "corank_a=1", "rule_sign=down"} <= {f.split("|", 2)[-1] for f in seen}


def test_the_bounds_hold_for_every_candidate(corpus, model):
    """What the groups still to come add to a candidate's score is never more than their bound (with the roles'
    bound while the roles are still to come)."""
    names = [name for name, _ in FEATURE_GROUPS]
    first, roles = names.index("sentences") + 1, names.index("roles")
    checked = 0
    for doc, sentences, mentions in _documents(corpus[1]):
        context = DocumentContext(doc.text, sentences, mentions, len(doc.title))
        for cand in candidates(mentions, model.kind_pairs):
            weights = model.kinds_weights(cand.kinds)
            feats = base_features(cand, context)
            for index, (name, add) in enumerate(FEATURE_GROUPS):
                if index >= first:
                    bound = remaining_bounds(model, cand.kinds)[name]
                    if index <= roles:
                        bound += role_bound(cand, context, weights)
                    rest = set(feats)
                    for _, later in FEATURE_GROUPS[index:]:
                        later(rest, cand, context, 4)
                    gain = sum(sum(weights.get(f, ())) for f in rest - feats)
                    assert gain <= bound + 1e-9
                    checked += 1
                add(feats, cand, context, 4)
    assert checked


def test_without_a_threshold_nothing_is_pruned():
    text = "Cocaine-induced seizures in rats."
    ms = [EntityMention("D1", "Drug", 0, 7, 0, "Cocaine"), EntityMention("D2", "Disorder", 16, 24, 0, "seizures")]
    context = DocumentContext(text, [(0, len(text))], ms)
    cand = candidates(ms)[0]
    assert score_threshold(0.0, (1.0, 0.0)) is None and score_threshold(0.5, (-1.0, 0.0)) is None
    assert candidate_features(cand, context, None, None) == pair_features(cand, context, prefixed=False)


def _long_document(path, documents: int = 8):
    """Abstracts joined into one document longer than an abstract (entity ids kept: the same entities recur)."""
    text, sentences, mentions = "", [], []
    for doc, doc_sentences, doc_mentions in list(_documents(path))[:documents]:
        offset, first = len(text), len(sentences)
        text += doc.text + " "
        sentences += [(s.start + offset, s.end + offset) for s in doc_sentences]
        mentions += [EntityMention(m.id, m.category, m.start + offset, m.end + offset, m.sentence + first, m.text,
                                   m.kind) for m in doc_mentions]
    return text, sentences, mentions


def test_a_long_document_reads_per_entity_what_an_abstract_reads_whole(corpus, model):
    from neurograph.extract.candidates import ABSTRACT_SENTENCES

    text, sentences, mentions = _long_document(corpus[1])
    assert len(sentences) > ABSTRACT_SENTENCES
    schema = load_schema()
    for min_probability in (0.0, 0.6):
        full = model_statements("long", text, sentences, mentions, [], model, schema, max_gap=0,
                                min_probability=min_probability, prune=False)
        assert model_statements("long", text, sentences, mentions, [], model, schema, max_gap=0,
                                min_probability=min_probability) == full
    per_entity = [pair_features(c, DocumentContext(text, sentences, mentions)) for c in candidates(mentions)]
    whole = []
    for c in candidates(mentions):
        context = DocumentContext(text, sentences, mentions)
        context.longer_than_abstract = False  # read as an abstract is: every sentence at once
        whole.append(pair_features(c, context))
    assert per_entity == whole
    assert any("|inducer_" in f for feats in whole for f in feats) and any("|cuerank_a" in f for feats in whole
                                                                            for f in feats)
