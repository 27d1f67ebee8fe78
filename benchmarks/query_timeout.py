"""Does the embedded server honour a user query's transaction timeout? (docs/store.md, difference 1.)

Runs one counting query through :meth:`GraphStore.query` without a timeout and with a short one and prints the
seconds each took and whether the timed one was stopped. Asserts nothing.

    .venv/bin/python benchmarks/query_timeout.py [--rows 100000] [--timeout 0.5]
"""

from __future__ import annotations

import argparse
import tempfile
import time

from neurograph.embedded import EmbeddedServer
from neurograph.errors import StoreError
from neurograph.store import GraphStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows the query counts (x 10)")
    parser.add_argument("--timeout", type=float, default=0.5, help="the short timeout, seconds")
    args = parser.parse_args()
    query = (f"UNWIND range(1, {args.rows}) AS x UNWIND range(1, 10) AS y WITH x, y WHERE (x * y) % 7 = 0 "
             "RETURN count(*) AS c")
    with tempfile.TemporaryDirectory(prefix="ng-timeout-") as home:
        server = EmbeddedServer(home)
        info = server.start(heap="1g")
        try:
            with GraphStore(info.uri, info.user, info.password, info.database) as store:
                for timeout in (0, args.timeout):
                    start = time.perf_counter()
                    try:
                        outcome = f"answered {int(store.query(query, timeout=timeout)['c'][0])}"
                    except StoreError as exc:
                        outcome = f"stopped: {exc}"
                    label = f"timeout {timeout:g} s" if timeout else "no timeout"
                    print(f"{label:>16}: {time.perf_counter() - start:6.2f} s, {outcome}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
