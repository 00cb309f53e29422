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


# French verb forms → infinitives, for matching lexicon lemmas when the small model's lemma is
# wrong or the form is tagged as something else: regular endings of the three groups, stem
# alternations (appelle → appeler, répète → répéter, menaçant → menacer, exigeant → exiger) and
# the irregular participles of common reporting verbs. Candidates only ever match a lexicon entry.
_FR_ER = ("eraient", "erions", "eriez", "erait", "erais", "erons", "eront", "èrent", "aient", "erai", "eras",
          "era", "ions", "iez", "ait", "ais", "ant", "ons", "ent", "ées", "ée", "és", "ez", "es", "ai", "as",
          "é", "e", "a")
_FR_IR = ("issaient", "issait", "issant", "issent", "iront", "irait", "ira", "ies", "ie", "it", "is", "i")
_FR_RE = {"it": "ire", "ite": "ire", "its": "ire", "ites": "ire", "isent": "ire", "isait": "ire", "isant": "ire",
          "ira": "ire", "irait": "ire", "is": "ettre", "ise": "ettre", "et": "ettre", "ettent": "ettre",
          "ettait": "ettre", "ettant": "ettre", "enu": "enir", "enue": "enir", "ient": "enir", "ienne": "enir",
          "ndu": "ndre", "ndue": "ndre", "nd": "ndre", "ndent": "ndre", "ndait": "ndre",
          "ndant": "ndre", "onnu": "onnaître", "onnue": "onnaître",           "u": "ure", "ut": "ure", "uent": "ure", "uant": "ure"}


@lru_cache(maxsize=65536)
def french_infinitives(form: str) -> frozenset[str]:
    """Infinitives `form` may be an inflection of ('fustigé' → fustiger, 'dit' → dire)."""
    word = form.lower().replace("’", "'")
    out: set[str] = set()
    for ending in _FR_ER:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stem = word[: len(word) - len(ending)]
            for variant in {stem, stem.replace("ç", "c"), stem[:-1] if stem.endswith("ge") else stem,
                            stem[:-1] if stem[-2:] in ("ll", "tt") else stem}:
                out.add(variant + "er")
                if "è" in variant:
                    out.add(variant[::-1].replace("è", "e", 1)[::-1] + "er")
                    out.add(variant[::-1].replace("è", "é", 1)[::-1] + "er")
    for ending in _FR_IR:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            out.add(word[: len(word) - len(ending)] + "ir")
    for ending, infinitive in _FR_RE.items():
        if word.endswith(ending) and len(word) - len(ending) >= 1:
            out.add(word[: len(word) - len(ending)] + infinitive)
    out.discard(word)
    return frozenset(out)
