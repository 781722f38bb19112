"""The baocao command line's entry: the `baocao` console script and `python -m app`. SIGTERM and Ctrl-C are
kept (app.stopping) from before the command line's modules load, so a daemon stopped while it starts stops
cleanly."""

from app import stopping


def main() -> None:
    stopping.hold()
    from app.cli import main as command_line

    command_line(prog_name="baocao")


if __name__ == "__main__":
    main()
