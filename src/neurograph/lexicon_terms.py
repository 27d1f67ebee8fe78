"""Lexicon terms: tokens, case folding, compiled terms and the token trie the matcher walks.

Names and texts are cut into the same tokens (letter runs, digit runs, single
punctuation characters; hyphens, slashes and spaces only separate), so that
"N-methyl-D-aspartate" and "N methyl D aspartate" are one term.
:func:`normalize_name` gives a name's lookup key. Part of the lexicon
(:mod:`neurograph.lexicon`), which re-exports the public names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import quick_init


_END = ""  # trie key of the terminal record: tokens are never empty (a NUL character is one)
_IGNORED = ""  # entity id of an ignored phrase: consumed by the matcher, never reported

# Tokens: letter runs, digit runs, and single punctuation characters. Hyphens,
# slashes and whitespace separate tokens without being tokens, so that
# "N-methyl-D-aspartate", "N methyl D aspartate" and "alpha-7"/"alpha 7" are
# the same token sequence, while "." or "(" breaks a match.
_TOKEN = re.compile(r"[^\W\d_]+|\d+|[^\w\s\-/]")
_SPLIT = re.compile(r"([^\W\d_]+|\d+|[^\w\s\-/])")
_SPLIT_ASCII = re.compile(r"([a-zA-Z]+|[0-9]+|[^a-zA-Z0-9_\s\-/])")  # same tokens, faster
_ASCII_BYTES = bytes(range(128))
_split_patterns: dict[str, re.Pattern] = {}


def _non_ascii(text: str) -> str:
    """The non-ASCII characters of ``text`` (found by byte operations, each a C loop)."""
    return text.encode("utf-8", "surrogatepass").translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass")


def _split_pattern(text: str) -> re.Pattern:
    """A regex splitting ``text`` exactly as ``_SPLIT`` does, but faster.

    ``_SPLIT`` asks the Unicode tables about every character; naming the
    ASCII classes as ranges, plus the few non-ASCII letters and digits the
    text holds, gives the same tokens for this text at a third less cost.
    """
    if text.isascii():
        return _SPLIT_ASCII
    words = "".join(sorted(c for c in set(_non_ascii(text)) if c.isalnum()))
    if not words:
        return _SPLIT_ASCII  # only non-ASCII punctuation and spaces: classed alike by both
    pattern = _split_patterns.get(words)
    if pattern is None:
        letters = re.escape("".join(c for c in words if not c.isdecimal()))
        digits = re.escape("".join(c for c in words if c.isdecimal()))
        pattern = re.compile(f"([a-zA-Z{letters}]+|[0-9{digits}]+|[^a-zA-Z0-9_{letters}{digits}\\s\\-/])")
        if len(_split_patterns) >= 256:
            _split_patterns.clear()
        _split_patterns[words] = pattern
    return pattern


# One-to-one character folds (offsets stay exact): curly quotes, dashes,
# superscripts (Mg²⁺), non-breaking spaces.
_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00b9": "1", "\u00b2": "2", "\u00b3": "3", "\u2070": "0", "\u2074": "4", "\u2075": "5",
    "\u2076": "6", "\u2077": "7", "\u2078": "8", "\u2079": "9", "\u207a": "+", "\u207b": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
_FOLD_PAIRS = tuple((chr(c), r) for c, r in _FOLD.items())


def _fold(text: str) -> str:
    """``text`` with the one-to-one folds applied.

    One ``str.replace`` per fold character the text holds: C loops, where a
    regex substitution tests every character against a class.
    """
    if text.isascii():
        return text
    present = set(_non_ascii(text))
    for char, replacement in _FOLD_PAIRS:
        if char in present:
            text = text.replace(char, replacement)
    return text


# --- records ----------------------------------------------------------------


@quick_init
@dataclass(frozen=True)
class Match:
    """A mention of an entity: ``text == document[start:end]``.

    >>> Match(0, 9, "CHEBI:18420", "magnesium").end
    9
    """

    start: int
    end: int
    entity_id: str
    text: str


# --- normalisation ------------------------------------------------------------


def _tokens(term: str) -> list[str]:
    """The folded tokens of a term, in their written case."""
    return _TOKEN.findall(_fold(term))


def normalize_name(name: str) -> str:
    """The lookup key of a name: lower-case tokens joined by single spaces.

    >>> normalize_name("N-methyl-D-aspartate  Receptor")
    'n methyl d aspartate receptor'
    >>> normalize_name("Mg²⁺")
    'mg 2 +'
    """
    return " ".join(t.lower() for t in _tokens(name))


def _singulars(token: str) -> list[str]:
    """Candidate singulars of a lower-case token ("receptors", "ssris", "therapies")."""
    if len(token) <= 3 or token[-1] != "s" or token.endswith("ss") or not token.isalpha():
        return []
    out = [token[:-1]]
    if token.endswith("es"):
        out.append(token[:-2])
        if token.endswith("ies"):
            out.append(token[:-3] + "y")
    return out


def _is_exact(token: str, single: bool) -> bool:
    """Whether a term token must match case-sensitively.

    Abbreviations (an upper-case letter after the first: GABA, NMDA, SSRIs,
    ADHD) always; short capitalised tokens (Mg, Na, K, DA) when they are the
    term's only word, so that "mg" (milligram) or "k" do not match.
    """
    if not token[0].isalpha():
        return False
    if any(c.isupper() for c in token[1:]):
        return True
    return single and token[0].isupper() and len(token) <= 3


def _compile_term(term: str) -> tuple[tuple[str, ...], tuple[tuple[int, str], ...], bool] | None:
    """(lower-case tokens, exact-case checks, plural allowed) for a term, or None if empty.

    The checks are the tokens :func:`_is_exact` keeps case-sensitive, found
    here by comparing each token with its lower-case form (a C loop: the
    dictionary compiles about a million terms).

    >>> _compile_term("NMDA receptors"), _compile_term("Mg")
    ((('nmda', 'receptors'), ((0, 'NMDA'),), True), (('mg',), ((0, 'Mg'),), True))
    """
    toks = _tokens(term)
    if not toks:
        return None
    lowered = [t.lower() for t in toks]
    single = sum(1 for t in toks if t[0].isalpha()) == 1
    checks = tuple((i, t) for i, (t, low) in enumerate(zip(toks, lowered))
                   if t != low and t[0].isalpha() and (t[1:] != low[1:] or (single and len(t) <= 3)))
    last = toks[-1]
    plural = last.isalpha() and (len(last) >= 3 or (bool(checks) and checks[-1][0] == len(toks) - 1))
    return tuple(lowered), checks, plural


def _drop_term(trie: dict, terms: dict, key: tuple[str, ...]) -> None:
    """Take a term out of the terms and out of their trie, pruning nodes left empty."""
    terms.pop(key, None)
    path = [trie]
    for token in key:
        node = path[-1].get(token)
        if node is None:
            return
        path.append(node)
    path[-1].pop(_END, None)
    for parent, token, node in zip(reversed(path[:-1]), reversed(key), reversed(path[1:])):
        if node:
            break
        del parent[token]


def _put_term(trie: dict, key: tuple[str, ...], records) -> None:
    """Set a term's records in the trie (making its nodes where missing)."""
    node = trie
    for token in key:
        node = node.setdefault(token, {})
    node[_END] = tuple(records)


def _make_trie(terms) -> tuple[dict, frozenset[str]]:
    """The token trie of the terms, and the set of tokens that can start a match (see :func:`_first_tokens`)."""
    root: dict = {}
    for key, records in terms.items():
        _put_term(root, key, records)
    return root, _first_tokens(root)


def _first_tokens(root: dict) -> frozenset[str]:
    """The tokens that can start a match (one-word terms' plurals included), to skip all other tokens with
    one lookup."""
    first = set(root)
    for token, child in root.items():
        if _END in child and token.isalpha():
            first.update((token + "s", token + "es"))
            if token.endswith("y"):
                first.add(token[:-1] + "ies")
    return frozenset(first)


def _trie_get(trie: dict, key: tuple[str, ...]) -> tuple:
    node = trie
    for token in key:
        node = node.get(token)
        if node is None:
            return ()
    return node.get(_END, ())


def _start_entry(root: dict, token: str) -> tuple[dict | None, str | bool | None]:
    """What a token that can start a match leads to: (its trie node, what it matches alone).

    The trie node is None when no longer term can go on from the token (a
    one-word term that starts no other term, a plural of one-word terms).
    What the token matches alone, when no longer term goes on after it in
    the text: an entity id ("" for an ignored phrase); False when it never
    matches alone (it only starts multi-word terms); None when that depends
    on how the text writes it (exact-case terms), which the full trie walk
    then decides. Most tokens are thus settled by one dictionary lookup.
    """
    node = root.get(token)
    if node is not None:
        records = node.get(_END)
        if records is None:
            # Only longer terms start with the token ("neurons of the ..."): alone it may still be the
            # plural of a one-word term ("neurons"), which a large dictionary must not hide.
            return node, _plural_alone(root, token)
        # A record without exact-case checks always wins at its own token,
        # over any plural reading of the token too.
        alone = records[0][0] if not records[0][1] else None
        return (node if len(node) > 1 else None), alone
    return None, _plural_alone(root, token)


def _plural_alone(root: dict, token: str) -> str | bool | None:
    """What a token matches alone as the plural of one-word terms (see :func:`_start_entry`)."""
    # A plural of one-word terms: the last singular that matches wins.
    alone = False
    for singular in _singulars(token):
        child = root.get(singular)
        records = child.get(_END) if child is not None else None
        for entity_id, checks, plural_ok in records or ():
            if plural_ok:
                alone = None if checks else entity_id
                break
        if alone is None:
            break
    return alone


# --- derived forms ------------------------------------------------------------------

# Adjectives (and, through the plural rule, agent nouns) of a one-word disease name, by its ending: abstracts
# write "dyskinetic rats", "cardiotoxic effects", "hypertrophic", "epileptics". The longest ending that fits
# decides. Kept where the training corpora annotate most of them as diseases (see lexicon_build); "-osis" to
# "-otic" (fibrotic, hyperkeratotic) and "-ful" (painful) are not, so they are not made.
_DERIVED_SUFFIXES = (
    ("icity", ("ic",)),          # cardiotoxicity -> cardiotoxic
    ("psy", ("ptic",)),          # catalepsy -> cataleptic
    ("sia", ("tic", "sic")),     # dyskinesia -> dyskinetic, hyperalgesia -> hyperalgesic
    ("ysis", ("ytic", "yzed")),  # paralysis -> paralytic, paralyzed
    ("osis", ("ous",)),          # tuberculosis -> tuberculous
    ("ysm", ("ysmal",)),         # aneurysm -> aneurysmal
    ("ism", ("ic",)),            # prostatism -> prostatic
    ("ia", ("ic",)),             # neutropenia -> neutropenic
    ("ma", ("matous", "matic")), # edema -> edematous, asthma -> asthmatic
    ("y", ("ic",)),              # hypertrophy -> hypertrophic
    ("e", ("ic",)),              # asystole -> asystolic
)


def derived_forms(word: str) -> tuple[str, ...]:
    """The adjectives of a one-word lower-case disease name ("dyskinesia" -> "dyskinetic").

    Only for names of at least five letters, whose adjective is longer than
    five letters; an empty tuple when no ending fits.

    >>> derived_forms("dyskinesia"), derived_forms("cardiotoxicity"), derived_forms("edema")
    (('dyskinetic', 'dyskinesic'), ('cardiotoxic',), ('edematous', 'edematic'))
    >>> derived_forms("catalepsy"), derived_forms("asthma"), derived_forms("gout")
    (('cataleptic',), ('asthmatous', 'asthmatic'), ())
    """
    if len(word) < 5 or not word.isalpha() or not word.islower():
        return ()
    for ending, replacements in _DERIVED_SUFFIXES:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return tuple(stem + r for r in replacements if len(stem) + len(r) > 5)
    return ()


# Counter-ions of drug salts: "dilevalol hydrochloride" is sold and listed, "dilevalol" is what texts write.
# (Not acetate, phosphate or sulfate: "phytyl acetate" is an ester, not a salt of phytyl.)
DRUG_SALTS = frozenset({"hydrochloride", "dihydrochloride", "hydrobromide", "mesylate", "mesilate", "maleate",
                        "besylate", "tosylate", "hyclate", "fumarate"})


def drug_salt_base(name: str) -> str | None:
    """The drug of a drug salt's two-word name, lower-cased ("Dilevalol hydrochloride" -> "dilevalol"), or None.

    >>> drug_salt_base("Dilevalol hydrochloride"), drug_salt_base("phytyl acetate"), drug_salt_base("5-HT maleate")
    ('dilevalol', None, None)
    """
    words = name.split()
    if len(words) == 2 and words[1].lower() in DRUG_SALTS and words[0].isalpha():
        return words[0].lower()
    return None


def salt_form(name: str) -> str | None:
    """The name texts use for the drug of a two-word chemical name: an acid's anion ("metrizoic acid" ->
    "metrizoate"), a drug salt's active part ("dilevalol hydrochloride" -> "dilevalol").

    >>> salt_form("Metrizoic Acid"), salt_form("valproic acid"), salt_form("nitrous acid"), salt_form("acid")
    ('metrizoate', 'valproate', 'nitrite', None)
    >>> salt_form("Dilevalol hydrochloride"), salt_form("phytyl acetate")
    ('dilevalol', None)
    """
    base = drug_salt_base(name)
    if base is not None:
        return base if len(base) >= 5 else None
    words = name.lower().split()
    if len(words) != 2 or not words[0].isalpha():
        return None
    stem = words[0]
    if words[1] != "acid":
        return None
    if stem.endswith("ic") and len(stem) > 5:
        return stem[:-2] + "ate"
    if stem.endswith("ous") and len(stem) > 6:
        return stem[:-3] + "ite"
    return None


# British spellings of the American ones most vocabularies list (MeSH, MONDO): "ischaemia", "haematuria",
# "paraesthesia", "oedema", "diarrhoea", "tumour", "thiosulphate", as European journals write them.
_BRITISH = tuple((re.compile(a), b) for a, b in (
    (r"(?<=[a-z])emi(a|as|c)$", r"aemi\1"),  # anemia, ischemic, hypertriglyceridemia
    (r"^hem(?=[aoa])", "haem"),              # hemorrhage, hematuria, hemolytic
    (r"^(?=edema|esophag|estr|fet(?:al|us))", "o"),  # oedema, oesophagus, oestradiol, foetal
    (r"(?<=[a-z])esthe", "aesthe"),          # anesthesia, paresthesia
    (r"rrhea$", "rrhoea"),                   # diarrhea, amenorrhea
    (r"^(tum|behavi)or(s?)$", r"\1our\2"),  # tumor, behavior
    (r"sulf", "sulph"),                      # sulfate, sulfonylurea
))


# Whether any of those can apply: substring tests, then one search per term, instead of seven substitutions
# per token (a million vocabulary names go through this).
_BRITISH_HINTS = ("emi", "hem", "edema", "esophag", "estr", "fet", "esthe", "rrhea", "tumor", "behavior", "sulf")
_BRITISH_ANY = re.compile(r"[a-z]emi(?:as?|c)\b|\bhem[ao]|\b(?:edema|esophag|estr|fet)|[a-z]esthe|rrhea\b|\b(?:tum|behavi)ors?\b|sulf")


def british_spelling(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """A term's British spelling, or None when it is spelt alike.

    >>> british_spelling(("myocardial", "ischemia")), british_spelling(("hematuria",))
    (('myocardial', 'ischaemia'), ('haematuria',))
    >>> british_spelling(("paresthesia",)), british_spelling(("edema",)), british_spelling(("gout",))
    (('paraesthesia',), ('oedema',), None)
    """
    joined = " ".join(key)
    if not any(hint in joined for hint in _BRITISH_HINTS) or not _BRITISH_ANY.search(joined):
        return None
    out = []
    for token in key:
        for pattern, replacement in _BRITISH:
            token = pattern.sub(replacement, token)
        out.append(token)
    out = tuple(out)
    return out if out != key else None


# Nouns of a change that a two-word disease name puts last ("memory impairment", "hearing loss") and texts
# also write first ("impairment of memory", "loss of hearing").
_CHANGE_NOUNS = frozenset({"impairment", "loss", "prolongation", "deficiency", "dysfunction", "failure",
                           "damage", "injury", "deterioration", "retention", "disturbance", "disturbances"})


# Participles a disease name puts first ("prolonged QT interval", "impaired glucose tolerance") and the nouns
# texts write for them ("QT interval prolongation", "prolongation of the QT interval").
_CHANGE_PARTICIPLES = {"prolonged": "prolongation", "impaired": "impairment"}


def of_phrases(key: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """"A of (the) B" forms of a two-word disease name "B A" whose A names a change; "B A" and "A of (the) B"
    forms of a disease name "P B" whose participle P names one (B of one to three words).

    >>> of_phrases(("memory", "impairment"))
    (('impairment', 'of', 'memory'), ('impairment', 'of', 'the', 'memory'))
    >>> of_phrases(("prolonged", "qt", "interval"))[:2]
    (('qt', 'interval', 'prolongation'), ('prolongation', 'of', 'qt', 'interval'))
    >>> of_phrases(("heart", "disease")), of_phrases(("prolonged",))
    ((), ())
    """
    noun = _CHANGE_PARTICIPLES.get(key[0]) if 2 <= len(key) <= 4 else None
    if noun is not None:
        rest = key[1:]
        if not all(t.isalnum() for t in rest):
            return ()
        return (rest + (noun,), (noun, "of") + rest, (noun, "of", "the") + rest)
    if len(key) != 2 or key[1] not in _CHANGE_NOUNS or not key[0].isalpha() or len(key[0]) < 3:
        return ()
    return ((key[1], "of", key[0]), (key[1], "of", "the", key[0]))
