"""How the CLI shows things: rich tables for people, JSON for programs (`--json`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console(highlight=False, soft_wrap=False)
errors = Console(stderr=True, highlight=False)


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def emit_json(value: Any) -> None:
    click.echo(json.dumps(value, default=_default, ensure_ascii=False, indent=2))


def table(title: str | None, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, markup: bool = False) -> None:
    grid = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    for row in rows:
        # cells hold text from documents, where "[...]" is data, not rich markup
        grid.add_row(*("" if cell is None else str(cell) if markup else escape(str(cell)) for cell in row))
    console.print(grid)


def day(value: datetime | None) -> str:
    return value.date().isoformat() if value else ""
