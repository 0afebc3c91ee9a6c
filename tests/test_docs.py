"""The README documents every field of the model and every command of the command line."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from hrnotice.cli import main
from hrnotice.formatting import FILTERS
from hrnotice.model import Notice

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def field_paths(model: type[BaseModel], prefix: str = "") -> typing.Iterator[str]:
    for name, field in model.model_fields.items():
        path = prefix + name
        yield path
        annotation = field.annotation
        inner = next((a for a in (annotation, *typing.get_args(annotation))
                      if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if inner:
            origin = typing.get_origin(annotation)
            yield from field_paths(inner, path + ("[]." if origin is list else ".*." if origin is dict else "."))


def test_every_field_is_documented() -> None:
    missing = [p for p in field_paths(Notice) if f"`{p}`" not in README]
    assert missing == []


def test_every_command_and_filter_is_documented() -> None:
    assert [c for c in main.commands if f"python build.py {c}" not in README] == []
    assert [f for f in FILTERS if f"`{f}`" not in README] == []


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1].splitlines()
    assert first_block[1].startswith("bash scripts/install.sh && .venv/bin/python build.py")
    assert first_block[2].startswith("bash scripts/test.sh")
