"""Dictionary figures: compile time, load time and resident memory of the compiled dictionary.

Compiles the dictionary in a fresh data directory (the resources installed
there from ../shared/datasets beside the checkout), then loads the cached
dictionary in a new process, as a command does. Targets (issue 11): compile
<= 60 s, load <= 2 s and <= 1 GiB resident. CPU and wall times are both
printed: on a machine shared with other jobs, wall time includes waiting.

Run: .venv/bin/python benchmarks/dictionary.py [--home DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

LOAD = """
import json, resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from neurograph.lexicon import load_lexicon
lex = load_lexicon(home=sys.argv[1])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
found = lex.matcher().find("Magnesium and fluoxetine lower TNF in major depressive disorder.")
print(json.dumps({"wall": wall, "cpu": cpu, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "entities": len(lex.entities), "mentions": len(found), "provenance": lex.provenance}))
"""


def run(home: str) -> dict:
    out = subprocess.run([sys.executable, "-c", LOAD, home], capture_output=True, text=True, check=True,
                         env={**os.environ, "NEUROGRAPH_HOME": home})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", help="data directory to use [default: a new temporary one]")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="ng-dictionary-")
    from neurograph.lexicon import vocabulary_files

    vocabulary_files(home)  # install from the local folder when nothing is installed
    cold = run(home)
    warm = min((run(home) for _ in range(3)), key=lambda r: r["wall"])
    prov = warm["provenance"]
    print(f"entities: {warm['entities']}; vocabulary files: {len(prov.get('vocabularies', []))}; "
          f"training terms added: {prov.get('training_terms', 0)}; dropped: {prov.get('dropped_terms')}")
    print(f"compile (cold, incl. load): {cold['cpu']:.1f} s CPU, {cold['wall']:.1f} s wall, {cold['rss_mib']:.0f} MiB peak")
    print(f"load (cached): {warm['cpu']:.2f} s CPU, {warm['wall']:.2f} s wall, {warm['rss_mib']:.0f} MiB peak")


if __name__ == "__main__":
    main()
