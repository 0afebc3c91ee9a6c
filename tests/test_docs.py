"""The README documents every field of the model and every command of the command line."""

from __future__ import annotations

import typing

from pydantic import BaseModel

from hrnotice.cli import main
from hrnotice.formatting import FILTERS
from hrnotice.model import InterpretationFacts, Notice, SiteIdentity

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


def test_every_field_of_the_site_identity_and_the_interpretation_is_documented() -> None:
    site = README.split("## 网站信息（`data/site.yml`）")[1].split("\n## ")[0]
    interpretation = README.split("## 政策解读（`interpretation.md`）")[1].split("\n## 网站\n")[0]
    assert [p for p in field_paths(SiteIdentity) if f"| `{p}` |" not in site] == []
    assert [p for p in field_paths(InterpretationFacts) if f"| `{p}` |" not in interpretation] == []


def test_the_readme_says_how_to_publish_with_the_server_configuration() -> None:
    section = README.split("## 发布到网站\n")[1].split("\n## ")[0]
    for needed in ("server/nginx.conf", "server/apache.conf", "Content-Security-Policy", "X-Content-Type-Options",
                   "Referrer-Policy", "text/calendar", ".hrnotice-output"):
        assert needed in section, needed


def test_every_command_and_filter_is_documented() -> None:
    assert [c for c in main.commands if f"python build.py {c}" not in README] == []
    assert [f for f in FILTERS if f"`{f}`" not in README] == []


def test_readme_starts_with_the_two_commands() -> None:
    first_block = README.split("```")[1].splitlines()
    assert first_block[1].startswith("bash scripts/install.sh && .venv/bin/python build.py")
    assert first_block[2].startswith("bash scripts/test.sh")
