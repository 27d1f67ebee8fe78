"""Trigger rules: the phrases between two entity groups that name a relationship, and their keyword filter.

Each rule is a relationship type, a regex searched in the lower-cased text
between two entity groups, and whether the construction is passive (object
first). :func:`_trigger` picks the match that ends nearest the second entity;
on equal ends the earlier (more specific) rule wins. A cheap keyword scan
(``_KEYWORDS``, parallel to ``_RULES``) decides which few rules can match a
between-text at all.

Examples
--------
>>> _trigger(" acts as an antagonist to the ", "")
('ANTAGONIST_OF', False, 12, 25)
>>> _trigger(" is activated by ", "")
('ACTIVATES', True, 1, 16)
"""

from __future__ import annotations

import re


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
    # "serotonin is made from tryptophan"
    ("PRECURSOR_OF", r"\b(?:made|synthesi[sz]ed|produced|derived|formed|created|built)\s+(?:\w+ly\s+)?from\b", True),
    # activation
    ("ACTIVATES", r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:activated|stimulated)\s+by\b", True),
    # "their over-activation by glutamate": the action named as a noun, its agent after "by"
    ("ACTIVATES", r"\b(?:over-?|hyper-?)?(?:activation|stimulation)\s+by\b", True),
    ("ACTIVATES", r"\b(?:activat(?:e|es|ed|ing)|agonists?\s+(?:of|at|for)|stimulat(?:e|es|ing))\b", False),
    # inhibition
    ("INHIBITS", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:inhibited|suppressed)\s+by\b", True),
    ("INHIBITS", r"\b(?:inhibit(?:s|ed|ing)?|inhibition\s+of|inhibitors?\s+of|suppress(?:es|ed|ing)?)\b", False),
    # "Y while she was treated with X", "Y, which developed during long-term therapy with X", "Y as a side effect
    # of X": the disease came with the treatment, it is no disease the treatment is for.
    ("CAUSES", r"\b(?:while|when|whilst|after|during|since)\s+(?:\w+\s+){0,3}?(?:was|were|is|are|being|had\s+been|has\s+been)\s+"
               r"(?:\w+ly\s+)?(?:treated|medicated)\s+(?:with|by)\s*$|"
               r"\b(?:developed|developing|occurred|occurring|appeared|emerged|arose|(?:was|were)\s+(?:observed|noted|seen|reported))"
               r"\s+(?:\w+\s+){0,2}?(?:during|after|following|on)\s+(?:[\w-]+\s+){0,4}?(?:treatment|therapy|administration|"
               r"use|exposure|intake|infusion|injection|ingestion|receiving|taking)(?:\s+(?:with|of))?\s*$|"
               r"\bas\s+an?\s+(?:\w+\s+)?(?:side[-\s]effect|adverse\s+(?:effect|event|reaction)|complication)\s+of\s+"
               r"(?:(?:the|a|an)\s+)?(?:(?:treatment|therapy|administration|use)\s+(?:with|of)\s+)?$", True),
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
               # "a herbal remedy used for mild depression", "approved for chronic pain", "sold as supplements for low mood"
               r"used\s+(?:\w+ly\s+)?(?:for|in|to\s+treat|against)|approved\s+(?:\w+\s+)?(?:for|to\s+treat)|"
               r"(?:remed(?:y|ies)|supplements?)\s+(?:\w+\s+)?for|"
               r"works?\s+(?:well\s+)?(?:in|for)\s+(?:some\s+|many\s+|most\s+|certain\s+)?(?:people|patients|individuals|adults|"
               r"children|those)\s+(?:\w+\s+)?(?:with|who\s+have|suffering\s+from))\b", False),
    # "results in resistance to pazopanib": the subject takes away the drug's effect
    ("DECREASES", r"\b(?:resistance|insensitivity|refractoriness)\s+to\b", False),
    # "up-regulation of genes associated with Wnt signalling": the genes named by what they take part in
    ("INCREASES", r"\b(?:up-?regulat(?:e|es|ed|ing|ion)|increased\s+expression|over-?expression|activation|induction)\s+"
                  r"of\s+(?:\w+\s+){0,4}?(?:genes?|proteins?|transcripts?)\s+"
                  r"(?:associated\s+with|related\s+to|involved\s+in|linked\s+to)\b", False),
    ("DECREASES", r"\b(?:down-?regulat(?:e|es|ed|ing|ion)|reduced\s+expression|suppression|repression|silencing|"
                  r"inhibition)\s+of\s+(?:\w+\s+){0,4}?(?:genes?|proteins?|transcripts?)\s+"
                  r"(?:associated\s+with|related\s+to|involved\s+in|linked\s+to)\b", False),
    # protection
    ("PROTECTS_AGAINST", r"\b(?:protect(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?(?:against|from)|prevent(?:s|ed|ing)?|prevention\s+of|"
                         r"shield(?:s|ed|ing)?|resistant\s+to|resilience\s+to)\b", False),
    # quantity changes
    ("INCREASES", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:increased|raised|enhanced|elevated|boosted|"
                  r"up-?regulated|positively\s+regulated)\s+by\b", True),
    # "serotonin is made by enterochromaffin cells", "SCFAs, which are produced when gut bacteria ferment fiber"
    ("INCREASES", r"\b(?:made|produced|synthesi[sz]ed|secreted|released|generated)\s+(?:\w+ly\s+)?by\b", True),
    ("DECREASES", r"\b(?:is|are|was|were|be|been)\s+(?:\w+ly\s+)?(?:decreased|reduced|lowered|depleted|diminished|"
                  r"down-?regulated|negatively\s+regulated|attenuated|abolished|abrogated|blunted)\s+by\b", True),
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
                  r"restor(?:e|es|ed|ing)|potentiat(?:e|es|ed|ing)|replenish(?:es|ed|ing|ment\s+of)?|heal(?:s|ed|ing)?|produc(?:e|es|ing)|synthesi[sz](?:e|es|ing)|"
                  r"secret(?:e|es|ing)|releas(?:e|es|ing)(?!\s+of\b)|(?:up-?|positively\s+)regulat(?:e|es|ed|ing|ion\s+of)|"
                  r"(?:higher|increased|heightened|elevated|more)\s*$)\b", False),
    ("DECREASES", r"\b(?:decreas(?:e|es|ed|ing)|reduc(?:e|es|ed|ing)|lower(?:s|ed|ing)?|deplet(?:e|es|ed|ing)|"
                  r"break(?:s|ing)?\s+down|broken\s+down\s+by|degrad(?:e|es|ing)|desensitiz(?:e|es|ed|ing)|desensitis(?:e|es|ed|ing)|damag(?:e|es|ed|ing)|injur(?:e|es|ed|ing)|harm(?:s|ed|ing)?|kill(?:s|ed|ing)?|"
                  r"diminish(?:es|ed|ing)?|attenuat(?:e|es|ed|ing)|a\s+decrease\s+(?:of|in)|(?:down-?|negatively\s+)regulat(?:e|es|ed|ing|ion\s+of)|"
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
    # "vitamin D comes from sunlight, fatty fish and fortified milk"
    ("SOURCE_OF", r"\b(?:comes?|came|coming|obtained|sourced|gotten|acquired)\s+(?:\w+ly\s+)?from\b", True),
    # "vitamin D sources include sunlight and fatty fish"
    ("SOURCE_OF", r"^\s*(?:(?:food|dietary|good|main|natural|rich|best)\s+)?sources?\s+(?:include|includes|are)\s*:?\s*$", True),
    # interactions and binding
    ("INTERACTS_WITH", r"\b(?:interact(?:s|ed|ing)?\s+with|interfer(?:e|es|ed|ing)\s+with|interactions?\s+(?:with|between)|"
                       r"(?:combined|combination|taken|co-?administered|given)\s+(?:together\s+)?with|"
                       r"compet(?:e|es|ed|ing)\s+with|works?\s+(?:together\s+)?with)\b", False),
    ("BINDS", r"\bbind(?:s|ing)?\b|\bbound\s+to\b|\btarget(?:s|ed|ing)?\b", False),
    # class membership and forms
    ("FORM_OF", r"\b(?:is|are)\s+(?:a|an)\s+(?:[\w-]+,?\s+){0,4}?forms?\s+of\b", False),
    # "X, a common treatment for Y" and "X, a region associated with Y" are not memberships: the words
    # between the article and the class are modifiers, never prepositions or participles.
    ("IS_A", r"^\s*(?:(?:is|are)\s+|,\s*)?(?:a|an|one\s+of\s+the)\s+"
             r"(?:(?!(?:for|of|to|in|with|by|from|on|as|that|which|associated|linked|involved|related|tied|"
             r"connected|implicated|known|used|responsible|found|called)\b)[\w-]+\s+){0,3}?$", False),
    ("IS_A", r"^\s*(?:and\s+other|or\s+other)\s+$", False),
    ("IS_A", r"^\s*(?:is|are)\s+(?:a|an|one)\s+(?:group|family|class|type|kind)\s+of\s+(?:[\w-]+\s+)?$", False),  # "a group of"
    ("IS_A", r"^\s*are\s+(?:(?!(?:for|of|to|in|with|by|from|on|as|that|which|associated|linked|involved|related|tied|"
             r"connected|implicated|known|used|responsible|found|called|also|not|often)\b)[\w-]+\s+){0,2}?$", False),  # "Electrolytes are essential minerals"
    ("IS_A", r"\b(?:include|includes)\s*:?\s*$", True),
    # regulation and involvement (unsigned)
    ("REGULATES", r"\b(?:(?:is|are|was|were|be|been|being)\s+)?(?:\w+ly\s+)?(?:regulated|modulated|controlled|influenced|"
                  r"affected|impacted|managed|governed|altered|disrupted)\s+by\b", True),
    ("REGULATES", r"\b(?:regulat(?:e|es|ed|ing|ion\s+of)|modulat(?:e|es|ed|ing|ion\s+of)|control(?:s|ling)?|controlled(?!\s+(?:trials?|stud(?:y|ies)|groups?))|"
                  r"normaliz(?:e|es|ed|ing)|normalis(?:e|es|ed|ing)|(?:help|helps)\s+(?:to\s+)?balance|"
                  r"influenc(?:e|es|ed|ing)|affect(?:s|ed|ing)?|impact(?:s|ed|ing)?|alter(?:s|ed|ing)?|"
                  r"(?:has|have)\s+an?\s+(?:\w+\s+)?(?:influence|effect)\s+on|effects?\s+on|"
                  r"interplay\s+(?:with|between)|disrupt(?:s|ed|ing)?|disruptions?\s+(?:of|in|to))\b", False),
    ("PARTICIPATES_IN", r"\b(?:involved\s+in|plays?\s+an?\s+(?:\w+\s+)?part\s+in|participat(?:e|es|ing)\s+in|"
                        r"(?:essential|crucial|vital|important|necessary|critical|fundamental|central|key|required|needed)\s+(?:for|to|in)|"
                        r"underpin(?:s|ned|ning)?)\b", False),
    # "plays a role in", "roles in" say the entity matters, not how: REGULATES (gold table)
    ("REGULATES", r"\broles?\s+(?:\w+\s+){0,3}?in\b", False),
    ("ASSOCIATED_WITH", r"\b(?:(?:linked|associated|tied|related|connected|correlated|implicated)\s+(?:\w+\s+){0,2}?(?:to|with|in)|"
                        r"link(?:s|ed)?\s+(?:between|to|with)|associations?\s+with|correlat(?:e|es|ion)\s+with|"
                        r"observed\s+in|(?:seen|found)\s+in\s+(?:individuals|people|patients)\s+with|"
                        r"(?:implicated|involved)\s*,\s*(?:such\s+as|like|including|e\.g\.)|"
                        r"(?:\w+ly\s+)?deficient\s+in)\b", False),  # "alcohol use disorder, who are often deficient in thiamine"
    # "D individuals tend to have lower X levels", "a Western diet has a low intake of X", "D, where low X levels
    # are observed": a condition or habit that goes with a level, not an effect on it.
    ("ASSOCIATED_WITH", r"(?:\b(?:tends?\s+to\s+)?(?:have|has|had|show|shows|showed|exhibit|exhibits|display|displays)"
                        r"\s+(?:an?\s+)?(?:\w+\s+)?|,\s*where\s+|\bin\s+which\s+)"
                        r"(?:lower|higher|low|high|reduced|raised|elevated|decreased|increased|abnormal|altered|deficient|poor)\s+"
                        r"(?:[\w-]+\s+)?(?:(?:intake|levels?|amounts?|concentrations?|status|rates?|risk|prevalence|incidence)\s+"
                        r"(?:of\s+)?(?:the\s+)?)?$", False),
]
_COMPILED = [(t, re.compile(p), passive) for t, p, passive in _RULES]
# Literal words one of which each rule needs (same order as _RULES): a cheap
# filter so that only the few rules that can match are run on a between-text.
_KEYWORDS: list[tuple[str, ...]] = [
    ("antagonis",), ("block",), ("counter",), ("blocked", "antagoni"),
    ("inhibit", "block"), ("reuptake",), ("cofactor", "factor"), ("precursor",), ("converted", "metaboli", "transformed"),
    ("made", "synthesi", "produced", "derived", "formed", "created", "built"),
    ("activated", "stimulated"), ("activation", "stimulation", "over", "hyper"), ("activat", "agonist", "stimulat"), ("inhibited", "suppressed"),
    ("inhibit", "suppress"), ("while", "when", "whilst", "after", "during", "since", "develop", "occur", "appeared",
                              "emerged", "arose", "observed", "noted", "seen", "reported", "as"),
    ("treated", "relieved", "alleviated", "managed"),
    ("reliev", "alleviat", "relief", "reduc", "improv", "manag", "eas", "lessen", "help"),
    ("treat", "therap", "reliev", "alleviat", "eas", "help", "effective", "efficac", "prescribed", "antidepressant",
     "for", "work", "used", "approved", "remed", "supplement"),
    ("resistan", "insensitiv", "refractor"),
    ("gene", "protein", "transcript"), ("gene", "protein", "transcript"),  # the rarer word each needs
    ("protect", "prevent", "shield", "resist", "resilien"),
    ("increased", "raised", "enhanced", "elevated", "boosted", "upregulated", "up-regulated", "positively"),
    ("made", "produced", "synthesi", "secreted", "released", "generated"),
    ("decreased", "reduced", "lowered", "depleted", "diminished", "downregulated", "down-regulated", "negatively", "attenuated",
     "abolished", "abrogated", "blunted"),
    ("damaged", "injured", "harmed", "killed", "impaired"),
    ("decrease", "reduction", "drop", "decline", "depletion", "fall", "depleting", "lowering", "reducing", "suppressing"),
    ("increase", "rise", "elevation", "surge", "spike", "boosting", "raising", "enhancing", "increasing", "elevating"),
    ("increas", "rais", "boost", "enhanc", "elevat", "promot", "enrich", "higher", "heighten", "more", "restor", "heal",
     "potentiat",
     "replenish", "produc", "synthesi", "secret", "releas", "upregulat", "up-regulat", "positively"),
    ("decreas", "reduc", "lower", "deplet", "diminish", "attenuat", "low", "damag", "injur", "harm", "kill", "desensiti",
     "break", "broken", "degrad", "downregulat", "down-regulat", "negatively"),
    ("support", "improv", "help", "benefit", "maintain"),
    ("caused", "triggered", "induced"), ("caus", "lead", "led", "result", "trigger", "induc"),
    ("exacerbated", "worsened", "aggravated"),
    ("contribut", "worsen", "exacerbat", "risk", "predispos", "precursor"),
    ("symptom", "manifest", "characteri", "present"),
    ("rich", "source", "provid", "contain", "high"), ("available", "found", "present"),
    ("come", "came", "coming", "obtained", "sourced", "gotten", "acquired"), ("source",),
    ("interact", "interfer", "combined", "combination", "taken", "co", "administered", "given", "compet", "work"), ("bind", "bound", "target"), ("form",), ("a ", "an ", "one of"), ("other",), ("group", "family", "class", "type", "kind"), ("are",), ("include",),
    ("regulated", "modulated", "controlled", "influenced", "affected", "impacted", "managed", "governed", "altered",
     "disrupted"),
    ("regulat", "modulat", "control", "normali", "help", "influenc", "affect", "impact", "alter", "effect", "interplay",
     "disrupt"),
    ("involved", "part", "participat", "essential", "crucial", "vital", "important", "necessary",
     "critical", "fundamental", "central", "key", "underpin", "required", "needed"),
    ("role",),
    ("link", "associat", "tied", "relat", "connect", "correlat", "implicat", "involved", "observed", "seen", "found",
     "deficient"),
    ("have", "has", "had", "show", "exhibit", "display", "where", "which"),
]
assert len(_KEYWORDS) == len(_RULES)
_KEYWORD_RULES: dict[str, list[int]] = {}
for _order, _words in enumerate(_KEYWORDS):
    for _word in _words:
        _KEYWORD_RULES.setdefault(_word.strip(), []).append(_order)
# Keywords that are whole words: their rules' patterns need the word itself ("a", "as an adverse effect").
_WHOLE_KEYWORDS = ("a", "an", "as")
# A keyword found stands for every shorter keyword it starts with ("inhibited" is also "inhibit"), but a whole word
# (before, "associated" and "are" brought in the rule of "a", whose pattern then failed on most sentences).
_KEYWORD_RULES = {k: sorted({o for p, orders in _KEYWORD_RULES.items()
                             if k.startswith(p) and (k == p or p not in _WHOLE_KEYWORDS) for o in orders})
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


# One scan finds every keyword that starts a word (the whole-word keywords only as whole words).
_KEYWORD_SCAN = re.compile(r"\b(" + _trie_pattern(_KEYWORD_RULES, _WHOLE_KEYWORDS) + ")")


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


def _rule(type_: str, fragment: str) -> int:
    """The index of the one rule of ``type_`` whose pattern holds ``fragment``."""
    found = [i for i, (t, pattern, _) in enumerate(_RULES) if t == type_ and fragment in pattern]
    if len(found) != 1:
        raise ValueError(f"{len(found)} rules of {type_} hold {fragment!r}")
    return found[0]


# Second tests of a few rules that the keyword scan lets run on many between-texts they never match (a rule's
# keywords are the first words of its alternatives). Each lists words every match of the rule holds further on
# ("have ... low levels of", "when she was treated with"), or, for a rule anchored at the start, what the text must
# start with after its white space. A rule that fails its test is not searched.
_LATER_WORDS: dict[int, tuple[str, ...]] = {
    _rule("CAUSES", "(?:treated|medicated)"): (
        "treated", "medicated", "treatment", "therapy", "administration", "use", "exposure", "intake", "infusion",
        "injection", "ingestion", "receiving", "taking", "effect", "event", "reaction", "complication"),
    _rule("PALLIATES", "relief"): ("relief", "symptoms", "severity", "help"),
    # (its keyword "for" is for "for patients with"; the other alternatives need their own first words)
    _rule("TREATS", "for\\s+(?:those"): (
        "treat", "therap", "reliev", "alleviat", "eas", "help", "effective", "efficac", "prescribed", "antidepressant",
        "work", "used", "approved", "remed", "supplement", "those", "people", "patients", "individuals", "persons",
        "adults", "children", "anyone"),
    _rule("INTERACTS_WITH", "interact"): ("with", "between"),
    _rule("ASSOCIATED_WITH", "tends?"): (
        "low", "high", "reduced", "raised", "elevated", "decreased", "increased", "abnormal", "altered", "deficient",
        "poor"),
}
_STARTS_WITH: dict[int, tuple[str, ...]] = {
    _rule("IS_A", "one\\s+of\\s+the"): ("is", "a", ",", "one"),  # "is a", "are an", ", a", "one of the"
    _rule("IS_A", "|called|also|not|often)"): ("are",),  # "are" and up to two words
}


def _may_match(order: int, between: str) -> bool:
    """Whether rule ``order`` passes its second test (see :data:`_LATER_WORDS`) on ``between``.

    >>> _may_match(_rule("ASSOCIATED_WITH", "tends?"), " which is "), _may_match(min(_STARTS_WITH), " is a ")
    (False, True)
    """
    words = _LATER_WORDS.get(order)
    if words is not None:
        for word in words:
            if word in between:
                return True
        return False
    starts = _STARTS_WITH.get(order)
    return starts is None or between.lstrip().startswith(starts)


_SECOND_TESTS = frozenset(_LATER_WORDS) | frozenset(_STARTS_WITH)


# What a trigger does to the object when the object is the agent of an opposite effect, or a change of the object
# is undone: the effect on the entity itself is the reverse.
_REVERSED = {"INCREASES": "DECREASES", "DECREASES": "INCREASES", "CAUSES": "DECREASES", "CONTRIBUTES_TO": "DECREASES",
             "ACTIVATES": "INHIBITS", "INHIBITS": "INCREASES", "ANTAGONIST_OF": "INCREASES", "SUPPORTS": "DECREASES"}
# "attenuated the CH-induced increase in Y", "prevented the fall of Y": the verb undoes a change named as a noun.
_REVERSED_CHANGE = re.compile(
    r"\b(?:attenuat|reduc|inhibit|block|prevent|revers|suppress|abolish|abrogat|blunt|decreas|diminish|ameliorat|"
    r"alleviat|antagoni[sz]|counteract|normali[sz]|mitigat|lessen|lower|oppos)\w*\s+"
    r"(?:(?:the|a|an|this|that|these|its|their)\s+)?(?:[\w-]+\s+){0,4}?$")
_CHANGE_NOUN = re.compile(r"(?:increase|decrease|rise|elevation|reduction|decline|drop|fall|loss|depletion)s?\b")
# "restored the X-inhibited response": X is the agent of a decrease the subject undoes; "resistance to X inhibition",
# "enhanced the effect of X antagonists": the object is named by what switches it off.
_AGENT_OF_DECREASE = re.compile(r"\s*-\s*(?:inhibited|suppressed|impaired|reduced|decreased|depleted|blocked|"
                                r"attenuated|diminished)\b|\s+(?:inhibition|blockade|inhibitors?|antagonists?)\b")
# "induced colon cancer cell apoptosis": the effect is on the death of the disease's cells, the reverse of the disease.
# ("TNF-induced cell death" is not the death of TNF's cells: the word between is no participle.)
_DEATH_OF_CELLS = re.compile(r"\s+(?:(?!\w+ed\b)\w+\s+)?(?:cells?|cell\s+lines?)\s+(?:apoptosis|death|killing|lysis|necrosis|"
                             r"cytotoxicity|(?:growth|cycle)\s+arrest)\b")
# "Y was reduced in X-deficient mice": X, switched off, is the agent (its absence flips the sign, see modifiers).
_KNOCKED_OUT_AFTER = re.compile(r"\s*(?:\(\s*-\s*/\s*-\s*\)|-/-|-?\s*(?:deficient|null|knock-?outs?|knock-?downs?|"
                                r"depleted|silenced|deleted|si-?rna|sh-?rna)\b)")
_CHANGED_IN = re.compile(r"\b(?:(reduced|decreased|diminished|lower|impaired|down-?regulated|suppressed)|"
                         r"increased|elevated|higher|enhanced|up-?regulated)\s+in\s+(?:the\s+)?$")

# (a match leaves only white space after "in" or "the": the caller tests that first, in C)
_TREATED_IN = re.compile(r"\bin\s+(?:the\s+)?$")
_TREATMENT_AFTER = re.compile(r"\s*(?:-|and\s+[\w-]+\s+)?\s*(?:administered|treated|exposed|injected|infused|intoxicated|"
                              r"fed|poisoned)\s+(?:rats?|mice|animals?|patients|subjects|groups?|cells|dogs|rabbits)\b")

# "X resulted in a reversal of Y", "led to resolution of Y": the effect named is the end of Y, the reverse.
# (Recovery, remission and relief from Y are read by modifiers._RECOVERY_FROM.)
_UNDONE_OBJECT = re.compile(r"\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?:resolution|reversal|eradication|"
                            r"neutrali[sz]ation|disappearance|regression|normali[sz]ation|abolition|"
                            r"amelioration|improvement|alleviation|attenuation|suppression|prevention|reduction|"
                            r"cure|healing|correction|clearance|elimination)s?\s+(?:of|in|from)\s+(?:(?:the|its|their)\s+)?"
                            r"(?:[\w-]+\s+){0,2}?$")
# "X withdrawal resulted in ...", "X-treated group Y increased": the first entity names its removal or the animals,
# it is no agent of the trigger.
_NOT_AGENT_START = re.compile(r"\s*-?\s*(?:withdrawal|discontinuation|cessation|removal|tapering|withdrawn|"
                              r"(?:treated|administered|exposed|injected|infused|fed)\s+(?:groups?|rats?|mice|animals?|"
                              r"patients|subjects|cells|dogs|rabbits|monkeys|controls?)\b)")

_REUPTAKE_AFTER = re.compile(r"^\s*(?:from\s+being\s+(?:recycled|reabsorbed|taken\s+up)|re-?uptake)")


def _starts_with_trigger(sentence_text: str) -> bool:
    head = sentence_text[:40].lower()
    return any(rx.match(head) for _, rx, passive in _COMPILED if not passive and rx.pattern.startswith(r"\b"))


def _trigger(between: str, after: str) -> tuple[str, bool, int, int] | None:
    """The relationship a between-text expresses: (type, passive, start of trigger, end of trigger) or None.

    The trigger nearest the second entity wins; where two rules match at one
    place, the earlier (more specific) rule wins.
    """
    best: tuple[int, int, int] | None = None  # (end, -order, start)
    for order in _candidate_rules(between):
        if order in _SECOND_TESTS and not _may_match(order, between):
            continue
        for m in _COMPILED[order][1].finditer(between):
            key = (m.end(), -order, m.start())
            if best is None or key[:2] > best[:2]:
                best = key
    if best is None:
        return None
    type_, _, passive = _RULES[-best[1]]
    if _NOT_AGENT_START.match(between):
        return None
    # "inhibiting X from being recycled": the reuptake reading, decided after X.
    if type_ == "INHIBITS" and _REUPTAKE_AFTER.match(after):
        return ("INCREASES", False, best[2], best[0])
    if between.rstrip().endswith(("in", "the")) and _TREATED_IN.search(between) and _TREATMENT_AFTER.match(after):
        return None  # "reduced the damage in X-treated rats": X names the animals, it is no end of the trigger
    if not passive and type_ in ("CAUSES", "CONTRIBUTES_TO", "INCREASES", "SUPPORTS") and _UNDONE_OBJECT.fullmatch(
            between, best[0]):
        return _REVERSED[type_], False, best[2], best[0]
    if not passive and type_ in _REVERSED and (
            (type_ in ("INCREASES", "DECREASES") and _CHANGE_NOUN.match(between, best[2])
             and _REVERSED_CHANGE.search(between, 0, best[2]))
            or _AGENT_OF_DECREASE.match(after) or _DEATH_OF_CELLS.match(after)):
        return _REVERSED[type_], False, best[2], best[0]
    if type_ in ("INCREASES", "DECREASES") and _KNOCKED_OUT_AFTER.match(after):
        changed_in = _CHANGED_IN.search(between)
        if changed_in is not None:
            return ("DECREASES" if changed_in.group(1) else "INCREASES"), True, changed_in.start(), changed_in.end()
    return type_, passive, best[2], best[0]
