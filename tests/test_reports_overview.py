"""The overview sentence of seed 003 §一 (issue 17, item 3): a replica of the seed's county built
here gives the seed's own sentence, with the dashboard's figures, for the regions a user may see."""

import datetime

import pytest
from django.utils import timezone

from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.regions.models import Region
from liangxin.reports.overview import overview, people, whole_of
from liangxin.rules.stats import coverage

SEED_SENTENCE = (
    "目前，全县共有“两新”组织10001家，从业人员3.24万人，党员668名（其中个体户和民营企业等新经济组织9908家，"
    "从业人员3.13万人，党员510名；各种行业协会和社会团体等新社会组织93家，从业人员1064人，党员158名）。"
    "目前，全县共建立“两新”党组织42个（其中新经济组织37个、新社会组织5个）。"
)


@pytest.mark.parametrize(("n", "said"), [
    (0, "0人"), (1064, "1064人"), (9999, "9999人"), (10_000, "1万人"), (30_000, "3万人"),
    (31_336, "3.13万人"), (32_400, "3.24万人"), (32_450, "3.25万人"), (1_234_567, "123.46万人"),
])
def test_it_says_people_as_a_speech_does(n, said):
    assert people(n) == said


@pytest.mark.parametrize(("name", "whole"), [
    ("罗平县", "全县"), ("测试区", "全区"), ("东街道", "全街道"), ("高新园区", "全园区"), ("东一社区", "全社区"),
    ("大坪镇", "全镇"), ("合成市", "全市"), ("东一第1网格", "全辖区"),
])
def test_it_names_the_whole_region_by_its_ending(name, whole):
    assert whole_of(Region(name=name)) == whole


def _spread(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


@pytest.fixture
def county(db):
    """Seed 003's county: 9,908 economic organizations with 31,336 employees and 510 members,
    93 social ones with 1,064 employees and 158 members, 37 + 5 party organizations."""
    county = Region.objects.create(code="530324", name="罗平县", level=Region.Level.DISTRICT)
    town = Region.objects.create(code="530324100", name="罗雄街道", level=Region.Level.STREET, parent=county)
    rows = []
    for kind, n, employees, members in (("enterprise", 9908, 31_336, 510), ("social", 93, 1_064, 158)):
        staff, party = _spread(employees, n), [0] * n
        for i, m in enumerate(_spread(members, 60 if kind == "enterprise" else 10)):
            party[i] = m
        rows += [Organization(name=f"{kind}{i}", kind=kind, region=town, employees=staff[i], founded_on=datetime.date(2005, 1, 1),
                              reported_formal_members=party[i] or None) for i in range(n)]
    # Closed organizations are not in operation: they count nowhere.
    rows.append(Organization(name="已注销公司", region=town, employees=500, reported_formal_members=9, founded_on=datetime.date(2005, 1, 1),
                             status=Organization.Status.DEREGISTERED))
    Organization.objects.bulk_create(rows, batch_size=2000)
    for kind, n in (("enterprise", 37), ("social", 5)):
        for org in Organization.objects.filter(region=town, kind=kind).order_by("pk")[:n]:
            party_org = PartyOrg.objects.create(name=f"{org.name}党支部", region=town, type=PartyOrg.Type.BRANCH,
                                                founded_on=datetime.date(2008, 1, 1))
            party_org.organizations.add(org)
    return county


def test_the_seed_county_gives_the_seeds_sentence(county):
    result = overview(None, county)
    assert result.sentence == SEED_SENTENCE
    assert result.on == timezone.localdate()
    # One definition: the dashboard's figures of the same region are the sentence's.
    dashboard = coverage(None, county)["figures"]
    for key in ("organizations", "employees", "members", "party_orgs", "organizations_economic", "employees_social"):
        assert result.figures[key] == dashboard[key], key


def test_a_past_day_counts_what_stood_then(county):
    town = county.children.get()
    newest = PartyOrg.objects.filter(region=town).order_by("pk").last()
    newest.founded_on = timezone.localdate() - datetime.timedelta(days=10)
    newest.save()
    then = overview(None, county, timezone.localdate() - datetime.timedelta(days=30))
    assert then.figures["party_orgs"] == 41 and "共建立“两新”党组织41个" in then.sentence
    assert overview(None, county).figures["party_orgs"] == 42


def test_the_page_shows_the_sentence_within_the_jurisdiction(world, login):
    client = login(world.admin)
    page = client.get(f"/reports/overview/?region={world.district.pk}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "目前，全区共有“两新”组织3家" in text and 'id="overview-figures"' in text
    # Another street's region answers 404; a street's own opens.
    assert login(world.other_street_user).get(f"/reports/overview/?region={world.street1.pk}").status_code == 404
    own = login(world.street_user).get(f"/reports/overview/?region={world.street1.pk}").content.decode()
    assert "全街道共有“两新”组织2家" in own


def test_a_future_day_is_refused_in_chinese_and_kept(world, login):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page = login(world.admin).get(f"/reports/overview/?on={future}").content.decode()
    assert "截至日期：不能晚于今天" in page and f'value="{future}"' in page and 'id="overview-sentence"' not in page
    page = login(world.admin).get("/reports/overview/?on=2026-02-30").content.decode()
    assert "截至日期：请填写有效日期" in page


def test_the_command_prints_the_sentence_and_refuses_a_bad_day(county):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("overview", region="530324", stdout=out)
    assert out.getvalue().startswith(SEED_SENTENCE) and "从业人员 32400 人（31336 / 1064）" in out.getvalue()
    with pytest.raises(CommandError, match="截至日期 2026-13-01 无效"):
        call_command("overview", region="530324", on="2026-13-01")
    with pytest.raises(CommandError, match="没有区划代码为 999 的区域"):
        call_command("overview", region="999")
