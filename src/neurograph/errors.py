"""Exception classes. The library raises these; only the CLI turns them into exit codes."""

from __future__ import annotations

import re

# scheme://user:password@host: the userinfo's password part, up to the last "@" before the host.
_URI_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^\s/@:]*:)[^\s/]*@")


def redact_secrets(text: str) -> str:
    """``text`` with the password of every ``scheme://user:password@host`` written as ``***``.

    >>> redact_secrets("cannot reach the graph server at bolt://root:s3cr:et@localhost:7687 (refused)")
    'cannot reach the graph server at bolt://root:***@localhost:7687 (refused)'
    >>> redact_secrets("neo4j+s://db.example:7687 and https://user@host/x stay")
    'neo4j+s://db.example:7687 and https://user@host/x stay'
    """
    return _URI_PASSWORD.sub(r"\1***@", str(text))


class NeurographError(Exception):
    """Base class of every error neurograph raises on purpose.

    ``exit_code`` is what the CLI exits with: 1 for errors, 2 for bad usage
    or an unknown name.
    """

    exit_code = 1


class InputError(NeurographError):
    """A user-supplied file or argument cannot be used.

    The message names the file, and the line for data files.
    """

    def __init__(self, message: str, path: object = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = f"{self.path}:{line}: " if line is not None else f"{self.path}: "
        super().__init__(f"{where}{message}")


class SchemaError(InputError):
    """The schema, lexicon or curated file is inconsistent."""


class UsageError(NeurographError):
    """A bad argument combination (exit code 2)."""

    exit_code = 2


class UnknownEntityError(NeurographError):
    """A name that resolves to no entity; carries "did you mean" suggestions."""

    exit_code = 2

    def __init__(self, name: str, suggestions: list[str] | tuple[str, ...] = ()):
        self.name = name
        self.suggestions = list(suggestions)
        message = f"unknown entity {name!r}"
        if self.suggestions:
            message += "; did you mean: " + ", ".join(self.suggestions) + "?"
        super().__init__(message)


class UnmentionedEntityError(UnknownEntityError):
    """A name the lexicon knows, for an entity that no document mentions (so it is not in the graph)."""

    def __init__(self, name: str, entity_id: str, entity_name: str, category: str):
        self.entity_id = entity_id
        NeurographError.__init__(self, f"{name!r} is known ({entity_name}, {category}, {entity_id}) but no document "
                                       "mentions it, so the graph has no statement about it; add a document that "
                                       "does, or a curated statement")
        self.name = name
        self.suggestions = []


class NoGraphError(NeurographError):
    """No graph has been built in the data directory yet."""


class StoreError(NeurographError):
    """The graph store (Neo4j or the embedded server) failed or is unreachable."""


class QueryRefusedError(NeurographError):
    """A read-only Cypher call was given a query that writes."""

    exit_code = 2


class SelectionTooLargeError(NeurographError):
    """A view would draw more entities than its cap; carries the count and the cap."""

    def __init__(self, count: int, cap: int, hint: str = "a smaller --depth or --types"):
        self.count = count
        self.cap = cap
        super().__init__(
            f"the view would draw {count} entities, more than the cap of {cap}; "
            f"narrow it with {hint}, or raise --max-nodes"
        )


class WorkerMismatchError(NeurographError):
    """A worker process or cluster worker extracts with other resources (extractor, lexicon, model) than the driver."""
