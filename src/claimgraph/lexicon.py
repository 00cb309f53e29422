"""Load the lexicons kept as data files in `claimgraph/lexicons/` (once each)."""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The JSON lexicon `name` (without `.json`); keys starting with `_` are comments."""
    path = resources.files("claimgraph").joinpath("lexicons", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


@lru_cache(maxsize=None)
def _demonym_index(language: str) -> dict[str, str]:
    return {form: country for country, forms in load(language).get("demonyms", {}).items() for form in forms}


def country_of(word: str, language: str) -> str | None:
    """The country (English name) a nationality word points to: 'turques' → 'Turkey'."""
    return _demonym_index(language).get(word.lower().replace("’", "'"))


def is_country(name: str) -> bool:
    """Whether an English place name is one of the countries the demonym lexicon knows."""
    return name in load("en").get("demonyms", {})


def english_adjective(country: str) -> str:
    return load("en")["demonyms"][country][0].capitalize()
