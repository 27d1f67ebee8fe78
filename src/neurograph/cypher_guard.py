"""Whether a Cypher query only reads: decided on the query's tokens and clauses, not on keywords in its text.

``neurograph cypher`` runs a query read-only unless ``--write`` is given. The
embedded ArcadeDB server runs writes even in a READ transaction (see
docs/store.md), so the query must be judged before it is sent. A scan for
keywords kept losing that race (``SET `v`:X`` wrote, ``RETURN n.name AS set``
was refused), so the guard reads the query the way a parser does:

* a tokenizer that knows string literals and their escapes, backquoted names
  (``````  doubles a backquote), comments, parameters, numbers and the
  whitespace characters of the Cypher grammar; any other character outside a
  literal, an unterminated literal or comment, a number glued to a word, two
  string literals side by side and a second statement after ``;`` are refused;
* a clause reader that tracks whether the next word stands where an
  expression or name is expected (after ``AS``, ``.``, ``:``, an operator, an
  opening bracket, ``RETURN``...: a variable, label or key, whatever it
  spells) or where a keyword is expected (at the start, after a closed
  bracket, a literal or a name: ``MATCH (n) SET ...``). A word in keyword
  position must be a keyword of a read-only query; anything else is refused;
* ``CALL proc`` must name a procedure on :data:`READ_PROCEDURES` (backquoted
  parts un-quoted and joined first), ``CALL { ... }`` subqueries are read in
  the same way and ``CALL { ... } IN TRANSACTIONS`` is refused; a namespaced
  function (``apoc.x.y(...)``) must be on :data:`READ_FUNCTION_NAMESPACES`.

What it does not understand it refuses (fail closed), with a one-line reason
naming the word and where it is. Pure Python, no server needed.

Examples
--------
>>> refusal("MATCH (n) WHERE n.name = 'CREATE' RETURN n.name AS set")
>>> refusal("MATCH (v:Victim) SET `v`:Pwned")
'SET at line 1, column 18'
>>> refusal("CALL `apoc`.`merge`.`node`(['X'], {}) YIELD node RETURN node")
'CALL apoc.merge.node: not a known read-only procedure'
>>> refusal("WITH [1, 2] AS call UNWIND call AS x RETURN x")
>>> is_read_only("MATCH (n) DETACH DELETE n")
False
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Procedures a read-only query may call, lower case, exact names.
READ_PROCEDURES = frozenset((
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.indexes", "db.constraints", "db.info", "db.ping",
    "db.schema.visualization", "db.schema.nodetypeproperties", "db.schema.reltypeproperties",
    "dbms.components", "dbms.procedures", "dbms.functions", "dbms.showcurrentuser",
    "apoc.meta.data", "apoc.meta.schema", "apoc.meta.stats", "apoc.meta.graph", "apoc.meta.nodetypeproperties",
    "apoc.meta.reltypeproperties", "apoc.path.expand", "apoc.path.expandconfig", "apoc.path.subgraphall",
    "apoc.path.subgraphnodes", "apoc.path.spanningtree", "apoc.algo.dijkstra", "apoc.algo.astar",
    "apoc.algo.allsimplepaths", "apoc.neighbors.athop", "apoc.neighbors.tohop", "apoc.neighbors.byhop",
    "gds.graph.list",
))
#: Namespaces whose functions only compute (``date.truncate``, ``apoc.text.join`` ...), lower case.
READ_FUNCTION_NAMESPACES = (
    "date.", "datetime.", "localdatetime.", "localtime.", "time.", "duration.", "point.", "vector.",
    "db.nameFromElementId".lower(), "apoc.coll.", "apoc.text.", "apoc.map.", "apoc.convert.", "apoc.date.",
    "apoc.temporal.", "apoc.math.", "apoc.number.", "apoc.agg.", "apoc.node.", "apoc.nodes.connected",
    "apoc.label.", "apoc.rel.", "apoc.any.", "apoc.meta.cypher.", "apoc.util.md5", "apoc.util.sha", "apoc.hashing.",
    "apoc.scoring.", "apoc.bitwise.",
    # ArcadeDB also answers the APOC functions without the "apoc." prefix.
    "coll.", "text.", "map.", "convert.", "math.", "number.", "agg.", "node.", "rel.", "label.", "util.md5",
    "util.sha",
)

#: Clause keywords of a read-only query, and the keywords used inside its clauses.
_READ_CLAUSES = frozenset(("MATCH", "OPTIONAL", "WHERE", "WITH", "UNWIND", "RETURN", "ORDER", "BY", "SKIP", "OFFSET",
                           "LIMIT", "UNION", "CALL", "YIELD", "USE", "EXPLAIN", "PROFILE", "SHOW"))
_INFIX = frozenset(("AND", "OR", "XOR", "NOT", "IN", "IS", "CONTAINS", "STARTS", "ENDS", "AS", "DISTINCT", "ALL",
                    "ASC", "DESC", "ASCENDING", "DESCENDING", "SHORTEST", "PATH", "PATHS", "GROUPS"))
#: Keywords after which a keyword (not an expression) comes next.
_KEYWORD_NEXT = frozenset(("OPTIONAL", "ORDER", "STARTS", "ENDS", "ASC", "DESC", "ASCENDING", "DESCENDING",
                           "EXPLAIN", "PROFILE", "UNION"))
#: The words of a CASE expression (keywords between CASE and its END).
_CASE_WORDS = frozenset(("CASE", "WHEN", "THEN", "ELSE", "END"))
#: Words that stand in expression position and keep it (``count(DISTINCT x)``, ``IS NOT NULL``).
_PREFIX_WORDS = frozenset(("NOT", "DISTINCT", "TYPED"))
#: Clauses and commands that write or reach outside the graph; named as such in the refusal.
WRITE_WORDS = frozenset(("CREATE", "MERGE", "SET", "DELETE", "DETACH", "NODETACH", "REMOVE", "DROP", "FOREACH",
                         "LOAD", "INSERT", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE", "START",
                         "STOP", "ENABLE", "DEALLOCATE", "REALLOCATE", "FINISH", "IMPORT", "COPY", "UPSERT"))
#: Words that may follow SHOW (all SHOW commands read).
_SHOW_WORDS = frozenset(("ALL", "UNIQUE", "NODE", "RELATIONSHIP", "REL", "KEY", "EXIST", "EXISTENCE", "PROPERTY",
                         "TYPE", "CONSTRAINT", "CONSTRAINTS", "INDEX", "INDEXES", "RANGE", "TEXT", "POINT", "LOOKUP",
                         "FULLTEXT", "VECTOR", "BTREE", "PROCEDURE", "PROCEDURES", "FUNCTION", "FUNCTIONS", "BUILT",
                         "USER", "DEFINED", "DATABASE", "DATABASES", "DEFAULT", "HOME", "CURRENT", "TRANSACTION",
                         "TRANSACTIONS", "SETTING", "SETTINGS", "EXECUTABLE", "BY", "IN"))
_SUBQUERY_WORDS = frozenset(("EXISTS", "COUNT", "COLLECT"))

#: Whitespace of the Cypher grammar (Neo4j 5's lexer); other invisible characters are refused.
_SPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \u00a0\u1680\u2028\u2029\u202f\u205f\u3000"
                   + "".join(chr(c) for c in range(0x2000, 0x200B)))
#: Characters that end a ``//`` comment: every line break any server might honour.
_LINE_ENDS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
_PUNCT = ("=~", "<>", "!=", "<=", ">=", "+=", "::", "..", "(", ")", "[", "]", "{", "}", ",", ".", ":", ";", "=", "<",
          ">", "+", "-", "*", "/", "%", "^", "|", "&", "!", "?")
_NUMBER = re.compile(r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?")
_NAME_CATEGORIES = frozenset(("Lu", "Ll", "Lt", "Lm", "Lo", "Nl", "Nd", "Mn", "Mc", "Pc"))


class GuardError(ValueError):
    """A query the guard refuses; ``str()`` is the one-line reason."""


@dataclass(frozen=True)
class Token:
    """One token: ``kind`` is word, quoted (backquoted name), string, number, param or punct."""

    kind: str
    text: str
    offset: int


def _name_char(ch: str, first: bool = False) -> bool:
    if ch.isascii():
        return ch.isalpha() or ch == "_" or (not first and ch.isdigit())
    category = unicodedata.category(ch)
    return category in _NAME_CATEGORIES and not (first and category in ("Nd", "Mn", "Mc"))


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def tokens(text: str) -> list[Token]:
    """The tokens of a Cypher query; comments and whitespace dropped, names un-quoted.

    Raises :class:`GuardError` on anything it does not know.

    >>> [(t.kind, t.text) for t in tokens("MATCH (`a``b` {x: 'it\\\\'s'}) // c\\nRETURN $p, 1.5e3")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('word', 'MATCH'), ('punct', '('), ('quoted', 'a`b'), ('punct', '{'), ('word', 'x'), ('punct', ':'),
     ('string', "it's"), ('punct', '}'), ('punct', ')'), ('word', 'RETURN'), ('param', 'p'), ('punct', ','),
     ('number', '1.5e3')]
    >>> refusal("MATCH (n) SET\\u200bn.x = 1")
    'unexpected character U+200B at line 1, column 14'
    """
    out: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _SPACE:
            i += 1
        elif text.startswith("//", i):
            while i < n and text[i] not in _LINE_ENDS:
                i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise GuardError(f"unterminated comment at {_where(text, i)}")
            i = end + 2
        elif ch in "'\"":
            start, i, value = i, i + 1, []
            while True:
                if i >= n:
                    raise GuardError(f"unterminated string at {_where(text, start)}")
                c = text[i]
                if c == "\\":
                    if i + 1 >= n:
                        raise GuardError(f"unterminated string at {_where(text, start)}")
                    value.append(text[i + 1])
                    i += 2
                elif c == ch:
                    i += 1
                    break
                else:
                    value.append(c)
                    i += 1
            if out and out[-1].kind == "string":
                # 'a''b' is one string to some dialects and two to others: refuse rather than guess.
                raise GuardError(f"two string literals side by side at {_where(text, start)}")
            out.append(Token("string", "".join(value), start))
        elif ch == "`":
            start, i, value = i, i + 1, []
            while True:
                end = text.find("`", i)
                if end < 0:
                    raise GuardError(f"unterminated backquoted name at {_where(text, start)}")
                value.append(text[i:end])
                if text.startswith("``", end):
                    value.append("`")
                    i = end + 2
                else:
                    i = end + 1
                    break
            out.append(Token("quoted", "".join(value), start))
        elif ch == "$":
            start = i
            i += 1
            if i < n and text[i] == "`":
                end = text.find("`", i + 1)
                if end < 0:
                    raise GuardError(f"unterminated backquoted name at {_where(text, start)}")
                out.append(Token("param", text[i + 1:end], start))
                i = end + 1
            else:
                j = i
                while j < n and (_name_char(text[j], j == i) or text[j].isdigit()):
                    j += 1
                if j == i:
                    raise GuardError(f"a $ without a parameter name at {_where(text, start)}")
                out.append(Token("param", text[i:j], start))
                i = j
        elif ch.isdigit() and ch.isascii():
            m = _NUMBER.match(text, i)
            assert m is not None
            j = m.end()
            if j < n and (_name_char(text[j]) or text[j] in "`$'\""):
                raise GuardError(f"a number glued to {text[j]!r} at {_where(text, i)}")
            out.append(Token("number", m.group(0), i))
            i = j
        elif _name_char(ch, first=True):
            j = i + 1
            while j < n and _name_char(text[j]):
                j += 1
            out.append(Token("word", text[i:j], i))
            i = j
        else:
            for p in _PUNCT:
                if text.startswith(p, i):
                    out.append(Token("punct", p, i))
                    i += len(p)
                    break
            else:
                raise GuardError(f"unexpected character U+{ord(ch):04X} at {_where(text, i)}")
    return out


def _keyword(word: str) -> str:
    """A word as a keyword: upper case, with letters that case-fold to ASCII (``ſ``, ``K``) folded too.

    >>> _keyword("ſet"), _keyword("Merge")
    ('SET', 'MERGE')
    """
    out = []
    for ch in word:
        if not ch.isascii():
            up, low = ch.upper(), ch.lower()
            ch = up if up.isascii() else (low if low.isascii() else ch)
        out.append(ch)
    return "".join(out).upper()


class _Reader:
    """Walks the tokens of one query; :meth:`query` raises :class:`GuardError` at the first thing not read-only."""

    def __init__(self, text: str):
        self.text = text
        self.toks = tokens(text)
        self.i = 0

    def peek(self, k: int = 0) -> Token | None:
        j = self.i + k
        return self.toks[j] if j < len(self.toks) else None

    def at(self, tok: Token) -> str:
        return _where(self.text, tok.offset)

    def refuse_word(self, tok: Token, word: str) -> None:
        if word in WRITE_WORDS:
            phrase = word
            idx = self.toks.index(tok)
            nxt = self.toks[idx + 1] if idx + 1 < len(self.toks) else None
            if word == "LOAD" and nxt is not None and _keyword(nxt.text) == "CSV":
                phrase = "LOAD CSV"
            raise GuardError(f"{phrase} at {self.at(tok)}")
        raise GuardError(f"unexpected {tok.text!r} at {self.at(tok)}")

    def dotted_name(self) -> tuple[str, Token]:
        """A name of backquoted or plain parts joined with dots (``db.labels``, ```apoc`.`merge`.`node```)."""
        first = self.toks[self.i]
        parts = []
        while True:
            tok = self.peek()
            if tok is None or tok.kind not in ("word", "quoted"):
                raise GuardError(f"expected a name at {self.at(first)}")
            parts.append(tok.text)
            self.i += 1
            nxt = self.peek()
            if nxt is not None and nxt.kind == "punct" and nxt.text == ".":
                self.i += 1
                continue
            return ".".join(parts), first

    def call(self, call_tok: Token) -> str:
        """After CALL: a subquery or a procedure call; returns the state after it."""
        tok = self.peek()
        if tok is None:
            raise GuardError(f"CALL without a procedure at {self.at(call_tok)}")
        if tok.kind == "punct" and tok.text == "(":
            # CALL (x, y) { ... }: a scoped subquery; the scope is names only.
            self.i += 1
            while True:
                tok = self.peek()
                if tok is None:
                    raise GuardError(f"unclosed CALL ( at {self.at(call_tok)}")
                self.i += 1
                if tok.kind == "punct" and tok.text == ")":
                    break
                if not (tok.kind in ("word", "quoted") or tok.text in (",", "*")):
                    raise GuardError(f"unexpected {tok.text!r} in CALL ( ) at {self.at(tok)}")
            tok = self.peek()
            if tok is None or tok.text != "{" or tok.kind != "punct":
                raise GuardError(f"CALL ( ) without a {{ subquery }} at {self.at(call_tok)}")
        if tok.kind == "punct" and tok.text == "{":
            self.i += 1
            self.block("}")
            nxt = self.peek()
            if nxt is not None and nxt.kind == "word" and _keyword(nxt.text) == "IN":
                raise GuardError(f"CALL {{ }} IN TRANSACTIONS at {self.at(call_tok)}")
            return "op"
        name, first = self.dotted_name()
        if not name.isascii() or name.lower() not in READ_PROCEDURES:
            raise GuardError(f"CALL {name}: not a known read-only procedure")
        return "op"

    def block(self, closer: str | None) -> None:
        """Read clauses up to ``closer`` (``}`` of a subquery, or None for the end of the query).

        ``state`` says what the next word is: ``clause`` a clause keyword,
        ``op`` a keyword (after a name, literal or closed bracket), ``expr`` an
        expression (a name, or a prefix word such as NOT), ``name`` only a name
        (after AS, ``.``, a label's ``:``), ``either`` a keyword if it is one
        (after ``*``: ``RETURN *`` or ``2 * x``).
        """
        state = "clause"
        stack: list[str] = []  # open brackets inside this block
        case_depth = 0
        while True:
            tok = self.peek()
            if tok is None:
                if closer is not None:
                    raise GuardError("unclosed { at the end of the query")
                if stack:
                    raise GuardError("unclosed bracket at the end of the query")
                return
            self.i += 1
            kind, text = tok.kind, tok.text
            if kind == "punct":
                if text == ";":
                    if stack or closer is not None or self.peek() is not None:
                        raise GuardError(f"more than one statement (;) at {self.at(tok)}")
                    continue
                if text in ("(", "["):
                    stack.append(text)
                    state = "expr"
                elif text == "{":
                    stack.append("{")
                    state = "expr"
                    self.map_key_check()
                elif text in (")", "]", "}"):
                    if not stack:
                        if text == "}" and closer == "}":
                            return
                        raise GuardError(f"unmatched {text!r} at {self.at(tok)}")
                    opened = stack.pop()
                    if {"(": ")", "[": "]", "{": "}"}[opened] != text:
                        raise GuardError(f"mismatched {text!r} at {self.at(tok)}")
                    state = "op"
                elif text in ("*", "+"):
                    state = "either"  # RETURN *, a quantifier ((a)-->(b))+ or a product, a sum
                elif text == "+=":
                    raise GuardError(f"SET ... += at {self.at(tok)}")
                elif text in (".", "::") or (text == ":" and not (stack and stack[-1] == "{")):
                    state = "name"  # a property key, a type, a label
                else:
                    state = "expr"
                continue
            if kind in ("string", "number", "param"):
                state = "op"
                continue
            if kind == "quoted":
                if state in ("op", "clause"):
                    raise GuardError(f"unexpected `{text}` at {self.at(tok)}")
                state = "op" if state == "name" else self.after_name()
                continue
            # A word.
            word = _keyword(text)
            if state == "name":
                state = "op"
                continue
            if case_depth and word in _CASE_WORDS and word != "CASE":
                if word == "END":
                    case_depth -= 1
                    state = "op"
                else:
                    state = "expr"
                continue
            if state == "expr" or (state == "either" and word not in _READ_CLAUSES | _INFIX | WRITE_WORDS):
                nxt = self.peek()
                follows_clause = (nxt is not None and nxt.kind == "word"
                                  and _keyword(nxt.text) in _READ_CLAUSES | WRITE_WORDS)
                if word == "CASE" and not follows_clause:
                    case_depth += 1
                    state = "expr"
                elif word in _PREFIX_WORDS and not follows_clause:
                    state = "expr"
                else:
                    state = self.after_name(word)
                continue
            # Keyword position.
            if not text.isascii():
                raise GuardError(f"unexpected {text!r} at {self.at(tok)}")
            if state == "clause" and word not in _READ_CLAUSES:
                self.refuse_word(tok, word)
            if word not in _READ_CLAUSES and word not in _INFIX and word not in _PREFIX_WORDS:
                self.refuse_word(tok, word)
            if word in ("EXPLAIN", "PROFILE") and self.i != 1:
                raise GuardError(f"unexpected {text!r} at {self.at(tok)}")
            if word == "CALL":
                state = self.call(tok)
            elif word == "SHOW":
                while (nxt := self.peek()) is not None and nxt.kind == "word" and _keyword(nxt.text) in _SHOW_WORDS:
                    self.i += 1
                state = "op"
            elif word == "OPTIONAL":
                nxt = self.peek()
                if nxt is None or _keyword(nxt.text) not in ("MATCH", "CALL"):
                    raise GuardError(f"OPTIONAL without MATCH or CALL at {self.at(tok)}")
                state = "clause"
            elif word == "UNION":
                if stack:
                    raise GuardError(f"UNION inside brackets at {self.at(tok)}")
                nxt = self.peek()
                if nxt is not None and nxt.kind == "word" and _keyword(nxt.text) in ("ALL", "DISTINCT"):
                    self.i += 1
                state = "clause"
            elif word in ("EXPLAIN", "PROFILE"):
                state = "clause"
            elif word == "AS":
                state = "name"
            elif word in _KEYWORD_NEXT:
                state = "op"
            else:
                state = "expr"

    def after_name(self, word: str | None = None) -> str:
        """After a name in expression position: a function call is checked, a subquery brace read."""
        nxt = self.peek()
        if word in _SUBQUERY_WORDS and nxt is not None and nxt.kind == "punct" and nxt.text == "{":
            self.i += 1
            self.block("}")
            return "op"
        # A namespaced function: name(.name)+ followed by "(".
        start = self.i - 1
        j = self.i
        parts = [self.toks[start].text]
        while (j + 1 < len(self.toks) and self.toks[j].kind == "punct" and self.toks[j].text == "."
               and self.toks[j + 1].kind in ("word", "quoted")):
            parts.append(self.toks[j + 1].text)
            j += 2
        if ((len(parts) > 1 or "." in parts[0]) and j < len(self.toks) and self.toks[j].kind == "punct" and self.toks[j].text == "("
                and not (start > 0 and self.toks[start - 1].kind == "punct" and self.toks[start - 1].text == ".")):
            name = ".".join(parts)
            if not name.isascii() or not name.lower().startswith(READ_FUNCTION_NAMESPACES):
                raise GuardError(f"function {name}: not a known read-only function")
        return "op"

    def map_key_check(self) -> None:
        """Inside a ``{`` that is not a subquery: a word not followed by ``:``, ``,`` or ``}`` must not be a clause."""
        key = self.peek()
        nxt = self.peek(1)
        if key is None or key.kind != "word" or nxt is None:
            return
        if nxt.kind == "punct" and nxt.text in (":", ",", "}", "."):
            return
        word = _keyword(key.text)
        if word in WRITE_WORDS:
            self.refuse_word(key, word)
        if word in _READ_CLAUSES:
            # A brace that opens clauses but is not a known subquery (WHEN ... THEN { ... }): refuse.
            raise GuardError(f"a {{ }} block this check does not know at {self.at(key)}")

    def query(self) -> None:
        if not self.toks:
            raise GuardError("an empty query")
        self.block(None)


def refusal(cypher: str) -> str | None:
    """Why ``cypher`` is not known to be read-only (one line), or None when it only reads.

    >>> refusal("MATCH (n:Entity) RETURN n.name AS name ORDER BY name LIMIT 5")
    >>> refusal("MATCH (n) detach\\ndelete n")
    'DETACH at line 1, column 11'
    >>> refusal("LOAD CSV FROM 'file:///x' AS row RETURN row")
    'LOAD CSV at line 1, column 1'
    >>> refusal("MATCH (n) CALL { WITH n MERGE (m:X) } RETURN n")
    'MERGE at line 1, column 25'
    >>> refusal("RETURN apoc.cypher.runFirstColumnSingle('CREATE (n) RETURN n', {}) AS x")
    'function apoc.cypher.runFirstColumnSingle: not a known read-only function'
    """
    try:
        _Reader(cypher).query()
    except GuardError as exc:
        return str(exc)
    return None


def check_read_only(cypher: str, hint: str = "read-only unless --write") -> None:
    """Raise :class:`~neurograph.errors.QueryRefusedError` (one line) unless ``cypher`` only reads.

    >>> check_read_only("MATCH (n) RETURN n")
    >>> check_read_only("MATCH (n) SET n.x = 1")
    Traceback (most recent call last):
    ...
    neurograph.errors.QueryRefusedError: the query writes (SET at line 1, column 11); read-only unless --write
    >>> check_read_only("MATCH (n RETURN n")
    Traceback (most recent call last):
    ...
    neurograph.errors.QueryRefusedError: the query is not valid Cypher (unclosed bracket at the end of the query)
    >>> check_read_only("CALL do.when(true, 'MATCH (n) DELETE n', '', {})", "no")
    Traceback (most recent call last):
    ...
    neurograph.errors.QueryRefusedError: the query is not known to be read-only (CALL do.when: not a known read-only procedure); no
    """
    from .errors import QueryRefusedError

    reason = refusal(cypher)
    if reason is None:
        return
    first = reason.split(" ", 1)[0]
    if first in WRITE_WORDS:
        raise QueryRefusedError(f"the query writes ({reason}); {hint}")
    if first in ("unterminated", "unclosed", "unmatched", "mismatched"):
        raise QueryRefusedError(f"the query is not valid Cypher ({reason})")
    raise QueryRefusedError(f"the query is not known to be read-only ({reason}); {hint}")


def is_read_only(cypher: str) -> bool:
    """Whether ``cypher`` is known to only read (see :func:`refusal`).

    >>> is_read_only("CALL db.labels() YIELD label RETURN label")
    True
    >>> is_read_only("INSERT (:Pwned {t: 1})")
    False
    """
    return refusal(cypher) is None
