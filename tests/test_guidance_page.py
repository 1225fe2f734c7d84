"""The guidance page: a section per area, no internal codes in what a person reads, every source
with its publisher and address."""

from __future__ import annotations

import html5lib
import pytest

from journal import domain as d
from journal.rules import AREAS, RULES

pytestmark = pytest.mark.django_db
NS = "{http://www.w3.org/1999/xhtml}"


def document(client):
    return html5lib.parse(client.get("/guidance/").content.decode())


def visible_text(root) -> str:
    main = root.find(f".//{NS}main")
    return " ".join("".join(main.itertext()).split())


def test_a_section_per_area_in_catalogue_order_each_holding_its_rules(client):
    root = document(client)
    sections = root.findall(f".//{NS}section[@class='guide-area']")
    assert [" ".join(s.find(f"{NS}h2").itertext()) for s in sections] == list(AREAS)
    for section in sections:
        area = "".join(section.find(f"{NS}h2").itertext())
        rows = [tr.get("id") for tr in section.iter(f"{NS}tr") if tr.get("id")]
        assert rows == [code for code, rule in RULES.items() if rule.area == area]


def test_no_rule_code_is_in_the_visible_text_but_each_stays_a_link_target(client):
    root = document(client)
    text = visible_text(root)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for code in RULES:
        assert code not in text
        assert code in ids  # flags link to /guidance/#<code>
    for rule in RULES.values():
        assert rule.title in text


def test_every_source_article_is_named_with_its_publisher_and_address(client):
    root = document(client)
    items = root.findall(f".//{NS}ul[@class='guide-sources']/{NS}li")
    assert len(items) == len(d.SOURCE_TITLES)
    for item, title in zip(items, d.SOURCE_TITLES, strict=True):
        publisher, address = d.source_address(title)
        text = "".join(item.itertext())
        assert title in text
        assert publisher in text
        assert item.find(f"{NS}a").get("href") == address


def test_each_rules_source_links_to_its_article_by_publisher(client):
    root = document(client)
    for code, rule in RULES.items():
        row = next(tr for tr in root.iter(f"{NS}tr") if tr.get("id") == code)
        links = {a.get("href") for a in row.iter(f"{NS}a")}
        for source in rule.sources:
            where = d.source_address(source)
            if where is not None:
                assert where[1] in links, (code, source)
