"""A deterministic synthetic catalogue: N programmes, M cases and K calls, valid against the record schemas.

`write_catalogue(root, programs, cases, seed, calls)` lays out a throwaway project (the repository's
site_config/, docs/, generator/ and mkdocs.yml, copied by `generator.project.copy_project` as in
the tests) and fills programs/, cases/ and calls/hand/ with records whose Korean and English text is built
from the parallel word lists in `vocabulary.py`. Record i depends only on (seed, i, number of programmes), so
the same arguments always give the same bytes.

The calls are dated against BUILD_DATE, the build date the benchmark builds at (bench.run sets
SOURCE_DATE_EPOCH to it): about half have closed by then, the rest are open or upcoming (a few
rolling or by invitation); most are dated, some have cut-offs; each belongs to a programme drawn
at random and cites its own source.

Run it alone to look at the records: `python -m bench.synthetic OUT --programs 10 --cases 20 --calls 40`.
"""

from __future__ import annotations

import argparse
import calendar
import datetime
import random
import re
from pathlib import Path

import yaml

from generator.project import CALLS, CODE_PARTS, copy_project

from . import vocabulary as words

REPO = Path(__file__).resolve().parent.parent
#: The build date of the benchmark's builds: the calls are open, upcoming or past at this date.
BUILD_DATE = datetime.date(2026, 12, 7)
#: BUILD_DATE as SOURCE_DATE_EPOCH (noon UTC).
BUILD_EPOCH = calendar.timegm((BUILD_DATE.year, BUILD_DATE.month, BUILD_DATE.day, 12, 0, 0))
#: The shares of the calls by what they are at BUILD_DATE (the rest: rolling or by invitation).
PAST_SHARE, OPEN_SHARE, UPCOMING_SHARE = 0.5, 0.3, 0.16
#: The source folder of the synthetic calls (kept by hand, as far as the build can tell).
CALL_FOLDER = "hand"
SOURCE_TITLES: list[words.Pair] = [
    ("중소기업 지원 사례집", "SME support casebook"),
    ("지역 산업 동향 보고서", "Regional industry report"),
]


class _Dumper(yaml.SafeDumper):
    """Never writes anchors or aliases (the loader refuses them); multi-line text as `|` blocks."""

    def ignore_aliases(self, data) -> bool:
        return True


_Dumper.add_representer(
    str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style="|" if "\n" in s else None)
)


def text(ko: str, en: str) -> dict[str, str]:
    """A bilingual text field."""
    return {"ko": ko, "en": en}


class Writer:
    """Random but reproducible bilingual text, vocabulary terms and figures for one record."""

    def __init__(self, seed: str, terms: dict[str, list[str]]):
        self.rng = random.Random(seed)
        self.terms = terms

    def pick(self, items: list):
        """One item."""
        return self.rng.choice(items)

    def some(self, items: list, low: int, high: int) -> list:
        """Between low and high distinct items, in the list's order."""
        chosen = self.rng.sample(range(len(items)), min(len(items), self.rng.randint(low, high)))
        return [items[i] for i in sorted(chosen)]

    def sentence(self) -> tuple[str, str]:
        """One sentence in Korean and English, filled from the word lists."""
        ko_template, en_template = self.pick(words.SENTENCES)
        slots = {
            "org": self.pick(words.ORGS),
            "target": self.pick(words.TARGETS),
            "need": self.pick(words.NEEDS),
            "method": self.pick(words.METHODS),
            "result": self.pick(words.RESULTS),
            "product": self.pick(words.PRODUCTS),
            "region": self.pick(words.REGIONS),
        }
        numbers = {"n": self.rng.randint(3, 60), "year": self.rng.randint(2008, 2024)}
        ko = words.korean_particles(ko_template.format(**{k: pair[0] for k, pair in slots.items()}, **numbers))
        en = en_template.format(**{k: pair[1] for k, pair in slots.items()}, **numbers)
        return ko, en[0].upper() + en[1:]

    def plain(self, low: int, high: int) -> dict[str, str]:
        """A plain text field of a few sentences."""
        pairs = [self.sentence() for _ in range(self.rng.randint(low, high))]
        return text(" ".join(p[0] for p in pairs), " ".join(p[1] for p in pairs))

    def rich(self, paragraphs: int) -> dict[str, str]:
        """A rich text field: paragraphs separated by blank lines."""
        paras = [self.plain(2, 4) for _ in range(paragraphs)]
        return text("\n\n".join(p["ko"] for p in paras) + "\n", "\n\n".join(p["en"] for p in paras) + "\n")

    def term(self, vocabulary: str) -> str:
        """One term of a taxonomy vocabulary."""
        return self.pick(self.terms[vocabulary])

    def date(self, low: int = 2008, high: int = 2024) -> str:
        """A year, year-month or full date."""
        year, month = self.rng.randint(low, high), self.rng.randint(1, 12)
        return self.pick([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{self.rng.randint(1, 28):02d}"])

    def figure(self) -> dict:
        """A reach figure."""
        unit = self.pick(words.UNITS)
        return {
            "value": self.rng.randint(5, 3000),
            "qualifier": self.pick(["about", "more-than", "exactly"]),
            "unit": text(*unit),
            "measure": self.plain(1, 1),
            "as_of": str(self.rng.randint(2010, 2024)),
        }

    def organisation(self, kind: str | None = None) -> dict:
        """An operator or partner organisation."""
        region, org = self.pick(words.REGIONS), self.pick(words.ORGS)
        name = text(f"{region[0]} {org[0]}", f"{region[1]} {_title(org[1].removeprefix('the '))}")
        found = {"name": name, "kind": kind or self.term("operator_kinds"), "country": "KR", "role": self.plain(1, 1)}
        if self.rng.random() < 0.3:
            found["head"] = {"name": text(*self.pick(words.PERSONS)), "title": text(*self.pick(words.TITLES))}
        return found

    def sources(self) -> list[dict]:
        """One source."""
        found = []
        for index in range(1):  # one source: facts then cite it without naming it
            title = self.pick(SOURCE_TITLES)
            source = {"id": f"source-{index + 1}", "kind": self.term("source_kinds")}
            source |= {"title": f"{title[index % 2]} {self.rng.randint(2010, 2024)}", "date": self.date()}
            source["language"] = "ko" if index % 2 == 0 else "en"
            if self.rng.random() < 0.5:
                source["url"] = f"https://example.org/reports/{self.rng.randint(1000, 99999)}"
                source["read"] = "2026-11-20"
            if self.rng.random() < 0.5:
                source["note"] = self.plain(1, 2)
            found.append(source)
        return found


def program_id(seed: int, index: int) -> str:
    """The id of programme `index`: region, need and a serial number."""
    rng = random.Random(f"{seed}-program-id-{index}")
    return f"{_slug(rng.choice(words.REGIONS)[1])}-{_slug(rng.choice(words.NEEDS)[1])}-{index:05d}"


def program_record(index: int, program_ids: list[str], seed: int, terms: dict[str, list[str]]) -> dict:
    """Programme `index` as plain data."""
    w = Writer(f"{seed}-program-{index}", terms)
    region, need, method = w.pick(words.REGIONS), w.pick(words.NEEDS), w.pick(words.METHODS)
    kind = "network" if w.rng.random() < 0.15 else "programme"
    name = text(f"{region[0]} {need[0]} {method[0]} 사업", f"{region[1]} {_title(f'{need[1]} {method[1]}')} Programme")
    data: dict = {"kind": kind, "name": name, "short_name": text(f"{region[0]} {need[0]}", f"{region[1]} {need[1]}")}
    data["operator"] = w.organisation()
    if w.rng.random() < 0.5:
        data["partners"] = [w.organisation() for _ in range(w.rng.randint(1, 2))]
    data |= {"country": "KR", "region": text(*region), "summary": w.plain(2, 2)}
    data["description"] = w.rich(w.rng.randint(3, 4))
    data["support_types"] = w.some(terms["support_types"], 1, 3)
    data["eligibility"] = {
        "text": w.plain(1, 2),
        "company_sizes": w.some(terms["company_sizes"], 1, 1),
        "sectors": ["not-stated"],
    }
    data["cost"] = {"model": w.term("costs"), "note": w.plain(1, 1)}
    data["delivery"] = {"model": w.term("delivery_models"), "note": w.plain(1, 2)}
    data["process"] = [_step(w) for _ in range(w.rng.randint(3, 8))]
    for optional in ("escalation", "aftercare"):
        if w.rng.random() < 0.4:
            data[optional] = w.plain(1, 2)
    if kind == "network":
        data["participants"] = [text(*w.pick(words.TARGETS)) for _ in range(w.rng.randint(2, 4))]
    if w.rng.random() < 0.3:
        data["milestones"] = [{"date": w.date(), "text": w.plain(1, 1)} for _ in range(w.rng.randint(1, 3))]
    data["reach"] = [w.figure() for _ in range(w.rng.randint(1, 3))]
    if w.rng.random() < 0.3:
        data["networks"] = [_network(w, program_ids, index) for _ in range(w.rng.randint(1, 2))]
    if w.rng.random() < 0.2:
        award = {"award": w.plain(1, 1), "givers": [text(*w.pick(words.ORGS))], "year": w.rng.randint(2010, 2024)}
        data["recognitions"] = [award]
    data["started"] = str(w.rng.randint(2000, 2020))
    data["status"] = {"value": w.term("statuses"), "as_of": str(w.rng.randint(2015, 2025))}
    data |= {"sources": w.sources(), "last_reviewed": "2026-11-28", "tags": w.some(terms["tags"], 2, 4)}
    return data


def case_record(index: int, program_ids: list[str], seed: int, terms: dict[str, list[str]]) -> tuple[str, dict]:
    """Case `index` as (id, plain data); it names one or two existing programmes."""
    w = Writer(f"{seed}-case-{index}", terms)
    head, tail, product = w.pick(words.COMPANY_HEADS), w.pick(words.COMPANY_TAILS), w.pick(words.PRODUCTS)
    company = text(f"{head[0]}{tail[0]}", f"{head[1]} {tail[1]}")
    case_id = f"{_slug(company['en'])}-{index:05d}"
    market = w.pick(words.MARKETS)
    data: dict = {
        "title": text(f"{company['ko']}, {product[0]} 수출 성과", f"{company['en']} grows its {product[1]} exports"),
        "summary": w.plain(2, 2),
        "company": {"name": company, "makes": text(*product), "country": "KR"},
        "programs": [
            {"program": pid, "certainty": w.pick(["confirmed", "suggested"])}
            for pid in sorted(w.rng.sample(program_ids, min(len(program_ids), w.rng.randint(1, 2))))
        ],
    }
    if w.rng.random() < 0.4:
        partner = {"name": text(*w.pick(words.ORGS)), "kind": "company", "country": market, "role": w.plain(1, 1)}
        data["partners"] = [partner]
    data["markets"] = [market]
    data["outcomes"] = [_outcome(w) for _ in range(w.rng.randint(1, 3))]
    data["story"] = w.rich(3)
    if w.rng.random() < 0.5:
        data["quote"] = {"text": w.plain(1, 1), "by": text(*w.pick(words.PERSONS))}
    data |= {"year": w.rng.randint(2010, 2024), "sources": w.sources(), "last_reviewed": "2026-11-28"}
    data["tags"] = w.some(terms["tags"], 2, 4)
    return case_id, data


def call_id(program: str, index: int) -> str:
    """The id of call `index` (unique across calls/): its programme's id and a serial number."""
    return f"{program}-call-{index:05d}"


def call_record(
    index: int, program_ids: list[str], seed: int, terms: dict[str, list[str]], today: datetime.date = BUILD_DATE
) -> tuple[str, dict]:
    """Call `index` as (id, plain data): past, open or upcoming at `today` in the shares above, of one programme."""
    w = Writer(f"{seed}-call-{index}", terms)
    program = w.pick(program_ids)
    share = w.rng.random()
    bounds = (("past", PAST_SHARE), ("open", PAST_SHARE + OPEN_SHARE))
    bounds += (("upcoming", PAST_SHARE + OPEN_SHARE + UPCOMING_SHARE),)
    when = next((name for name, bound in bounds if share < bound), "standing")
    need, method = w.pick(words.NEEDS), w.pick(words.METHODS)
    data: dict = {"program": program}
    dates = _call_dates(w, when, today)
    year = int((dates.get("closes") or dates.get("opens") or (dates.get("cutoffs") or [today.isoformat()])[-1])[:4])
    round_no = w.rng.randint(1, 4)
    en = f"{_title(f'{need[1]} {method[1]}')} {year}, round {round_no}"
    data["title"] = text(f"{year}년 {need[0]} {method[0]} {round_no}차 모집", en)
    data |= dates
    if data["mode"] in ("dated", "cutoffs") and w.rng.random() < 0.5:
        data |= {"deadline_time": w.pick(["16:00", "17:00", "18:00", "23:59"]), "time_zone": "Asia/Seoul"}
    if w.rng.random() < 0.3:
        sizes = w.some([t for t in terms["company_sizes"] if t != "not-stated"], 1, 2)
        data["eligibility"] = {"text": w.plain(1, 1)} if w.rng.random() < 0.5 else {"company_sizes": sizes}
    if w.rng.random() < 0.5:
        amount = {"max": w.rng.randint(1, 50) * 10_000_000, "currency": "KRW", "per": w.term("funding_units")}
        if w.rng.random() < 0.3:
            amount["min"] = amount["max"] // 10
        data["funding"] = {"amounts": [amount]}
    if w.rng.random() < 0.7:
        data["url"] = f"https://example.org/calls/{index:05d}"
    if data["mode"] == "invitation":
        data["application"] = {"route": "invitation"}
    elif w.rng.random() < 0.4:
        data["application"] = {"route": w.pick(["online", "email", "post", "through-operator"])}
        if w.rng.random() < 0.5:
            data["application"]["url"] = f"https://example.org/apply/{index:05d}"
    if w.rng.random() < 0.5:
        data["external_id"] = f"SYN-{index:06d}"
    sources = w.sources()
    data |= {"cites": [sources[0]["id"]], "sources": sources}
    return call_id(program, index), data


def _call_dates(w: Writer, when: str, today: datetime.date) -> dict:
    """The mode and dates of a call that is `when` (past, open, upcoming, standing) at `today`."""
    day = lambda offset: (today + datetime.timedelta(days=offset)).isoformat()  # noqa: E731
    if when == "standing":
        return {"mode": "rolling"} if w.rng.random() < 0.6 else {"mode": "invitation"}
    cutoffs = w.rng.random() < 0.2
    if when == "past":
        last = -w.rng.randint(1, 900)
    elif when == "open":
        last = w.rng.randint(0, 80)
    else:
        last = w.rng.randint(20, 150)  # opens after today: some within the calls page's horizon, some later
    if when == "upcoming":
        opens = w.rng.randint(1, last - 14)
    elif when == "open":
        opens = -w.rng.randint(0, 40)
    else:
        opens = last - w.rng.randint(14, 60)
    if not cutoffs:
        found = {"mode": "dated", "closes": day(last)}
        return ({"mode": "dated", "opens": day(opens)} | found) if when == "upcoming" or w.rng.random() < 0.8 else found
    # Cut-offs every few weeks up to the last; one before today at most for an open call (its next is to come).
    days = sorted({last - 21 * k for k in range(w.rng.randint(1, 4)) if last - 21 * k > opens})
    if when == "open":
        days = [d for d in days if d >= 0] or [last]
    return {"mode": "cutoffs", "opens": day(opens), "cutoffs": [day(d) for d in days]}


def write_catalogue(root: Path, programs: int, cases: int, seed: int, calls: int = 0) -> Path:
    """Write a throwaway project with `programs` programme, `cases` case and `calls` call records into `root`."""
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty")
    copy_project(root, REPO, CODE_PARTS)
    taxonomy = yaml.safe_load((root / "site_config" / "taxonomy.yaml").read_text("utf-8"))
    terms = {name: sorted(vocab) for name, vocab in taxonomy.items()}
    ids = [program_id(seed, i) for i in range(programs)]
    (root / "programs").mkdir()
    (root / "cases").mkdir()
    for index, pid in enumerate(ids):
        _write(root / "programs" / f"{pid}.yaml", "program", program_record(index, ids, seed, terms))
    for index in range(cases):
        case_id, data = case_record(index, ids, seed, terms)
        _write(root / "cases" / f"{case_id}.yaml", "case", data)
    if calls:
        (root / CALLS / CALL_FOLDER).mkdir(parents=True)
    for index in range(calls):
        record_id, data = call_record(index, ids, seed, terms)
        _write(root / CALLS / CALL_FOLDER / f"{record_id}.yaml", "call", data, "../..")
    return root


def _write(path: Path, kind: str, data: dict, up: str = "..") -> None:
    header = f"# yaml-language-server: $schema={up}/site_config/schema/{kind}.schema.json\n"
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(header + body, encoding="utf-8")


def _step(w: Writer) -> dict:
    step = {"name": text(*w.pick(words.STEPS))}
    if w.rng.random() < 0.5:
        step["detail"] = w.plain(1, 1)
    return step


def _network(w: Writer, program_ids: list[str], index: int) -> dict:
    others = program_ids[:index] + program_ids[index + 1 :]
    if others and w.rng.random() < 0.5:
        return {"program": w.pick(others), "role": w.plain(1, 1)}
    return {"name": text(*w.pick(words.ORGS)), "role": w.plain(1, 1)}


def _outcome(w: Writer) -> dict:
    outcome: dict = {"measure": w.plain(1, 1), "date": w.date(2010, 2024)}
    if w.rng.random() < 0.7:
        unit = w.pick(words.UNITS)
        outcome |= {"value": w.pick([w.rng.randint(1, 500), round(w.rng.uniform(1, 99), 1)]), "unit": text(*unit)}
        outcome["qualifier"] = w.pick(["about", "more-than", "exactly"])
    return outcome


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


def _title(value: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in value.split())


def catalogue_arguments(
    parser: argparse.ArgumentParser, programs: int = 1000, cases: int = 2000, calls: int | None = None
) -> None:
    """The --programs, --cases and --seed options that size every synthetic catalogue (and --calls, if given one)."""
    parser.add_argument("--programs", type=int, default=programs, help=f"programme records (default {programs})")
    parser.add_argument("--cases", type=int, default=cases, help=f"case records (default {cases})")
    if calls is not None:
        parser.add_argument("--calls", type=int, default=calls, help=f"call records (default {calls:,})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic text (default 1)")


def main() -> None:
    """Write a synthetic catalogue from the command line."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty or new folder")
    catalogue_arguments(parser, programs=10, cases=20, calls=0)
    args = parser.parse_args()
    write_catalogue(args.out, args.programs, args.cases, args.seed, args.calls)


if __name__ == "__main__":
    main()
