"""Regenerates the scenario corpus: valid/wage-talks.{yaml,json} and every invalid/NAME.yaml with
its NAME.expect (the message fragment the reader must produce). Run: python tests/data/scenario/make_corpus.py"""
import pathlib, textwrap
root = pathlib.Path(__file__).parent
BASE = """\
accord: 1
title: Two-party wage talks
parties:
  - {id: union, name: Union}
  - {id: firm, name: Firm, role: signatory}
points:
  - id: wage
    title: Wage rise
    range: {min: 0, max: 10, step: 1, unit: "%"}
  - id: hours
    title: Weekly hours
    options:
      - {id: h35, text: 35 hours}
      - {id: h38, text: 38 hours}
drafts:
  - {id: d1, title: Opening offer, date: 2026-01-10, author: firm, choices: {wage: 2, hours: h38}}
  - {id: d2, title: Counter, date: 2026-01-12, author: union, parent: d1, choices: {wage: 6}}
stances:
  - {party: union, draft: d1, point: wage, stance: unacceptable, note: too low}
preferences:
  union:
    reservation: 0.2
    weights: {wage: 3, hours: 1}
    ratings:
      wage: {0: 0, 10: 100}
      hours: {h35: 100, h38: 0}
    red_lines: [wage<2]
  firm:
    weights: {wage: 2, hours: 1}
    ratings:
      wage: {0: 100, 10: 0}
      hours: {h35: 0, h38: 100}
"""
(root / "valid").mkdir(parents=True, exist_ok=True)
(root / "valid" / "wage-talks.yaml").write_text(BASE)
import yaml, json
(root / "valid" / "wage-talks.json").write_text(json.dumps(yaml.safe_load(BASE.replace("2026-01-10", "'2026-01-10'").replace("2026-01-12", "'2026-01-12'")), indent=2))

def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)

cases = {
 "missing-version": (BASE.replace("accord: 1\n", ""), "top-level key `accord: 1` is missing"),
 "wrong-version": (sub("accord: 1", "accord: 2"), "unsupported format version 2"),
 "version-as-text": (sub("accord: 1", "accord: one"), "unsupported format version 'one'"),
 "missing-title": (sub("title: Two-party wage talks\n", ""), "missing required key 'title'"),
 "unknown-top-key": (BASE + "partys: []\n", "unknown key 'partys'; did you mean 'parties'?"),
 "duplicate-party-id": (sub("{id: firm, name: Firm", "{id: union, name: Firm"), "id 'union' is used twice in parties"),
 "duplicate-point-id": (sub("  - id: hours\n", "  - id: wage\n"), "id 'wage' is used twice in points"),
 "duplicate-option-id": (sub("{id: h38, text: 38 hours}", "{id: h35, text: 38 hours}"), "lists option 'h35' twice"),
 "duplicate-draft-id": (sub("{id: d2,", "{id: d1,"), "id 'd1' is used twice in drafts"),
 "duplicate-yaml-key": (sub("title: Two-party wage talks\n", "title: Two-party wage talks\ntitle: again\n"), "key 'title' appears twice"),
 "unknown-author": (sub("author: firm", "author: boss"), "drafts[0].author: unknown party 'boss'; known parties: union, firm"),
 "unknown-parent": (sub("parent: d1", "parent: d9"), "drafts[1].parent: unknown draft 'd9'; known drafts: d1, d2"),
 "draft-cycle": (sub("date: 2026-01-10, author: firm,", "date: 2026-01-10, author: firm, parent: d2,"), "drafts form a cycle"),
 "unknown-option-in-draft": (sub("hours: h38}}", "hours: h40}}"), "point 'hours' has no option 'h40' (options: h35, h38)"),
 "unknown-point-in-draft": (sub("choices: {wage: 6}", "choices: {salary: 6}"), "drafts[1].choices.salary: unknown point 'salary'; known points: wage, hours"),
 "number-off-grid": (sub("choices: {wage: 6}", "choices: {wage: 6.5}"), "not on point 'wage''s grid"),
 "number-out-of-range": (sub("choices: {wage: 6}", "choices: {wage: 12}"), "outside point 'wage''s range"),
 "text-for-numeric": (sub("choices: {wage: 6}", "choices: {wage: six}"), "'six' is not a number; point 'wage' is numeric"),
 "stance-unknown-party": (sub("{party: union, draft: d1", "{party: staff, draft: d1"), "stances[0].party: unknown party 'staff'; known parties: union, firm"),
 "stance-unknown-draft": (sub("{party: union, draft: d1", "{party: union, draft: d7"), "stances[0].draft: unknown draft 'd7'; known drafts: d1, d2"),
 "stance-bad-kind": (sub("stance: unacceptable", "stance: furious"), "'furious' is not one of accept, criticise, unacceptable, amend"),
 "amend-without-proposal": (sub("stance: unacceptable", "stance: amend"), "an `amend` stance needs a `proposal`"),
 "proposal-without-amend": (sub("stance: unacceptable,", "stance: accept, proposal: 5,"), "only an `amend` stance takes a proposal"),
 "preferences-unknown-party": (sub("  firm:\n    weights", "  company:\n    weights"), "preferences.company: unknown party 'company'; known parties: union, firm"),
 "negative-weight": (sub("weights: {wage: 3, hours: 1}", "weights: {wage: -3, hours: 1}"), "-3 is too small (minimum 0)"),
 "text-weight": (sub("weights: {wage: 3, hours: 1}", "weights: {wage: high, hours: 1}"), "expected a number, got 'high'"),
 "zero-weights": (sub("weights: {wage: 3, hours: 1}", "weights: {wage: 0, hours: 0}"), "every weight is 0"),
 "rating-too-large": (sub("hours: {h35: 100, h38: 0}", "hours: {h35: 150, h38: 0}"), "150 is too large (maximum 100)"),
 "rating-missing-option": (sub("hours: {h35: 100, h38: 0}", "hours: {h35: 100}"), "no rating for option(s) 'h38'"),
 "rating-unknown-option": (sub("hours: {h35: 100, h38: 0}", "hours: {h35: 100, h38: 0, h40: 5}"), "point 'hours' has no option 'h40'"),
 "weighted-point-unrated": (sub("      wage: {0: 100, 10: 0}\n", ""), "point 'wage' has weight 2 but no ratings"),
 "breakpoint-outside-range": (sub("wage: {0: 0, 10: 100}", "wage: {0: 0, 20: 100}"), "breakpoint 20 is outside the range"),
 "breakpoint-not-number": (sub("wage: {0: 0, 10: 100}", "wage: {low: 0, 10: 100}"), "breakpoint 'low' is not a number"),
 "reservation-too-large": (sub("reservation: 0.2", "reservation: 1.5"), "1.5 is too large (maximum 1)"),
 "nan-weight": (sub("weights: {wage: 3, hours: 1}", "weights: {wage: .nan, hours: 1}"), "nan is not a finite number"),
 "infinite-range": (sub("range: {min: 0, max: 10, step: 1,", "range: {min: 0, max: .inf, step: 1,"), "inf is not a finite number"),
 "step-not-dividing": (sub("step: 1,", "step: 3,"), "step 3 does not divide max - min = 10"),
 "min-above-max": (sub("range: {min: 0, max: 10,", "range: {min: 20, max: 10,"), "min 20 is not below max 10"),
 "zero-step": (sub("step: 1,", "step: 0,"), "0 is too small (it must be more than 0)"),
 "options-and-range": (sub("    range: {min: 0, max: 10, step: 1, unit: \"%\"}\n", "    range: {min: 0, max: 10, step: 1, unit: \"%\"}\n    options: [{id: a}]\n"), "either `options` or a `range`"),
 "neither-options-nor-range": (sub("    range: {min: 0, max: 10, step: 1, unit: \"%\"}\n", ""), "either `options` or a `range`"),
 "red-line-unknown-option": (sub("red_lines: [wage<2]", "red_lines: [hours=h40]"), "'hours=h40': point 'hours' has no option 'h40'"),
 "red-line-unknown-point": (sub("red_lines: [wage<2]", "red_lines: [salary<2]"), "preferences.union.red_lines[0]: unknown point 'salary'; known points: wage, hours"),
 "red-line-bound-on-options": (sub("red_lines: [wage<2]", "red_lines: [hours<2]"), "'<' and '>' take a number on a numeric point"),
 "red-line-malformed": (sub("red_lines: [wage<2]", "red_lines: [no wage cut]"), "is not of the form point=value"),
 "link-two-points": (sub("red_lines: [wage<2]", "red_lines: [wage<2]\n    links: [{if: hours=h35, then: [wage=5, hours=h38]}]"), "`then` names several points"),
 "link-to-itself": (sub("red_lines: [wage<2]", "red_lines: [wage<2]\n    links: [{if: hours=h35, then: hours=h38}]"), "cannot tie point 'hours' to itself"),
 "interaction-unknown-value": (sub("red_lines: [wage<2]", "red_lines: [wage<2]\n    interactions: [{when: {hours: h35, wage: 11}, bonus: 0.1}]"), "outside point 'wage''s range"),
 "bad-id": (sub("{id: union, name: Union}", "{id: the union, name: Union}"), "id 'the union' may hold only letters"),
 "bad-role": (sub("role: signatory}", "role: boss}"), "'boss' is not one of signatory, mediator, guarantor, observer"),
 "bad-date": (sub("date: 2026-01-10", "date: last week"), "date 'last week' is not an ISO date"),
 "one-party": (sub("  - {id: firm, name: Firm, role: signatory}\n", ""), "needs at least 2 entries, has 1"),
 "python-tag": ("accord: 1\ntitle: !!python/object/apply:os.system ['echo pwned']\nparties: []\npoints: []\n", "tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
 "custom-tag": (sub("title: Two-party wage talks", "title: !secret Two-party wage talks"), "tag '!secret' is not allowed"),
 "tag-on-key": (sub("{id: firm, name: Firm,", "{id: firm, !name: Firm,"), "tag '!name:' on a key is not allowed"),
 "yaml-bomb": ("accord: 1\n" + "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i-1}"] * 9 if i else ["lol"] * 9) + "]\n" for i in range(9)) + "title: *l8\n", "alias bomb"),
 "syntax-error": (sub("    title: Wage rise\n", "    title: Wage rise\n   bad: indentation\n"), "not valid YAML"),
 "not-a-mapping": ("- just\n- a list\n", "top-level key `accord: 1` is missing"),
 "empty": ("", "top-level key `accord: 1` is missing"),
 "stance-unknown-point": (sub("{party: union, draft: d1, point: wage,", "{party: union, draft: d1, point: salary,"), "stances[0].point: unknown point 'salary'; known points: wage, hours"),
 "proposal-without-point": (sub("{party: union, draft: d1, point: wage, stance: unacceptable,", "{party: union, draft: d1, stance: amend, proposal: 5,"), "a proposal needs the `point` it amends"),
 "proposal-not-a-value": (sub("stance: unacceptable,", "stance: amend, proposal: 5.5,"), "5.5 is not on point 'wage''s grid"),
 "proposal-boolean": (sub("stance: unacceptable,", "stance: amend, proposal: true,"), "expected text or a number, got True"),
 "empty-weights": (sub("weights: {wage: 3, hours: 1}", "weights: {}"), "no point has a weight"),
 "empty-curve": (sub("wage: {0: 0, 10: 100}", "wage: {}"), "a numeric point's rating needs at least one breakpoint"),
 "text-for-unknown-point": (sub("choices: {wage: 6}}", "choices: {wage: 6}, texts: {salary: more}}"), "drafts[1].texts.salary: unknown point 'salary'; known points: wage, hours"),
 "long-id": (sub("{id: d1,", "{id: " + "d" * 101 + ","), "is longer than 100 characters"),
 "recursive-alias": (sub("title: Two-party wage talks", "title: &t [*t]"), "an alias refers to a value that contains it"),
 "complex-key": (sub("title: Two-party wage talks", "title: Two-party wage talks\n? [a, b]\n: 1"), "a mapping key must be a plain value"),
 "red-line-nan-bound": (sub("red_lines: [wage<2]", "red_lines: [wage<nan]"), "'wage<nan': '<' and '>' take a number on a numeric point"),
 "link-then-not-text": (sub("red_lines: [wage<2]", "red_lines: [wage<2]\n    links: [{if: hours=h35, then: 5}]"), "5 is not a `point=value` text or a list of them"),
 "unknown-point-in-weights-and-ratings": (sub("      hours: {h35: 0, h38: 100}", "      hours: {h35: 0, h38: 100}\n      salary: {a: 1}"), "preferences.firm.ratings.salary: unknown point 'salary'; known points: wage, hours"),
 "misspelt-point-in-draft": (sub("choices: {wage: 6}", "choices: {wgae: 6}"), "drafts[1].choices.wgae: unknown point 'wgae'; did you mean 'wage'?"),
 "misspelt-party-in-stance": (sub("{party: union, draft: d1", "{party: unoin, draft: d1"), "stances[0].party: unknown party 'unoin'; did you mean 'union'?"),
 "misspelt-option-in-rating": (sub("hours: {h35: 100, h38: 0}", "hours: {h35: 100, h83: 0}"), "point 'hours' has no option 'h83'; did you mean 'h38'?"),
 "misspelt-top-key": (BASE + "stance: []\n", "unknown key 'stance'; did you mean 'stances'?"),
 "impossible-date": (sub("date: 2026-01-12", "date: 2025-02-30"), "drafts[1].date: date '2025-02-30' is not a day of the calendar (day is out of range for month); write a real date as YYYY-MM-DD"),
 "impossible-source-date": (sub("note: too low}", "note: too low, source: {date: 2026-04-31}}"), "stances[0].source.date: date '2026-04-31' is not a day of the calendar"),
 "merge-key": (sub("weights: {wage: 2, hours: 1}", "weights: {<<: {wage: 2}, hours: 1}"), ":29:15: preferences.firm.weights: YAML merge keys (<<) are not supported"),
 "undefined-alias": (sub("title: Two-party wage talks", "title: *nope"), ":2:8: title: alias *nope refers to no anchor &nope defined above it"),
 "deep-nesting": (sub("title: Two-party wage talks", "title: " + "[" * 330 + "]" * 330), ":2:57: nesting deeper than 50 levels"),
 "huge-number": (sub("reservation: 0.2", "reservation: " + "9" * 5001), ":22:18: preferences.union.reservation: the number 999999999999...999999 has 5,001 digits, more than the 100 accord reads"),
 "yaml11-boolean": (sub("role: signatory}", "role: signatory, description: yes}").replace("reservation: 0.2", "reservation: off"), "preferences.union.reservation: expected a number, got 'off'"),
}
inv = root / "invalid"
inv.mkdir(parents=True, exist_ok=True)
for name, (text, expect) in cases.items():
    (inv / f"{name}.yaml").write_text(text)
    (inv / f"{name}.expect").write_text(expect + "\n")
GOOD = json.loads((root / "valid" / "wage-talks.json").read_text())
# JSON numbers as json.dumps and other writers put them: read as the numbers they are
(root / "valid" / "wage-talks-exponents.json").write_text(
    json.dumps(GOOD, indent=2).replace('"reservation": 0.2', '"reservation": 2e-1').replace('"wage": 3,', '"wage": 3E0,')
)
JSON = json.dumps(GOOD, indent=2)

def jsub(old, new):
    assert old in JSON, old
    return JSON.replace(old, new, 1)

json_cases = {
 "broken": ('{"accord": 1,\n\t"title": "x",\n\t"parties": [}\n', ":3:14: not valid JSON: expected a value"),
 "trailing-comma": (jsub('"role": "signatory"\n    }', '"role": "signatory",\n    }'), ":12:26: not valid JSON: a trailing comma is not allowed in JSON; remove it"),
 "single-quotes": (jsub('"title": "Two-party wage talks"', "'title': 'Two-party wage talks'"), ":3:3: not valid JSON: JSON strings and keys take double quotes"),
 "comment": (jsub('"accord": 1,', '"accord": 1, // format version'), ":2:16: not valid JSON: JSON has no comments"),
 "nan": (jsub('"reservation": 0.2', '"reservation": NaN'), ":74:22: not valid JSON: JSON has no NaN or Infinity"),
 "duplicate-key": (jsub('"title": "Two-party wage talks",', '"title": "Two-party wage talks",\n  "title": "again",'), ":4:3: title: key 'title' appears twice; keep one of them"),
 "deep": (jsub('"title": "Two-party wage talks"', '"title": ' + "[" * 1000 + "]" * 1000), ":3:61: nesting deeper than 50 levels"),
 "huge-number-json": (jsub('"reservation": 0.2', '"reservation": ' + "9" * 5001), ":74:22: preferences.union.reservation: the number 999999999999...999999 has 5,001 digits"),
 "impossible-date-json": (jsub('"2026-01-12"', '"2025-02-30"'), "drafts[1].date: date '2025-02-30' is not a day of the calendar"),
}
for name, (text, expect) in json_cases.items():
    (inv / f"{name}.json").write_text(text)
    (inv / f"{name}.expect").write_text(expect + "\n")
(inv / "not-utf8.yaml").write_bytes(BASE.replace("Union}", "Uni\xf3n}").encode("latin-1"))
(inv / "not-utf8.expect").write_text("is not UTF-8\n")
print(len(list(inv.glob("*.expect"))))
