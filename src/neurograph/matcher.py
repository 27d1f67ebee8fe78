"""The lexicon's text matcher: entity mentions with exact offsets, and abbreviations a document defines.

:class:`Matcher` walks the token trie of :mod:`neurograph.lexicon_terms`
(longest match wins, left to right); :func:`find_abbreviations` reads
"long form (ABBR)" definitions. Part of the lexicon (:mod:`neurograph.lexicon`),
which re-exports the public names.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate, compress

from .records import Entity

from .lexicon_terms import Match, _END, _fold, _singulars, _split_pattern, _start_entry


# --- matching ------------------------------------------------------------------------

_UNSEEN = object()


def _word_ends(toks: list[str], parts: list[str], i: int, n: int) -> bool:
    """Whether the word ends after token ``i``: the last token, a separator after it, or no letter or digit on
    either side of the joint ("Mg" in "Mg x", not in "Mgx").

    >>> _word_ends(["Mg", "x"], ["", "Mg", " ", "x", ""], 0, 2), _word_ends(["Mg", "x"], ["", "Mg", "", "x", ""], 0, 2)
    (True, False)
    """
    return i + 1 >= n or bool(parts[2 * i + 2]) or not (toks[i][0].isalnum() and toks[i + 1][0].isalnum())


class Matcher:
    """Finds entity mentions in text: a token trie, longest match wins, left to right.

    Matching is case-insensitive except for abbreviations (GABA, NMDA, SSRI,
    Mg), which must be written in their case; a term's last word may take a
    regular plural; hyphens, en-dashes, slashes and spaces are
    interchangeable; possessives ("magnesium's") and curly quotes are
    handled; a parenthesised abbreviation inside a term is skipped
    ("N-methyl-D-aspartate (NMDA) receptors" is one mention).

    >>> from neurograph.lexicon import load_lexicon

    >>> m = load_lexicon(vocab=False).matcher()
    >>> [x.text for x in m.find("GABA, not gaba; the NMDA receptor's pore")]
    ['GABA', 'NMDA receptor']
    """

    def __init__(self, trie: dict, first: frozenset[str], entities: dict[str, Entity]):
        self._entities = entities
        self._root = trie
        self._first = first
        # token -> _start_entry(trie, token), filled as tokens are met (a
        # whole table would cost more to build than most texts take to match)
        self._starts: dict[str, tuple[dict | None, str | bool | None]] = {}
        # (written token, ends a word) -> what an exact-case token matches alone (see _find)
        self._exact_alone: dict[tuple[str, bool], str | None] = {}

    def find(self, text: str, abbreviations: dict[str, str] | None = None) -> list[Match]:
        """Entity mentions in ``text``, sorted, non-overlapping.

        Parameters
        ----------
        text : str
            A document or sentence; offsets are into this string.
        abbreviations : dict[str, str], optional
            Abbreviation -> entity id, as :func:`find_abbreviations` returns:
            these are found (case-sensitively, plural too) as well, and win
            over a lexicon match of exactly the same span.

        >>> from neurograph.lexicon import load_lexicon

        >>> m = load_lexicon(vocab=False).matcher()
        >>> [(x.start, x.end, x.text) for x in m.find("Low Mg²⁺ and SSRIs.")]
        [(4, 8, 'Mg²⁺'), (13, 18, 'SSRIs')]
        """
        matches, folded = self._find(text)
        if abbreviations:
            matches = self._add_abbreviations(text, folded, matches, abbreviations)
        return matches

    def _find(self, text: str) -> tuple[list[Match], str]:
        """(lexicon mentions, folded text) of ``text``."""
        folded = _fold(text)
        lowered = folded.lower()
        if len(lowered) != len(folded):  # a few characters lower-case to two
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        # parts = [gap, token, gap, token, ..., gap]; cumulative lengths give
        # every token's offsets without a match object per token.
        parts = _split_pattern(lowered).split(lowered)
        toks = parts[1::2]
        offsets = list(accumulate(map(len, parts)))
        first = self._first
        starts = self._starts
        longest = self._longest
        exact = self._exact_alone
        matches: list[Match] = []
        n = len(toks)
        next_free = 0
        # Only tokens that can start a match are looked at; selecting them
        # with compress/map keeps the loop over all tokens in C.
        for i in compress(range(n), map(first.__contains__, toks)):
            if i < next_free:
                continue
            t = toks[i]
            if i and not parts[2 * i] and t[0].isalnum() and toks[i - 1][0].isalnum():
                continue  # inside a word ("CO" in "CO2")
            entry = starts.get(t)
            if entry is None:
                entry = starts[t] = _start_entry(self._root, t)
            node, alone = entry
            if node is not None and i + 1 < n and (
                    (nxt := toks[i + 1]) in node or nxt == "("
                    or (nxt[-1] == "s" and any(map(node.__contains__, _singulars(nxt))))):
                found = longest(toks, parts, offsets, folded, i, n, node)  # a longer term may follow
            elif alone is None:
                # Depends on the written case ("CAN", "FOR" are gene symbols beside the words): with no longer
                # term going on, only on how the token is written and whether a word is glued after it, so
                # the walk is made once per written form.
                key = (folded[offsets[2 * i]:offsets[2 * i + 1]], _word_ends(toks, parts, i, n))
                entity_id = exact.get(key, _UNSEEN)
                if entity_id is _UNSEEN:
                    found = longest(toks, parts, offsets, folded, i, n)
                    if len(exact) >= 100_000:
                        exact.clear()
                    exact[key] = found[1] if found is not None else None
                else:
                    found = (i, entity_id) if entity_id is not None else None
            elif alone is False:
                continue  # a multi-word term's first word alone: the common case
            elif _word_ends(toks, parts, i, n):
                found = (i, alone)
            else:
                continue  # glued to the next token ("Mg" in "Mgx")
            if found is not None:
                j, entity_id = found
                next_free = j + 1
                if not entity_id:
                    continue  # an ignored phrase ("acidic electrolytes")
                start, end = offsets[2 * i], offsets[2 * j + 1]
                matches.append(Match(start, end, entity_id, text[start:end]))
        return matches, folded

    def find_all(self, text: str) -> tuple[list[Match], dict[str, str]]:
        """Mentions in ``text`` including abbreviations it defines, in one pass.

        The same as ``find(text, abbreviations=find_abbreviations(text, self))``
        without scanning the text twice. Returns (matches, abbreviations).

        >>> from neurograph.lexicon import load_lexicon

        >>> m = load_lexicon(vocab=False).matcher()
        >>> found, abbreviations = m.find_all("cognitive-behavioral therapy (CBT) helps; CBT works")
        >>> [x.text for x in found], abbreviations
        (['cognitive-behavioral therapy', 'CBT', 'CBT'], {'CBT': 'MESH:D015928'})
        """
        matches, folded = self._find(text)
        abbreviations = _abbreviations_in(folded, matches, self._entities)
        if abbreviations:
            matches = self._add_abbreviations(text, folded, matches, abbreviations)
        return drop_sequence_residues(text, matches), abbreviations

    @staticmethod
    def _accept(records, path, folded, offsets, plural: bool) -> str | None:
        """The first record whose exact-case tokens are written so in the text."""
        last = len(path) - 1
        for entity_id, checks, plural_ok in records:
            if plural and not plural_ok:
                continue
            for pos, exact in checks:
                k = path[pos]
                written = folded[offsets[2 * k]:offsets[2 * k + 1]]
                if written != exact and not (plural and pos == last and written in (exact + "s", exact + "es")):
                    break
            else:
                return entity_id
        return None

    def _longest(self, toks, parts, offsets, folded, i, n, start_node=None):
        """(last token index, entity id) of the longest match starting at token i, or None.

        ``start_node`` is the trie node of token i when the caller has it (``root.get(toks[i])``): the
        root is a lazy node whose lookups run in Python, so the walk is spared the first one.
        """
        node = self._root
        path: list[int] = []
        best = None
        j = i
        while j < n:
            t = toks[j]
            # Does the token end a word here (no letter or digit glued after it)?
            free_end = j + 1 >= n or parts[2 * j + 2] or not (t[0].isalnum() and toks[j + 1][0].isalnum())
            if t[-1] == "s" and free_end:
                for singular in _singulars(t):
                    c = node.get(singular)
                    if c is not None and _END in c:
                        entity_id = self._accept(c[_END], path + [j], folded, offsets, True)
                        if entity_id is not None:
                            best = (j, entity_id)
            if start_node is not None:
                child, start_node = start_node, None
            else:
                child = node.get(t)
            if child is None:
                # Skip a parenthesised abbreviation inside a term:
                # "N-methyl-D-aspartate (NMDA) receptors".
                if t == "(" and path and j + 3 < n and toks[j + 2] == ")" and toks[j + 1][0].isalpha() \
                        and not folded[offsets[2 * j + 2]:offsets[2 * j + 3]].islower():
                    j += 3
                    continue
                break
            node = child
            path.append(j)
            records = node.get(_END)
            if records is not None and free_end:
                if not records[0][1]:  # the usual case: no exact-case token to check
                    best = (j, records[0][0])
                else:
                    entity_id = self._accept(records, path, folded, offsets, False)
                    if entity_id is not None:
                        best = (j, entity_id)
            j += 1
        return best

    def _add_abbreviations(self, text, folded, matches, abbreviations):
        forms = sorted((a for a in abbreviations if a), key=len, reverse=True)
        if not forms:
            return matches
        # A plain alternation lets the regex engine jump to the abbreviations'
        # first letters; that a hit starts a word is checked below, where a
        # look-behind would be tried at every character of the text.
        # Written in another case too ("cyclosporine (CSA)", then "CsA"), if still written as an abbreviation.
        pattern = re.compile("(" + "|".join(re.escape(a) for a in forms) + r")(?:e?s)?(?![^\W_])", re.I)
        by_lower = {a.lower(): abbreviations[a] for a in reversed(forms)}
        starts = [m.start for m in matches]
        out = list(matches)
        replaced: dict[int, Match] = {}
        extra: list[Match] = []
        pos = 0
        while (hit := pattern.search(folded, pos)) is not None:
            start, end = hit.span()
            if start and folded[start - 1].isalnum():
                pos = start + 1  # inside a word: a shorter abbreviation may still start further on
                continue
            pos = end
            written = hit.group(1)
            if len(written) == 1 and (folded[end:end + 1] in _SIGN_AFTER or folded[end:end + 3] in _COMPARISON_AFTER
                                      or folded[start - 1:start] in _SIGN_AFTER):
                continue  # a single letter abbreviates only as a word of its own
            entity_id = abbreviations.get(written)
            if entity_id is None:
                if _abbreviation_form(written) != written:
                    continue  # "cin", "Den": a word, not the abbreviation
                entity_id = by_lower[written.lower()]
            k = bisect.bisect_right(starts, start) - 1
            overlaps = []
            for idx in (k, k + 1):
                if 0 <= idx < len(matches) and matches[idx].start < end and start < matches[idx].end:
                    overlaps.append(idx)
            if not overlaps:
                extra.append(Match(start, end, entity_id, text[start:end]))
            elif len(overlaps) == 1 and start <= matches[overlaps[0]].start and matches[overlaps[0]].end <= end:
                # The same span, or a lexicon match inside the short form's word ("MED" in "dexmedetomidine
                # (D-MED)" then "D-MED"): the short form the text defines wins.
                replaced[overlaps[0]] = Match(start, end, entity_id, text[start:end])
        for idx, match in replaced.items():
            out[idx] = match
        out.extend(extra)
        out.sort(key=lambda m: m.start)
        return out


_SIGN_AFTER = frozenset("-+/=<>'\u2019.")
_COMPARISON_AFTER = frozenset({" < ", " > ", " = ", " \u2264 ", " \u2265 "})


# --- abbreviations ----------------------------------------------------------------------

_PAREN = re.compile(r"\(\s*([^()]{2,100}?|[A-Z])\s*\)")


def _abbreviation_form(candidate: str) -> str | None:
    """The singular abbreviation in a parenthesis ("SSRIs" -> "SSRI"), or None.

    >>> _abbreviation_form("SSRIs"), _abbreviation_form("ACh"), _abbreviation_form("Cr"), _abbreviation_form("see")
    ('SSRI', 'ACh', 'Cr', None)
    """
    if not candidate[0].isalnum() or not all(c.isalnum() or c in "-/" for c in candidate):
        return None
    form = candidate
    if len(form) > 2 and form[-1] == "s" and form[-2].isupper():
        form = form[:-1]
    if len(form) == 2 and form[0].isupper() and form[1].islower():
        return form  # an element-like symbol: "creatinine (Cr)", "lithium (Li)", "haptoglobin (Hp)"
    letters = [c for c in form if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper < 2 or upper * 2 < len(letters):
        return None
    return form


def _letters_fit(abbreviation: str, long_form: str) -> bool:
    """Schwartz-Hearst test: the abbreviation's characters appear in order in
    the long form, the first one at the start of a word.

    >>> _letters_fit("ADHD", "Attention-Deficit/Hyperactivity Disorder")
    True
    >>> _letters_fit("CBT", "serotonin")
    False
    """
    chars = [c.lower() for c in abbreviation if c.isalnum()]
    text = long_form.lower()
    li = len(text) - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while li >= 0 and (text[li] != c or (k == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return False
        li -= 1
    return True


def _long_form_start(abbreviation: str, text: str, lo: int, hi: int) -> tuple[int, list[int]] | None:
    """Schwartz-Hearst long form of ``abbreviation`` ending at ``hi``: (its start, the position of each letter).

    The shortest span of ``text[lo:hi]`` whose characters hold the abbreviation's letters in order, the first one
    at the start of a word; the span starts at that word.

    >>> text = "adverse effect: ribavirin-induced hemolytic anemia"
    >>> start, at = _long_form_start("RIHA", text, 0, len(text))
    >>> text[start:], [text[i] for i in at]
    ('ribavirin-induced hemolytic anemia', ['r', 'i', 'h', 'a'])
    """
    chars = [c.lower() for c in abbreviation if c.isalnum()]
    at: list[int] = []
    li = hi - 1
    for k in range(len(chars) - 1, -1, -1):
        c = chars[k]
        while li >= lo and (text[li].lower() != c or (k == 0 and li > 0 and text[li - 1].isalnum())):
            li -= 1
        if li < lo:
            return None
        at.append(li)
        li -= 1
    return at[-1], at[::-1]


# A long form "X-induced Y (XIY)" names Y: the abbreviation means the effect, not its cause.
_CAUSE_CUE = re.compile(r"[\s-](?:induced|associated|related|mediated|evoked|elicited)\s", re.I)
# Element symbols and counts: a chemical formula given as an abbreviation, "ammonia (NH3)", "ammonium acetate (NH4Ac)".
_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d{0,2})+")
_GENE_LIKE = frozenset({"Gene", "Enzyme", "Receptor"})
_CHEMICAL_CATEGORIES = frozenset({"Drug", "Nutrient", "Mineral", "Hormone", "Neurotransmitter"})


def _head_of_long_form(form: str, folded: str, before_end: int, matches: list[Match], k: int) -> Match | None:
    """The mention an abbreviation names when its Schwartz-Hearst long form holds several, or None.

    ``matches[k]`` is the mention that ends the long form (at ``before_end``). The head is the mention after a
    cause cue ("ribavirin-induced hemolytic anemia (RIHA)" -> hemolytic anemia), else the one holding most of the
    abbreviation's letters ("unfractionated heparin sodium (UFH)" -> unfractionated heparin); after a cue the
    last of a tie, else none.
    """
    # Schwartz and Hearst look back at most min(|A| + 5, 2|A|) words.
    reach = min(len(form) + 5, 2 * len(form))
    lo = before_end
    for _ in range(reach):
        lo = folded.rfind(" ", 0, lo - 1)
        if lo < 0:
            lo = 0
            break
    fit = _long_form_start(form, folded, lo, before_end)
    if fit is None:
        return None
    start, at = fit
    first = k
    while first > 0 and matches[first - 1].start >= start:
        first -= 1
    inside = matches[first:k + 1]
    cue = None
    for cue in _CAUSE_CUE.finditer(folded, start, before_end):
        pass
    # Letters from words that are neither a mention nor the cue: "patients with depression (PWD)" names patients.
    named = [(m.start, m.end) for m in inside] + ([cue.span()] if cue is not None else [])
    unexplained = sum(not any(a <= i < b for a, b in named) for i in at)
    if unexplained * 2 >= len(at):
        return None
    if cue is not None:
        inside = [m for m in inside if m.start >= cue.end()] or inside
    held = sorted(((sum(m.start <= i < m.end for i in at), n) for n, m in enumerate(inside)), reverse=True)
    if not held[0][0]:
        return None
    if cue is None and len(held) > 1 and held[1][0] == held[0][0]:
        return None  # "Otilonium bromide (OB)" in pieces the lexicon does not join: which one it names is unclear
    return inside[held[0][1]]


# Short forms _abbreviation_form does not take: a capitalised word of 3-4 letters ("Tac", "Urd") or a formula
# with one capital letter ("E2", "T4").
_LOOSE_FORM = re.compile(r"[A-Z][a-z]{2,3}|[A-Z][a-z]?\d{1,2}|[A-Z]")


# A short form, then a dose or a count: "(DEN: 10 mg/kg/day)", "(CsA; 50 mg/kg)", "(MDS; n = 17)".
_LEADING_FORM = re.compile(r"([^\s;,:]{2,12})[;,:]\s(?=\d|[nN]\s?=)")


def _category(match: Match, entities: dict | None) -> str | None:
    """The category of a mention's entity, or None when unknown."""
    entity = entities.get(match.entity_id) if entities is not None else None
    return entity.category if entity is not None else None


def _end_before(folded: str, open_at: int) -> int:
    """Where the text before the parenthesis opening at ``open_at`` ends (the spaces between left out)."""
    before_end = open_at
    while before_end and folded[before_end - 1].isspace():
        before_end -= 1
    return before_end


def _relaxed_fit(form: str, long_form: str) -> bool:
    """Whether a chemical's name may take a short form whose letters do not all fit it in order: a formula
    ("ammonia (NH3)"), or a form whose first letter starts a word of the name ("cyclosporine (CsA)",
    "diisopropyl phosphorofluoridate (DFP)", "17beta-estradiol (E2)").

    >>> _relaxed_fit("CsA", "cyclosporine"), _relaxed_fit("NH3", "ammonia"), _relaxed_fit("PAF", "cyclosporine")
    (True, True, False)
    """
    if any(c.isdigit() for c in form) and _FORMULA.fullmatch(form):
        return True
    return _letters_fit(form[0], long_form)


def find_abbreviations(text: str, matcher: Matcher, matches: list[Match] | None = None) -> dict[str, str]:
    """Abbreviations a text defines, mapped to the entity id of their long form.

    Reads "long form (ABBR)" and "ABBR (long form)" where the long form is a
    known entity and the abbreviation's letters fit it; also a term split by
    its abbreviation, "N-methyl-D-aspartate (NMDA) receptors". A long form
    the lexicon knows only in part gives the entity of its head (Schwartz and
    Hearst's span: "contrast media-induced nephropathy (CIN)" -> nephropathy);
    a chemical's name may take a short form that does not spell it ("CsA",
    "NH4Ac", "E2", "Tac", "M"); "(DEN: 10 mg/kg)" holds the short form "DEN".

    >>> from neurograph.lexicon import load_lexicon

    >>> m = load_lexicon(vocab=False).matcher()
    >>> find_abbreviations("selective serotonin reuptake inhibitors (SSRIs) help", m)
    {'SSRI': 'CHEBI:50949'}
    >>> find_abbreviations("Attention-Deficit/Hyperactivity Disorder (ADHD).", m)
    {'ADHD': 'DOID:1094'}
    """
    if matches is None:
        matches, folded = matcher._find(text)
    else:
        folded = _fold(text)
    return _abbreviations_in(folded, matches, matcher._entities)


def _abbreviations_in(folded: str, matches: list[Match], entities: dict | None = None) -> dict[str, str]:
    """:func:`find_abbreviations` on the folded text and its mentions (``entities``: id -> Entity)."""
    found: dict[str, str] = {}
    parens = list(_PAREN.finditer(folded))
    if not parens:
        return found  # most texts: no need to index the mentions
    ends = {m.end: m for m in matches}
    starts = {m.start: m for m in matches}
    match_starts = [m.start for m in matches]
    for paren in parens:
        inner = paren.group(1)
        open_at = paren.start()
        # "diethylnitrosamine (DEN: 10 mg/kg/day)", "cyclosporin A (CsA; 50 mg/kg)": the short form, then a dose
        # ("X-linked hypophosphatemia (XLH; OMIM 307800)" is not read so: the gene symbol XLH stays)
        lead = _LEADING_FORM.match(inner)
        if lead:
            inner = lead.group(1)
        # The short form's own lexicon reading: the looser readings below do not override it ("levodopa-induced
        # dyskinesias (LID)" is the lexicon's LID, not "dyskinesias"), except a gene symbol by a chemical's name
        # ("cyclosporine (CSA)"; "liver-type fatty acid binding protein (L-FABP)" stays FABP1). A disease's name
        # keeps the gene symbol too: the gene is often named for it ("X-linked hypophosphatemia (XLH)", PHEX).
        own = starts.get(paren.start(1))
        own = own if own is not None and own.end - paren.start(1) in (len(inner), len(inner) + 1) else None
        gene_symbol = own is not None and _category(own, entities) in _GENE_LIKE
        known = own is not None and not gene_symbol
        # "long form (ABBR)": a match ends just before the parenthesis, or
        # runs through it ("N-methyl-D-aspartate (NMDA) receptors").
        form = _abbreviation_form(inner) if len(inner) <= 12 and " " not in inner else None
        if form is None and not known and _LOOSE_FORM.fullmatch(inner) and (inner[0].isupper() or inner[0].isdigit()):
            # "tacrolimus (Tac)", "17beta-estradiol (E2)": only for a chemical's name just before it
            m = ends.get(_end_before(folded, open_at))
            if m is not None and _category(m, entities) in _CHEMICAL_CATEGORIES and (
                    _FORMULA.fullmatch(inner) if any(c.isdigit() for c in inner)
                    else m.text[0].lower() == inner[0].lower() and _letters_fit(inner, m.text)):
                found.setdefault(inner, m.entity_id)  # (a chemical's name: it wins over a gene symbol)
                continue
        if form:
            before_end = _end_before(folded, open_at)
            m = ends.get(before_end)
            long_form = folded[m.start:m.end] if m is not None else ""
            if m is None:
                k = bisect.bisect_left(match_starts, open_at) - 1
                if k >= 0 and matches[k].end > paren.end():
                    m = matches[k]
                    long_form = folded[m.start:open_at].rstrip()
            if m is not None and _letters_fit(form, long_form):
                found.setdefault(form, m.entity_id)
                continue
            if m is not None and m.end == before_end:
                # A long form the lexicon knows in pieces ("Otilonium bromide (OB)"): a run of adjacent
                # mentions of one category before the parenthesis (a salt, a compound); the first names it.
                # Pieces of different categories ("Na-Cl co-transporter (NCCT)") name something else.
                k = bisect.bisect_left(match_starts, m.start)
                first = k
                while first > 0 and k - first < 2 and matches[first - 1].end < matches[first].start \
                        and not folded[matches[first - 1].end:matches[first].start].strip(" -"):
                    first -= 1
                pieces = {_category(x, entities) for x in matches[first:k + 1]}
                if first < k and None not in pieces and len(pieces) == 1 \
                        and _letters_fit(form, folded[matches[first].start:m.end]):
                    found.setdefault(form, matches[first].entity_id)
                    continue
                # A long form with words the lexicon does not know, or of several mentions: the Schwartz-Hearst
                # span, named by its head ("contrast media-induced nephropathy (CIN)" -> nephropathy).
                head = _head_of_long_form(form, folded, before_end, matches, k) if not known else None
                # A gene symbol gives way to a chemical, or to the effect a cause cue names: "nicotine-induced
                # nystagmus (NIN)" is the nystagmus, whatever gene NIN also names.
                if head is not None and (not gene_symbol or _category(head, entities) in _CHEMICAL_CATEGORIES
                                         or _CAUSE_CUE.search(folded, max(0, head.start - 12), head.start + 1)):
                    found.setdefault(form, head.entity_id)
                    continue
                # A chemical's name directly before the parenthesis, short form not fitting it letter by letter.
                if not known and _category(m, entities) in _CHEMICAL_CATEGORIES and _relaxed_fit(form, long_form):
                    found.setdefault(form, m.entity_id)
                    continue
        # "ABBR (long form)": the parenthesis holds exactly one match.
        inner_start = paren.start(1)
        m = starts.get(inner_start)
        if m is not None and m.end == paren.end(1):
            head = re.search(r"([^\s()]+)\s*$", folded[max(0, open_at - 40):open_at])
            if head:
                abbr = _abbreviation_form(head.group(1))
                if abbr and _letters_fit(abbr, m.text):
                    found.setdefault(abbr, m.entity_id)
    return found


# --- residues of a sequence ------------------------------------------------------------

# Amino acids, nucleotides and their codes as written in mutation reports: "substitution of a conserved
# arginine at amino acid position 229 by glycine", "Glu 272 to stop", "a thymidine to cytosine mutation".
_RESIDUE_WORDS = (
    "alanine arginine asparagine aspartate glutamine glutamate glycine histidine isoleucine leucine lysine "
    "methionine phenylalanine proline serine threonine tryptophan tyrosine valine cysteine adenine cytosine "
    "guanine thymine thymidine uracil ala arg asn asp cys gln glu gly his ile leu lys met phe pro ser thr trp "
    "tyr val").split() + ["aspartic acid", "glutamic acid", "amino acid", "amino-acid", "aa", "nucleotide"]
# their written forms, lower case: "l-arginine", "glycines", "proline residue" (a set: one lookup per match)
_RESIDUE = frozenset(prefix + word + suffix for word in _RESIDUE_WORDS for prefix in ("", "l-", "d-")
                     for suffix in ("", "s", " residue", " residues"))
_SEQUENCE_CUE = re.compile(
    r"\b(?:substitut\w*|replac\w*|codons?|residues?|positions?|missense|nonsense|exons?|frameshift|mutat\w*|"
    r"polymorphisms?|variants?|genotypes?|encod\w*|insertions?|deletions?|stop)\b|\bp\.[A-Z]|\bc\.\d", re.I)
# A residue number beside the word ("Glu 272", "amino acid 300", "Arg 1306 Trp"), not a dose ("glycine 10 mg").
_NUMBER_AFTER = re.compile(r"\s\d{1,4}\b(?![\s-]*(?:mg|g|\u00b5|u|m|n|p|micro|%))")
_NUMBER_BEFORE = re.compile(r"\b\d{1,4}\s$")
_SEQUENCE_REACH = 80  # characters either side, within the sentence, where a cue counts


def drop_sequence_residues(text: str, matches: list[Match]) -> list[Match]:
    """Matches without the amino acids and nucleotides a text names as residues of a sequence.

    In a mutation report "glycine" or "amino acid" is a position in a
    protein, not a substance. On the Train splits, such words with a
    sequence cue near them (substitution, codon, residue, position,
    mutation, exon, a residue number...) are chemical mentions 2 times in
    102 (BioRED 1 of 100, BC5CDR 1 of 2), and 60 times in 78 without one.

    >>> m = [Match(38, 45, "CHEBI:15428", "glycine"), Match(52, 59, "CHEBI:15428", "glycine")]
    >>> [x.start for x in drop_sequence_residues("substitution of arginine 229 by a new glycine. Oral glycine helps.", m)]
    [52]
    """
    if not matches:
        return matches
    out = None
    for k, m in enumerate(matches):
        word = m.text.lower()
        if word not in _RESIDUE and " ".join(word.split()) not in _RESIDUE:
            if out is not None:
                out.append(m)
            continue
        left = text.rfind(". ", max(0, m.start - _SEQUENCE_REACH), m.start)
        left = max(0, m.start - _SEQUENCE_REACH) if left < 0 else left + 2
        right = text.find(". ", m.end, m.end + _SEQUENCE_REACH)
        right = min(len(text), m.end + _SEQUENCE_REACH) if right < 0 else right
        if (_SEQUENCE_CUE.search(text, left, m.start) or _SEQUENCE_CUE.search(text, m.end, right)
                or _NUMBER_AFTER.match(text[m.end:m.end + 12]) or _NUMBER_BEFORE.search(text[max(0, m.start - 6):m.start])):
            if out is None:
                out = matches[:k]
            continue
        if out is not None:
            out.append(m)
    return matches if out is None else out
