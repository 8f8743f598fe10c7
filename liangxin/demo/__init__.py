"""The demo district behind `manage.py demo`: a realistic ledger to show, try and measure with.

Every screen, rule and statistic needs data shaped like a real district's: sizes skewed toward
small firms, organizations that should have a party organization and have none (ORG-1), joint
branches, dissolved ones, overdue elections (ORG-9), flowing members (MEM-3), grids over the limit
(GRID-2), ledger figures that disagree with the member roster. The builder draws all of it from
one seeded `random.Random`, so the same district appears on every machine; dates are counted back
from today so the demo never ages. Rows are bulk-created inside one transaction and no change-log
row is written: this is seed data, not somebody's edit.

The app: district.py (build_demo, the command's one call), words.py (the word lists and sizes),
builder.py (DemoBuilder: regions, organizations, pairings), partyorgs.py (party organizations,
members, secretaries, grid leads), instructors.py (instructors and assignments), activity.py and
committees.py (the instructors' record and what their committees did about it), accounts.py (demo
accounts, figures, report). It sits above every domain app and nothing imports it but its command
and the tests.
"""
