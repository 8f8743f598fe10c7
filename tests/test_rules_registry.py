"""The registry itself: every rule is declared once with its citation, parameters and action,
and every quoted sentence really is in its seed."""

import os
import re
from pathlib import Path

import pytest

from liangxin.rules.registry import PARAMETERS, RULES, Citation, Rule, all_rules, get_rule, register

SEEDS = Path(os.environ.get("LIANGXIN_SEEDS_DIR", "/work/shared/seeds"))
PINYIN = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
EXPECTED = {f"ORG-{n}" for n in range(1, 11)} | {"COV-1", "COV-2", "GRID-2", "GRID-5", "MEM-1", "MEM-3"}


def test_it_declares_every_rule_of_the_issue():
    assert set(RULES) >= EXPECTED
    assert [r.id for r in all_rules()][:3] == ["COV-1", "COV-2", "FUND-2"]
    assert get_rule("org-1").id == "ORG-1"


def test_it_gives_every_rule_a_title_citation_and_action():
    for rule in all_rules():
        assert rule.title and rule.action and rule.citations, rule.id
        assert all(c.quote and c.clause for c in rule.citations), rule.id
        for key in rule.parameters:
            assert PARAMETERS[key].citation.quote, key


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed texts not available here")
def test_it_quotes_the_seeds_verbatim():
    texts = {path.name[:3]: PINYIN.sub("", path.read_text()) for path in SEEDS.glob("*.txt")}
    citations = {c for rule in all_rules() for c in rule.citations} | {p.citation for p in PARAMETERS.values()}
    for citation in citations:
        if citation.seed == "national":
            continue
        assert citation.quote in texts[citation.seed], f"{citation} quote not found in seed"


def test_it_refuses_a_rule_registered_twice_or_with_unknown_parameters():
    with pytest.raises(ValueError):
        register(Rule("ORG-1", "x", "x", (Citation("001", "一", "q"),), "x"))
    with pytest.raises(ValueError):
        register(Rule("XXX-1", "x", "x", (Citation("001", "一", "q"),), "x", parameters=("nope",)))
    assert "XXX-1" not in RULES
