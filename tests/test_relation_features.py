"""The relation model's quick paths read real text exactly as the plain definitions they replace.

Each quick path of :mod:`neurograph.extract.features` and :mod:`neurograph.extract.candidates` is compared
with a plain reading written out here, on the project's own documents with the curated lexicon's mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from pathlib import Path

import pytest

from neurograph.documents import split_sentences
from neurograph.extract import features as F
from neurograph.extract.candidates import EntityMention, _gap, candidates, sentence_index
from neurograph.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
TEXTS = sorted((ROOT / "data" / "documents").glob("*.txt")) + sorted((ROOT / "tests" / "gold" / "heldout" /
                                                                      "documents").glob("*.txt"))


@pytest.fixture(scope="module")
def contexts():
    lexicon = load_lexicon(vocab=False)
    matcher = lexicon.matcher()
    out = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        starts = [s.start for s in sentences]
        matches, _ = matcher.find_all(text)
        ms = [EntityMention(m.entity_id, lexicon.entities[m.entity_id].category, m.start, m.end,
                            sentence_index(starts, m.start), m.text) for m in matches if m.entity_id in lexicon.entities]
        out.append((F.DocumentContext(text, sentences, ms, title_end=40), ms))
    assert len(out) >= 6 and all(len(ms) > 50 for _, ms in out)
    return out


def _plain_tokens(context, si):
    """DocumentContext.tokens as first written: a match object per word, and one walk over words and mentions."""
    start, end = context.sentences[si]
    found = [(t.start(), t.end(), t.group()) for t in F._TOKEN.finditer(context.lower, start, end)]
    ms = context._by_sentence.get(si)
    if not ms:
        return found
    spans = sorted((m.start, m.end, m.kind) for m in ms)
    out = []
    k, n = 0, len(spans)
    span_start, span_end, span_kind = spans[0]
    last_word, last_end = None, -1
    for index, (t_start, t_end, group) in enumerate(found):
        while span_end <= t_start:
            k += 1
            if k == n:
                break
            span_start, span_end, span_kind = spans[k]
        if k == n:
            out.extend(found[index:])
            break
        if span_start < t_end:
            word = f"<{span_kind}>"
            if last_word == word and last_end >= span_start:
                continue
            out.append((span_start, span_end, word))
            last_word, last_end = word, span_end
        else:
            out.append((t_start, t_end, group))
            last_word, last_end = group, t_end
    return out


@pytest.mark.parametrize("spans", [
    [(0, 7, "Drug"), (7, 15, "Drug")],  # two mentions touching: one placeholder
    [(0, 7, "Drug"), (8, 15, "Drug")],  # a space apart: two
    [(2, 9, "Drug"), (9, 20, "Disorder")],  # mentions starting and ending inside words
    [(0, 15, "Drug"), (4, 9, "Gene")],  # nested
    [(0, 7, "Drug"), (0, 7, "Gene")],  # one span, two entities
    [(30, 33, "Gene")],  # a mention inside one word
])
def test_tokens_of_touching_straddling_and_nested_mentions(spans):
    text = "Cocaine lithium-induced tremor in ratswith GABA receptor (GABA-A) and NMDA, mice."
    ms = [EntityMention(f"E{x}", category, s, e, 0, text[s:e]) for x, (s, e, category) in enumerate(spans)]
    context = F.DocumentContext(text, [(0, len(text))], ms)
    assert context.tokens(0) == _plain_tokens(context, 0)


def test_tokens_read_by_splitting_are_the_words_of_the_token_pattern(contexts):
    checked = 0
    for context, _ in contexts:
        for si in range(len(context.sentences)):
            start, end = context.sentences[si]
            words = [(t.start(), t.end(), t.group()) for t in F._TOKEN.finditer(context.lower, start, end)]
            plain = _plain_tokens(context, si)
            assert context.tokens(si) == plain
            checked += bool(words) and words != plain  # sentences whose mentions became placeholders
    assert checked > 50


def _plain_role_start(sentence):
    """Whether a stem of _UP or _DOWN starts where a word can start (at the start, or after no letter or digit)."""
    for stem in F._UP | F._DOWN:
        k = sentence.find(stem)
        while k >= 0:
            if k == 0 or not re.match("[a-z0-9]", sentence[k - 1]):
                return True
            k = sentence.find(stem, k + 1)
    return False


def test_roles_skip_only_sentences_without_an_up_or_down_stem(contexts):
    checked = 0
    for context, ms in contexts:
        by_entity: dict[str, list] = {}
        for m in ms:
            by_entity.setdefault(m.id, []).append(m)
        for si in range(len(context.sentences)):
            stems = {F._trigger(w) for _, _, w in _plain_tokens(context, si)}
            start, end = context.sentences[si]
            assert context.has_role_stem(si) == _plain_role_start(context.lower[start:end])
            if stems & (F._UP | F._DOWN):
                assert context.has_role_stem(si)
        for entity, mentions in by_entity.items():
            plain = set()
            for m in mentions:
                tokens = _plain_tokens(context, m.sentence)
                i = bisect_left(tokens, (m.start,))
                for _, _, w in tokens[max(0, i - 3):i] + tokens[i + 1:i + 4]:
                    if F._trigger(w) in F._UP | F._DOWN:
                        plain.add(F._trigger(w))
                if context.suffix(m.end):
                    plain.add("sfx=" + context.suffix(m.end))
            assert context.roles(entity, mentions) == plain
            checked += bool(plain)
    assert checked > 20


def test_names_and_concluding_sentences_are_read_as_plainly_defined(contexts):
    for context, ms in contexts:
        names: dict[str, Counter] = {}
        for m in ms:
            names.setdefault(m.id, Counter())[" ".join(m.text.lower().split())] += 1
        assert context.name == {e: max(c, key=lambda t: (c[t], t)) for e, c in names.items()}
        last = len(context.sentences) - 1
        concluding = {m.sentence for m in ms if m.sentence >= last - 1
                      or F._CONCLUSION.search(context.lower, *context.sentences[m.sentence])}
        assert context.in_conclusion == {m.id for m in ms if m.sentence in concluding}
        assert context.counts == Counter(m.id for m in ms)


def test_candidates_within_a_sentence_have_no_gap_to_measure(contexts):
    for context, ms in contexts:
        for max_gap in (0, 1):
            found = candidates(ms, max_gap=max_gap)
            assert found and all(c.sentence_gap == _gap(sorted({m.sentence for m in c.mentions_a}),
                                                        sorted({m.sentence for m in c.mentions_b})) <= max_gap
                                 for c in found)
            if max_gap == 0:
                assert all({m.sentence for m in c.mentions_a} & {m.sentence for m in c.mentions_b} for c in found)


def test_mention_records_are_frozen_and_take_their_kind_from_the_category():
    m = EntityMention("D1", "Drug", 0, 7, 0, "cocaine")
    assert m.kind == "chemical" and EntityMention("X", "Place", 0, 1, 0, "x").kind == "other"
    assert m == EntityMention("D1", "Drug", 0, 7, 0, "cocaine", "chemical") and hash(m) == hash(
        EntityMention("D1", "Drug", 0, 7, 0, "cocaine"))
    with pytest.raises(AttributeError):
        m.start = 3
    assert re.fullmatch(r"EntityMention\(id='D1', .*kind='chemical'\)", repr(m))


def test_a_conclusion_cue_spelt_with_a_case_twin_is_still_found():
    # "ſ" (long s) is an "s" to the case-blind pattern, but no "s" to a substring test
    sentences = ["Lithium was given.", "Tremor followed.", "The data ſuggest lithium causes tremor.",
                 "Nothing else.", "The end came.", "Fin."]
    text = " ".join(sentences)
    offsets, start = [], 0
    for s in sentences:
        offsets.append((start, start + len(s)))
        start += len(s) + 1
    lithium = text.index("lithium causes")
    ms = [EntityMention("L", "Drug", lithium, lithium + 7, 2, "lithium"),
          EntityMention("T", "Disorder", lithium + 15, lithium + 21, 2, "tremor")]
    assert F._CONCLUSION.search(text.lower(), *offsets[2])
    assert F.DocumentContext(text, offsets, ms).in_conclusion == {"L", "T"}
    plain = text.replace("ſ", "x")
    assert F.DocumentContext(plain, offsets, ms).in_conclusion == set()


def test_scoring_by_kinds_counts_each_weight_once_even_for_features_with_colons():
    from neurograph.extract.model import RelationModel

    weights = {"btw=:": 0.5, "chemical|disease:btw=:": -0.25, "phrase=a : b": 0.125, "btw=of": 1.0,
               "chemical|disease:btw=of": 0.75, "gene|gene:btw=of": 9.0, "chemical|disease:order=a_first": 0.3,
               "chemical|disease|gap=0": 0.2, "name_a=x:y": 0.1}
    model = RelationModel(weights, -1.0, (1.0, 0.0), 0.5, [], {}, [], frozenset({"chemical|disease"}), {})
    feats = {"btw=:", "phrase=a : b", "btw=of", "order=a_first", "chemical|disease|gap=0", "name_a=x:y", "tokens=1"}
    for kinds in ("chemical|disease", "gene|gene", "disease|disease"):
        assert model.pair_probability(feats, kinds) == model.probability(F.with_kinds(feats, kinds))
    assert model.pair_probability(feats, "chemical|disease") != model.pair_probability(feats, "gene|gene")


def test_variant_shapes_found_with_the_lookahead_are_those_of_the_plain_pattern():
    from neurograph.extract import variants as V

    plain = re.compile(V._VARIANT.pattern.replace(r"(?=[\dA-Z+-]|rs|[cgmnpr]\.|[Dd]el)", "", 1))
    assert plain.pattern != V._VARIANT.pattern
    shapes = ("rs4810424 c.73G>A c. -12 C>T g.2554+1G>T c.549delC p.Glu104X p. (Arg12Cys) Glu104X V600E R140Q Y329fs "
              "657del5 222insT -308G>A +25 G->A -521 C/T 1858C/T -1021T G-395A Cys 23 Ser Delta32 delta32 "
              "IVS3+1G>A 217_218insC del642T \u0663\u0664del5 x-308G>A a.c.73G>A")
    texts = [shapes, shapes.lower(), shapes.upper()] + [p.read_text(encoding="utf-8") for p in TEXTS]
    found = 0
    for text in texts:
        assert [m.span() for m in V._VARIANT.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in V._matches(text)] == [m.span() for m in plain.finditer(text)]
    for text in texts[:3]:
        sparse = text + " word" * 2000  # (few digits: the pattern is tried only near them)
        assert [m.span() for m in V._matches(sparse)] == [m.span() for m in plain.finditer(sparse)]
        found += sum(1 for _ in plain.finditer(text))
    assert found > 25


def _plain_sentence_features(feats, context, ma, mb, kinds):
    """_sentence_features as first written: the words before, between and after read one by one from the tokens."""
    a_first = ma.start <= mb.start
    left, right = (ma, mb) if a_first else (mb, ma)
    order = "a_first" if a_first else "b_first"
    feats.add(f"order={order}")
    tokens = _plain_tokens(context, ma.sentence)
    i = bisect_left(tokens, (left.start,))
    j = bisect_left(tokens, (right.start,))
    between = [w for s, e, w in tokens[i:j] if s >= left.end]
    before = [w for _, _, w in tokens[max(0, i - 5):i]]
    after = [w for s, _, w in tokens[j:j + 7] if s >= right.end][:5]
    feats.add(f"tokens={F.bucket(len(between))}")
    feats.add(f"entities_btw={F.bucket(sum(1 for w in between if w.startswith('<')), (0, 1, 2, 4))}")
    for w in between if len(between) <= 12 else between[:6] + between[-6:]:
        feats.add(f"btw={w}")
    if 0 < len(between) <= 4:
        feats.add("phrase=" + " ".join(between))
    ups = downs = 0
    for where, words in (("btw", between), ("pre", before), ("post", after)):
        for w in words:
            stem = F._trigger(w)
            if stem:
                feats.add(f"trig_{where}={stem}")
                if where == "btw":
                    feats.add(f"trig_btw={stem}|{order}")
                    feats.add(f"{kinds}|trig_btw={stem}")
                if stem in F._UP:
                    ups += 1
                elif stem in F._DOWN:
                    downs += 1
    feats.add(f"{kinds}|direction={'up' if ups else ''}{'down' if downs else ''}{'' if ups or downs else 'none'}")
    feats.add(f"{kinds}|down_parity={downs % 2}")
    stems = {F._trigger(w) for _, _, w in tokens} - {None}
    feats.update(f"{kinds}|trig_sent={stem}" for stem in stems)
    for name, m in (("a", ma), ("b", mb)):
        word = context.suffix(m.end)
        if word:
            feats.add(f"suffix_{name}={word}")
            feats.add(f"suffix_{name}={word}|{order}")
    start, end = context.sentences[ma.sentence]
    feats.update(context.patterns(ma.sentence))
    negation, hedge = F._cues()
    if negation.search(context.lower, start, end):
        feats.add("neg_sent")
        if negation.search(context.lower, left.end, right.start):
            feats.add("neg_btw")
    if hedge.search(context.lower, start, end):
        feats.add("hedge_sent")
    if start < context.title_end:
        feats.add("sentence_is_title")


def test_sentence_features_read_from_token_stretches_are_those_read_word_by_word(contexts):
    checked = long_between = 0
    for context, ms in contexts:
        checked_before = checked
        by_sentence: dict[int, list] = {}
        for m in ms:
            by_sentence.setdefault(m.sentence, []).append(m)
        for si, here in by_sentence.items():
            if checked - checked_before > 300:
                break  # (enough of this document)
            for x in here:  # every ordered pair of mentions of two entities in one sentence, as the closest pair
                for y in here:
                    if x.id == y.id:
                        continue
                    kinds = f"{x.kind}|{y.kind}"
                    fast, plain = set(), set()
                    F._sentence_features(fast, context, x, y, kinds)
                    _plain_sentence_features(plain, context, x, y, kinds)
                    assert fast == plain, (context.text[slice(*context.sentences[si])], x, y)
                    checked += 1
                    long_between += any(f.startswith("tokens=16") for f in fast)
    assert checked > 1000 and long_between > 10


def test_the_atomic_token_split_finds_the_words_of_the_token_pattern():
    text = ("5-HT1A's  co--administration -x- a'b'c ''d-- (e), f;g: h-'i j'-k l''m n- -o 3'-utr \u00e9t\u00e9 "
            "na+/k+-atpase ca2+ mg(2+) 'quoted' --") * 3
    for piece in (text, text[5:], text[:-7]):
        assert F._TOKEN_SPLIT.split(piece)[1::2] == F._TOKEN.findall(piece)


def test_suffixes_skipped_by_their_first_character_are_those_the_pattern_finds_nowhere(contexts):
    text = ("X-induced Y, X -Associated Y, X\u00a0mediated, X\u212anockout mice, X\u017fensitive, X\u0130nduced, "
            "X null, X. Free, X)dependent, X\tpositive, X--treated X\u2003exposed Xnegative X-resistant;")
    found = 0
    for context in [F.DocumentContext(text, [(0, len(text))], [])] + [c for c, _ in contexts]:
        for end in range(min(len(context.text), 6000)):
            plain = F._SUFFIX.match(context.text, end, min(end + 20, len(context.text)))
            assert context.suffix(end) == (plain.group(1).lower() if plain else None)
            found += plain is not None
    assert found > 30
