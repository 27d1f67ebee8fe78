"""Extraction: entity mentions and typed, signed statements from one document's sentences.

The extractor is rule based and explainable. For each sentence:

1. Mentions come from the lexicon matcher (longest match, abbreviations
   defined in the document), plus light coreference: "this mineral", "these
   receptors", "the drug" and a sentence-initial "It" point back to a recent
   entity of the right category.
2. Coordinated mentions ("sodium, potassium, and calcium"; "magnesium, like
   ketamine,") form a group; "CLASS such as A, B" keeps the members and adds
   ``IS_A`` statements.
3. Between consecutive groups, a trigger phrase decides the relationship type
   and direction (active "X blocks Y", passive "Y is activated by X",
   nominal "X, a precursor to Y", "X is linked to Y", "X helps to regulate Y").
   Apposition ("Lithium, a treatment for mood disorders, enriches ...") and
   copular relative clauses ("X is a neurotransmitter that plays a part in
   Y") carry the real subject forward.
4. A deficiency of the subject ("low X", "X deficiency", "without enough X")
   flips a signed type to its schema ``opposite`` and records
   ``modifier="deficiency"``; an excess records ``modifier="excess"``.
5. Hedging cues set ``hedged``; negation cues between the two entities set
   ``negated``.
6. Statements whose categories the schema does not allow are dropped.
7. A heading (a short line of its own in title case, or marked with '#')
   states nothing and is never evidence; of the types one sentence gives a
   pair, only the most specific is kept (REGULATES over ASSOCIATED_WITH);
   evidence text is kept on one line, with the offsets of the sentence as
   written.

Sentences are at most ``documents.MAX_SENTENCE_CHARS`` long and the work per
sentence is bounded, so time is linear in a document's size, punctuated or not.

Modules, in the order of the flow: :mod:`.mentions` (meanings, anaphora,
locatives, coordinated groups), :mod:`.rules` (trigger phrases and their
keyword filter), :mod:`.modifiers` (hedging, negation, deficiency and excess),
:mod:`.sentences` (the statements of one sentence) and :mod:`.lists` (lead-in
lists, bullets, headings and table rows); this module runs them over a document.

Examples
--------
>>> from neurograph.lexicon import load_lexicon
>>> from neurograph.schema import load_schema
>>> from neurograph.documents import Document
>>> doc = Document("d", None, "t", "Magnesium acts as an antagonist to the NMDA receptor.", "")
>>> out = extract_document(doc, load_lexicon(vocab=False), load_schema())
>>> [(s.subject.name, s.predicate, s.object.name) for s in out.statements]
[('magnesium', 'ANTAGONIST_OF', 'NMDA receptor')]
"""

from __future__ import annotations

from dataclasses import dataclass

from ..documents import Document, split_sentences
from ..records import Mention, Statement
from .lists import (
    _RICH_IN, _SUCH_FOODS, _is_bullet, _is_heading, _labelled, _lead_in, _lead_in_statements, _own_line, _row_statements,
    _symptom_lead_in, _table_rows,
)
from .mentions import (
    _ANAPHOR_NOUN, _Mention, _PLACE_CATEGORIES, _SUBJECT_REACH, _anaphor_nouns, _anaphora, _has_case_traps, _head,
    _is_generic, _is_locative, _subject_mention,
)
from .rules import _starts_with_trigger
from .sentences import _most_specific, _sentence_statements


@dataclass
class DocumentExtraction:
    """What one document yields: every mention and every raw (unassembled) statement."""

    doc_id: str
    mentions: list[Mention]
    statements: list[Statement]


def extract_document(doc: Document, lexicon, schema, matcher=None, model=None) -> DocumentExtraction:
    """Extract mentions and statements from one document (see the module docstring).

    With a relation ``model`` (:func:`neurograph.extract.model.load_model`), pairs the rules left unrelated
    may get model statements too (evidence ``method="model"``).
    """
    matcher = matcher or lexicon.matcher()
    text = doc.text
    matches, _abbreviations = matcher.find_all(text)
    sentences = split_sentences(text)
    entities = lexicon.entities

    mentions: list[Mention] = []
    per_sentence: list[list[_Mention]] = [[] for _ in sentences]
    meanings: dict[tuple[str, str], tuple[str, str | None, bool, bool] | bool] = {}  # (entity id, text) -> (id, state, generic, place)
    si = 0
    n_sentences = len(sentences)
    sentence_end = sentences[0].end if sentences else 0
    doc_id = doc.id
    for m in matches:
        start = m.start
        if sentence_end <= start:
            while si < n_sentences and sentences[si].end <= start:
                si += 1
            if si >= n_sentences:
                break
            sentence_end = sentences[si].end
        if start < sentences[si].start:
            continue
        # A surface says the same wherever it occurs: what it means is worked out once per document
        # (False: an entity the table lacks, whose mention is dropped).
        meaning = meanings.get((m.entity_id, m.text))
        if meaning is False:
            continue
        if meaning is None:
            if m.entity_id not in entities:
                meanings[(m.entity_id, m.text)] = False
                continue
            head = _head(lexicon, m.entity_id, m.text)
            # "magnesium deficiency", "electrolyte imbalance", "magnesium supplementation" are
            # statements about the head entity, with a modifier (see the schema's deficiency section).
            if head is not None:
                meaning = (head[0], head[1], _is_generic(entities[head[0]], "", entities))
            else:
                meaning = (m.entity_id, None, _is_generic(entities[m.entity_id], m.text, entities))
            meaning += (entities[m.entity_id].category in _PLACE_CATEGORIES,)
            meanings[(m.entity_id, m.text)] = meaning
        entity_id, state, generic, place = meaning
        mentions.append(Mention(entity_id, m.text, doc_id, start, m.end, si))
        if place and _is_locative(text, start, m.end):
            continue  # "levels in the blood", "the brain's circuits": where, not what
        per_sentence[si].append(_Mention(start, m.end, entity_id, m.text, False, state, generic))

    statements: list[Statement] = []
    recent: list[str] = []  # entity ids, most recent last
    previous_subject: str | None = None
    previous_only: str | None = None  # a sentence that is just one entity name (a table cell)
    lead_in: tuple[str, str, bool] | None = None  # (entity id, type, passive) of a "...rich in X, including:" line
    topic_disorder: str | None = None  # the disorder the text is currently about
    previous_ids: list[str] = []  # entities the previous sentence named
    source_topic: str | None = None  # X of the last "foods rich in X": what "such foods" are rich in
    # Category nouns ("this mineral") are found once per document, then taken sentence by sentence.
    case_traps = _has_case_traps(text)
    if not case_traps:
        # The lower-cased text has the same offsets: a case-sensitive scan of it is the same, and faster.
        nouns = _anaphor_nouns(text.lower())
    else:
        nouns = [(m.start(), m.end(), m.group(1).lower(), m.group(0).lower()) for m in _ANAPHOR_NOUN.finditer(text)]
    rows = _table_rows(text, sentences, per_sentence)
    ni = 0
    for index, (sentence, found) in enumerate(zip(sentences, per_sentence)):
        while ni < len(nouns) and nouns[ni][0] < sentence.start:
            ni += 1
        nj = ni
        while nj < len(nouns) and nouns[nj][1] <= sentence.end:
            nj += 1
        anaphors = _anaphora(text, sentence, found, recent, entities, previous_subject, nouns[ni:nj], previous_ids)
        if anaphors:
            # "this mineral": the anaphor replaces the lexicon's mention of the category word.
            found = sorted([m for m in found if not any(a.start < m.end and m.start < a.end for a in anaphors)]
                           + anaphors, key=lambda m: m.start)
        is_bullet = _is_bullet(text, sentence)
        # One mention makes no pair; only "X is a popular form" says something about it alone.
        alone = len(found) == 1 and "form" in sentence.text
        if index in rows:
            out = _row_statements(text, sentence, found, rows[index], entities, schema, doc.id)
        else:
            out = _sentence_statements(text, sentence, found, entities, schema, doc.id) if len(found) > 1 or alone else []
            if out and _is_heading(text, sentence):
                out = []  # "The Biochemical Link Between Magnesium and Dopamine" names a topic, it states nothing
        if not out and found and previous_only and _starts_with_trigger(sentence.text):
            # A table row: "Dopamine" then "Involved in motivation, attention, ...".
            subject = _Mention(sentence.start, sentence.start, previous_only, "")
            out = _sentence_statements(text, sentence, [subject] + found, entities, schema, doc.id)
        # After a lead-in, a line of its own without closing punctuation is a list item too.
        is_item = is_bullet or (lead_in is not None and _own_line(text, sentence)
                                and not sentence.text.rstrip().endswith((".", "!", "?")))
        if lead_in and is_item and not _labelled(text, sentence, found):
            out += _lead_in_statements(text, sentence, found, lead_in, entities, schema, doc.id)
        slow = sentence.text.lower() if found else ""
        # (substring tests first: the pattern ignores case, so only a text with case traps needs it every time)
        if source_topic and found and (case_traps or "such" in slow or "these" in slow or "those" in slow) \
                and _SUCH_FOODS.search(sentence.text):
            # "Bananas and spinach are good examples of such foods": sources of what the foods were rich in.
            items = [m for m in found if entities[m.entity_id].category == "Food" and not m.generic]
            out += _lead_in_statements(text, sentence, items, (source_topic, "SOURCE_OF", False, False, None),
                                       entities, schema, doc.id)
        if not is_item:
            lead_in = None
            if sentence.text.rstrip().endswith(":"):
                lead_in = _lead_in(text, sentence, found, entities) or _symptom_lead_in(sentence, topic_disorder)
        for m in found:
            if entities[m.entity_id].category == "Disorder" and not m.generic:
                topic_disorder = m.entity_id  # the first disorder a sentence names is what it is about
                break
        statements.extend(_most_specific(out) if len(out) > 1 else out)
        for m in found if ("rich" in slow or "high" in slow or "abundant" in slow or "source" in slow) else ():
            if m.start - sentence.start >= 8 and _RICH_IN.search(text, max(sentence.start, m.start - 40), m.start):
                source_topic = m.entity_id
                break
        previous_ids = [m.entity_id for m in found if not m.generic]
        first = _subject_mention(sentence, found)
        if first is not None and (first.pronoun or (first.start - sentence.start <= _SUBJECT_REACH and not first.generic)):
            previous_subject = first.entity_id  # the subject a leading "It" of the next sentence means
        if found:
            for m in found:
                if m.entity_id in recent:
                    recent.remove(m.entity_id)
                recent.append(m.entity_id)
            recent[:] = recent[-12:]
        only = [m for m in found if not m.anaphoric]
        previous_only = only[0].entity_id if (len(only) == 1 and len(only[0].text) >= 0.7 * len(sentence.text)) else None
    if model is not None:
        from .model import document_statements

        statements.extend(document_statements(doc, sentences, mentions, statements, lexicon, schema, model))
    return DocumentExtraction(doc.id, mentions, statements)
