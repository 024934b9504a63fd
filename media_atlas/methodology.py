"""The numbers behind the Methodology page, read from the code that applies them (the model's SQL and the pages'
caps) rather than retyped, so the page cannot drift from what the atlas computes."""

import re
from dataclasses import dataclass
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent / "model"


class RuleNotFound(Exception):
    """A rule the Methodology page states is no longer where it reads it from: the page needs updating."""


def _found(file: str, pattern: str) -> tuple[str, ...]:
    match = re.search(pattern, (MODEL_DIR / file).read_text(encoding="utf-8"))
    if not match:
        raise RuleNotFound(f"model/{file} no longer matches {pattern!r}")
    return match.groups()


@dataclass(frozen=True)
class Rules:
    depth_cap: int  # links among owners a look-through path follows at most
    majority: float  # a share above this (percent) controls
    low_below: float  # CR4 below this: low concentration risk
    medium_below: float  # CR4 below this (and not low): medium
    audience_years_back: int  # an audience period counts from this many calendar years before the date


def model_rules() -> Rules:
    """The constants in media_atlas/model/*.sql that the numbers on every page follow."""
    (depth_cap,) = _found("claims.sql", r"create macro lookthrough_depth_cap\(\) as (\d+);")
    (majority,) = _found("control.sql", r"filter \(where has_control or share_min > (\d+(?:\.\d+)?)\)")
    low, medium = _found(
        "concentration.sql",
        r"case when markets\.cr4 < (\d+(?:\.\d+)?) then 'low' when markets\.cr4 < (\d+(?:\.\d+)?) then 'medium'",
    )
    (years_back,) = _found("concentration.sql", r">= try_cast\(left\(as_of, 4\) as integer\) - (\d+)")
    return Rules(int(depth_cap), float(majority), float(low), float(medium), int(years_back))


def model_comment(file: str) -> str:
    """The comment that opens a model file: its rules as the SQL states them."""
    lines = []
    for line in (MODEL_DIR / file).read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line.removeprefix("--").removeprefix(" "))
    return "\n".join(lines).strip()
