"""Shared fixtures: build a site into tmp_path with the project's own build driver."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from sitebuild import build

ROOT = Path(__file__).resolve().parent.parent

CONF = str(ROOT / "pelicanconf.py")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: CI sets this so that a missing tool fails the run instead of skipping a test.
REQUIRE_TOOLS = os.environ.get("KIP_REQUIRE_TOOLS") == "1"


def build_into(out: Path, content: Path | None = None, *, strict: bool = True,
               overrides: dict | None = None, jobs: int | None = None) -> int:
    settings = {"CACHE_PATH": str(out.parent / f"{out.name}-cache")}
    if content is not None:
        settings["PATH"] = str(content)
    settings.update(overrides or {})
    return build(CONF, output=str(out), overrides=settings, strict=strict, jobs=jobs)


def write_files(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real content/ built once with development settings."""
    out = tmp_path_factory.mktemp("site") / "output"
    assert build_into(out, ROOT / "content") == 0
    return out


def require_tool(ok: bool, reason: str) -> None:
    if not ok:
        if REQUIRE_TOOLS:
            pytest.fail(f"{reason} (KIP_REQUIRE_TOOLS=1)")
        pytest.skip(reason)


def run_vnu(paths: list[Path], *, css: bool = True) -> list[dict]:
    """Nu Html Checker messages of type error for the given files."""
    require_tool(shutil.which("java") is not None, "java is not installed")
    require_tool(VNU_JAR.exists(), "vnu-jar is not installed: run `npm ci`")
    cmd = ["java", "-Xss2m", "-jar", str(VNU_JAR), "--format", "json", "--exit-zero-always"]
    if css:
        cmd.append("--also-check-css")
    proc = subprocess.run(cmd + [str(p) for p in paths], capture_output=True, text=True,
                          encoding="utf-8", check=True)
    messages = json.loads(proc.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") == "error"
            or m.get("subType") == "fatal"]
