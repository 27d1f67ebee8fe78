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

import re
from dataclasses import dataclass

from ..documents import Document, Sentence, split_sentences
from ..records import EntityRef, Evidence, Mention, Statement

# --- trigger phrases ----------------------------------------------------------
# Each rule: relationship type, regex searched in the lower-cased text between
# two entity groups, and whether the construction is passive (object first).
# The match that ends nearest the second entity wins; on equal ends, the
# earlier rule in this list (more specific) wins.


_RULES: list[tuple[str, str, bool]] = [
    # antagonists and blockers
    ("ANTAGONIST_OF", r"\bantagonis(?:t|ts|es|ed|ing)\b(?:\s+(?:to|of|at))?", False),
    ("ANTAGONIST_OF", r"\b(?:block(?:s|ed|ing)?|blocker\s+of|blockade\s+of)\b", False),
    ("ANTAGONIST_OF", r"\bcounter\s+to\b", False),
    ("ANTAGONIST_OF", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:blocked|antagonized|antagonised)\s+by\b", True),
    # reuptake inhibition raises the transmitter
    ("INCREASES", r"\b(?:inhibit|block)(?:s|ed|ing)?\s+(?:the\s+)?(?:re-?uptake|recycling|reabsorption|breakdown|degradation)\s+of\b", False),
    ("INCREASES", r"\breuptake\s+inhibitors?\b", False),
    # cofactor, precursor
    ("COFACTOR_FOR", r"\bco-?factors?\s+(?:for|of|in|to)\b", False),
    ("PRECURSOR_OF", r"\bprecursors?\s+(?:to|of|for)\b", False),
    ("PRECURSOR_OF", r"\b(?:converted|metabolized|metabolised|transformed)\s+(?:in)?to\b", False),
    # activation
    ("ACTIVATES", r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:activated|stimulated)\s+by\b", True),
    ("ACTIVATES", r"\b(?:activat(?:e|es|ed|ing)|agonists?\s+(?:of|at|for)|stimulat(?:e|es|ing))\b", False),
    # inhibition
    ("INHIBITS", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:inhibited|suppressed)\s+by\b", True),
    ("INHIBITS", r"\b(?:inhibit(?:s|ed|ing)?|inhibition\s+of|inhibitors?\s+of|suppress(?:es|ed|ing)?)\b", False),
    # treatment
    ("TREATS", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:treated|relieved|alleviated|managed)\s+(?:with|by)\b", True),
    # relieving symptoms (gold table: PALLIATES)
    ("PALLIATES", r"\b(?:relief\s+(?:of|from|for)|"
                  r"(?:reliev|alleviat|reduc|improv|manag|eas|lessen)\w*\s+(?:(?:the|some|its|their|many|these)\s+)?(?:\w+\s+)?"
                  r"(?:symptoms|severity)(?:\s+(?:of|like|such\s+as|including))?|"
                  r"(?:help|helps)\s+(?:to\s+)?(?:relieve|alleviate|ease))\b", False),
    ("TREATS", r"\b(?:treat(?:s|ed|ing)?|treatments?\s+(?:for|of)|therap(?:y|ies)\s+for|reliev(?:e|es|ed|ing)|"
               r"alleviat(?:e|es|ed|ing)|eas(?:e|es|ed|ing)|"
               r"(?:help|helps)\s+(?:to\s+)?(?:manage|reduce|improve|treat)|"
               r"(?:effective|efficacy|efficacious)\s+(?:in|for|against)|"
               r"for\s+(?:those|people|patients|individuals|persons|adults|children|anyone)\s+(?:\w+\s+)?"
               r"(?:experiencing|with|suffering\s+from|who\s+(?:have|suffer\s+from|experience|live\s+with))|therapeutic\s+(?:strategy|option|approach|target)\s+for|"
               r"prescribed\s+(?:to|for)(?:\s+\w+){0,4}?\s+(?:for|with)|prescribed\s+(?:for|to\s+treat)|"
               r"antidepressant\s+effects?\s+(?:in|on|for)|"
               r"works?\s+(?:well\s+)?(?:in|for)\s+(?:some\s+|many\s+|most\s+|certain\s+)?(?:people|patients|individuals|adults|"
               r"children|those)\s+(?:\w+\s+)?(?:with|who\s+have|suffering\s+from))\b", False),
    # protection
    ("PROTECTS_AGAINST", r"\b(?:protect(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:against|from)|prevent(?:s|ed|ing)?|prevention\s+of|"
                         r"shield(?:s|ed|ing)?|resistant\s+to|resilience\s+to)\b", False),
    # quantity changes
    ("INCREASES", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:increased|raised|enhanced|elevated|boosted)\s+by\b", True),
    # "serotonin is made by enterochromaffin cells", "SCFAs, which are produced when gut bacteria ferment fiber"
    ("INCREASES", r"\b(?:made|produced|synthesi[sz]ed|secreted|released|generated)\s+(?:\w+ly\s+)?by\b", True),
    ("DECREASES", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:decreased|reduced|lowered|depleted|diminished)\s+by\b", True),
    ("DECREASES", r"\b(?:damaged|injured|harmed|killed|impaired)\s+by\b", True),  # "synapses injured by stress"
    # "magnesium decreases after brain trauma", "the magnesium-depleting effects of chronic stress"
    ("DECREASES", r"\b(?:decreases?|reductions?|drops?|declines?|depletion|falls?)\s+(?:\w+\s+)?(?:after|following|due\s+to|"
                  r"in\s+response\s+to|caused\s+by)\b|^\s*-\s*(?:depleting|lowering|reducing|suppressing)\s+"
                  r"(?:effects?|actions?|influences?|properties)\s+of\b", True),
    ("INCREASES", r"\b(?:increases?|rises?|elevations?|surges?|spikes?)\s+(?:\w+\s+)?(?:after|following|due\s+to|"
                  r"in\s+response\s+to|caused\s+by)\b|^\s*-\s*(?:boosting|raising|enhancing|increasing|elevating)\s+"
                  r"(?:effects?|actions?|influences?|properties)\s+of\b", True),
    ("INCREASES", r"\b(?:increas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|boost(?:s|ed|ing)?|enhanc(?:e|es|ed|ing)|"
                  r"elevat(?:e|es|ing)|promot(?:e|es|ed|ing)|enrich(?:es|ed|ing)?|an?\s+increase\s+(?:of|in)|"
                  r"restor(?:e|es|ed|ing)|replenish(?:es|ed|ing)?|produc(?:e|es|ing)|synthesi[sz](?:e|es|ing)|"
                  r"secret(?:e|es|ing)|releas(?:e|es|ing)(?!\s+of\b)|"
                  r"(?:higher|increased|heightened|elevated|more)\s*$)\b", False),
    ("DECREASES", r"\b(?:decreas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|deplet(?:e|es|ed|ing)|"
                  r"break(?:s|ing)?\s+down|broken\s+down\s+by|degrad(?:e|es|ing)|desensitiz(?:e|es|ed|ing)|desensitis(?:e|es|ed|ing)|damag(?:e|es|ed|ing)|injur(?:e|es|ed|ing)|harm(?:s|ed|ing)?|kill(?:s|ed|ing)?|"
                  r"diminish(?:es|ed|ing)?|attenuat(?:e|es|ed|ing)|a\s+decrease\s+(?:of|in)|"
                  r"(?:lower|decreased|reduced|diminished|low)\s*$)\b", False),
    ("SUPPORTS", r"\b(?:support(?:s|ed|ing)?|maintains?|improv(?:e|es|ed|ing|ements?\s+in)|help(?:s|ed|ing)?\s+with|"
                 r"benefit(?:s|ed|ing)?)\b", False),
    # causation
    ("CAUSES", r"\b(?:(?:is|are|was|were|be|been)\s+)?(?:\w+ly\s+)?(?:caused|triggered|induced)\s+by\b", True),
    ("CAUSES", r"\b(?:caus(?:e|es|ed|ing)|lead(?:s|ing)?\s+to|led\s+to|result(?:s|ed|ing)?\s+in|trigger(?:s|ed|ing)?|"
               r"induc(?:e|es|ing))\b", False),
    ("CONTRIBUTES_TO", r"\b(?:exacerbated|worsened|aggravated)\s+by\b", True),
    ("CONTRIBUTES_TO", r"\b(?:contribut(?:e|es|ed|ing)\s+to|worsen(?:s|ed|ing)?|exacerbat(?:e|es|ed|ing)|"
                       r"(?:increase|raise)s?\s+(?:the\s+)?risk\s+of|predispos(?:e|es|ing)\s+\w*\s*to|"
                       r"precursor\s+to\s+(?=\s*$))\b", False),
    # symptoms
    ("HAS_SYMPTOM", r"\b(?:symptoms?\s+(?:of|such\s+as|like|including|include)|manifest(?:s|ed|ing)?\s+as|"
                    r"characteri[sz]ed\s+by|present(?:s|ing)?\s+with)\b", False),
    # foods
    ("SOURCE_OF", r"\b(?:rich\s+in|(?:(?:good|excellent|natural|dietary)\s+)?sources?\s+of|provid(?:e|es|ing)|"
                  r"contain(?:s|ing)?|high\s+in)\b", False),
    ("SOURCE_OF", r"\b(?:available|found|present)\s+(?:\w+ly\s+)?in(?:\s+(?:many|some|most|foods\s+such\s+as))?\b", True),
    # interactions and binding
    ("INTERACTS_WITH", r"\b(?:interact(?:s|ed|ing)?\s+with|interfer(?:e|es|ed|ing)\s+with|interactions?\s+(?:with|between)|"
                       r"(?:combined|combination|taken|co-?administered|given)\s+(?:together\s+)?with)\b", False),
    ("BINDS", r"\bbind(?:s|ing)?\b|\bbound\s+to\b|\btarget(?:s|ed|ing)?\b", False),
    # class membership and forms
    ("FORM_OF", r"\b(?:is|are)\s+(?:a|an)\s+(?:[\w-]+,?\s+){0,4}?forms?\s+of\b", False),
    # "X, a common treatment for Y" and "X, a region associated with Y" are not memberships: the words
    # between the article and the class are modifiers, never prepositions or participles.
    ("IS_A", r"^\s*(?:(?:is|are)\s+|,\s*)?(?:a|an|one\s+of\s+the)\s+"
             r"(?:(?!(?:for|of|to|in|with|by|from|on|as|that|which|associated|linked|involved|related|tied|"
             r"connected|implicated|known|used|responsible|found|called)\b)[\w-]+\s+){0,3}?$", False),
    ("IS_A", r"^\s*(?:and\s+other|or\s+other)\s+$", False),
    ("IS_A", r"^\s*are\s+(?:(?!(?:for|of|to|in|with|by|from|on|as|that|which|associated|linked|involved|related|tied|"
             r"connected|implicated|known|used|responsible|found|called|also|not|often)\b)[\w-]+\s+){0,2}?$", False),  # "Electrolytes are essential minerals"
    ("IS_A", r"\b(?:include|includes)\s*:?\s*$", True),
    # regulation and involvement (unsigned)
    ("REGULATES", r"\b(?:(?:is|are|was|were|be|been|being)\s+)?(?:\w+ly\s+)?(?:regulated|modulated|controlled|influenced|"
                  r"affected|impacted|managed|governed|altered|disrupted)\s+by\b", True),
    ("REGULATES", r"\b(?:regulat(?:e|es|ed|ing|ion\s+of)|modulat(?:e|es|ed|ing|ion\s+of)|control(?:s|led|ling)?|"
                  r"normaliz(?:e|es|ed|ing)|normalis(?:e|es|ed|ing)|(?:help|helps)\s+(?:to\s+)?balance|"
                  r"influenc(?:e|es|ed|ing)|affect(?:s|ed|ing)?|impact(?:s|ed|ing)?|alter(?:s|ed|ing)?|"
                  r"(?:has|have)\s+an?\s+(?:\w+\s+)?(?:influence|effect)\s+on|effects?\s+on|"
                  r"interplay\s+(?:with|between)|disrupt(?:s|ed|ing)?|disruptions?\s+(?:of|in|to))\b", False),
    ("PARTICIPATES_IN", r"\b(?:involved\s+in|plays?\s+an?\s+(?:\w+\s+)?part\s+in|participat(?:e|es|ing)\s+in|"
                        r"(?:essential|crucial|vital|important|necessary|critical|fundamental|central|key)\s+(?:for|to|in)|"
                        r"underpin(?:s|ned|ning)?)\b", False),
    # "plays a role in", "roles in" say the entity matters, not how: REGULATES (gold table)
    ("REGULATES", r"\broles?\s+(?:\w+\s+){0,3}?in\b", False),
    ("ASSOCIATED_WITH", r"\b(?:(?:linked|associated|tied|related|connected|correlated|implicated)\s+(?:\w+\s+){0,2}?(?:to|with|in)|"
                        r"link(?:s|ed)?\s+(?:between|to|with)|associations?\s+with|correlat(?:e|es|ion)\s+with|"
                        r"observed\s+in|(?:seen|found)\s+in\s+(?:individuals|people|patients)\s+with|"
                        r"(?:implicated|involved)\s*,\s*(?:such\s+as|like|including|e\.g\.))\b", False),
    # "D individuals tend to have lower X levels", "a Western diet has a low intake of X", "D, where low X levels
    # are observed": a condition or habit that goes with a level, not an effect on it.
    ("ASSOCIATED_WITH", r"(?:\b(?:tends?\s+to\s+)?(?:have|has|had|show|shows|showed|exhibit|exhibits|display|displays)"
                        r"\s+(?:an?\s+)?(?:\w+\s+)?|,\s*where\s+|\bin\s+which\s+)"
                        r"(?:lower|higher|low|high|reduced|raised|elevated|decreased|increased|abnormal|altered|deficient|poor)\s+"
                        r"(?:[\w-]+\s+)?(?:(?:intake|levels?|amounts?|concentrations?|status)\s+(?:of\s+)?(?:the\s+)?)?$", False),
]
_COMPILED = [(t, re.compile(p), passive) for t, p, passive in _RULES]
# Literal words one of which each rule needs (same order as _RULES): a cheap
# filter so that only the few rules that can match are run on a between-text.
_KEYWORDS: list[tuple[str, ...]] = [
    ("antagonis",), ("block",), ("counter",), ("blocked", "antagoni"),
    ("inhibit", "block"), ("reuptake",), ("cofactor", "factor"), ("precursor",), ("converted", "metaboli", "transformed"),
    ("activated", "stimulated"), ("activat", "agonist", "stimulat"), ("inhibited", "suppressed"),
    ("inhibit", "suppress"), ("treated", "relieved", "alleviated", "managed"),
    ("reliev", "alleviat", "relief", "reduc", "improv", "manag", "eas", "lessen", "help"),
    ("treat", "therap", "reliev", "alleviat", "eas", "help", "effective", "efficac", "prescribed", "antidepressant",
     "for", "work"),
    ("protect", "prevent", "shield", "resist", "resilien"),
    ("increased", "raised", "enhanced", "elevated", "boosted"),
    ("made", "produced", "synthesi", "secreted", "released", "generated"),
    ("decreased", "reduced", "lowered", "depleted", "diminished"),
    ("damaged", "injured", "harmed", "killed", "impaired"),
    ("decrease", "reduction", "drop", "decline", "depletion", "fall", "depleting", "lowering", "reducing", "suppressing"),
    ("increase", "rise", "elevation", "surge", "spike", "boosting", "raising", "enhancing", "increasing", "elevating"),
    ("increas", "rais", "boost", "enhanc", "elevat", "promot", "enrich", "higher", "heighten", "more", "restor",
     "replenish", "produc", "synthesi", "secret", "releas"),
    ("decreas", "reduc", "lower", "deplet", "diminish", "attenuat", "low", "damag", "injur", "harm", "kill", "desensiti",
     "break", "broken", "degrad"),
    ("support", "improv", "help", "benefit", "maintain"),
    ("caused", "triggered", "induced"), ("caus", "lead", "led", "result", "trigger", "induc"),
    ("exacerbated", "worsened", "aggravated"),
    ("contribut", "worsen", "exacerbat", "risk", "predispos", "precursor"),
    ("symptom", "manifest", "characteri", "present"),
    ("rich", "source", "provid", "contain", "high"), ("available", "found", "present"),
    ("interact", "interfer", "combined", "combination", "taken", "co", "administered", "given"), ("bind", "bound", "target"), ("form",), ("a ", "an ", "one of"), ("other",), ("are",), ("include",),
    ("regulated", "modulated", "controlled", "influenced", "affected", "impacted", "managed", "governed", "altered",
     "disrupted"),
    ("regulat", "modulat", "control", "normali", "help", "influenc", "affect", "impact", "alter", "effect", "interplay",
     "disrupt"),
    ("involved", "part", "participat", "essential", "crucial", "vital", "important", "necessary",
     "critical", "fundamental", "central", "key", "underpin"),
    ("role",),
    ("link", "associat", "tied", "relat", "connect", "correlat", "implicat", "involved", "observed", "seen", "found"),
    ("have", "has", "had", "show", "exhibit", "display", "where", "which"),
]
assert len(_KEYWORDS) == len(_RULES)
_KEYWORD_RULES: dict[str, list[int]] = {}
for _order, _words in enumerate(_KEYWORDS):
    for _word in _words:
        _KEYWORD_RULES.setdefault(_word.strip(), []).append(_order)
# A keyword found stands for every shorter keyword it starts with ("inhibited" is also "inhibit").
_KEYWORD_RULES = {k: sorted({o for p, orders in _KEYWORD_RULES.items() if k.startswith(p) for o in orders})
                  for k in _KEYWORD_RULES}


def _trie_pattern(words, whole_words=()) -> str:
    """A regex matching the longest of ``words`` at a place, written as a trie of their letters.

    The same matches as the plain alternation of ``words`` longest first, but
    the regex engine tests one branch per letter instead of every word in turn.
    Words in ``whole_words`` must end a word; a space in a word stands for any
    run of white space (a phrase may wrap onto the next line).

    >>> re.findall(_trie_pattern(["inhibit", "inhibited", "in"]), "inhibited in inhibits")
    ['inhibited', 'in', 'inhibit']
    >>> re.findall(_trie_pattern(["one of"]), "one of, one\\n  of")
    ['one of', 'one\\n  of']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = word in whole_words  # a word ends here

    def build(node) -> str:
        # Longer words first (letters, then the end), so the first match is the longest.
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if "" in node:
            branches.append(r"\b" if node[""] else "")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return build(trie)


# One scan finds every keyword that starts a word ("a" and "an" only as whole words).
_KEYWORD_SCAN = re.compile(r"\b(" + _trie_pattern(_KEYWORD_RULES, ("a", "an")) + ")")


# Each keyword's rules as a bit mask; the sorted rule list of a combined mask is computed once.
_KEYWORD_MASKS = {k: sum(1 << o for o in orders) for k, orders in _KEYWORD_RULES.items()}
_MASK_RULES: dict[int, list[int]] = {0: []}


def _candidate_rules(between: str) -> list[int]:
    """Indexes of the rules whose keyword starts some word of ``between``, in order."""
    mask = 0
    for keyword in _KEYWORD_SCAN.findall(between):
        found = _KEYWORD_MASKS.get(keyword)
        mask |= found if found is not None else _KEYWORD_MASKS[" ".join(keyword.split())]  # "one\nof"
    rules = _MASK_RULES.get(mask)
    if rules is None:
        rules = _MASK_RULES[mask] = [o for o in range(mask.bit_length()) if mask >> o & 1]
    return rules

_REUPTAKE_AFTER = re.compile(r"^\s*(?:from\s+being\s+(?:recycled|reabsorbed|taken\s+up)|re-?uptake)")

_COORDINATION = re.compile(
    r"^\)?\s*(?:,|;|and|or|&|/|and/or|as\s+well\s+as|,\s*(?:and|or)|,\s*as\s+well\s+as)?\s*"
    r"(?:(?:the|a|an|some|other|key|certain)\s+)?(?:(?:sense|feelings?|state|lack|loss)\s+of\s+)?$"
    # "Supplementation, often combined with vitamin B6, ...": both are the subject
    r"|^\s*,\s*(?:often\s+|usually\s+|sometimes\s+|typically\s+)?(?:combined\s+with|together\s+with|along\s+with)\s+$")
# The same entity named again: "cortisol, the 'stress hormone'", "X (X)".
_NAMED_AGAIN = re.compile(r"^\s*(?:\(|,?\s*(?:often\s+)?(?:referred\s+to\s+as|known\s+as|also\s+called|or|i\.e\.,?)\s*"
                          r"(?:the\s+)?[\"'“‘]?)$")
_CONJUNCTION = re.compile(r"\b(?:and|or|as well as)\b|[&/]")
# "and chia seeds" where only "seeds" is known: one unknown modifier word (no trigger word) may precede.
_COORDINATION_LOOSE = re.compile(r"^\s*(?:,?\s*(?:and|or)|,)\s+(?!(?:which|that|who|whose|it|its|they|their|this|these|the|a|an|"
                                 r"both|but|so|thus|then|also|often|not|as|in|on|at|by|for|with|from|to|of|while|whereas|whilst|although|though|"
                                 r"because|since|when|where|if|unless|until|after|before|yet|however|is|are|was|were)\s)[a-z][a-z-]*\s+$")
_ALIAS = re.compile(r"^\s*,?\s*(?:\(?\s*)?(?:(?:often|also|commonly|sometimes|popularly)\s+)?(?:known\s+as|called|"
                    r"referred\s+to\s+as|nicknamed|dubbed|a\.k\.a\.?|aka)\s*(?:the\s+)?[\"'“‘]?$", re.I)
# Words _ALIAS needs: a cheap first test, made on the lower-cased text (a re.I pattern is several times slower).
_MAY_ALIAS = re.compile(r"known|call|refer|nick|dub|aka|a\.k\.a")
_PAREN_LIST = re.compile(r"^\s*\(\s*(?:e\.g\.,?|i\.e\.,?|such\s+as|including|like|namely)?\s*$", re.I)
_APPOSITION = re.compile(r"^\s*,\s*(?:a|an)\s+$")
_HYPONYMY = re.compile(r"^\)?\s*(?:(?:levels?|concentrations?|systems?)\s+)?,?\s*"
                       r"(?:such\s+as|like|including|especially|e\.g\.,?|particularly(?:\s+involving)?)\s*:?\s*$")
# The main clause's subject right after a fronted clause's comma. Otherwise ("When magnesium levels are low, the
# regulation of dopamine suffers"; "..., it can lead to X") the fronted entity is what the main clause is about.
_MAIN_SUBJECT_NEXT = re.compile(r",\s*(?:the\s+|a\s+|an\s+)?$")
_SUBORDINATE_OPENER = re.compile(r"\s*(?:When|Whenever|If|Once|After|Before|Because|Although|Though|While|Unless|Since)\b")
# A sentence-initial prepositional phrase: "For anxiety, ...", "In depression, ...".
_FRONTED = re.compile(r"(?:^|\n|[.!?:]\s)\s*(?:For|In|Among|Unlike|Beyond|Besides|Like)\s+(?:the\s+)?$")
_COMPARISON = re.compile(r"^\s*,\s*like\s*$")
_APPOSITION_OPEN = re.compile(r"^\s*,\s*(?:a|an|the)\b[^,;]*$")
# "X, often exacerbated by Y, leads to Z": a passive aside about X; Z is X's again.
_PASSIVE_ASIDE = re.compile(r"^\s*(?:imbalances?|deficienc(?:y|ies)|levels?)?\s*,\s*(?:\w+ly\s+|often\s+|sometimes\s+)?(?:exacerbated|worsened|caused|triggered|driven|"
                            r"induced|aggravated|made\s+worse)\s+by\s+[^,;]*$", re.I)
_COMMA_BEFORE_SEMICOLON = re.compile(r"^[^,;]*,")
_RELATIVE = re.compile(r"^\s*,?\s*(?:that|which|who)\b")
# "X is a", "X: A" (a definition line), before the class a relative or reduced clause continues.
_COPULA_CLASS = re.compile(r"^\s*(?:(?:is|are|:)\s*(?:a|an|the)|,\s*(?:a|an|the))\s+$", re.I)
# "X is activated by Y and plays a part in Z": the second predicate is X's again.
_COORDINATED_PREDICATE = re.compile(r"^\s*,?\s*(?:and|but)\s+(?:also\s+|then\s+)?(?:play|plays|is|are|has|have|can|may|might|"
                                    r"could|will|helps?|acts?|works?|leads?|seems?|appears?)\b")

# A pronoun opening a new clause between two mentions: ", and it can", "; they may".
_NEW_CLAUSE_SUBJECT = re.compile(
    r"(?:,|;|\band|\bwhen|\bif|\bbecause|\bonce)[\s,]+(?:[a-z-]+[\s,]+){0,4}?(?:it\s+"
    r"(?:can|may|might|could|will|would|is|are|was|were|has|have|does|do|also|then|[a-z]+s)|they\s+[a-z]+)\b")
_OPENERS_AFTER_COMMA = ("while", "whereas", "although", "though", "but")
_OPENERS = ("when", "whenever", "if", "unless", "because", "once")
_CLAUSE_OPENS = re.compile(rf"(?:,\s*(?:{'|'.join(_OPENERS_AFTER_COMMA)})|;|\b(?:{'|'.join(_OPENERS)}))\s+"
                           r"(?:the\s+|a\s+|an\s+)?$")
# What a text that _CLAUSE_OPENS matches ends with, spaces aside: a cheap test before the slow search.
_CLAUSE_OPEN_ENDS = (";", *_OPENERS_AFTER_COMMA, *_OPENERS, "the", "a", "an")
# A second verb phrase of the same subject: "and reduces", ", thereby impacting", "and to help lower".
_SECOND_PREDICATE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,2}?(?:[\w-]+)?\s*(?:,\s*and|,\s*or|,|and|or)\s+(?:also\s+|thereby\s+|thus\s+|then\s+)?(?:to\s+)?(?:help(?:s|ing)?\s+(?:to\s+)?)?"
    r"(?:[a-z]+(?:s|es|ing)|contribute|lead|cause|reduce|increase|decrease|improve|support|affect|disrupt|impair|"
    r"enhance|promote|lower|raise|regulate|modulate|protect|prevent|trigger|worsen|influence|alter|inhibit|block)\b"
    r"(?!\s+(?:of|by)\b)")
# "a role in the regulation of A and the modulation of B": B is the same subject's.
_AND_NOMINAL = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:the\s+|its\s+|their\s+)?(?:regulation|modulation|control|maintenance|"
                          r"production|release|synthesis|activation|inhibition|balance)\s+of\s+(?:the\s+)?$")
# "mechanisms that are not yet fully understood" doubts the claim; it does not deny it.
# "not (yet) fully understood": a hedge, never a negation. One spelling for both patterns below.
_NOT_YET_KNOWN = (r"not\s+(?:yet\s+)?(?:fully\s+|well\s+|completely\s+|entirely\s+|clearly\s+)?"
                  r"(?:understood|known|clear|established|elucidated)")
_UNKNOWN = re.compile(r"\b" + _NOT_YET_KNOWN + r"\b")
_HEDGE = re.compile(
    r"\b(?:" + _NOT_YET_KNOWN + r"|may|might|could|possibly|possible|potentially|potential|perhaps|suggests?|suggesting|suggested|"
    r"appears?\s+to|seems?\s+to|seem|thought\s+to|believed|likely|putative|hypothes\w+|proposed|promising|"
    r"indicat(?:es|ing|ed)|some\s+evidence|preliminary|emerging|being\s+explored|further\s+exploration)\b")
_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|cannot|can't|can’t|doesn't|doesn’t|don't|don’t|didn't|didn’t|isn't|aren't|"
    r"wasn't|hasn't|haven't|fails?\s+to|failed\s+to|without\s+\w+ing)\b")
_NO_EVIDENCE = re.compile(r"\b(?:(?:no|little|scant|insufficient)\s+(?:clear\s+|good\s+|convincing\s+)?evidence\s+(?:that|for)|not\s+(?:been\s+)?shown|has\s+not\s+shown|"
                          r"did\s+not\s+find|failed\s+to\s+show|there\s+is\s+no)\b[^.;]*$")

_DEFICIENCY_BEFORE = re.compile(
    r"(?:\b(?:low|lower|reduced|decreased|insufficient|inadequate|poor|deficient|diminished|depleted)\s+"
    r"(?:\w+\s+){0,2}?(?:(?:intake|levels?|amounts?|concentrations?|status)\s+)?(?:of\s+)?(?:the\s+)?"
    r"|\b(?:deficiency|deficiencies|lack|shortage|depletion|loss|absence|deficit)\s+(?:of|in)\s+(?:the\s+)?"
    r"|\b(?:without|not)\s+(?:enough|sufficient|adequate)\s+)$")
_DEFICIENCY_AFTER = re.compile(
    r"^\s*(?:-?\s*)?(?:deficiency|deficiencies|deficient|depletion|insufficiency|deficit|"
    r"levels?\s+(?:is|are|were|was)\s+(?:low|insufficient|inadequate))\b")
# "calcium imbalances": a state without a direction, like the lexicon's "electrolyte imbalance"
_IMBALANCE_AFTER = re.compile(r"^\s*(?:imbalances?|dysregulation)\b")
_DEFICIENCY_LATER = re.compile(r"\b(?:its|their)\s+(?:deficiency|depletion|lack|absence)\b")
_EXCESS_BEFORE = re.compile(r"\b(?:high|higher|elevated|excess(?:ive)?|too\s+much)\s+(?:(?:levels?|intake)\s+)?(?:of\s+)?$")
_EXCESS_AFTER = re.compile(r"^\s*(?:excess|overload|toxicity)\b")
_OBJECT_DECREASE = re.compile(r"\b(?:decreased|lower|low|reduced|diminished|depleted|less)\s+(?:\w+\s+)?$")
_OBJECT_INCREASE = re.compile(r"\b(?:increased|higher|heightened|elevated|excessive|more)\s+(?:\w+\s+)?$")
_BETWEEN_LIMIT = 160

# Definite noun phrases that refer back to a recent entity of a category.
_ANAPHOR_NOUN = re.compile(
    r"\b(mineral|receptor|neurotransmitter|drug|medication|hormone|nutrient|enzyme|condition|disorder|chemical|"
    r"compound|electrolyte|element)s?\b", re.I)
_ANAPHOR_NOUN_WORDS = re.findall(r"[a-z]+", _ANAPHOR_NOUN.pattern.split("(", 1)[1].split(")", 1)[0])


def _anaphor_nouns(lowered: str) -> list[tuple[int, int, str, str]]:
    """(start, end, noun, surface) of every category noun in a lower-cased text, in order.

    What ``_ANAPHOR_NOUN`` finds, by a C substring search per noun instead of
    trying the alternation at every word start (no noun begins another).

    >>> _anaphor_nouns("the minerals; a drug-like mineral2 condition")
    [(4, 12, 'mineral', 'minerals'), (16, 20, 'drug', 'drug'), (35, 44, 'condition', 'condition')]
    """
    size = len(lowered)

    def word_char_at(i: int) -> bool:  # what \w matches
        return 0 <= i < size and (lowered[i].isalnum() or lowered[i] == "_")

    out = []
    for noun in _ANAPHOR_NOUN_WORDS:
        at = lowered.find(noun)
        while at >= 0:
            end = at + len(noun)
            if not word_char_at(at - 1):  # \b before
                stop = end + 1 if end < size and lowered[end] == "s" and not word_char_at(end + 1) else end
                if not word_char_at(stop):  # \b after
                    out.append((at, stop, noun, lowered[at:stop]))
            at = lowered.find(noun, end)
    out.sort()
    return out
# The only characters that re.I matches to an ASCII letter, or whose lower case is longer (U+0130).
_CASE_TRAPS = re.compile("[\u0130\u0131\u017f\u212a]")
_ANAPHOR_DETERMINER = re.compile(r"\b(?:this|these|that|those|the\s+same|such|the)\s+$", re.I)
_DEFINITE_ONLY = {"receptor", "mineral", "drug", "neurotransmitter", "hormone", "nutrient"}  # "the receptor"
_ANAPHOR_CATEGORIES = {
    "mineral": {"Mineral"}, "electrolyte": {"Mineral"}, "receptor": {"Receptor"},
    "neurotransmitter": {"Neurotransmitter"}, "drug": {"Drug", "DrugClass"}, "medication": {"Drug", "DrugClass"},
    "hormone": {"Hormone"}, "nutrient": {"Nutrient", "Mineral"}, "enzyme": {"Enzyme"},
    "condition": {"Disorder", "Symptom"}, "disorder": {"Disorder"},
    "chemical": {"Mineral", "Drug", "Nutrient", "Neurotransmitter", "Hormone"},
    "compound": {"Mineral", "Drug", "Nutrient"}, "element": {"Mineral"},
}
_PLACE_CATEGORIES = frozenset({"Anatomy", "CellularComponent"})
# "in the blood", "across cell membranes", "within the brain": a place named as a locative.
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|within|across|throughout|inside|into|through|enters?|entering|reach(?:es|ing)?)\s+(?:the\s+|a\s+|our\s+|their\s+|its\s+)?"
                              r"(?:[\w-]+\s+)?$")
# ... unless a verb says something happens to or in the place: "found in the brain", "damage in neurons".
_ABOUT_PLACE = re.compile(r"\b(?:found|present|expressed|located|localized|localised|stored|accumulat\w*|concentrated|"
                          r"damage|injury|atrophy|changes?|loss|death|degeneration|growth|formation|roles?|part|"
                          r"involved|participat\w*|essential|crucial|vital|important|key|central|necessary|critical|"
                          r"implicated|interest|effects?|activity|function)\s+(?:\w+\s+)?"
                          r"(?:in|within|across|throughout|inside|into|through)\s+\S*\s*\S*\s*$")


# "brain function", "brain health": an umbrella for everything the place does (gold: skipped).
_VAGUE_AFTER = re.compile(r"\s+(?:function|functions|functioning|health|activity|chemistry)\b", re.I)


def _is_locative(text: str, start: int, end: int) -> bool:
    """Whether a place mention only says where ("in the blood") or whose ("the brain's circuits")."""
    if text.startswith(("'s", "\u2019s"), end) or _VAGUE_AFTER.match(text, end):
        return True
    before = text[max(0, start - 40):start].lower()
    return bool(_LOCATIVE_BEFORE.search(before)) and not _ABOUT_PLACE.search(before)


_SUCH_FOODS = re.compile(r"\b(?:such|these|those)\s+(?:foods|sources|food\s+sources)\b", re.I)
_RICH_IN = re.compile(r"\b(?:rich|high|abundant)\s+in\s+(?:(?:key|these|the|essential)\s+)?$|\bsources?\s+of\s+$", re.I)
_PRONOUN_SUBJECT = re.compile(r"^\s*(?:It|They)\b")
# A pronoun opening a clause inside a sentence: ", and, with chronic use, it can", "; they may".
_CLAUSE_PRONOUN = re.compile(
    r"(?:,|;|\band\b|\bbut\b|\bwhen\b|\bif\b|\bbecause\b|\bonce\b)[\s,]+(?:[a-z-]+[\s,]+){0,4}?\b(?:(it)\s+"
    r"(?:can|may|might|could|will|would|also|then|often|[a-z]+s)|(they)\s+(?!of\b|by\b|that\b)[a-z]+)\b(?!\s+(?:of|by|that)\b)")
# How far into a sentence its first mention may start and still be the subject ("For instance, X ...").
_SUBJECT_REACH = 30


@dataclass(slots=True)
class _Mention:
    start: int  # document offsets
    end: int
    entity_id: str
    text: str
    anaphoric: bool = False
    state: str | None = None  # "deficiency", "excess", "imbalance", "supplementation" from a compound name
    generic: bool = False  # an umbrella word ("neurotransmitters", "medications"): never a statement's end
    pronoun: bool = False  # "it", "they": opens a clause, never part of a list


# Umbrella phrases that name a whole field rather than an entity a statement can be about.
_UMBRELLA = re.compile(
    r"(?:(?:mental|psychiatric|mental\s+health|psychological)\s+(?:disorders?|conditions?|problems?|illness(?:es)?|issues?)"
    r"|medications?|medicines?|drugs?|pharmacological\s+(?:treatments?|interventions?|agents?|therap(?:y|ies))"
    r"|chemicals?|substances?|compounds?|(?:dietary\s+)?supplements?)", re.I)
# Caches that belong to one lexicon. Each holds its lexicon (or entity table) itself, so a new lexicon
# can never meet a stale cache that happens to share a freed object's id; the last lexicon's cache is replaced.
_PER_LEXICON: dict[str, tuple[object, dict]] = {}


def _lexicon_cache(name: str, owner) -> dict:
    held = _PER_LEXICON.get(name)
    if held is None or held[0] is not owner:
        held = _PER_LEXICON[name] = (owner, {})
    return held[1]


def _is_generic(entity, text: str, entities) -> bool:
    """Whether a mention names a category as a whole: "minerals", "hormones", "mental health conditions".

    An entity whose name is its own schema category ("mineral" is a Mineral,
    "neurotransmitter" a Neurotransmitter) is the category itself; an umbrella
    phrase names a field. Statements about them say nothing about any entity.
    """
    cache = _lexicon_cache("generic", entities)
    key = (entity.id, text)
    if key not in cache:
        name = entity.name.lower()
        singular = name[:-1] if name.endswith("s") else name
        cache[key] = (bool(_UMBRELLA.fullmatch(text.strip())) or singular == entity.category.lower()
                      or bool(_UMBRELLA.fullmatch(name)))
    return cache[key]


# "magnesium deficiency", "low magnesium", "potassium excess" as written: the deficiency model
# (a sign flip onto the substance) applies even where the lexicon names the state as a disorder.
_STATE_TEXT = re.compile(r"^(?:(?P<low>low|lower|insufficient|inadequate|deficient)\s+(?P<a>.+)|(?P<b>.+?)\s+"
                         r"(?P<state>deficiency|deficiencies|deficit|depletion|insufficiency|excess|overload))$")


def _head(lexicon, entity_id: str, text: str = "") -> tuple[str, str] | None:
    cache = _lexicon_cache("heads", lexicon)
    key = entity_id + "\0" + text.lower()
    if key not in cache:
        head = lexicon.head(entity_id) if hasattr(lexicon, "head") else None
        if head is None and text:
            written = _STATE_TEXT.match(" ".join(text.lower().split()))
            if written is not None:
                state = "deficiency" if written.group("low") or written.group("state") not in ("excess", "overload") \
                    else "excess"
                for e in lexicon.resolve(written.group("a") or written.group("b")):
                    if e.id != entity_id and e.category in _SUBSTANCE_CATEGORIES:
                        head = (e.id, state)
                        break
        cache[key] = head if head is not None and head[0] in lexicon.entities else None
    return cache[key]


class _Group:
    """Coordinated mentions that act together ("sodium, potassium and calcium")."""

    __slots__ = ("members", "start", "end", "isa", "hyponym_of", "comparison", "fronted")

    def __init__(self, members: list[_Mention], start: int, end: int):  # plain class: built for every mention
        self.members = members
        self.start = start
        self.end = end
        self.isa: list[tuple[_Mention, _Mention]] = []  # (member, class): "CLASS such as member"
        self.hyponym_of: list[_Mention] = []  # the classes a "such as" list is expanding
        self.comparison = False
        self.fronted = False  # "For anxiety, ...": a sentence-initial phrase, never the subject


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
    meanings: dict[tuple[str, str], tuple[str, str | None, bool, bool]] = {}  # (entity id, text) -> (id, state, generic, place)
    si = 0
    for m in matches:
        while si < len(sentences) and sentences[si].end <= m.start:
            si += 1
        if si >= len(sentences):
            break
        if m.start < sentences[si].start or m.entity_id not in entities:
            continue
        # A surface says the same wherever it occurs: what it means is worked out once per document.
        meaning = meanings.get((m.entity_id, m.text))
        if meaning is None:
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
        mentions.append(Mention(entity_id, m.text, doc.id, m.start, m.end, si))
        if place and _is_locative(text, m.start, m.end):
            continue  # "levels in the blood", "the brain's circuits": where, not what
        per_sentence[si].append(_Mention(m.start, m.end, entity_id, m.text, state=state, generic=generic))

    statements: list[Statement] = []
    recent: list[str] = []  # entity ids, most recent last
    previous_subject: str | None = None
    previous_only: str | None = None  # a sentence that is just one entity name (a table cell)
    lead_in: tuple[str, str, bool] | None = None  # (entity id, type, passive) of a "...rich in X, including:" line
    topic_disorder: str | None = None  # the disorder the text is currently about
    previous_ids: list[str] = []  # entities the previous sentence named
    source_topic: str | None = None  # X of the last "foods rich in X": what "such foods" are rich in
    # Category nouns ("this mineral") are found once per document, then taken sentence by sentence.
    if _CASE_TRAPS.search(text) is None:
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
        if not out and found and previous_only and _starts_with_trigger(sentence.text):
            # A table row: "Dopamine" then "Involved in motivation, attention, ...".
            subject = _Mention(sentence.start, sentence.start, previous_only, "")
            out = _sentence_statements(text, sentence, [subject] + found, entities, schema, doc.id)
        # After a lead-in, a line of its own without closing punctuation is a list item too.
        is_item = is_bullet or (lead_in is not None and _own_line(text, sentence)
                                and not sentence.text.rstrip().endswith((".", "!", "?")))
        if lead_in and is_item and not _labelled(text, sentence, found):
            out += _lead_in_statements(text, sentence, found, lead_in, entities, schema, doc.id)
        if source_topic and found and _SUCH_FOODS.search(sentence.text):
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
        statements.extend(out)
        slow = sentence.text.lower() if found else ""
        for m in found if ("rich" in slow or "high" in slow or "abundant" in slow or "source" in slow) else ():
            if m.start - sentence.start >= 8 and _RICH_IN.search(text, max(sentence.start, m.start - 40), m.start):
                source_topic = m.entity_id
                break
        previous_ids = [m.entity_id for m in found if not m.generic]
        if found and (found[0].pronoun or (found[0].start - sentence.start <= _SUBJECT_REACH and not found[0].generic)):
            previous_subject = found[0].entity_id  # the subject a leading "It" of the next sentence means
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


# --- mentions ------------------------------------------------------------------


def _is_bullet(text: str, sentence: Sentence) -> bool:
    line_start = text.rfind("\n", 0, sentence.start) + 1
    prefix = text[line_start:sentence.start]
    return bool(prefix.strip()) and not any(ch.isalnum() for ch in prefix)


def _labelled(text: str, sentence: Sentence, found: list[_Mention]) -> bool:
    """A "Label: items" line whose label is an entity: the label, not a lead-in, is what the items are about."""
    first = found[0] if found else None
    return (first is not None and first.start - sentence.start <= 2
            and text[first.end:first.end + 2].lstrip().startswith(":"))


def _starts_with_trigger(sentence_text: str) -> bool:
    head = sentence_text[:40].lower()
    return any(rx.match(head) for _, rx, passive in _COMPILED if not passive and rx.pattern.startswith(r"\b"))


def _anaphora(text, sentence, found, recent, entities, previous_subject, nouns, previous_ids=()) -> list[_Mention]:
    """Mentions for "this mineral", "these receptors", "the drug" and a leading "It".

    ``nouns`` are the category nouns inside the sentence: (start, end, noun, matched text);
    ``previous_ids`` the entities the previous sentence named, which a plural
    ("these elements") refers back to when it named several of the category.
    """
    out: list[_Mention] = []
    taken = [(m.start, m.end) for m in found if not m.generic]
    if recent:
        out.extend(_state_anaphora(text, sentence, taken, recent, entities, previous_subject, previous_ids))
    for noun_start, noun_end, noun, surface in nouns if recent else ():
        det = _ANAPHOR_DETERMINER.search(text, max(sentence.start, noun_start - 12), noun_start)
        if det is None:
            continue
        words = det.group(0).lower().split()
        if words == ["the"] and (noun not in _DEFINITE_ONLY or surface.endswith("s")):
            continue
        start, end = det.start(), noun_end
        if any(s < end and start < e for s, e in taken):
            continue
        categories = _ANAPHOR_CATEGORIES.get(noun, set())
        if surface.endswith("s") and words[0] in ("these", "those", "such"):
            several = [i for i in dict.fromkeys(previous_ids) if entities[i].category in categories
                       and not _is_class(entities[i], entities)]
            if len(several) >= 2:
                out.extend(_Mention(start, end, i, text[start:end], anaphoric=True) for i in several)
                continue
        for entity_id in reversed(recent):
            e = entities.get(entity_id)
            if e is not None and e.category in categories and (not _is_class(e, entities) or e.category == "DrugClass"):
                out.append(_Mention(start, end, entity_id, text[start:end], anaphoric=True))
                break
    lead = _PRONOUN_SUBJECT.match(sentence.text)
    subject = None
    if lead and previous_subject and not any(m.start < sentence.start + lead.end() for m in found):
        start = sentence.start + lead.start() + (len(lead.group(0)) - len(lead.group(0).lstrip()))
        out.append(_Mention(start, sentence.start + lead.end(), previous_subject, text[start:sentence.start + lead.end()],
                            anaphoric=True, pronoun=True))
        subject = previous_subject
    elif found and found[0].start - sentence.start <= _SUBJECT_REACH and not found[0].generic:
        subject = found[0].entity_id
    if subject is not None and (" it " in sentence.text or " they " in sentence.text):
        # "X can cause A, and, with chronic use, it can worsen B": the pronoun is X again.
        for hit in _CLAUSE_PRONOUN.finditer(sentence.text):
            which = 1 if hit.group(1) else 2  # "it ..." or "they ..."
            start, end = sentence.start + hit.start(which), sentence.start + hit.end(which)
            if not any(m.start < end and start < m.end for m in found):
                out.append(_Mention(start, end, subject, text[start:end], anaphoric=True, pronoun=True))
    return out


# A state with no entity named: "This imbalance can ...", "Supplementation has shown ...",
# "Chronic deficiency and ...", "High or fluctuating levels can cause ...".
_STATE_NOUN = re.compile(r"\b(?:[Tt]his|[Tt]hese|[Ss]uch\s+an?|[Tt]he)\s+(deficiency|deficiencies|imbalance|imbalances|depletion)\b"
                         r"|^(?:(?:Chronic|Severe|Mild|Long-term|Prolonged|Regular|Daily)\s+(deficiency|supplementation|depletion)|"
                         r"(Deficiency|Supplementation|Depletion))\b")
_STATE_LEVELS = re.compile(r"^((?:Low|Lower|Reduced|Decreased|Insufficient|Inadequate|Deficient)|"
                           r"(?:High|Higher|Elevated|Excessive|Excess|Increased)|"
                           r"(?:Irregular|Fluctuating|Abnormal|Altered|Imbalanced))(?:\s+(?:or|and)\s+[a-z]+)?\s+levels\b")
_STATE_OF = {"deficiency": "deficiency", "deficiencies": "deficiency", "depletion": "deficiency",
             "imbalance": "imbalance", "imbalances": "imbalance", "supplementation": "supplementation"}
_NUTRIENT_CATEGORIES = ("Mineral", "Nutrient")
_SUBSTANCE_CATEGORIES = ("Mineral", "Nutrient", "Neurotransmitter", "Hormone")


def _state_anaphora(text, sentence, taken, recent, entities, previous_subject, previous_ids) -> list[_Mention]:
    """Mentions for a state named without its substance: the nutrient (or transmitter) under discussion."""
    out: list[_Mention] = []
    stext = sentence.text
    if not ("levels" in stext or "efici" in stext or "mbalance" in stext or "upplementation" in stext
            or "epletion" in stext):
        return out  # none of the state words: nothing to find
    levels = _STATE_LEVELS.match(stext)
    if levels is not None and previous_subject is not None and not any(s < sentence.start + levels.end() for s, _ in taken):
        e = entities.get(previous_subject)
        if e is not None and e.category in _SUBSTANCE_CATEGORIES and not _is_class(e, entities):
            word = levels.group(1).lower()
            state = ("deficiency" if word in ("low", "lower", "reduced", "decreased", "insufficient", "inadequate",
                                             "deficient") else
                     "excess" if word in ("high", "higher", "elevated", "excessive", "excess", "increased") else "imbalance")
            start, end = sentence.start, sentence.start + levels.end()
            out.append(_Mention(start, end, e.id, text[start:end], anaphoric=True, state=state))
    if not ("efici" in stext or "mbalance" in stext or "upplementation" in stext or "epletion" in stext):
        return out
    for hit in _STATE_NOUN.finditer(stext):
        start, end = sentence.start + hit.start(), sentence.start + hit.end()
        word = next(g for g in hit.groups() if g)
        if any(s < end and start < e and text[s:e].lower() != word.lower() for s, e in taken):
            continue  # "this magnesium deficiency" names its substance
        state = _STATE_OF[word.lower()]
        # The substance the previous sentence named, else the last nutrient the text discussed.
        candidates = [i for i in previous_ids if entities[i].category in _NUTRIENT_CATEGORIES] + \
                     [i for i in previous_ids if entities[i].category in _SUBSTANCE_CATEGORIES] + \
                     [i for i in reversed(recent) if entities[i].category in _NUTRIENT_CATEGORIES]
        candidates = [i for i in candidates if not _is_class(entities[i], entities)]
        if candidates:
            out.append(_Mention(start, end, candidates[0], text[start:end], anaphoric=True, state=state))
    return out


def _is_class(entity, entities) -> bool:
    """Class-like entities (drug classes, any lexicon parent) that "such as" lists expand."""
    cache = _lexicon_cache("classes", entities)
    parents = cache.get("parents")
    if parents is None:
        parents = cache["parents"] = frozenset(p for e in entities.values() for p in e.parents)
    return entity.category == "DrugClass" or entity.id in parents


# --- grouping ------------------------------------------------------------------


# Categories whose members may belong to each other's classes ("dopamine is a hormone", "magnesium is a nutrient").
_KINDRED = ({"Drug", "DrugClass"}, {"Neurotransmitter", "Hormone"}, {"Mineral", "Nutrient"})


def _same_kind(member, cls) -> bool:
    """Whether ``member`` can be an instance of ``cls``: one category (a drug of a drug class too)."""
    kinds = {member.category, cls.category}
    return len(kinds) == 1 or kinds in _KINDRED


def _class_of(member: _Mention, classes: list[_Mention], entities) -> _Mention:
    """The class a "such as" example belongs to: its lexicon parent among ``classes``, else the nearest."""
    parents = entities[member.entity_id].parents
    for cls in classes:
        if cls.entity_id in parents:
            return cls
    return classes[-1]


def _drop_class_heads(text: str, mentions: list[_Mention], entities, heads: dict) -> list[_Mention]:
    """"the neurotransmitter glutamate", "the mineral magnesium": the class word only introduces the member.

    ``heads`` receives member start -> class mention, for the membership the phrase states.
    """
    out: list[_Mention] = []
    for i, m in enumerate(mentions):
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (nxt is not None and text[m.end:nxt.start].isspace() and not m.anaphoric
                and _is_class(entities[m.entity_id], entities)
                and not _is_class(entities[nxt.entity_id], entities)):
            if _same_kind(entities[nxt.entity_id], entities[m.entity_id]):
                heads[nxt.start] = m
            continue
        out.append(m)
    return out


# Every pattern that joins two mentions into one group is shorter than this ("often referred to as the '").
_GROUP_GAP = 60


# Every pattern below that can join a mention to the group before it (but the slow _ALIAS, which has a cheap
# pre-test), as one alternation: one C call turns away the many mentions that start a group of their own.
_JOINER = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in (
    _COORDINATION, _NAMED_AGAIN, _PAREN_LIST, _HYPONYMY, _COMPARISON, _APPOSITION, _COORDINATION_LOOSE)))


def _groups(text: str, mentions: list[_Mention], entities) -> list[_Group]:
    groups: list[_Group] = []
    heads: dict = {}
    for m in _drop_class_heads(text, mentions, entities, heads):
        if groups and not m.pronoun and m.start - groups[-1].end <= _GROUP_GAP:
            g = groups[-1]
            between = text[g.end:m.start]
            may_alias = _MAY_ALIAS.search(between.lower()) is not None
            if not (m.anaphoric or may_alias or _JOINER.match(between)):
                groups.append(_Group([m], m.start, m.end))  # most mentions: nothing below can join them
                continue
            entity_id = m.entity_id
            if len(between) < 40 and any(x.entity_id == entity_id for x in g.members) and (
                    _COORDINATION.match(between) or _NAMED_AGAIN.match(between)):
                g.end = m.end  # the same entity named twice: "cortisol, the 'stress hormone'"
                continue
            if may_alias and _ALIAS.match(between) and (m.generic or any(m.entity_id == x.entity_id for h in groups for x in h.members)):
                # "X, an anesthetic known as 'K'": the alias names X again; "cortisol, often referred to
                # as the 'stress hormone'": a nickname made of a class word describes X, it is no member.
                g.end = m.end
                continue
                continue
            if _PAREN_LIST.match(between) and all(x.generic or _is_class(entities[x.entity_id], entities) for x in g.members):
                classes = [x for x in g.members if _is_class(entities[x.entity_id], entities)]
                # "certain medicines (digoxin, nitrofurantoin, ...)": the parenthesis names the members.
                g.hyponym_of = classes
                if classes and _same_kind(entities[m.entity_id], entities[classes[-1].entity_id]):
                    g.isa.append((m, _class_of(m, classes, entities)))
                g.members.append(m)
                g.end = m.end
                continue
            if _HYPONYMY.match(between) and (classes := [x for x in g.members if _is_class(entities[x.entity_id], entities)]):
                # "Nuts and seeds, such as almonds": the class stays a member (it is named too) and
                # the example is a member of the class the lexicon puts it in, else of the nearest one.
                g.hyponym_of = classes
                cls = _class_of(m, classes, entities)
                if _same_kind(entities[m.entity_id], entities[cls.entity_id]):
                    g.isa.append((m, cls))
                g.members.append(m)
                g.end = m.end
                continue
            if _COMPARISON.match(between):
                g.members.append(m)
                g.comparison = True
                g.end = m.end
                continue
            if _APPOSITION.match(between):
                pass  # "imipramine, an antidepressant,": an apposition, not a list
            elif len(g.members) == 1 and between.strip() == "," and _FRONTED.search(text, max(0, g.start - 16), g.start):
                g.fronted = True  # "For anxiety, magnesium's ability ...": a fronted phrase, then the subject
            elif (m.anaphoric and g.members[-1].anaphoric and g.members[-1].start == m.start) or (
                    _COORDINATION.match(between) and ("," in between or _CONJUNCTION.search(between))) or (
                    _COORDINATION_LOOSE.match(between) and _trigger(between.lower(), "") is None
                    and entities[m.entity_id].category == entities[g.members[-1].entity_id].category):
                # (the loose form only joins like with like: "cheese, cured meats" yes, "cytokines and divert tryptophan" no)
                if g.hyponym_of and all(m.entity_id != c.entity_id for c in g.hyponym_of):
                    cls = _class_of(m, g.hyponym_of, entities)
                    if _same_kind(entities[m.entity_id], entities[cls.entity_id]):
                        g.isa.append((m, cls))
                g.members.append(m)
                g.end = m.end
                continue
        groups.append(_Group([m], m.start, m.end))
    for g in groups:
        # "magnesium, like ketamine," ends with a comma that belongs to the comparison.
        if g.comparison and text[g.end:g.end + 1] == ",":
            g.end += 1
        if heads:
            g.isa.extend((m, heads[m.start]) for m in g.members if m.start in heads)
    return groups


# --- statements ----------------------------------------------------------------


_LINK_BETWEEN = re.compile(r"\b(?:link|relationship|connection|association|interplay|interaction)s?\s+between\s+(?:the\s+)?$")


def _sentence_statements(text, sentence: Sentence, mentions, entities, schema, doc_id) -> list[Statement]:
    if not mentions:
        return []
    groups = _groups(text, mentions, entities)
    out: list[Statement] = []

    refs: dict[tuple[str, str], EntityRef] = {}

    def emit(subject_m, type_, object_m, modifier=None, hedged=False, negated=False, membership=False):
        made = _statement(subject_m, type_, object_m, entities, schema, sentence, doc_id, refs,
                          modifier, hedged, negated, membership)
        if made is not None:
            out.append(made)

    sentence_lower = sentence.text.lower()
    cue_cache: list = []

    def cues() -> tuple[int | None, bool, bool]:
        """(end of the first hedge cue, may it negate, any state word): found once per sentence, and only for a
        sentence that states something (many pairs have no trigger at all)."""
        if not cue_cache:
            hedge = _HEDGE.search(sentence_lower)
            hedge_end = sentence.start + hedge.end() if hedge else None
            if sentence_lower.rstrip().endswith("?"):
                hedge_end = sentence.start  # a question asserts nothing: all it says is hedged
            cue_cache.append((hedge_end,
                              _NEGATION.search(sentence_lower) is not None or "evidence" in sentence_lower,
                              _STATE_CUE.search(sentence_lower) is not None))
        return cue_cache[0]
    for g in groups:
        for member, cls in g.isa:
            emit(member, "IS_A", cls, hedged=False, membership=True)
    # Pairs "link between A and B": a group of two after "between".
    for g in groups:
        if "between" not in sentence_lower or len(g.members) != 2:
            continue
        before = text[max(sentence.start, g.start - 60):g.start].lower()
        if _LINK_BETWEEN.search(before):
            kind = "INTERACTS_WITH" if "interaction" in before else "ASSOCIATED_WITH"
            emit(g.members[0], kind, g.members[1], hedged=cues()[0] is not None)

    for g in groups if "form" in sentence_lower else ():
        # "Magnesium citrate is a popular form", "Another form, magnesium L-threonate, ...": the
        # compound's name says what it is a form of.
        if _FORM_AFTER.match(text, g.end, sentence.end) or _FORM_BEFORE.search(text, max(sentence.start, g.start - 40), g.start):
            for m in g.members:
                base = _base_of(entities[m.entity_id], entities)
                if base is not None:
                    emit(m, "FORM_OF", _Mention(m.start, m.start, base, m.text.split()[0]), hedged=cues()[0] is not None)

    opener = _SUBORDINATE_OPENER.match(sentence.text)
    if opener is not None:
        # "When MAO-A is inhibited, tyramine releases ...": the fronted clause's entities are not the main subject.
        comma = sentence.text.find(",", opener.end())
        for g in groups:
            if comma >= 0 and g.end <= sentence.start + comma:
                g.fronted = True
    previous_subject_group = None
    previous_type = None
    for i in range(1, len(groups)):
        left, right = groups[i - 1], groups[i]
        between = text[left.end:right.start]
        if len(between) > _BETWEEN_LIMIT or "\n\n" in between:
            continue
        if left.fronted and not right.fronted and _MAIN_SUBJECT_NEXT.search(between):
            continue  # "When MAO-A is inhibited, tyramine releases ...": the comma closes the clause, tyramine is the subject
        subject_group = left
        if i >= 2:
            before_left = text[groups[i - 2].end:left.start]
            if (_PASSIVE_ASIDE.match(before_left) and _COMMA_BEFORE_SEMICOLON.match(between)) or (
                    _APPOSITION_OPEN.match(before_left) and (between.lstrip().startswith(",") or (
                    not _RELATIVE.match(between) and all(_is_class(entities[x.entity_id], entities) for x in left.members)))) or (
                    (_RELATIVE.match(between) or all(x.generic or _is_class(entities[x.entity_id], entities)
                                                     for x in left.members))
                    and _COPULA_CLASS.match(before_left)):
                # "Lithium, a treatment for X, enriches Y"; "K, an anesthetic known as 'Z', relieves Y";
                # "X is a mineral involved in Y"; "Serotonin: A neurotransmitter that helps regulate Y":
                # the apposition or class describes the subject, which carries on past it.
                subject_group = groups[i - 2]
            elif _COORDINATED_PREDICATE.match(between):
                main = next((g for g in groups if not g.fronted), left)  # "In bipolar disorder, X may A but has B"
                if main is not left:
                    subject_group = main
        if previous_subject_group is not None and previous_subject_group is not left and (
                _SECOND_PREDICATE.match(between) or _AND_NOMINAL.match(between)):
            # "X restores A and reduces B", "X affects A, thereby impacting B": B is X's again.
            subject_group = previous_subject_group
        between_lower = between.lower()
        # (the pronoun test first: the clause pattern is slow to search, and needs "it" or "they")
        if (("it" in between_lower or "they" in between_lower) and _NEW_CLAUSE_SUBJECT.search(between_lower)) \
                or (between_lower.rstrip().endswith(_CLAUSE_OPEN_ENDS) and _CLAUSE_OPENS.search(between_lower)):
            # "X causes A, and it can worsen B": B belongs to the pronoun's clause, not to A;
            # "A reduces iron absorption, while vitamin C enhances it": vitamin C opens a clause of its own.
            continue
        found = _trigger(between_lower, text[right.end:right.end + 40].lower())
        if found is None:
            if between.strip() == ":":
                found = _colon_rule(left, right, entities)
            if found is None:
                continue
        type_, passive, trigger_start = found
        if type_ == "TREATS" and previous_subject_group is not None and previous_subject_group is not left \
                and _FOR_THOSE.match(between_lower, trigger_start):
            subject_group = previous_subject_group  # "X is given to raise Y in the brain for those with Z"
        elif type_ == "TREATS" and _FOR_THOSE.match(between_lower, trigger_start):
            continue  # "Y was low for people with Z": no treatment without a main predicate
        elif not passive and type_ != "IS_A" and subject_group is left:
            carried = _carried_subject(between_lower[:trigger_start], previous_subject_group, groups, left, sentence)
            if carried is not None:
                subject_group = carried
            elif (previous_type in _EVENT_TYPES and previous_subject_group is not None
                  and previous_subject_group is not left and _EVENT_RELATIVE.match(between_lower)):
                # "SSRIs block the transporter (SERT), which raises serotonin": "which" is the blocking, SSRIs' doing
                subject_group = previous_subject_group
        if not passive and type_ != "IS_A":
            previous_subject_group = subject_group
            previous_type = type_
        subjects, objects = subject_group.members, right.members
        if passive:
            subjects, objects = objects, subjects
        if type_ == "HAS_SYMPTOM" and _LIST_OF_SYMPTOMS.match(between_lower):
            continue  # "A, B, and physical symptoms like headaches": one more list item, not a predicate
        if type_ == "HAS_SYMPTOM":
            # "fatigue, appetite changes and physical symptoms like headaches": a symptom has no symptoms.
            disorders = [x for x in subjects if entities[x.entity_id].category == "Disorder"]
            if not disorders and subjects and (subjects[0].state or _modifier(text, sentence, subjects[0], between)):
                # "Electrolyte imbalances, particularly involving sodium, can manifest as weakness":
                # a state of a substance shows as the symptom; that is an association, not a phenotype.
                type_ = "ASSOCIATED_WITH"
            else:
                subjects = disorders
        if type_ == "IS_A":
            # "Ketamine, an anesthetic": membership needs a class; "fatigue, a sense of apathy" is no IS_A.
            objects = [o for o in objects if _is_class(entities[o.entity_id], entities)
                       and _same_kind(entities[subjects[0].entity_id], entities[o.entity_id])]
        hedge_end, may_negate, state_cues = cues()
        negated = False
        if may_negate:
            prefix = text[sentence.start:subject_group.start].lower() if not passive else text[sentence.start:left.start].lower()
            cue_text = between_lower[:trigger_start + 1] if trigger_start >= 0 else between_lower
            negated = bool(_NEGATION.search(_UNKNOWN.sub(" ", cue_text)) or _NO_EVIDENCE.search(prefix))
        hedged = hedge_end is not None and hedge_end <= right.end
        definition = _APPOSITION_OPEN.match(between) is not None and not passive
        for s in subjects:
            # "low intake of tryptophan, a precursor to serotonin": the apposition defines tryptophan itself
            modifier = None if definition and not s.state else _modifier(text, sentence, s, between if not passive else "",
                                                                         state_cues)
            for o in objects:
                obj = entities.get(o.entity_id)
                t = _object_type(type_, obj, o)
                if modifier == "deficiency" and schema.deficiency_flip:
                    t = schema.flip(t)
                elif modifier == "imbalance" and schema.relationships[t].polarity != 0:
                    t = "REGULATES"  # an imbalance says the entity matters, not in which direction
                t_obj = _object_adjusted(t, between, obj, passive, entities.get(s.entity_id))
                product = _product_of(obj, entities) if t_obj == "PRECURSOR_OF" else None
                if product is not None:
                    # "a precursor to serotonin synthesis": a precursor of serotonin, taking part in its synthesis
                    emit(s, "PRECURSOR_OF", _Mention(o.start, o.end, product, o.text), modifier=modifier,
                         hedged=hedged, negated=negated)
                    t_obj = "PARTICIPATES_IN"
                emit(s, t_obj, o, modifier=modifier, hedged=hedged, negated=negated)
        without = _WITHOUT_IT.match(text, right.end, sentence.end)
        if without is not None and not passive:
            # "X activates Y, but without desensitizing it": X is said NOT to desensitize Y.
            denied = _trigger(without.group(1).lower() + " ", "")
            if denied is not None and not denied[1]:
                for s in subjects:
                    for o in objects:
                        emit(s, _object_type(denied[0], entities.get(o.entity_id), o), o, hedged=hedged, negated=True)
    return out


_WITHOUT_IT = re.compile(r"\s*,?\s*(?:but\s+|and\s+)?without\s+(\w+ing)\s+(?:it|them)\b", re.I)


def _statement(subject_m, type_, object_m, entities, schema, sentence, doc_id, refs, modifier=None, hedged=False,
               negated=False, membership=False) -> Statement | None:
    """The statement two mentions make with a type, if the schema allows it (symmetric types may turn round).

    ``refs`` shares one (immutable) EntityRef per entity and mention text within a sentence.
    """
    subj = entities.get(subject_m.entity_id)
    obj = entities.get(object_m.entity_id)
    if subj is None or obj is None or subj.id == obj.id or subject_m.generic:
        return None
    if object_m.generic and not (membership or type_ == "IS_A"):  # "hormones such as leptin" is the one use of a class word
        return None
    rel = schema.relationships.get(type_)
    if rel is None:
        return None
    if not rel.allows(subj.category, obj.category):
        if rel.symmetric and rel.allows(obj.category, subj.category):
            subj, obj, subject_m, object_m = obj, subj, object_m, subject_m
        else:
            return None
    ev = Evidence(doc=doc_id, sentence=sentence.text, start=sentence.start, end=sentence.end,
                  hedged=hedged, negated=negated, modifier=modifier,
                  subject_text=subject_m.text, object_text=object_m.text)
    return Statement(subject=_ref(refs, subj, subject_m.text), predicate=type_, object=_ref(refs, obj, object_m.text),
                     polarity=rel.polarity, negated=negated, hedged=hedged, evidence=[ev])


def _ref(refs: dict, entity, mention_text: str) -> EntityRef:
    key = (entity.id, mention_text)
    r = refs.get(key)
    if r is None:
        r = refs[key] = EntityRef(entity.id, entity.name, entity.category, mention_text)
    return r


_CONDITIONS = frozenset({"Disorder", "Symptom"})
_FORM_AFTER = re.compile(r"\s*(?:is|are)\s+(?:a|an|another|one)\s+(?:[\w-]+,?\s+){0,4}?forms?\b(?!\s+of\b)", re.I)
_FORM_BEFORE = re.compile(r"\b(?:another|one|a|this|the\s+\w+)\s+(?:[\w-]+\s+)?forms?\s*,\s*$", re.I)


def _base_of(entity, entities) -> str | None:
    """The mineral or nutrient a compound's name starts with: "magnesium citrate" -> magnesium."""
    if entity.category not in ("Mineral", "Nutrient", "Drug"):
        return None
    words = entity.name.lower().split()
    if len(words) < 2:
        return None
    base = _substance_names(entities).get(words[0])
    return base if base is not None and base != entity.id and entities[base].category in _NUTRIENT_CATEGORIES else None


def _substance_names(entities) -> dict[str, str]:
    """One-word names of minerals, nutrients, transmitters and hormones -> entity id."""
    cache = _lexicon_cache("substance names", entities)
    names = cache.get("names")
    if names is None:
        names = cache["names"] = {e.name.lower(): e.id for e in entities.values()
                                  if e.category in _SUBSTANCE_CATEGORIES and " " not in e.name}
    return names


_MADE = re.compile(r"^(\S+)\s+(?:synthesis|biosynthesis|production)$")


def _product_of(obj, entities) -> str | None:
    """The substance a process makes: "serotonin synthesis" -> serotonin."""
    made = _MADE.match(obj.name.lower()) if obj.category == "Process" else None
    return _substance_names(entities).get(made.group(1)) if made else None


def _object_type(type_: str, obj, mention: _Mention) -> str:
    """The type a trigger gives for this object: "supports mood" INCREASES, "supports recovery from
    depression" TREATS; "reduces anxiety symptoms" relieves symptoms (PALLIATES)."""
    if obj is None:
        return "INCREASES" if type_ == "SUPPORTS" else type_
    condition = obj.category in _CONDITIONS
    if type_ == "SUPPORTS":
        return "TREATS" if condition else "INCREASES"
    if condition and type_ in ("TREATS", "DECREASES") and "symptom" in mention.text.lower():
        return "PALLIATES"
    return type_


# What comes between an object and the next trigger when that trigger is the main subject's again:
# "X affects A, thereby impacting B", "X targets A to normalize B", "X supports A and alleviates B".
# An action on an object, then ", which raises/causes ...": the relative clause is about the action.
_EVENT_TYPES = frozenset({"ANTAGONIST_OF", "INHIBITS", "ACTIVATES", "INCREASES", "DECREASES"})
_EVENT_RELATIVE = re.compile(r"^\)?\s*(?:\([^)]*\)\s*)?(?:[\w-]+\s+){0,4}?(?:[\w-]+)?\s*(?:\([^)]*\)\s*)?,\s*which\s+(?:in\s+turn\s+)?"
                             r"(?:can\s+|may\s+|might\s+|could\s+)?(?:\w+ly\s+)?(?:raises?|increases?|lowers?|reduces?|"
                             r"leads?\s+to|causes?|boosts?|elevates?|triggers?)\b")
_MEANS_CLAUSE = re.compile(r"^[\s,]*(?:[\w'’-]+[\s,]+){0,6}?(?:[\w'’-]+)?\s*,?\s*\b(?:to|by|in\s+order\s+to|thereby|thus|so\s+as\s+to)\s+"
                           r"(?:\w+ly\s+)?(?:help(?:s|ing)?\s+(?:to\s+)?)?$")
_PARTICIPLE_CLAUSE = re.compile(r"^\s*(?:[\w'’-]+\s+){0,5}?(?:[\w'’-]+)?\s*,\s*(?:thereby\s+|thus\s+|\w+ly\s+)?$")
_AND_PREDICATE = re.compile(r"^\s*(?:[\w'’-]+\s+){0,5}?(?:[\w'’-]+)?\s*(?:,\s*and|,\s*or|\band|\bor)\s+"
                            r"(?:(?:also|then|can|may|might|could|will|would|further|thereby|thus|to)\s+)*(?:\w+ly\s+)?"
                            r"(?:help(?:s|ing)?\s+(?:to\s+)?)?$")


_LIST_OF_SYMPTOMS = re.compile(r"^\W*(?:and|or)\s+(?:[\w-]+\s+)?symptoms?\s+(?:like|such\s+as|including)\b")
_FOR_THOSE = re.compile(r"for\s+(?:those|people|patients|individuals|persons|adults|children|anyone)\b")


def _carried_subject(prefix: str, previous, groups, left, sentence):
    """The group a trigger after ``left`` belongs to when it starts a means, participle or second verb clause.

    ``prefix`` is the text between ``left`` and the trigger. None when the
    trigger is ``left``'s own ("X, and A causes B" is A's).
    """
    main = previous if previous is not None and previous is not left else None
    first = groups[1] if groups[0].fronted and len(groups) > 1 else groups[0]
    if main is None and first is not left and first.start - sentence.start < 30 \
            and not all(x.generic for x in first.members):
        main = first  # the sentence's subject
    if main is None or main.start > left.start:
        return None
    # Each pattern is tried only when the prefix has a word it needs: they backtrack a lot where they fail.
    if ("to" in prefix or "by" in prefix or "thus" in prefix) and _MEANS_CLAUSE.match(prefix):
        return main
    if prefix.rstrip().endswith(",") and _PARTICIPLE_CLAUSE.match(prefix):
        return main
    if ("and" in prefix or "or" in prefix) and _AND_PREDICATE.match(prefix):
        # "X: works with A in B and maintains C": with no earlier predicate, the sentence's subject
        return previous if previous is not None and previous is not left else main
    return None


def _trigger(between: str, after: str) -> tuple[str, bool, int] | None:
    """The relationship a between-text expresses: (type, passive, start of trigger) or None.

    The trigger nearest the second entity wins; where two rules match at one
    place, the earlier (more specific) rule wins.
    """
    best: tuple[int, int, int] | None = None  # (end, -order, start)
    for order in _candidate_rules(between):
        for m in _COMPILED[order][1].finditer(between):
            key = (m.end(), -order, m.start())
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    type_, _, passive = _RULES[-best[1]]
    # "inhibiting X from being recycled": the reuptake reading, decided after X.
    if type_ == "INHIBITS" and _REUPTAKE_AFTER.match(after):
        return ("INCREASES", False, best[2])
    return type_, passive, best[2]


def _colon_rule(left: _Group, right: _Group, entities) -> tuple[str, bool, int] | None:
    """"Magnesium: Nuts, seeds, whole grains" (a list of foods after a nutrient) means SOURCE_OF."""
    lcat = {entities[m.entity_id].category for m in left.members}
    rcat = {entities[m.entity_id].category for m in right.members}
    if lcat <= {"Mineral", "Nutrient"} and rcat == {"Food"}:
        return ("SOURCE_OF", True, 0)
    return None


# Every word the deficiency, excess and imbalance patterns need; a sentence without any has no modifier.
_STATE_CUE = re.compile(r"low|lack|short|deplet|loss|absen|without|not|insuffic|inadequ|poor|reduc|decreas|diminish|"
                        r"defici|deficit|imbalanc|dysregul|high|elevat|excess|too\s+much|overload|toxic")


def _modifier(text: str, sentence: Sentence, subject: _Mention, between: str, cues: bool = True) -> str | None:
    if subject.state in ("deficiency", "excess", "imbalance"):
        return subject.state
    if not cues:
        return None
    before = text[max(sentence.start, subject.start - 60):subject.start].lower()
    # What follows the subject itself ("calcium imbalances, often ..."), which may be carried past other mentions.
    after = text[subject.end:min(sentence.end, subject.end + 60)].lower() if subject.end > subject.start else ""
    if _IMBALANCE_AFTER.match(after):
        return "imbalance"
    if _DEFICIENCY_BEFORE.search(before) or _DEFICIENCY_AFTER.match(after) or _DEFICIENCY_LATER.search(between.lower()):
        return "deficiency"
    if _EXCESS_BEFORE.search(before) or _EXCESS_AFTER.match(after):
        return "excess"
    return None


def _object_adjusted(type_: str, between: str, obj, passive: bool, subj=None) -> str:
    """"contribute to decreased dopamine levels": a change named on the object sets the sign.

    A condition "where low X levels are observed" only goes with the level: no effect, no sign.
    """
    if passive or obj is None or obj.category in _CONDITIONS:
        return type_
    if type_ == "ASSOCIATED_WITH" and subj is not None and subj.category in _CONDITIONS:
        return type_
    if type_ in ("CAUSES", "CONTRIBUTES_TO", "ASSOCIATED_WITH", "REGULATES"):
        tail = between.lower()[-40:]
        if _OBJECT_DECREASE.search(tail):
            return "DECREASES"
        if _OBJECT_INCREASE.search(tail):
            return "INCREASES"
        if type_ in ("CAUSES", "CONTRIBUTES_TO"):
            return "INCREASES"
    return type_


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
    return (topic_disorder, "HAS_SYMPTOM", False, bool(_HEDGE.search(sentence.text[-120:].lower())), None)


# --- tables flattened to lines ---------------------------------------------------
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
    hedged = _HEDGE.search(sentence.text.lower()) is not None

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
            ev = Evidence(doc=doc_id, sentence=sentence.text, start=sentence.start, end=sentence.end,
                          subject_text=m.text, object_text=cls.name)
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
        ev = Evidence(doc=doc_id, sentence=sentence.text, start=sentence.start, end=sentence.end,
                      hedged=hedged, negated=False, subject_text=subject.text or s_e.name,
                      object_text=obj.text or o_e.name)
        out.append(Statement(EntityRef(s_e.id, s_e.name, s_e.category, subject.text or s_e.name), type_,
                             EntityRef(o_e.id, o_e.name, o_e.category, obj.text or o_e.name),
                             rel.polarity, hedged=hedged, evidence=[ev]))
    return out
