"""The baocao command line: thin click commands over the library; messages for staff in Vietnamese."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from intake import config as config_mod
from intake.errors import IntakeError


class Context:
    """What every command gets: the loaded config, opened lazily so --help never needs a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._config: config_mod.Config | None = None

    @property
    def config(self) -> config_mod.Config:
        if self._config is None:
            self._config = config_mod.load(self.path)
        return self._config


pass_ctx = click.make_pass_decorator(Context)


class BaocaoGroup(click.Group):
    """Turns every IntakeError into a one-line message and exit code 1, never a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except IntakeError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=BaocaoGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    envvar="BAOCAO_CONFIG",
    default=None,
    help="Tệp cấu hình (mặc định ./config.toml hoặc biến môi trường BAOCAO_CONFIG).",
)
@click.option("-v", "--verbose", count=True, help="Ghi nhật ký chi tiết hơn (-v, -vv).")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None, verbose: int) -> None:
    """baocao: thu nhận và theo dõi báo cáo các trường gửi về Phòng GD&ĐT qua thư điện tử."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(
        level=max(level, logging.DEBUG), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = Context(config_path)
