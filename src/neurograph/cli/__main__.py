"""``python -m neurograph.cli``."""

from . import main

main()
