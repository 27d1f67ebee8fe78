"""Plain values into and out of user queries: parameters, rows and the query timeout.

No driver here (:mod:`neurograph.store` talks to the server): what
:meth:`GraphStore.query_rows` returns (:class:`QueryResult`), how user
parameters are made plain (:func:`_plain_params`) and how long a user query
may run (:func:`query_timeout`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

#: Seconds a user query (:meth:`GraphStore.query`) may run; ``NEUROGRAPH_QUERY_TIMEOUT`` overrides, 0 = none.
DEFAULT_QUERY_TIMEOUT = 120.0


def query_timeout(value: float | str | None = None) -> float | None:
    """The transaction timeout for user queries in seconds (None: no timeout).

    ``value`` wins, else ``NEUROGRAPH_QUERY_TIMEOUT``, else
    :data:`DEFAULT_QUERY_TIMEOUT`; 0 turns the timeout off.

    >>> query_timeout(5), query_timeout(0)
    (5.0, None)
    >>> query_timeout("soon")
    Traceback (most recent call last):
    ...
    neurograph.errors.UsageError: bad query timeout 'soon': give seconds as a number (0 for none)
    """
    from .errors import UsageError

    name = "bad query timeout"
    if value is None:
        value = os.environ.get("NEUROGRAPH_QUERY_TIMEOUT") or DEFAULT_QUERY_TIMEOUT
        name = "NEUROGRAPH_QUERY_TIMEOUT=" if "NEUROGRAPH_QUERY_TIMEOUT" in os.environ else name
    try:
        seconds = float(value)
        if not 0 <= seconds < float("inf"):  # also refuses NaN
            raise ValueError
    except (TypeError, ValueError):
        where = f"{name}{value!r}" if name.endswith("=") else f"{name} {value!r}"
        raise UsageError(f"{where}: give seconds as a number (0 for none)") from None
    return seconds or None


def _plain_params(value: Any) -> Any:
    """Query parameters with numpy scalars and arrays (from a DataFrame, say) as plain Python values.

    >>> _plain_params({"ids": ("a", "b"), "n": 3})
    {'ids': ['a', 'b'], 'n': 3}
    """
    if isinstance(value, dict):
        return {k: _plain_params(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_params(v) for v in value]
    if type(value).__module__ == "numpy":
        return _plain_params(value.tolist())  # a numpy scalar's tolist() is the Python scalar
    return value


@dataclass
class QueryResult:
    """The rows of a query as plain Python values: ``columns`` and ``rows`` (one list per row).

    What :meth:`GraphStore.query_rows` returns; :meth:`to_frame` makes the
    pandas DataFrame that :meth:`GraphStore.query` returns.

    >>> QueryResult(["n"], [[1], [2]]).records()
    [{'n': 1}, {'n': 2}]
    """

    columns: list
    rows: list

    @property
    def empty(self) -> bool:
        return not self.rows

    def records(self) -> list[dict]:
        """The rows as dicts keyed by column."""
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_frame(self):
        """A :class:`pandas.DataFrame` of the rows."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)
