"""What the route walk checks of personal data (issue 10, data minimisation by role).

The test's world is given personal values of every kind (`give_the_world_personal_data`); for
each answer a persona gets, `leaks` says where a value shows beyond the level its role is
declared to see (liangxin.accounts.roles.PERSONAL_DATA): a hidden value neither full nor masked,
a masked one never in full. The values are listed by hand here, so that a field whose
declaration is removed is still looked for, and every declared field's stored values are added,
so that a new model's personal field is looked for as soon as it is declared.
"""

from __future__ import annotations

import io
import json
import re
from html import unescape

import openpyxl
from django.apps import apps

from liangxin.core import personal
from liangxin.ledger.models import CensusRecord

# Set on the world's rows by give_the_world_personal_data (the conftest world adds members'
# names, 身份证号 and phones and the instructor's name).
OWNER = "陈建国"
SECRETARY = "刘红梅"
SECRETARY_PHONE = "13700001111"
INSTRUCTOR_PHONE = "13600002222"
RESPONSIBLE = "周建华"
CANDIDATE, PLANNER, RESPONSIBILITY = "孙丽华", "吴国强", "郑海燕"


def give_the_world_personal_data(world) -> None:
    world.org1.owner_name, world.org1.owner_is_member = OWNER, True
    world.org1.save()
    world.party_org1.secretary = world.member1
    world.party_org1.save()
    world.party_org2.secretary_name, world.party_org2.secretary_phone = SECRETARY, SECRETARY_PHONE
    world.party_org2.save()
    world.instructor.phone = INSTRUCTOR_PHONE
    world.instructor.save()
    world.grid1.responsible_person = RESPONSIBLE
    world.grid1.save()
    CensusRecord.objects.update(secretary_candidate=CANDIDATE, plan_responsible=PLANNER, responsibility=RESPONSIBILITY)


def personal_values(world) -> set[tuple[str, str]]:
    """(kind, value) of every personal value in the world: the hand-made list, and what the
    declared fields of every model hold. Accounts' own names are left out: the menu shows
    the viewer's own name."""
    values = {
        (personal.Kind.NAME, world.member1.name), (personal.Kind.NAME, world.member2.name),
        (personal.Kind.ID_NUMBER, world.member1.id_number), (personal.Kind.ID_NUMBER, world.member2.id_number),
        (personal.Kind.PHONE, world.member1.phone), (personal.Kind.PHONE, world.member2.phone),
        (personal.Kind.NAME, world.instructor.name), (personal.Kind.PHONE, INSTRUCTOR_PHONE),
        (personal.Kind.NAME, OWNER), (personal.Kind.NAME, SECRETARY), (personal.Kind.PHONE, SECRETARY_PHONE),
        (personal.Kind.NAME, RESPONSIBLE), (personal.Kind.NAME, CANDIDATE), (personal.Kind.NAME, PLANNER),
        (personal.Kind.NAME, RESPONSIBILITY),
    }
    for model in apps.get_models():
        if model._meta.label == "accounts.User":
            continue
        for name, kind in personal.personal_fields(model).items():
            field = model._meta.get_field(name)
            if field.is_relation or kind == personal.Kind.POLITICAL:
                continue  # a link names a person whose own name is listed; yes/no and dates are not text to look for
            for value in model._default_manager.values_list(name, flat=True).distinct():
                if isinstance(value, str) and len(value) >= 2:
                    values.add((kind, value))
    return values


def text_of(response) -> str:
    """What an answer shows: a page or JSON as text, a spreadsheet's cells, a Word document's text."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "wordprocessingml" in response.get("Content-Type", ""):  # a Word document (the pairing bulletin)
        import docx  # only the bulletin's route needs it

        document = docx.Document(io.BytesIO(content))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(str(cell) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    text = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        # JSON escapes non-ASCII text (\u5f20): read it back as the characters.
        return json.dumps(json.loads(text), ensure_ascii=False)
    return unescape(text)


def leaks(user, model, url: str, response, values: set[tuple[str, str]], revealed=frozenset()) -> list[str]:
    """Where this answer shows personal data beyond the user's declared levels (`revealed`: the
    kinds a route declares it shows in full, as a logged view of unmasked data)."""
    if response.status_code != 200:
        return []
    text = text_of(response)
    wrong = []
    for kind, value in sorted(values):
        lvl = personal.Level.FULL if kind in revealed else personal.level(user, kind)
        if lvl == personal.Level.FULL:
            continue
        if value in text:
            wrong.append(f"{user.username} {url}: {kind} {value!r} in full (declared {lvl.name.lower()})")
        masked = personal.apply(kind, personal.Level.MASKED, value)
        if lvl == personal.Level.HIDDEN and masked and masked in text:
            wrong.append(f"{user.username} {url}: {kind} {value!r} masked as {masked!r} (declared hidden)")
    if model is not None:
        wrong += _hidden_fields_shown(user, model, url, response, text)
    return wrong


# Party membership as yes/no, listed by hand like the values above (a removed declaration
# must still be looked for).
POLITICAL = {"organizations.Organization": {"owner_is_member"}, "members.Member": {"category", "joined_on"}}


def _hidden_fields_shown(user, model, url, response, text) -> list[str]:
    """Fields the role may not see at all (a yes/no of Party membership has no text to look for):
    null or absent in the API, the placeholder on a detail page."""
    hidden = personal.hidden_fields(user, model)
    if personal.level(user, personal.Kind.POLITICAL) == personal.Level.HIDDEN:
        hidden |= POLITICAL.get(model._meta.label, set())
    if not hidden:
        return []
    wrong = []
    if response.get("Content-Type", "").startswith("application/json"):
        data = json.loads(text)
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        for row in rows if isinstance(rows, list) else []:
            for name in hidden:
                for key in (name, f"{name}_masked"):
                    if isinstance(row, dict) and row.get(key) not in (None, "", []):
                        wrong.append(f"{user.username} {url}: {key}={row[key]!r} (declared hidden)")
    elif response.get("Content-Type", "").startswith("text/html"):
        for name in hidden:
            label = str(model._meta.get_field(name).verbose_name)
            for shown in re.findall(rf"<dt[^>]*>{re.escape(label)}</dt><dd[^>]*>(.*?)</dd>", text):
                if shown.strip() != personal.PLACEHOLDER:
                    wrong.append(f"{user.username} {url}: {label} shows {shown.strip()!r} (declared hidden)")
    return wrong
