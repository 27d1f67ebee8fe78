"""Statements of lists and flattened tables: bullets, lead-in lines ending in ':', and table rows.

A lead-in ("Many foods are rich in magnesium, including:") gives its
relationship to every item that follows; a table (a header line, then rows
that each start with an entity) gives the row's entity as the subject of
every cell after it.
"""

from __future__ import annotations

import re

from ..documents import Sentence, split_sentences
from ..records import EntityRef, Evidence, Statement
from .mentions import _COORDINATION, _Mention, _is_class, _same_kind
from .modifiers import _CONDITIONS, _hedge_cue, _modifier, _object_type
from .rules import _trigger
from .sentences import _one_line, _statement


_SUCH_FOODS = re.compile(r"\b(?:such|these|those)\s+(?:foods|sources|food\s+sources)\b", re.I)
_RICH_IN = re.compile(r"\b(?:rich|high|abundant)\s+in\s+(?:(?:key|these|the|essential)\s+)?$|\bsources?\s+of\s+$", re.I)


def _is_bullet(text: str, sentence: Sentence) -> bool:
    """Whether a sentence follows a bullet mark: its line, up to it, is marks and spaces only ("  • ", "-- ").

    Read backwards from the sentence and stopped at the first letter or digit, so
    a long line (a file without line breaks) is not scanned once per sentence.

    >>> text = "intro\\n  • Nuts, seeds"
    >>> _is_bullet(text, Sentence(0, 10, 21, "Nuts, seeds")), _is_bullet(text, Sentence(0, 0, 5, "intro"))
    (True, False)
    """
    i = sentence.start - 1
    mark = False
    while i >= 0 and text[i] != "\n":
        ch = text[i]
        if ch.isalnum():
            return False
        mark = mark or not ch.isspace()
        i -= 1
    return mark


def _labelled(text: str, sentence: Sentence, found: list[_Mention]) -> bool:
    """A "Label: items" line whose label is an entity: the label, not a lead-in, is what the items are about."""
    first = found[0] if found else None
    return (first is not None and first.start - sentence.start <= 2
            and text[first.end:first.end + 2].lstrip().startswith(":"))


_RICH_FOODS_AFTER = re.compile(r"-?\s*(?:rich|containing|dense)\s+(?:foods?|sources?|products?|diets?)\s*(?:,\s*(?:such\s+as|like|"
                               r"including))?\s*:\s*$", re.I)


def _lead_in(text, sentence, found, entities) -> tuple[str, str, bool] | None:
    """A line ending in ':' that announces a list: "... foods are rich in this mineral, including:"."""
    if not found:
        return None
    last = found[-1]
    if last.generic:
        return None
    before = text[sentence.start:last.start].lower()
    if _RICH_FOODS_AFTER.match(text, last.end, sentence.end):
        return (last.entity_id, "SOURCE_OF", False, False, None)  # "avoid tyramine-rich foods:"
    found_trigger = _trigger(before[-80:], "")
    if found_trigger and found_trigger[0] in ("SOURCE_OF", "TREATS", "HAS_SYMPTOM", "CAUSES"):
        # "Many plant-based foods are rich in X, including:": the items are also members of the class.
        first = found[0]
        cls = first.entity_id if (first is not last and not first.generic
                                  and _is_class(entities[first.entity_id], entities)) else None
        return (last.entity_id, found_trigger[0], found_trigger[1], False, cls)
    return None


_SYMPTOM_LEAD_IN = re.compile(r"(?:\b(?:symptoms?|signs?)\b[^:]{0,40}\b(?:include|includes|including|are)|"
                              r"\b(?:may|might|can|could|will|often|also)\s+experience)\s*:\s*$", re.I)


def _symptom_lead_in(sentence: Sentence, topic_disorder: str | None) -> tuple[str, str, bool, bool] | None:
    """"Additional symptoms might include:" with no entity named: the symptoms of the disorder under discussion."""
    if topic_disorder is None or not _SYMPTOM_LEAD_IN.search(sentence.text[-120:]):
        return None
    return (topic_disorder, "HAS_SYMPTOM", False, _hedge_cue(sentence.text[-120:].lower()) is not None, None)


# "Nutrient Main role in the brain Good food sources" then "Zinc Inhibits NMDA receptors; supports BDNF Oysters, ...":
# a header line, then rows that each start with the entity they are about.

_ROW_LEAD = re.compile(r"\s*(?:\d+[.)]?\s+)?")
_HEADER_EFFECTS = ("manifestation", "symptom", "effect", "outcome", "risk", "result", "consequence")
_ROW_PLUS = re.compile(r"\s*\+\s*$")
_ROW_PARTNER = re.compile(r"\s*(?:\+|or|and|,|/)\s*$")


def _plain_line(text: str, sentence: Sentence) -> bool:
    """A whole line without closing punctuation (a heading, a table header or row)."""
    return _own_line(text, sentence) and not sentence.text.rstrip().endswith((".", "!", "?", ":")) \
        and not _is_bullet(text, sentence)


# Words a title leaves in lower case ("The Role of Electrolytes in Managing Anxiety and Depression").
_TITLE_SMALL_WORDS = frozenset({"a", "an", "and", "or", "nor", "but", "of", "the", "in", "on", "for", "to", "with", "between",
                                "by", "at", "from", "as", "vs", "versus", "via", "per", "into", "onto", "about", "its",
                                "their", "is", "are", "how", "what", "why"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _is_heading(text: str, sentence: Sentence) -> bool:
    """A heading: a short line of its own without final punctuation, in title case or marked with '#'.

    A heading names a topic; it states nothing, so it is never evidence.

    >>> text = "The Biochemical Link Between Magnesium and Dopamine\\n\\nMagnesium blocks the receptor.\\n"
    >>> [_is_heading(text, s) for s in split_sentences(text)]
    [True, False]
    >>> text = "Key Takeaways\\nZinc Inhibits NMDA receptors; supports BDNF Oysters\\n"
    >>> [_is_heading(text, s) for s in split_sentences(text)]
    [True, False]
    """
    if not _plain_line(text, sentence):
        return False
    if sentence.text.startswith("#"):
        return True
    words = _WORD.findall(sentence.text)
    return 0 < len(words) <= 16 and all(w[0].isupper() or w in _TITLE_SMALL_WORDS for w in words)


def _row_subject(sentence: Sentence, found: list[_Mention]) -> _Mention | None:
    """The entity a table row starts with (after an optional row number)."""
    if not found or found[0].generic:
        return None
    return found[0] if found[0].start - sentence.start <= _ROW_LEAD.match(sentence.text).end() else None


def _table_rows(text: str, sentences: list[Sentence], per_sentence: list[list[_Mention]]) -> dict[int, str]:
    """Sentence index -> lower-cased header, for the rows of every flattened table.

    A header is a plain line followed, in the same block (no blank line), by
    plain lines that each start with an entity.
    """
    rows: dict[int, str] = {}
    i = 0
    while i < len(sentences) - 1:
        header = sentences[i]
        j = i + 1
        if _plain_line(text, header) and len(header.text) <= 120:
            while (j < len(sentences) and "\n\n" not in text[sentences[j - 1].end:sentences[j].start]
                   and _plain_line(text, sentences[j]) and _row_subject(sentences[j], per_sentence[j]) is not None):
                rows[j] = header.text.lower()
                j += 1
        i = j if j > i + 1 else i + 1
    return rows


def _row_statements(text, sentence, found, header, entities, schema, doc_id) -> list[Statement]:
    """Statements of one table row: the first entity is the subject of every cell after it."""
    subject = _row_subject(sentence, found)
    out: list[Statement] = []
    refs: dict = {}
    if subject is None:
        return out
    hedged = _hedge_cue(sentence.text.lower()) is not None

    def emit(s, type_, o, modifier=None):
        made = _statement(s, type_, o, entities, schema, sentence, doc_id, refs, modifier, hedged)
        if made is not None:
            out.append(made)

    rest = [m for m in found if m.start >= subject.end]
    partners: list[_Mention] = []  # "MAOI + SSRI or SNRI": an interaction row
    if rest and _ROW_PLUS.match(text, subject.end, rest[0].start):
        while len(partners) < len(rest) and _ROW_PARTNER.match(
                text, partners[-1].end if partners else subject.end, rest[len(partners)].start):
            partners.append(rest[len(partners)])
    for p in partners:
        emit(subject, "INTERACTS_WITH", p)
    subjects = [subject] + partners
    sources = "source" in header or "food" in header
    effects = any(word in header for word in _HEADER_EFFECTS)
    modifier = _modifier(text, sentence, subject, "")
    previous_end, previous_type = subjects[-1].end, None
    for m in rest[len(partners):]:
        between = text[previous_end:m.start].lower()
        previous_end = m.end
        e = entities[m.entity_id]
        if m.generic:
            continue
        if e.category == "Food" and sources:
            for s in subjects:
                emit(m, "SOURCE_OF", s)
            continue
        found_trigger = _trigger(between, "")
        type_ = found_trigger[0] if found_trigger is not None and not found_trigger[1] else None
        if type_ is None and previous_type is not None and _COORDINATION.match(between):
            type_ = previous_type  # "Cofactor for dopamine and serotonin synthesis"
        if e.category in _CONDITIONS and effects and type_ not in ("TREATS", "PALLIATES", "PROTECTS_AGAINST", "DECREASES"):
            type_ = "CONTRIBUTES_TO" if partners else "CAUSES"  # the row's effect column
        if type_ is None:
            continue
        previous_type = type_
        for s in subjects:
            t = _object_type(type_, e, m)
            if modifier == "deficiency" and schema.deficiency_flip:
                t = schema.flip(t)
            emit(s, t, m, modifier)
    return out


def _own_line(text: str, sentence: Sentence) -> bool:
    """Whether a sentence is a whole line (a list item written without a bullet)."""
    return (sentence.start == 0 or text[sentence.start - 1] == "\n") and text.startswith("\n", sentence.end) \
        or sentence.end == len(text)


def _is_bullet_subitem(text, sentence, m, found) -> bool:
    """Whether ``m`` is an example inside an item ("Nuts, such as almonds"): only the item's head is a member."""
    return m is not found[0] and bool(re.search(r"\b(?:such\s+as|like|including|e\.g\.)\b", text[sentence.start:m.start]))


def _lead_in_statements(text, sentence, found, lead_in, entities, schema, doc_id) -> list[Statement]:
    entity_id, type_, _passive, hedged, class_id = lead_in
    anchor = _Mention(sentence.start, sentence.start, entity_id, "")
    out: list[Statement] = []
    rel = schema.relationships[type_]
    cls = entities.get(class_id) if class_id else None
    for m in found:
        if m.generic:
            continue
        e = entities[m.entity_id]
        target = entities[entity_id]
        if cls is not None and e.id != cls.id and _same_kind(e, cls) and not _is_bullet_subitem(text, sentence, m, found):
            ev = Evidence(doc=doc_id, sentence=_one_line(sentence.text), start=sentence.start, end=sentence.end,
                          subject_text=_one_line(m.text), object_text=cls.name)
            out.append(Statement(EntityRef(e.id, e.name, e.category, m.text), "IS_A",
                                 EntityRef(cls.id, cls.name, cls.category, cls.name),
                                 schema.relationships["IS_A"].polarity, evidence=[ev]))
        if type_ == "HAS_SYMPTOM" and rel.allows(target.category, e.category):
            subject, obj = anchor, m  # the items are the symptoms of the lead-in's disorder
        elif rel.allows(e.category, target.category):
            subject, obj = m, anchor
        elif rel.allows(target.category, e.category):
            subject, obj = anchor, m
        else:
            continue
        s_e, o_e = entities[subject.entity_id], entities[obj.entity_id]
        ev = Evidence(doc=doc_id, sentence=_one_line(sentence.text), start=sentence.start, end=sentence.end,
                      hedged=hedged, negated=False, subject_text=_one_line(subject.text or s_e.name),
                      object_text=_one_line(obj.text or o_e.name))
        out.append(Statement(EntityRef(s_e.id, s_e.name, s_e.category, subject.text or s_e.name), type_,
                             EntityRef(o_e.id, o_e.name, o_e.category, obj.text or o_e.name),
                             rel.polarity, hedged=hedged, evidence=[ev]))
    return out
