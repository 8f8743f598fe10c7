"""The development pipeline (MEM-4): one record per person from 入党申请人 to 正式党员, the time
rules at their thresholds, the checklist, and every count of members still counting members only."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from liangxin.audit.models import ChangeLog
from liangxin.dashboard.figures import register_members
from liangxin.members import pipeline
from liangxin.members.models import DevelopmentStep, Member, Recruit
from liangxin.organizations.models import Organization
from liangxin.partyorgs.models import PartyOrg
from liangxin.rules.registry import get_rule
from tests.conftest import id_number

TODAY = datetime.date.today()
ALL_DOCS = {stage: [key for key, _ in spec.documents] for stage, spec in pipeline.STEPS.items()}


def flagged(rule_id, user=None):
    return {r.pk: r.finding for r in get_rule(rule_id).violations(user)}


def full_member(world, name, stem):
    return Member.objects.create(name=name, id_number=id_number(stem), organization=world.org1, party_org=world.party_org1,
                                 joined_on=datetime.date(2010, 7, 1))


def applicant(world, name="陈晨", stem="44030319950505001", applied=datetime.date(2024, 3, 1), talked=None):
    person = Member(name=name, id_number=id_number(stem), organization=world.org1, party_org=world.party_org1,
                    category=pipeline.APPLICANT)
    person.full_clean()
    person.save()
    DevelopmentStep.objects.create(member=person, stage=pipeline.APPLICANT, date=applied, talked_on=talked,
                                   documents=ALL_DOCS[pipeline.APPLICANT])
    return person


def step(person, stage, date, **kw):
    s = DevelopmentStep(member=person, stage=stage, date=date, documents=ALL_DOCS[stage], **kw)
    s.full_clean()
    s.take()
    person.refresh_from_db()
    return s


class TestTimeRules:
    def test_it_refuses_an_applicant_of_17_years_364_days(self, world):
        person = Member(name="少年", id_number=id_number("44030320080115003"), organization=world.org1, category=pipeline.APPLICANT)
        person.derive_fields()
        assert person.birth_date == datetime.date(2008, 1, 15)
        too_young = DevelopmentStep(member=person, stage=pipeline.APPLICANT, date=datetime.date(2026, 1, 14), documents=["application"])
        with pytest.raises(ValidationError) as error:
            too_young.clean()
        assert "年满18周岁" in str(error.value.message_dict["date"])
        DevelopmentStep(member=person, stage=pipeline.APPLICANT, date=datetime.date(2026, 1, 15), documents=["application"]).clean()

    def test_it_needs_365_days_as_activist(self, world):
        a, b = full_member(world, "联系甲", "11010119700101011"), full_member(world, "联系乙", "11010119700101022")
        person = applicant(world, applied=datetime.date(2024, 1, 10), talked=datetime.date(2024, 1, 20))
        step(person, pipeline.ACTIVIST, datetime.date(2024, 3, 1), contact_1=a, contact_2=b)
        early = DevelopmentStep(member=person, stage=pipeline.CANDIDATE, date=datetime.date(2025, 2, 28),  # 364 days
                                documents=ALL_DOCS[pipeline.CANDIDATE], contact_1=a, contact_2=b)
        with pytest.raises(ValidationError) as error:
            early.full_clean()
        assert "已364天" in str(error.value.message_dict["date"]) and "2025-03-01" in str(error.value.message_dict["date"])
        step(person, pipeline.CANDIDATE, datetime.date(2025, 3, 1), contact_1=a, contact_2=b)  # 365 days
        assert person.category == pipeline.CANDIDATE

    def test_probation_ending_tomorrow_warns_and_yesterday_flags(self, world):
        def probationary(name, stem, ends):
            return Member.objects.create(name=name, id_number=id_number(stem), organization=world.org1,
                                         category=Member.Category.PROBATIONARY, joined_on=ends.replace(year=ends.year - 1))

        tomorrow = probationary("明天", "11010119900101033", TODAY + datetime.timedelta(days=1))
        yesterday = probationary("昨天", "11010119900101044", TODAY - datetime.timedelta(days=1))
        later = probationary("还早", "11010119900101055", TODAY + datetime.timedelta(days=60))
        found = flagged("MEM-4")
        assert found[tomorrow.pk].startswith("将到期") and found[yesterday.pk].startswith("逾期")
        assert later.pk not in found and world.member1.pk not in found

    def test_it_flags_an_application_not_talked_to_within_a_month(self, world):
        late = applicant(world, "未谈", "44030319950505012", applied=TODAY - datetime.timedelta(days=31))
        fresh = applicant(world, "新申请", "44030319950505023", applied=TODAY - datetime.timedelta(days=2))
        talked = applicant(world, "已谈", "44030319950505034", applied=TODAY - datetime.timedelta(days=40),
                           talked=TODAY - datetime.timedelta(days=30))
        found = flagged("MEM-4")
        assert found[late.pk].startswith("逾期") and found[fresh.pk].startswith("待谈话") and talked.pk not in found
        assert late.pk not in flagged("MEM-4", world.other_street_user)
        assert flagged("MEM-4", world.leader) == {}  # the leader reads sums, never people

    def test_it_needs_political_review_and_the_whole_checklist(self, world):
        a, b = full_member(world, "联系甲", "11010119700101011"), full_member(world, "联系乙", "11010119700101022")
        person = applicant(world, applied=datetime.date(2023, 1, 10), talked=datetime.date(2023, 1, 20))
        step(person, pipeline.ACTIVIST, datetime.date(2023, 2, 1), contact_1=a, contact_2=b)
        step(person, pipeline.CANDIDATE, datetime.date(2024, 3, 1), contact_1=a, contact_2=b)
        admit = DevelopmentStep(member=person, stage=pipeline.PROBATIONARY, date=datetime.date(2024, 6, 1),
                                documents=ALL_DOCS[pipeline.PROBATIONARY][:-1])
        with pytest.raises(ValidationError) as error:
            admit.full_clean()
        assert "政治审查" in str(error.value.message_dict["political_review_on"])
        assert "上级党委审批意见" in str(error.value.message_dict["documents"])

    def test_contacts_are_two_different_full_members(self, world):
        person = applicant(world)
        probationary = Member.objects.create(name="预备甲", id_number=id_number("11010119900101066"), organization=world.org1,
                                             category=Member.Category.PROBATIONARY, joined_on=TODAY)
        s = DevelopmentStep(member=person, stage=pipeline.ACTIVIST, date=datetime.date(2024, 4, 1),
                            documents=ALL_DOCS[pipeline.ACTIVIST], contact_1=world.member1, contact_2=probationary)
        with pytest.raises(ValidationError) as error:
            s.full_clean()
        assert "须是正式党员" in str(error.value.message_dict["contact_2"])
        s.contact_2 = world.member1
        with pytest.raises(ValidationError) as error:
            s.full_clean()
        assert "不能是同一人" in str(error.value.message_dict["contact_2"])

    def test_conversion_waits_for_the_end_of_probation(self, world):
        person = Member.objects.create(name="预备乙", id_number=id_number("11010119900101077"), organization=world.org1,
                                       category=Member.Category.PROBATIONARY, joined_on=datetime.date(2025, 6, 1))
        early = DevelopmentStep(member=person, stage=pipeline.FULL, date=datetime.date(2026, 5, 31), documents=ALL_DOCS["full"])
        with pytest.raises(ValidationError) as error:
            early.full_clean()
        assert "2026-06-01期满" in str(error.value.message_dict["date"])
        step(person, pipeline.FULL, datetime.date(2026, 6, 1))
        assert person.category == Member.Category.FULL


def test_a_person_keeps_one_record_and_one_history_from_applicant_to_full_member(world, login):
    """Through the pages, as the secretary of the branch: register the application, each step
    with its checklist; the same row all along, and its one history has every change."""
    a, b = full_member(world, "联系甲", "11010119700101011"), full_member(world, "联系乙", "11010119700101022")
    client = login(world.secretary)
    response = client.post("/members/development/add/", {
        "name": "周明", "gender": "M", "id_number": id_number("44030319980808001"), "organization": world.org1.pk,
        "party_org": world.party_org1.pk, "applied_on": "2022-01-05", "talked_on": "2022-01-20", "documents": ["application"],
    })
    assert response.status_code == 302, response.context["form"].errors
    person = Member.people.get(name="周明")
    assert person.category == pipeline.APPLICANT and not Member.objects.filter(pk=person.pk).exists()
    assert client.get(person.get_absolute_url()).status_code == 200
    dates = {pipeline.ACTIVIST: "2022-03-01", pipeline.CANDIDATE: "2023-03-10", pipeline.PROBATIONARY: "2023-07-01",
             pipeline.FULL: "2024-07-02"}
    for stage, date in dates.items():
        data = {"date": date, "documents": ALL_DOCS[stage]}
        if pipeline.STEPS[stage].contacts:
            data |= {"contact_1": a.pk, "contact_2": b.pk}
        if stage == pipeline.PROBATIONARY:
            data["political_review_on"] = "2023-06-15"
        if pipeline.STEPS[stage].approval:
            data["approved_on"] = date
        response = client.post(f"/members/development/{person.pk}/next/", data)
        assert response.status_code == 302, response.context["form"].errors
    person = Member.objects.get(pk=person.pk)  # a member now: the roster holds them
    assert person.category == Member.Category.FULL and person.joined_on == datetime.date(2023, 7, 1)
    assert list(person.development_steps.values_list("stage", flat=True)) == list(pipeline.ORDER)
    history = ChangeLog.objects.filter(content_type=ContentType.objects.get_for_model(Member), object_id=str(person.pk))
    categories = [entry.after["category"] for entry in history.order_by("time", "pk")]
    assert categories == list(pipeline.ORDER)
    assert ContentType.objects.get_for_model(Recruit) == ContentType.objects.get_for_model(Member)
    page = client.get(f"/members/{person.pk}/")
    assert page.status_code == 200 and "发展历程" in page.content.decode() and len(page.context["history"]) == 5
    assert client.get(f"/members/development/{person.pk}/").status_code == 404  # left the pipeline


def test_the_step_form_names_whats_missing_and_keeps_what_was_typed(world, login):
    person = applicant(world, talked=datetime.date(2024, 3, 5))
    client = login(world.secretary)
    page = client.get(f"/members/development/{person.pk}/next/")
    assert page.status_code == 200 and "确定为入党积极分子" in page.content.decode()
    response = client.post(f"/members/development/{person.pk}/next/", {"date": "2024-04-01", "documents": ["recommendation"],
                                                                       "note": "推优"})
    form = response.context["form"]
    assert response.status_code == 200 and form["note"].value() == "推优"
    assert "支部委员会研究决定记录" in str(form.errors["documents"]) and "培养联系人" in str(form.errors)
    assert Member.people.get(pk=person.pk).category == pipeline.APPLICANT
    assert login(world.other_street_user).get(f"/members/development/{person.pk}/next/").status_code == 404
    assert login(world.leader).get("/members/development/").status_code == 403


def test_counts_of_members_leave_the_pipeline_out(world, login):
    """Every place that counts members: the organization's and party organization's figures, the
    dashboard, the overview statistics, the census, the roster page and API, the export, the
    grid's tracking, ORG rules, the demo's summary."""
    from liangxin.demo.accounts import district_counts
    from liangxin.grids.tracking import track
    from liangxin.ledger.exporting import EXPORTS
    from liangxin.rules.stats import coverage

    org, party_org = world.org1, world.party_org1
    a, b = full_member(world, "联系甲", "11010119700101011"), full_member(world, "联系乙", "11010119700101022")
    before = {
        "org": Organization.objects.filter(pk=org.pk).values("formal_members", "probationary_members").get(),
        "roster": PartyOrg.objects.with_member_total().get(pk=party_org.pk).roster_members,
        "register": register_members(world.admin, None),
        "stats": coverage(world.admin)["figures"]["members"],
        "demo": district_counts(world.district)["members"],
        "rules": {rid: len(flagged(rid)) for rid in ("ORG-1", "ORG-2", "ORG-3", "ORG-5")},
    }
    for index, stage in enumerate((pipeline.APPLICANT, pipeline.ACTIVIST, pipeline.CANDIDATE)):
        person = applicant(world, f"申请{index}", f"4403031995050510{index}", applied=datetime.date(2022, 1, 5),
                           talked=datetime.date(2022, 1, 6))
        if stage != pipeline.APPLICANT:
            step(person, pipeline.ACTIVIST, datetime.date(2022, 2, 1), contact_1=a, contact_2=b)
        if stage == pipeline.CANDIDATE:
            step(person, pipeline.CANDIDATE, datetime.date(2023, 2, 1), contact_1=a, contact_2=b)
    assert Member.people.filter(organization=org).count() == Member.objects.filter(organization=org).count() + 3
    from django.core.cache import cache

    cache.clear()
    assert Organization.objects.filter(pk=org.pk).values("formal_members", "probationary_members").get() == before["org"]
    assert PartyOrg.objects.with_member_total().get(pk=party_org.pk).roster_members == before["roster"]
    assert register_members(world.admin, None) == before["register"]
    assert coverage(world.admin)["figures"]["members"] == before["stats"]
    assert district_counts(world.district)["members"] == before["demo"]
    assert {rid: len(flagged(rid)) for rid in before["rules"]} == before["rules"]
    client = login(world.admin)
    assert "申请0" not in client.get("/members/", {"organization": org.pk}).content.decode()
    names = [row["name"] for row in client.get("/api/members/", {"organization": org.pk, "page_size": 100}).json()["results"]]
    assert "申请0" not in names and "联系甲" in names
    exported = [str(m) for m in EXPORTS["members"].queryset(world.admin, {})]
    assert "联系甲" in exported and "申请0" not in exported
    assert {"申请0", "申请1", "申请2"} <= {r["name"] for r in client.get("/api/recruits/").json()["results"]}
    # The grid's tracking counts a member registered through the pages, not an applicant.
    assert client.post("/members/add/", {"name": "赵新", "id_number": id_number("11010119850101123"), "category": "full",
                                         "position": "staff", "organization": org.pk}).status_code == 302
    assert client.post("/members/development/add/", {"name": "钱申", "id_number": id_number("11010119850101134"),
                                                     "organization": org.pk, "applied_on": TODAY.isoformat(),
                                                     "documents": ["application"]}).status_code == 302
    t = track(world.grid1, TODAY - datetime.timedelta(days=1), TODAY)
    assert [e.object_repr for e in t.members_in] == ["赵新"]


class TestActivistsAndNewMembers:
    def activist(self, org, stem, days_ago):
        person = Member.people.create(name=f"积极{stem[-3:]}", id_number=id_number(stem), organization=org, category="activist")
        DevelopmentStep.objects.create(member=person, stage="activist", date=TODAY - datetime.timedelta(days=days_ago))
        return person

    def test_mem1_counts_people_made_activists_in_the_last_year(self, world):
        # org1 (a branch of its own) and org2 (a branch, and paired with a unit): none made yet.
        assert {world.org1.pk, world.org2.pk} <= set(flagged("MEM-1"))
        self.activist(world.org1, "11010119950101031", 365)  # a year ago: outside the last twelve months
        assert "近一年确定入党积极分子0名" in flagged("MEM-1")[world.org1.pk]
        self.activist(world.org1, "11010119950101042", 364)
        assert world.org1.pk not in flagged("MEM-1")
        # A paired organization without a party organization falls under 004 三(三) alone.
        paired_only = Organization.objects.create(name="结对无支部公司", region=world.grid2)
        from liangxin.pairing.models import Pairing

        Pairing.objects.create(unit=world.unit, organization=paired_only, start_date=datetime.date(2025, 1, 1))
        assert flagged("MEM-1")[paired_only.pk] == "近一年确定入党积极分子0名，结对共建组织每年至少1名"
        assert world.org1b.pk not in flagged("MEM-1")  # neither a party organization nor a pairing

    def test_mem1_paired_clause_is_a_parameter_of_the_same_rule(self, world):
        from liangxin.rules.models import ParameterOverride

        self.activist(world.org2, "11010119950101053", 10)
        assert world.org2.pk not in flagged("MEM-1")
        ParameterOverride.objects.create(key="paired_activists_per_year", region=world.street2, value=2,
                                         effective_from=datetime.date(2020, 1, 1), reason="本街道结对要求")
        assert flagged("MEM-1")[world.org2.pk] == "近一年确定入党积极分子1名，结对共建组织每年至少2名"
        assert get_rule("MEM-1").parameters == ("activists_per_year", "paired_activists_per_year")

    def test_mem2_counts_admissions_in_a_towns_enterprises(self, world):
        def admitted(org, stem, days_ago):
            return Member.objects.create(name=f"新{stem[-3:]}", id_number=id_number(stem), organization=org,
                                         category="probationary", joined_on=TODAY - datetime.timedelta(days=days_ago))

        for n in range(4):
            admitted(world.org1, f"1101011995020{n}061", 30 * n)
        admitted(world.org1, "11010119950301072", 365)  # a year ago: outside
        social = Organization.objects.create(name="东一社会组织", region=world.grid1, kind=Organization.Kind.SOCIAL)
        admitted(social, "11010119950301083", 10)  # not an enterprise
        found = flagged("MEM-2")
        assert found[world.street1.pk] == "近一年在非公企业发展新党员4名，每年应发展5名以上"
        assert world.street2.pk in found and world.district.pk not in found and world.grid1.pk not in found
        admitted(world.org1b, "11010119950301094", 364)
        assert world.street1.pk not in flagged("MEM-2")
        assert world.street2.pk in flagged("MEM-2", world.leader)  # the leader reads the towns' figures


def test_the_api_registers_an_applicant_and_takes_steps_with_the_same_checks(world, login):
    client = login(world.street_user)
    response = client.post("/api/recruits/", {"name": "孙申", "id_number": id_number("44030319960606001"),
                                              "organization": world.org1.pk, "party_org": world.party_org1.pk,
                                              "applied_on": "2024-01-02", "documents": ["application"]},
                           content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["category"] == "applicant" and "id_number" not in body and "*" in body["id_number_masked"]
    person = Member.people.get(pk=body["id"])
    assert person.development_steps.get().date == datetime.date(2024, 1, 2)
    refused = client.post("/api/development-steps/", {"member": person.pk, "stage": "activist", "date": "2024-02-01",
                                                      "documents": ALL_DOCS["activist"]}, content_type="application/json")
    assert refused.status_code == 400 and "培养联系人" in str(refused.json())
    a, b = full_member(world, "联系甲", "11010119700101011"), full_member(world, "联系乙", "11010119700101022")
    taken = client.post("/api/development-steps/", {"member": person.pk, "stage": "activist", "date": "2024-02-01",
                                                    "contact_1": a.pk, "contact_2": b.pk, "documents": ALL_DOCS["activist"]},
                        content_type="application/json")
    assert taken.status_code == 201, taken.json()
    assert Member.people.get(pk=person.pk).category == "activist"
    assert login(world.other_street_user).get(f"/api/recruits/{person.pk}/").status_code == 404
    assert login(world.leader).get("/api/recruits/").status_code == 403
    young = client.post("/api/recruits/", {"name": "小申", "id_number": id_number("44030320080115014"),
                                           "organization": world.org1.pk, "applied_on": "2026-01-14", "documents": ["application"]},
                        content_type="application/json")
    assert young.status_code == 400 and "年满18周岁" in str(young.json()["applied_on"])
