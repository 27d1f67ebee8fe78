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
# The vocabularies, into the data directory: from ../shared/datasets beside the checkout when it
# exists, else from their official URLs (checksums checked). Then the optional extracts (which install
# only from such a folder) and the BioRED and BC5CDR training splits that measure the dictionary.
$NG resources install chebi mesh mondo doid hpo hgnc go foodon
$NG resources install chebi-drugbank mesh-pa drugbank uberon biored bc5cdr \
    || echo "optional resources skipped: install them with --from FOLDER (see neurograph resources list)"
$NG build
$NG load
$NG path magnesium dopamine
$NG view --path magnesium dopamine --out neurograph-magnesium-dopamine.html
echo "open neurograph-magnesium-dopamine.html in a browser to explore the paths"
