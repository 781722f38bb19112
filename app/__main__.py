"""Lets `python -m app` run the baocao command line (used where the console script is not installed)."""

from app.cli import main

main(prog_name="baocao")
