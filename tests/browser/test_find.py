"""The finder in Chromium: filters, counts, the empty state, the URL and history, the keyboard, no JS,
and the time a click takes with 1,000 programmes.

Expected results are worked out here from assets/data/finder.json (tests/test_finder.py checks that
file against the model), with the rule the page states: options of one facet are alternatives,
facets all apply, and an option's count is what choosing it would leave given the other facets.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import random
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from browser_helpers import PHONE

from generator.facts import Call
from generator.model import Catalogue, Text
from generator.pipeline import check
from generator.publish.finder import finder_json

FIND = "find/"
PAGE = 50  # find.js shows this many matches at a time ("show more" for the next ones)
ITEMS = "article > ul > li"  # the page's own list of programmes, filtered by find.js


def finder(site, lang: str) -> dict:
    """The finder's data of one language, as the site serves it."""
    root = site.root / "en" if lang == "en" else site.root
    return json.loads((root / "assets" / "data" / "finder.json").read_text(encoding="utf-8"))


def matching(data: dict, chosen: dict[str, set[str]], skip: str | None = None) -> list[str]:
    """Ids of the programmes that match every facet's choice (but `skip`'s)."""
    found = []
    for program in data["programs"]:
        ok = True
        for f, facet in enumerate(data["facets"]):
            wanted = chosen.get(facet["key"], set())
            has = {facet["options"][o][0] for o in program["f"][f]}
            if facet["key"] != skip and wanted and not wanted & has:
                ok = False
        if ok:
            found.append(program["id"])
    return found


def expected_count(data: dict, chosen: dict[str, set[str]], key: str, option: str) -> int:
    """What the page should show beside one option."""
    f = [facet["key"] for facet in data["facets"]].index(key)
    by_id = {p["id"]: p for p in data["programs"]}
    return sum(
        1
        for pid in matching(data, chosen, skip=key)
        if option in {data["facets"][f]["options"][o][0] for o in by_id[pid]["f"][f]}
    )


def open_find(open_page, query: str = "", lang: str = "ko", **options):
    """The finder with find.js ready."""
    page = open_page(FIND + query, lang=lang, **options)
    page.locator("#kb-find:not([hidden])").wait_for(state="attached")  # on a phone its filters are folded
    return page


def option(page, key: str, value: str):
    """One option's checkbox (facets are in the data's order; values are unique within a facet)."""
    return page.locator(f'.kb-facet:nth-child({FACET_ORDER.index(key) + 1}) input[value="{value}"]')


FACET_ORDER = [
    "open",
    "market",
    "country",
    "applicants",
    "size",
    "foreign",
    "sector",
    "funding",
    "support",
    "cost",
    "operator",
    "opkind",
    "kind",
]


# find.js writes the URL just after the frame that shows a click's result: a task queued from
# the next animation frame runs after the one find.js queued.
AFTER_NEXT_FRAME = "() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))"


def query(page) -> dict[str, set[str]]:
    """The filters in the page's URL once find.js has written it (read in the page: `page.url` can lag)."""
    page.evaluate(AFTER_NEXT_FRAME)
    parsed = parse_qs(urlsplit(page.evaluate("location.href")).query)
    return {key: set(values[0].split(",")) for key, values in parsed.items()}


def shown(page) -> list[str]:
    """Ids of the programmes the list shows."""
    hrefs = page.locator(f"{ITEMS}:visible a").evaluate_all("(links) => links.map((a) => a.href)")
    return [re.search(r"programs/([^/]+)/", href).group(1) for href in hrefs]


def counts(page, key: str) -> dict[str, int]:
    """The count shown beside each option of one facet."""
    found = {}
    for label in page.locator(f".kb-facet:nth-child({FACET_ORDER.index(key) + 1}) .kb-option").all():
        value = label.locator("input").get_attribute("value")
        found[value] = int(label.locator(".kb-option__count").inner_text().strip("()"))
    return found


def check_page_agrees(page, data: dict, limit: int = PAGE) -> None:
    """The list (its first `limit` matches), the status line and every count agree with the URL's filters."""
    chosen = query(page)
    assert shown(page) == matching(data, chosen)[:limit]
    status = data["text"]["js_shown"].format(n=len(matching(data, chosen)), total=data["count"])
    assert page.locator(".kb-find__status").inner_text() == status
    assert page.locator(".kb-find__more").is_visible() == (len(matching(data, chosen)) > limit)
    assert page.locator(".kb-find__empty").is_visible() == (matching(data, chosen) == [])
    for facet in data["facets"]:
        got = counts(page, facet["key"])
        assert got == {term: expected_count(data, chosen, facet["key"], term) for term, *_ in facet["options"]}
        for term, n in got.items():
            box = option(page, facet["key"], term)
            assert box.is_disabled() == (n == 0 and not box.is_checked()), (facet["key"], term)


def test_the_facets_are_in_the_expected_order(site):
    assert [f["key"] for f in finder(site, "ko")["facets"]] == FACET_ORDER


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_filters_narrow_the_list_and_counts_follow(open_page, site, lang):
    data = finder(site, lang)
    page = open_find(open_page, lang=lang)
    assert query(page) == {} and len(shown(page)) == min(data["count"], PAGE)
    check_page_agrees(page, data)
    option(page, "country", "KR").check()
    assert query(page) == {"country": {"KR"}}
    check_page_agrees(page, data)
    none_in_korea = [
        o
        for o, *_ in data["facets"][[f["key"] for f in data["facets"]].index("support")]["options"]
        if not matching(data, {"country": {"KR"}, "support": {o}})
    ]
    assert none_in_korea and all(option(page, "support", o).is_disabled() for o in none_in_korea)
    option(page, "support", "mentoring").check()
    option(page, "support", "consulting").check()  # alternatives within a facet: more, not fewer
    assert query(page) == {"country": {"KR"}, "support": {"mentoring", "consulting"}}
    check_page_agrees(page, data)
    keys = [f["key"] for f in data["facets"]]
    empty = [
        o
        for o, *_ in data["facets"][keys.index("country")]["options"]
        if not matching(data, {"country": {o}, "support": {"mentoring", "consulting"}})
    ]
    assert all(option(page, "country", o).is_disabled() for o in empty)
    option(page, "opkind", "research-institute").check()  # a third facet narrows further
    assert len(shown(page)) < len(matching(data, {"country": {"KR"}, "support": {"mentoring", "consulting"}}))
    check_page_agrees(page, data)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_combination_that_gives_nothing_says_so_and_offers_a_way_out(open_page, site, lang):
    data = finder(site, lang)
    page = open_find(open_page, "?country=US&support=mentoring", lang=lang)  # e.g. a link shared earlier
    assert shown(page) == []
    empty = page.locator(".kb-find__empty")
    assert empty.is_visible() and data["text"]["js_empty"] in empty.inner_text()
    check_page_agrees(page, data)
    assert option(page, "support", "mentoring").is_enabled()  # a chosen option can always be undone
    empty.locator(":scope > button").click()
    assert query(page) == {} and len(shown(page)) == min(data["count"], PAGE) and empty.is_hidden()
    assert page.evaluate("document.activeElement.classList.contains('kb-find__status')")


def portals_shown(page) -> list[str]:
    """The addresses of the official portals the finder names, in order."""
    return page.locator(".kb-find__portals li:visible a").evaluate_all("(links) => links.map((a) => a.href)")


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_empty_result_offers_the_filters_that_find_something_and_the_official_portals(open_page, site, lang):
    # The journey of issue 19: a company in Korea asks what is open now, for a kind of support none
    # of the open calls gives (found in the data: the catalogue now has calls open for Korea).
    data = finder(site, lang)
    assert matching(data, {"open": {"open"}, "applicants": {"KR"}})  # something is open for Korea
    support = data["facets"][[f["key"] for f in data["facets"]].index("support")]["options"]
    kind = next(o for o, *_ in support if not matching(data, {"open": {"open"}, "applicants": {"KR"}, "support": {o}}))
    chosen = {"open": {"open"}, "applicants": {"KR"}, "support": {kind}}
    page = open_find(open_page, f"?open=open&applicants=KR&support={kind}", lang=lang)
    assert shown(page) == [] == matching(data, chosen)
    nearest = page.locator(".kb-find__nearest button")
    expected = sorted(
        ((len(matching(data, {k: v for k, v in chosen.items() if k != key})), key) for key in chosen),
        key=lambda pair: -pair[0],
    )
    labels = {f["key"]: dict((o[0], o[1]) for o in f["options"]) for f in data["facets"]}
    words = [
        data["text"]["js_without"].format(name=labels[key][next(iter(chosen[key]))], n=n) for n, key in expected if n
    ]
    assert nearest.all_inner_texts() == words
    # The portals for a company in Korea, from site_config/portals.yaml: Bizinfo and K-Startup, not the EU's.
    korean = [p["url"] for p in data["portals"] if "KR" in p["o"]]
    assert korean and [u.rstrip("/") for u in portals_shown(page)] == [u.rstrip("/") for u in korean]
    assert data["text"]["js_portals_for"] in page.locator(".kb-find__portals").inner_text()
    nearest.first.click()  # dropping the filter that leaves most shows what it said
    assert len(shown(page)) == expected[0][0]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_portals_follow_the_chosen_places_and_show_all_when_nothing_matches(open_page, site, lang):
    data = finder(site, lang)
    page = open_find(open_page, lang=lang)
    assert portals_shown(page) == [] and page.locator(".kb-find__portals").is_hidden()
    option(page, "country", "NL").check()  # the EU portal answers a member country
    eu = [p["url"] for p in data["portals"] if "NL" in p["o"]]
    assert eu and [u.rstrip("/") for u in portals_shown(page)] == [u.rstrip("/") for u in eu]
    # Nothing matches and no place is chosen: every portal. Two options of facets without places
    # that no programme has together (found in the data, so the test follows the catalogue).
    plain = [(f["key"], o[0]) for f in data["facets"] if not f.get("places") for o in f["options"]]
    pair = next(
        (a, b)
        for i, a in enumerate(plain)
        for b in plain[i + 1 :]
        if a[0] != b[0] and not matching(data, {a[0]: {a[1]}, b[0]: {b[1]}})
    )
    chosen = {key: {value} for key, value in pair}
    page = open_find(open_page, "?" + "&".join(f"{key}={value}" for key, value in pair), lang=lang)
    assert shown(page) == [] == matching(data, chosen)
    assert len(portals_shown(page)) == len(data["portals"]) > 0
    assert data["text"]["js_portals_all"] in page.locator(".kb-find__portals").inner_text()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_filters_live_in_the_url_shared_reloaded_and_through_back_and_forward(open_page, site, lang):
    data = finder(site, lang)
    page = open_find(open_page, "?support=mentoring", lang=lang)  # a shared link, in a fresh context
    assert option(page, "support", "mentoring").is_checked()
    check_page_agrees(page, data)
    option(page, "cost", "unknown").check()
    assert query(page) == {"support": {"mentoring"}, "cost": {"unknown"}}
    page.reload()
    page.locator("#kb-find:not([hidden])").wait_for()
    assert option(page, "cost", "unknown").is_checked()
    check_page_agrees(page, data)
    page.go_back()
    page.wait_for_function("() => location.search === '?support=mentoring'")
    assert not option(page, "cost", "unknown").is_checked()
    check_page_agrees(page, data)
    page.go_forward()
    page.wait_for_function("() => location.search.includes('cost=unknown')")
    assert option(page, "cost", "unknown").is_checked()
    check_page_agrees(page, data)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_keyboard_only(open_page, site, lang):
    """Tab to an option and Space it; Tab on to "clear all" and Enter it. No mouse."""
    data = finder(site, lang)
    page = open_find(open_page, lang=lang)
    facet = next(facet for facet in data["facets"] if facet["options"])  # the first one shown
    first = facet["options"][0][0]
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.kb-facet input')"):
            break
    assert page.evaluate("document.activeElement.value") == first
    page.keyboard.press("Space")
    assert query(page) == {facet["key"]: {first}}
    page.keyboard.press("Shift+Tab")  # the "clear all" button comes before the filters
    assert page.evaluate("document.activeElement.classList.contains('kb-find__clear')")
    page.keyboard.press("Enter")
    assert query(page) == {}
    check_page_agrees(page, data)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_without_javascript_the_page_lists_every_programme(browser, site, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site.url(FIND, lang))
        assert page.locator("#kb-find").is_hidden()
        assert shown(page) == [p["id"] for p in finder(site, lang)["programs"]]
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_phone_width(open_page, screenshot_dir, lang):
    page = open_find(open_page, "?country=KR", lang=lang, viewport=PHONE)
    page.screenshot(path=screenshot_dir / f"{lang}-find-{PHONE['width']}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


# --- 1,000 programmes ---------------------------------------------------------------------

SCALE = 1000
CLICKS = """async () => {
  // Each click: the change handler, then two frames, so that style, layout and paint are counted.
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const times = [];
  const click = async (input) => {
    const start = performance.now();
    input.click();
    await frame();
    times.push(performance.now() - start);
  };
  const facets = [...document.querySelectorAll(".kb-facet")];
  for (const facet of facets) {  // one option of every facet on, in turn ...
    const input = [...facet.querySelectorAll("input")].find((i) => !i.disabled);
    if (input) await click(input);
  }
  for (const facet of facets.reverse()) {  // ... then off again, one by one
    const input = facet.querySelector("input:checked");
    if (input) await click(input);
  }
  const many = [...facets.find((f) => f.querySelectorAll("input").length > 3).querySelectorAll("input")];
  for (const input of many) await click(input);  // several options of one facet: alternatives ...
  for (const input of many) await click(input);  // ... and off again: back where it started
  return times;
}"""


def synthetic_catalogue(catalogue: Catalogue, n: int) -> Catalogue:
    """`n` programmes cloned from the bundled ones, with facet values drawn at random (seeded)."""
    rng = random.Random(1)
    terms = {name: list(vocabulary) for name, vocabulary in catalogue.taxonomy.items()}
    programs = []
    for i in range(n):
        base = catalogue.programs[i % len(catalogue.programs)]
        programs.append(
            dataclasses.replace(
                base,
                id=f"synthetic-{i:04d}",
                country=rng.choice(terms["countries"]),
                support_types=tuple(rng.sample(terms["support_types"], rng.randint(1, 3))),
                cost=dataclasses.replace(base.cost, model=rng.choice(terms["costs"])),
                eligibility=dataclasses.replace(base.eligibility, company_sizes=(rng.choice(terms["company_sizes"]),)),
                operator=dataclasses.replace(base.operator, kind=rng.choice(terms["operator_kinds"])),
                kind=rng.choice(terms["record_kinds"]),
                case_ids=(),
                used_by=(),
            )
        )
    return Catalogue(tuple(programs), catalogue.cases, catalogue.taxonomy)


def thousand_item_page(html: str, data: dict) -> str:
    """The built find page with its list replaced by one item per synthetic programme, as the template writes them."""
    start = html.index("<ul>", html.index('id="kb-find"'))
    end = html.index("</ul>", start) + len("</ul>")
    items = "".join(
        f'<li><strong><a href="../programs/{p["id"]}/">{p["name"]} {p["id"]}</a></strong><br>'
        f'<span class="kb-meta">facts</span><br>A summary of a sentence or two about the programme.</li>\n'
        for p in data["programs"]
    )
    return html[:start] + "<ul>\n" + items + "</ul>" + html[end:]


def test_the_finder_stays_right_with_a_thousand_programmes(open_page, site, built_project):
    """At the issue's size the list pages, 'show more' and a long run of clicks still agree with the data.

    How long a click takes is measured by bench.finder_bench (`make bench`), not here.
    """
    catalogue, strings = check(built_project)
    body = finder_json(synthetic_catalogue(catalogue, SCALE), "en", strings.bound("en"))
    data = json.loads(body)
    html = thousand_item_page((site.root / "en" / "find" / "index.html").read_text(encoding="utf-8"), data)
    page = open_page("", lang="en")  # any page, to have a watched context; then the synthetic finder
    page.route("**/en/find/", lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.route("**/en/assets/data/finder.json", lambda route: route.fulfill(body=body, content_type="application/json"))
    page.goto(site.url(FIND, "en"))
    page.locator("#kb-find:not([hidden])").wait_for()
    assert page.locator(ITEMS).count() == SCALE
    check_page_agrees(page, data)  # the first PAGE of the thousand, and a way to the next ones
    more = page.locator(".kb-find__more")
    more.click()
    check_page_agrees(page, data, limit=2 * PAGE)
    assert page.evaluate("document.activeElement.href").endswith(f"/programs/{data['programs'][PAGE]['id']}/")
    clicks = page.evaluate(CLICKS)
    assert len(clicks) >= 15
    check_page_agrees(page, data)  # still right at this size, after all those clicks


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_ticking_a_region_includes_its_member_countries(open_page, site, lang):
    """Europe holds the Dutch programme as well as the Europe-wide one; Korea's stay out."""
    data = finder(site, lang)
    page = open_find(open_page, lang=lang)
    europe = option(page, "country", "europe")
    assert europe.is_visible()
    europe.check()
    assert query(page) == {"country": {"europe"}}
    in_europe = set(shown(page))
    assert {"tno-sbir", "european-technology-platforms"} <= in_europe and "kisti-knowledge-mentoring" not in in_europe
    assert in_europe == set(matching(data, {"country": {"europe"}}))
    check_page_agrees(page, data)
    option(page, "country", "europe").uncheck()
    option(page, "country", "NL").check()  # a country finds a programme for its whole region too
    assert {"tno-sbir", "european-technology-platforms"} <= set(shown(page))


def test_open_now_shows_the_programmes_with_a_call_open_at_the_build_date(open_page, site, built_project):
    """The bundled records have no calls, so one is given a call that is open at the build date."""
    catalogue, strings = check(built_project)
    today = datetime.date(2026, 6, 1)
    first = catalogue.programs[0]
    call = Call(
        id="first-call",
        title=Text(ko="1차 공고", en="First call"),
        mode="dated",
        opens="2026-05-01",
        closes="2026-06-30",
    )
    changed = dataclasses.replace(
        catalogue, programs=(dataclasses.replace(first, calls=(call,)), *catalogue.programs[1:])
    )
    body = finder_json(changed, "en", strings.bound("en"), today)
    page = open_page("", lang="en")
    page.route("**/en/assets/data/finder.json", lambda route: route.fulfill(body=body, content_type="application/json"))
    page.goto(site.url(FIND, "en"))
    page.locator("#kb-find:not([hidden])").wait_for()
    facet = page.locator(f".kb-facet:nth-child({FACET_ORDER.index('open') + 1})")
    assert facet.is_visible() and facet.locator("legend").inner_text() == strings.get("finder_calls", "en")
    option(page, "open", "open").check()
    assert query(page) == {"open": {"open"}} and first.id in shown(page)
    check_page_agrees(page, json.loads(body))


def test_a_facet_without_options_is_hidden(open_page, site):
    """When nothing is open at the build date the "open now" facet has no option, and it is not shown."""
    data = finder(site, "en")
    at = FACET_ORDER.index("open")
    data["facets"][at]["options"] = []
    for program in data["programs"]:
        program["f"][at] = []
    body = json.dumps(data)
    page = open_page("", lang="en")
    page.route("**/en/assets/data/finder.json", lambda route: route.fulfill(body=body, content_type="application/json"))
    page.goto(site.url(FIND, "en"))
    page.locator("#kb-find:not([hidden])").wait_for()
    assert page.locator(f".kb-facet:nth-child({at + 1})").is_hidden()
    assert page.locator(f".kb-facet:nth-child({at + 2})").is_visible()
