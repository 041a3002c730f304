"""The lean search index: word analysis (Korean through kiwipiepy), layout, determinism, writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_kiwi import FakeKiwi, Token

from generator.search import enrich
from generator.search import index as si


@pytest.fixture(scope="module")
def analyser() -> si.Analyser:
    """An analyser with the real kiwipiepy model (loaded once for the module)."""
    return si.Analyser()


def docs_of(*pages: tuple[str, str, list[tuple[str, str]]]) -> list[si.Doc]:
    """Docs as Material lists them: each page, then its sections."""
    docs = []
    for location, title, sections in pages:
        docs.append(si.Doc(location, title, f"{title} 소개"))
        docs += [si.Doc(f"{location}#{anchor}", anchor, text) for anchor, text in sections]
    return docs


def test_words_keep_figures_and_ampersands_together():
    assert si.words("참케어가 1,000대를 R&D와 수출·마케팅까지 (ASTI) 2.5배, B.V.는") == [
        "참케어가",
        "1,000대를",
        "R&D와",
        "수출",
        "마케팅까지",
        "ASTI",
        "2.5배",
        "B.V.는",
    ]


def test_normalise_lowers_case_and_drops_thousands_separators():
    assert si.normalise("KISTI 1,000대") == "kisti 1000대"


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("companies", "company"),
        ("testing", "test"),
        ("mentors", "mentor"),
        ("supplied", "suppli"),
        ("business", "business"),
        ("gas", "gas"),
        ("bus", "bus"),
    ],
)
def test_english_stem(word, stem):
    assert si.english_stem(word) == stem


def test_plain_text_drops_tags_and_decodes_entities():
    assert si.plain_text("<p>R&amp;D <code>cases/</code></p>\n<ul><li>a</li></ul>") == "R&D cases/ a"


def test_korean_terms_index_every_compound_suffix_and_the_word_without_its_particle():
    tokens = [
        Token("한국", "NNP", 0, 2),
        Token("생산", "NNG", 2, 2),
        Token("기술", "NNG", 4, 2),
        Token("연구원", "NNG", 6, 3),
        Token("이", "JKS", 9, 1),
    ]
    assert si.korean_terms("한국생산기술연구원이", tokens) == (
        "기술연구원",
        "생산기술연구원",
        "연구원",
        "한국생산기술연구원",
        "한국생산기술연구원이",
    )


def test_korean_terms_keep_verb_stems_and_drop_single_syllables():
    tokens = [Token("지원", "NNG", 0, 2), Token("하", "XSV", 2, 1), Token("는", "ETM", 3, 1)]
    assert si.korean_terms("지원하는", tokens) == ("지원", "지원하", "지원하는")


class NounRunKiwi:
    """Reads a word as a run of two-syllable nouns, as kiwi reads a long compound (and notes what it saw)."""

    def __init__(self):
        self.seen: list[str] = []

    def tokenize(self, words: list[str]):
        self.seen += words
        return [[Token(w[i : i + 2], "NNG", i, len(w[i : i + 2])) for i in range(0, len(w), 2)] for w in words]


def hangul_run(length: int) -> str:
    """A word of `length` Hangul syllables without repeats (up to 11,172): no two suffixes alike."""
    return "".join(chr(0xAC00 + (i * 7) % 11172) for i in range(length))


def test_a_long_noun_run_gives_few_short_terms():
    word = hangul_run(30_000)  # 15,000 nouns: every suffix of the run would be gigabytes
    tokens = NounRunKiwi().tokenize([word])[0]
    terms = si.korean_terms(word, tokens)
    assert len(terms) == si.MAX_TERMS_PER_WORD
    assert max(map(len, terms)) == si.MAX_TERM_CHARS and word[: si.MAX_TERM_CHARS] in terms


def test_the_index_grows_linearly_with_a_long_compound():
    kiwi = NounRunKiwi()
    sizes = []
    for length in (3_000, 30_000):  # one compound word as a case summary
        docs = [si.Doc("cases/x/", "사례", hangul_run(length) + "을 받았다"), si.Doc("cases/y/", "사례", "기술 지원")]
        files = si.build_index({}, docs, si.Analyser(kiwi))
        sizes.append(sum(len(data) for path, data in files.items() if not path.startswith("kb/p/")))
        assert len(files["search_index.json"]) < 2_000  # the stub every page loads stays small
    assert sizes[1] == sizes[0]  # the same terms: the index does not grow with the word
    assert max(map(len, kiwi.seen)) == si.MAX_ANALYSED_CHARS


def test_a_doc_keeps_its_first_distinct_terms_only(monkeypatch):
    monkeypatch.setattr(si, "MAX_TERMS_PER_DOC", 5)
    index = si.postings([si.Doc("a/", "", "one two three four five six seven")], si.Analyser(FakeKiwi()))
    assert sorted(index) == ["five", "four", "one", "three", "two"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("한국생산기술연구원이", {"생산기술연구원", "기술연구원", "연구원", "한국생산기술연구원"}),
        ("멘토링을", {"멘토링", "멘토링을"}),
        ("프랑스에", {"프랑스"}),
        ("기술플랫폼", {"기술플랫폼", "플랫폼"}),
        ("성과리포트를", {"성과리포트", "리포트"}),
        ("1,000대", {"1000대"}),
        ("KISTI가", {"kisti"}),
    ],
)
def test_real_analyser_finds_stems_and_compound_parts(analyser, word, expected):
    assert expected <= set(analyser.terms_of([word])[word])


def test_analyser_asks_kiwi_once_per_new_word():
    kiwi = FakeKiwi()
    analyser = si.Analyser(kiwi)
    analyser.terms_of(["멘토링", "mentoring", "멘토링"])
    analyser.terms_of(["멘토링", "유럽"])
    assert kiwi.calls == [["멘토링"], ["유럽"]]


def test_term_weight_grows_with_count_and_shrinks_with_length():
    average = si.length_norm(10, 10)
    assert si.term_weight(1, average) < si.term_weight(3, average)
    assert si.term_weight(2, si.length_norm(100, 10)) < si.term_weight(2, si.length_norm(5, 10))
    assert 0 == si.term_weight(1, si.length_norm(10_000, 10)) < si.term_weight(50, si.length_norm(1, 10)) == 7


def test_page_spans_group_sections_under_their_page():
    docs = docs_of(("", "홈", [("a", "x")]), ("programs/", "목록", []), ("programs/x/", "X", [("b", "y"), ("c", "z")]))
    assert si.page_spans(docs) == [(0, 2), (2, 1), (3, 3)]


def decode(postings: list[int]) -> list[tuple[int, int, int]]:
    """(doc, weight, level) from delta-encoded postings (level 2: title, 1: record field, 0: text)."""
    out, value = [], 0
    for delta in postings:
        value += delta
        out.append((value >> 5, (value >> 2) & 7, value & 3))
    return out


def test_build_index_layout_and_postings():
    docs = docs_of(("", "멘토링 안내", [("개요", "멘토링 지원")]), ("programs/x/", "유럽", [("출처", "멘토링")]))
    files = si.build_index({"lang": ["ko"]}, docs, si.Analyser(FakeKiwi()))
    stub = json.loads(files["search_index.json"])
    assert stub["docs"] == [] and stub["config"]["lang"] == ["ko"]
    kb = stub["config"]["kb"]
    assert kb["docs"] == 4 and kb["shards"] == ["개요"] and "에서" in kb["endings"]
    assert kb["max_term"] == si.MAX_TERM_CHARS  # the worker cuts query words to the same length
    # the home page is a list: weighted below a record page (enrich.KIND_BOOST), and shown as a page
    assert json.loads(files["kb/pages.json"]) == [
        ["", "멘토링 안내", 2, 0.25, "page"],
        ["programs/x/", "유럽", 2, 1.0, "program"],
    ]
    assert kb["kinds"] == {}  # no labels without kb-fields.json: results then show no kind
    assert json.loads(files["kb/p/1.json"]) == [
        ["programs/x/", "유럽", "유럽 소개"],
        ["programs/x/#출처", "출처", "멘토링"],
    ]
    terms = json.loads(files["kb/t/0.json"])
    assert [(doc, level) for doc, _, level in decode(terms["멘토링"])] == [(0, 2), (1, 0), (3, 0)]
    assert [doc for doc, _, _ in decode(terms["유럽"])] == [2]


def test_build_index_is_deterministic_and_cuts_sorted_terms_into_shards():
    docs = [si.Doc(f"p{i}/", f"제목{i}", " ".join(f"낱말{i}{j} word{i}x{j}" for j in range(400))) for i in range(60)]
    first = si.build_index({}, docs, si.Analyser(FakeKiwi()))
    second = si.build_index({}, list(docs), si.Analyser(FakeKiwi()))
    assert first == second
    kb = json.loads(first["search_index.json"])["config"]["kb"]
    assert len(kb["shards"]) > 1
    seen: list[str] = []
    for number, first_term in enumerate(kb["shards"]):
        data = first[f"kb/t/{number}.json"]
        terms = sorted(json.loads(data), key=si.utf16_order)
        assert terms[0] == first_term and len(data) < si.TARGET_SHARD_BYTES * 1.2
        seen += terms
    assert seen == sorted(seen, key=si.utf16_order) and len(seen) == kb["terms"]


def test_utf16_order_is_javascripts_string_order():
    assert sorted(["\uff5e", "\U0001f600", "가"], key=si.utf16_order) == ["가", "\U0001f600", "\uff5e"]


def write_material_index(site: Path, docs: list[dict]) -> Path:
    """A search_index.json as Material's search plugin writes it."""
    (site / "search").mkdir(parents=True)
    path = site / "search" / "search_index.json"
    config = {"lang": ["ko"], "separator": "[\\s\\-]+", "pipeline": ["stemmer"]}
    path.write_text(json.dumps({"config": config, "docs": docs}), encoding="utf-8")
    return path


def test_write_search_index_replaces_materials_index_once(tmp_path):
    path = write_material_index(
        tmp_path,
        [
            {"location": "", "title": "홈", "text": "<p>멘토링을 소개합니다</p>"},
            {"location": "#a", "title": "가", "text": "<p>R&amp;D</p>", "boost": 0.5},
        ],
    )
    (tmp_path / "search" / "kb" / "p").mkdir(parents=True)
    (tmp_path / "search" / "kb" / "p" / "99.json").write_text("stale")
    stats = si.write_search_index(tmp_path, si.Analyser(FakeKiwi()))
    assert stats is not None and (stats.docs, stats.pages, stats.shards) == (2, 1, 1)
    stub = json.loads(path.read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["separator"] == "[\\s\\-]+"
    assert not (tmp_path / "search" / "kb" / "p" / "99.json").exists()
    assert json.loads((tmp_path / "search/kb/p/0.json").read_text(encoding="utf-8"))[1] == ["#a", "가", "R&D"]
    assert si.write_search_index(tmp_path, si.Analyser(FakeKiwi())) is None  # already ours: left alone
    assert json.loads(path.read_text(encoding="utf-8")) == stub


def test_write_search_index_without_materials_index_does_nothing(tmp_path):
    assert si.write_search_index(tmp_path) is None
    assert not (tmp_path / "search").exists()


# --- page kinds, record fields, synonyms (generator.search.enrich) ----------------------------

FIELDS = {
    "pages": {
        "cases/x/": {
            "summary": "참케어가 장비를 납품했습니다",
            "fields": "참케어 · 수출",
            "places": ["프랑스", "유럽"],
        },
    },
    "synonyms": [["상용화", "상품화", "사업화"], ["성과리포트", "성과 보고서"]],
}


def test_page_kinds_and_pages_left_out_of_search():
    assert [enrich.page_kind(p) for p in ("programs/x/", "cases/y/#이야기", "programs/", "tags/z/", "")] == [
        "program",
        "case",
        "list",
        "list",
        "list",
    ]
    assert [enrich.page_kind(p) for p in ("calls/", "calls-archive/#2025", "about/", "subscribe/")] == [
        "call",
        "call",
        "manual",
        "manual",
    ]
    # the finders and the comparison list every summary; the story finder is not a story
    assert {enrich.page_kind(p) for p in ("find/", "cases/find/", "compare/#x")} == {"list"}
    assert not enrich.is_searchable("contributing/#3-fill-it-in") and not enrich.is_searchable("open-data/")


def test_manuals_are_left_out_and_records_outrank_lists():
    docs = docs_of(("contributing/", "수출 안내", []), ("tags/export/", "수출", []), ("cases/x/", "계약", []))
    files = si.build_index({}, docs, si.Analyser(FakeKiwi()), FIELDS)
    pages = json.loads(files["kb/pages.json"])
    assert [(location, boost) for location, _, _, boost, _ in pages] == [
        ("tags/export/", 0.25),
        ("cases/x/", enrich.STORY_WEIGHT),
    ]


def test_a_story_weighs_less_than_a_programme_and_every_result_has_a_labelled_kind():
    pages = ("programs/p/", "수출", []), ("cases/x/", "수출", []), ("calls/", "공고", []), ("about/", "소개", [])
    docs = docs_of(*pages)
    kinds = {"program": "프로그램", "case": "성공 사례", "call": "공고", "page": "페이지"}
    files = si.build_index({}, docs, si.Analyser(FakeKiwi()), {**FIELDS, "kinds": kinds})
    pages = json.loads(files["kb/pages.json"])
    assert [(boost, kind) for _, _, _, boost, kind in pages] == [
        (1.0, "program"),
        (enrich.STORY_WEIGHT, "case"),
        (0.25, "call"),
        (0.15, "page"),
    ]
    assert 0 < enrich.STORY_WEIGHT < enrich.KIND_BOOST["program"]
    assert json.loads(files["search_index.json"])["config"]["kb"]["kinds"] == kinds


def test_a_storys_first_doc_carries_its_company_and_outcome_words_without_places():
    fields = {
        "pages": {
            "cases/x/": {
                **FIELDS["pages"]["cases/x/"],
                "places": ["France", "Europe"],
                "company": "Charmcare",
                "outcomes": "Patient monitors · Supply contract signed for France, a European market",
            },
        },
    }
    docs = docs_of(("cases/x/", "Contract", [("Story", "text")]), ("programs/p/", "P", []))
    files = si.build_index({}, docs, si.Analyser(FakeKiwi()), {**fields, "synonyms": []})
    story = json.loads(files["kb/p/0.json"])
    company, outcomes = story[0][3:]
    assert company == ["charmcare"]
    assert "contract" in outcomes and "monitors" in outcomes
    assert not {"france", "european"} & set(outcomes)  # a market is where a programme helps too
    assert len(story[1]) == 3 and all(len(entry) == 3 for entry in json.loads(files["kb/p/1.json"]))


def test_record_fields_are_indexed_as_fields_and_the_summary_is_the_snippet():
    docs = [
        si.Doc("cases/x/", "계약", "이 정보는 2013년 자료입니다. 참케어가 장비를 납품했습니다 항목 내용 기업 참케어")
    ]
    files = si.build_index({}, docs, si.Analyser(FakeKiwi()), FIELDS)
    assert json.loads(files["kb/p/0.json"]) == [["cases/x/", "계약", "참케어가 장비를 납품했습니다"]]
    terms = {
        t: decode(p)
        for n in range(3)
        if f"kb/t/{n}.json" in files
        for t, p in json.loads(files[f"kb/t/{n}.json"]).items()
    }
    assert [level for _, _, level in terms["유럽"]] == [1]  # a region of the record's market France
    assert [level for _, _, level in terms["수출"]] == [1]
    assert [level for _, _, level in terms["계약"]] == [2]
    assert [level for _, _, level in terms["항목"]] == [0]


def test_a_page_with_an_entry_of_a_synonym_group_gets_the_groups_term():
    docs = [
        si.Doc("programs/a/", "A", "제품 상품화 지원"),
        si.Doc("programs/b/", "B", "성과 보고서 작성"),
        si.Doc("programs/c/", "C", "성과 관리와 보고서"),  # the phrase's words, but not side by side
    ]
    files = si.build_index({}, docs, si.Analyser(FakeKiwi()), FIELDS)
    terms = {
        t: decode(p)
        for n in range(3)
        if f"kb/t/{n}.json" in files
        for t, p in json.loads(files[f"kb/t/{n}.json"]).items()
    }
    # One term a group (the worker looks a query word up under it), not the group's words.
    assert [doc for doc, _, _ in terms["#0#"]] == [0] and "상용화" not in terms and "사업화" not in terms
    assert [doc for doc, _, _ in terms["#1#"]] == [1]  # the phrase, side by side
    kb = json.loads(files["search_index.json"])["config"]["kb"]
    assert kb["synonyms"] == [["사업화", "상용화", "상품화"], ["성과 보고서", "성과리포트"]]  # for the query side


def test_kb_fields_file_is_read_beside_the_index_or_from_the_enclosing_site(tmp_path):
    write_material_index(tmp_path, [{"location": "cases/x/", "title": "계약", "text": "<p>본문</p>"}])
    (tmp_path / "search" / "kb-fields.json").write_text(json.dumps(FIELDS, ensure_ascii=False), encoding="utf-8")
    si.write_search_index(tmp_path, si.Analyser(FakeKiwi()))
    staging = tmp_path / ".search-1"  # as make serve writes a changed index, inside the site
    write_material_index(staging, [{"location": "cases/x/", "title": "계약", "text": "<p>본문</p>"}])
    si.write_search_index(staging, si.Analyser(FakeKiwi()))
    for root in (tmp_path, staging):
        assert (
            json.loads((root / "search/kb/p/0.json").read_text(encoding="utf-8"))[0][2]
            == "참케어가 장비를 납품했습니다"
        )
    assert (
        json.loads((tmp_path / "search/kb/p/0.json").read_text(encoding="utf-8"))[0][2]
        == "참케어가 장비를 납품했습니다"
    )
