"""Lets `python -m intake` run the baocao command line (used where the console script is not installed)."""

from intake.cli import main

main(prog_name="baocao")
