#!/usr/bin/env bash
# Install neurograph into .venv and run the main job on the embedded default:
# build the graph from data/documents, load it into the embedded Bolt server
# (started for the occasion, or reused if `neurograph server start` is running),
# print the magnesium -> dopamine paths with evidence, and write an HTML view.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
NG=.venv/bin/neurograph
$NG build
$NG load
$NG path magnesium dopamine
$NG view --path magnesium dopamine --out neurograph-magnesium-dopamine.html
echo "open neurograph-magnesium-dopamine.html in a browser to explore the paths"
