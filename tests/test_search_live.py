"""The preview's search index, updated page by page (generator.search.live): the bytes of a whole build."""

from __future__ import annotations

import copy
import json

import pytest
from fake_kiwi import FakeKiwi

from generator.search import index as si
from generator.search.live import LiveIndex, changed_files

CONFIG = {"lang": ["ko"], "separator": "[\\s\\-]+"}


def entry(location: str, title: str, text: str) -> dict:
    """An entry of Material's search index (HTML text)."""
    return {"location": location, "title": title, "text": f"<p>{text}</p>"}


def catalogue_pages() -> dict[str, list[dict]]:
    """Page URL -> Material's entries, as the preview keeps them."""
    return {
        "": [entry("", "홈", "멘토링 지원 안내 " * 20), entry("#a", "소개", "수출 바우처")],
        "programs/": [entry("programs/", "사업 목록", "수출 바우처 멘토링 기술 지원")],
        "programs/x/": [entry("programs/x/", "수출 바우처", "수출 지원"), entry("programs/x/#b", "대상", "중소기업")],
        "programs/y/": [entry("programs/y/", "기술 멘토링", "연구원 멘토링 기술")],
        "contributing/": [entry("contributing/", "기여 안내", "수출 예시")],  # left out of search
        "cases/x/": [entry("cases/x/", "계약", "참케어가 장비를 납품했습니다"), entry("cases/x/#c", "출처", "기사")],
    }


FIELDS = {
    "pages": {
        "cases/x/": {"summary": "참케어가 장비를 납품했습니다", "fields": "참케어", "places": ["프랑스", "유럽"]},
        "programs/x/": {"summary": "수출 지원", "fields": "중기부", "places": ["한국"]},
    },
    "synonyms": [["상용화", "상품화", "사업화"], ["성과리포트", "성과 보고서"]],
}


def whole(pages: dict[str, list[dict]], fields: dict) -> dict[str, bytes]:
    """What a whole build gives for the same pages (Material's entries in page order)."""
    docs = [si.material_doc(e) for entries in pages.values() for e in entries]
    return si.build_index(CONFIG, docs, si.Analyser(FakeKiwi()), fields)


@pytest.fixture
def live() -> LiveIndex:
    return LiveIndex(si.Analyser(FakeKiwi()))


def test_each_update_gives_the_bytes_of_a_whole_build_and_analyses_only_changed_pages(live):
    pages, fields = catalogue_pages(), copy.deepcopy(FIELDS)
    assert live.update(CONFIG, pages, fields) == whole(pages, fields)
    assert live.analysed_pages == len(pages)

    def edit(change) -> tuple[int, set[str]]:
        nonlocal files
        change()
        new = live.update(CONFIG, pages, fields)
        assert new == whole(pages, fields)
        changed, files = changed_files(new, files), new
        return live.analysed_pages, changed

    files = live.update(CONFIG, pages, fields)
    assert edit(lambda: None) == (0, set())
    # a renamed record: its page file, pages.json and the stub change; the other pages' files do not
    analysed, changed = edit(lambda: pages["programs/x/"].__setitem__(0, entry("programs/x/", "새 이름", "수출 지원")))
    assert analysed == 1 and {"kb/p/2.json", "kb/pages.json", "search_index.json"} <= changed
    assert not changed & {"kb/p/0.json", "kb/p/1.json", "kb/p/3.json", "kb/p/4.json"}
    # a page added between two others: the doc numbers after it shift
    analysed, changed = edit(lambda: insert_page(pages, "programs/", "programs/new/", "신규 사업"))
    assert analysed == 1 and "kb/p/5.json" in changed
    # a page removed
    assert edit(lambda: pages.pop("programs/y/"))[0] == 0
    # a word of a synonym group: the page gets the group's term
    edit(lambda: pages["programs/new/"].__setitem__(0, entry("programs/new/", "신규 사업", "제품 상품화 지원")))
    assert [doc for doc, _, _ in decode(terms_of(files)["#0#"])] == [3]
    # a record page whose fields changed (its entries did not)
    analysed, _ = edit(lambda: fields["pages"]["cases/x/"].__setitem__("places", ["일본", "아시아"]))
    assert analysed == 1 and "아시아" in terms_of(files)
    # the synonym groups changed: every page is analysed again
    analysed, _ = edit(lambda: fields.__setitem__("synonyms", [["상용화", "사업화"]]))
    assert analysed == len(pages)


def test_entries_given_as_new_equal_lists_are_kept(live):
    pages = catalogue_pages()
    first = live.update(CONFIG, pages, FIELDS)
    assert live.update(CONFIG, catalogue_pages(), copy.deepcopy(FIELDS)) == first
    assert live.analysed_pages == 0


def test_a_list_page_with_one_changed_section_has_that_section_analysed_again(live):
    pages = catalogue_pages()
    pages["programs/"] += [entry(f"programs/#p{n}", f"사업 {n}", f"지원 내용 {n}") for n in range(30)]
    live.update(CONFIG, pages, FIELDS)
    pages["programs/"][7] = entry("programs/#p6", "사업 6", "새 지원 내용")
    assert live.update(CONFIG, pages, FIELDS) == whole(pages, FIELDS)
    assert (live.analysed_pages, live.analysed_docs) == (1, 1)


def test_only_new_words_go_to_the_analyser(live):
    live.update(CONFIG, catalogue_pages(), FIELDS)
    kiwi = live.analyser._kiwi
    kiwi.calls.clear()
    pages = catalogue_pages()
    pages["programs/y/"] = [entry("programs/y/", "기술 멘토링", "하늘바다 멘토링")]
    live.update(CONFIG, pages, FIELDS)
    assert kiwi.asked == ["하늘바다"]


def test_changed_files_are_those_whose_bytes_differ():
    assert changed_files({"a": b"1", "b": b"2"}, {"a": b"1", "b": b"3", "c": b"4"}) == {"b"}
    assert changed_files({"a": b"1"}, None) == {"a"}


def insert_page(pages: dict, after: str, url: str, title: str) -> None:
    """Put a new page right after the page `after`."""
    items = list(pages.items())
    pages.clear()
    for key, entries in items:
        pages[key] = entries
        if key == after:
            pages[url] = [entry(url, title, f"{title} 내용")]


def terms_of(files: dict[str, bytes]) -> dict[str, list[int]]:
    return {t: p for path, data in files.items() if path.startswith("kb/t/") for t, p in json.loads(data).items()}


def decode(postings: list[int]) -> list[tuple[int, int, int]]:
    out, value = [], 0
    for delta in postings:
        value += delta
        out.append((value >> 5, (value >> 2) & 7, value & 3))
    return out
