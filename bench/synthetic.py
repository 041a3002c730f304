"""A deterministic synthetic catalogue: N programmes and M cases, valid against the record schema.

`write_catalogue(root, programs, cases, seed)` lays out a throwaway project (the repository's
site_config/, docs/, generator/ and mkdocs.yml, copied by `generator.project.copy_project` as in
the tests) and fills programs/ and cases/ with records whose Korean and English text is built
from the parallel word lists in `vocabulary.py`. Record i depends only on (seed, i, number of programmes), so
the same arguments always give the same bytes.

Run it alone to look at the records: `python -m bench.synthetic OUT --programs 10 --cases 20`.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

import yaml

from generator.project import CODE_PARTS, copy_project

from . import vocabulary as words

REPO = Path(__file__).resolve().parent.parent
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


def write_catalogue(root: Path, programs: int, cases: int, seed: int) -> Path:
    """Write a throwaway project with `programs` programme and `cases` case records into `root`."""
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
    return root


def _write(path: Path, kind: str, data: dict) -> None:
    header = f"# yaml-language-server: $schema=../site_config/schema/{kind}.schema.json\n"
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


def catalogue_arguments(parser: argparse.ArgumentParser, programs: int = 1000, cases: int = 2000) -> None:
    """The --programs, --cases and --seed options that size every synthetic catalogue."""
    parser.add_argument("--programs", type=int, default=programs, help=f"programme records (default {programs})")
    parser.add_argument("--cases", type=int, default=cases, help=f"case records (default {cases})")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic text (default 1)")


def main() -> None:
    """Write a synthetic catalogue from the command line."""
    parser = argparse.ArgumentParser(prog=f"python -m {__spec__.name}", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="an empty or new folder")
    catalogue_arguments(parser, programs=10, cases=20)
    args = parser.parse_args()
    write_catalogue(args.out, args.programs, args.cases, args.seed)


if __name__ == "__main__":
    main()
