"""One identity per actor: shorter names, titles across articles and languages."""
from __future__ import annotations

from claimgraph import crossdoc, gazetteer, pipeline


def test_shorter_form_of_a_full_name_is_the_same_person():
    gaz = gazetteer.load()
    assert gaz.person("Tayyip Erdogan").label("en") == "Recep Tayyip Erdogan"
    assert gaz.person("Erdoğan").label("en") == "Recep Tayyip Erdogan"
    assert gaz.person("Jean Dupont") is None


def test_role_keys_agree_across_languages():
    gaz = gazetteer.load()
    fr = crossdoc.role_key("le ministre congolais de la Défense", "fr", gaz)
    en = crossdoc.role_key("the Congolese defence minister", "en", gaz)
    assert fr == en == ("minister", frozenset({"Democratic Republic of the Congo", "defence"}))
    assert crossdoc.role_key("le gouverneur", "fr", gaz) is None  # a bare title names no one
    foreign = crossdoc.role_key("the Congolese foreign minister", "en", gaz)
    assert not crossdoc._matches(foreign, en)


def test_a_title_in_one_article_gets_the_name_another_article_gives(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        " date 2023-03-02 Le ministre congolais de la Défense, Jean-Pierre Bemba, a déclaré mardi que "
        "douze soldats avaient été tués près de Goma.", encoding="utf-8")
    (tmp_path / "in" / "b.txt").write_text(
        " date 2023-03-02 Twelve soldiers were killed near Goma on Tuesday, the Congolese defence minister said.",
        encoding="utf-8")
    result = pipeline.build([str(tmp_path / "in")], validate=False)
    sources = {c.doc_id: c.source for c in result.claims if c.kind == "casualty"}
    assert sources["a"].name == sources["b"].name == "Jean-Pierre Bemba"
    assert "minister" in sources["b"].surface  # the words of the article are kept


def test_two_people_with_the_title_leave_it_unnamed(tmp_path):
    (tmp_path / "in").mkdir()
    for name, person in (("a", "Jean Mbala"), ("b", "Paul Ilunga")):
        (tmp_path / "in" / f"{name}.txt").write_text(
            f" date 2023-03-02 Le ministre congolais de la Défense, {person}, a déclaré que la ville était calme.",
            encoding="utf-8")
    (tmp_path / "in" / "c.txt").write_text(
        " date 2023-03-02 The Congolese defence minister said the town was calm.", encoding="utf-8")
    result = pipeline.build([str(tmp_path / "in")], validate=False)
    source = next(c.source for c in result.claims if c.doc_id == "c")
    assert "minister" in source.name
