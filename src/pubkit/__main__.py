"""Run the command line with ``python -m pubkit``."""

from pubkit.cli import main

main()
