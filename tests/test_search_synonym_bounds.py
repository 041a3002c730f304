"""Synonym groups are bounded, and the index grows with the records, not with the groups (issue 23).

A 9,000-word group beside `SME` multiplied the index about 8 times: every page with an entry got
every word of the group. Now a page gets one term for the group, and the search worker expands
the query; these tests run the worker (search-worker.js, in node) against an index built here.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from fake_kiwi import FakeKiwi
from test_scripts import node
from test_search_synonyms import problems, write_synonyms

from generator.search import index as si
from generator.search.synonyms import MAX_ENTRIES

WORKER = Path(__file__).resolve().parent.parent / "site_config" / "assets" / "javascripts" / "search-worker.js"
GROUPS = [["상용화", "상품화", "사업화"], ["성과리포트", "성과 보고서"], ["중소기업", "SME", "small business"]]


def docs(n: int = 40) -> list[si.Doc]:
    """Pages about SMEs, one with each other entry."""
    pages = [si.Doc(f"programs/p{i}/", f"사업 {i}", f"중소기업 지원 {i} 내용") for i in range(n)]
    pages += [
        si.Doc("cases/report/", "보고", "성과 보고서 작성"),
        si.Doc("cases/brand/", "제품", "상품화 지원"),
        si.Doc("cases/small/", "Firms", "help for a small business abroad"),
    ]
    return pages


def index_size(groups: list[list[str]]) -> tuple[int, int]:
    """(postings in the index, bytes of the stub) for `docs()` with these synonym groups."""
    files = si.build_index({}, docs(), si.Analyser(FakeKiwi()), {"pages": {}, "synonyms": groups})
    postings = sum(len(p) for name, data in files.items() if "/t/" in name for p in json.loads(data).values())
    return postings, len(files["search_index.json"])


def test_a_huge_group_does_not_multiply_the_index():
    without, _ = index_size([])
    normal, _ = index_size(GROUPS)
    huge = [*GROUPS[:2], [*GROUPS[2], *(f"word{i}" for i in range(9000))]]
    grown, _ = index_size(huge)
    assert grown == normal  # the group's size does not count, only which pages have an entry
    assert normal - without <= len(docs())  # at most one term a page for each group it has an entry of


def test_the_worker_finds_synonyms_at_query_time(tmp_path):
    files = si.build_index({}, docs(3), si.Analyser(FakeKiwi()), {"pages": {}, "synonyms": GROUPS})
    found = run_worker(files, ["사업화", "성과리포트", "성과 보고서", "SME", "small business"])
    assert "cases/brand/" in found["사업화"]  # a one-word entry finds a page with another
    assert "cases/report/" in found["성과리포트"]  # a word finds a page with a phrase of its group
    assert "cases/small/" in found["SME"] and "programs/p0/" in found["small business"]  # and a phrase a word
    assert "cases/report/" in found["성과 보고서"]


def run_worker(files: dict[str, bytes], queries: list[str]) -> dict[str, list[str]]:
    """The page locations the worker returns for each query, with the index served from `files`."""
    stub = json.loads(files["search_index.json"])
    served = {name.removeprefix("kb/"): json.loads(data) for name, data in files.items() if name.startswith("kb/")}
    script = f"""
const vm = require("vm")
const served = {json.dumps(served, ensure_ascii=False)}
const answers = []
const context = vm.createContext({{
  self: {{ location: {{ href: "https://example.org/assets/javascripts/w.js" }} }},
  URL, console,
  fetch: async url => {{
    const path = new URL(url).pathname.replace("/search/kb/", "")
    return {{ ok: path in served, url, json: async () => served[path] }}
  }},
  addEventListener: (name, handler) => {{ context.handler = handler }},
  postMessage: message => answers.push(message),
}})
vm.runInContext({json.dumps(WORKER.read_text("utf-8"))}, context)
context.handler({{ data: {{ type: 0, data: {{ config: {json.dumps(stub["config"], ensure_ascii=False)} }} }} }})
const queries = {json.dumps(queries, ensure_ascii=False)}
;(async () => {{
  const out = {{}}
  for (const query of queries) {{
    out[query] = (await vm.runInContext("search", context)(query)).items.map(group => group[0].location)
  }}
  console.log(JSON.stringify(out))
}})()
"""
    result = subprocess.run([node(), "-e", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_group_of_more_than_sixteen_entries_is_refused(project):
    write_synonyms(project, "groups:\n  - [" + ", ".join(f"w{i}" for i in range(17)) + "]\n")
    assert [p for p in problems(project) if "synonyms.yaml" in p] == [
        "site_config/synonyms.yaml:2:5: groups[0]: has 17 items; expected at most 16"
    ]


def test_an_entry_of_more_than_six_words_is_refused(project):
    write_synonyms(project, "groups:\n  - [SME, a b c d e f g]\n")
    assert [p for p in problems(project) if "synonyms.yaml" in p] == [
        "site_config/synonyms.yaml:2:11: groups[0][1]: 'a b c d e f g' is not valid; "
        "expected a word or a phrase of at most 6 words"
    ]


def test_the_groups_together_are_bounded(project):
    per_group = 10
    groups = [[f"w{g}x{e}" for e in range(per_group)] for g in range(MAX_ENTRIES // per_group + 1)]
    write_synonyms(project, "groups:\n" + "".join(f"  - [{', '.join(group)}]\n" for group in groups))
    line = MAX_ENTRIES // per_group + 2
    assert [p for p in problems(project) if "synonyms.yaml" in p] == [
        f"site_config/synonyms.yaml:{line}:6: groups[{line - 2}][0]: is entry {MAX_ENTRIES + 1} of the file; "
        f"expected at most {MAX_ENTRIES} entries in all groups together (the search stub every page loads "
        "carries them)"
    ]


def test_a_group_at_the_bounds_is_valid(project):
    write_synonyms(project, "groups:\n  - [" + ", ".join(f"w{i}" for i in range(15)) + ", a b c d e f]\n")
    assert not [p for p in problems_or_none(project) if "synonyms.yaml" in p]


def problems_or_none(project) -> list[str]:
    from generator.diagnostics import ContentError
    from generator.records.validate import validate_catalogue

    try:
        validate_catalogue(project)
    except ContentError as exc:
        return [d.format() for d in exc.diagnostics]
    return []
