/*
 * Korean-aware search worker for Material for MkDocs (plain JS, no build step).
 *
 * It speaks Material's search worker protocol, so Material's search UI (result list, highlighting,
 * suggestions, keyboard) works unchanged: SETUP (0) carries the search_index.json that Material
 * fetched, answered by READY (1); QUERY (2) carries the typed text, answered by RESULT (3) with
 * { items: [[article, ...sections]], suggest }. The search_index.json written at build time by
 * generator/search/index.py is a stub: its config.kb says where the real index lives, in shards
 * under search/kb/ that are fetched only when a query needs them.
 *
 * Query words are tried as typed and without Korean particles or endings (config.kb.endings) or,
 * for English, without plural and -ing/-ed endings (config.kb.english), and under the other words
 * of their synonym group (config.kb.synonyms, from site_config/synonyms.yaml) and the group's own
 * index term ("#3#", which a page with any entry of group 3 has; a query phrase that is an entry
 * looks it up for each of its words); each form prefix-matches index terms. A page matches when all words match somewhere in it (else, any
 * word); title hits outrank hits in a record's fields, which outrank text hits. Pages are weighted
 * by kind at build time (records far above lists and the site's own pages, a success story below a
 * programme); a story that the query names (its company, or what came of it) weighs as a programme
 * (`namedStory`). Each result carries its kind's label (config.kb.kinds) as Material's result tag.
 *
 * Speed: a first query costs two round trips, the page list with every term shard that any form
 * of any word needs (all at once: the stub's first terms tell which shards those are), then the
 * docs of the DETAILED_PAGES best pages. Matches are kept in typed arrays indexed by doc, so that
 * a word found in most of 20,000 docs costs no objects (and no garbage collection) per doc.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const WORD = /[\p{L}\p{N}]+(?:[&.,][\p{L}\p{N}]+)*/gu  // as words() in generator/search/index.py
const HANGUL = /[\uac00-\ud7a3]/
// a title hit adds PAGE_TITLE or SECTION_TITLE, a hit in a record's weighted fields (summary,
// operator, markets, sectors, tags, places) FIELD, to a text weight of at most TEXT (BM25's tf factor)
const PAGE_TITLE = 10, SECTION_TITLE = 5, FIELD = 4, TEXT = 2.2
const SYNONYM = 0.8         // weight of a form looked up for a word of the query word's synonym group
const TITLE_COVER = 0.5     // bonus for the share of a page title's letters that the query's words cover
const PHRASE = 2            // bonus for a shown page that has the query's words side by side
const DETAILED_PAGES = 10   // pages shown with their matching sections; the rest by title only
const SNIPPET = 280         // characters of section text shown under a result

let kb = null               // config.kb of the stub index, plus the base URL of the shards
let options = {}
let pages = null            // promise of { list: [[location, title, first doc, number of docs, boost, kind]], docPage }
const shards = new Map()    // shard number -> promise of { terms: sorted keys, map: term -> postings }
const pageDocs = new Map()  // page number -> promise of [[location, title, text]]

function fetchJSON(path) {
  return fetch(new URL(`${path}?v=${kb.version}`, kb.base)).then(response => {
    if (!response.ok) throw new Error(`${response.status} ${response.url}`)
    return response.json()
  })
}

/** The page list and each doc's page, fetched with the first query (a visitor who never searches never loads it). */
function loadPages() {
  if (pages) return pages
  pages = fetchJSON("pages.json").then(entries => {
    const docPage = new Int32Array(kb.docs)
    let first = 0
    const list = entries.map(([location, title, count, boost, kind], page) => {
      docPage.fill(page, first, first + count)
      first += count
      return [location, title, first - count, count, boost, kind]
    })
    return { list, docPage }
  })
  pages.catch(() => { pages = null })  // try again with the next query
  return pages
}

function loadShard(number) {
  if (!shards.has(number)) {
    const shard = fetchJSON(`t/${number}.json`).then(map => ({ terms: Object.keys(map).sort(), map }))
    shard.catch(() => shards.delete(number))
    shards.set(number, shard)
  }
  return shards.get(number)
}

function loadPageDocs(number) {
  if (!pageDocs.has(number)) {
    const docs = fetchJSON(`p/${number}.json`)
    docs.catch(() => pageDocs.delete(number))
    pageDocs.set(number, docs)
  }
  return pageDocs.get(number)
}

/* --- query analysis ------------------------------------------------------------------------ */

function normalise(word) {
  return word.normalize("NFC").toLowerCase().replace(/(?<=[0-9]),(?=[0-9])/g, "")
}

function englishStem(word) {
  const { suffixes, min_stem, unstemmed } = kb.english  // english_stem() in generator/search/index.py
  if (unstemmed.some(ending => word.endsWith(ending)))
    return word
  for (const [suffix, replacement] of suffixes)
    if (word.endsWith(suffix) && word.length - suffix.length >= min_stem)
      return word.slice(0, -suffix.length) + replacement
  return word
}

function stripEnding(word) {
  for (const ending of kb.endings)  // longest first
    if (word.endsWith(ending) && word.length - ending.length >= (ending.length > 1 ? 1 : 2))
      return word.slice(0, -ending.length)
  return word
}

let synonymMap = null  // normalised one-word entry -> { others: the group's other one-word entries, term }
let synonymPhrases = null  // [{ words, term }] for the entries of several words

/** The index term of synonym group `g`, as group_term() in generator/search/enrich.py writes it. */
function groupTerm(g) {
  return `#${g}#`
}

function isGroupTerm(form) {
  return form.startsWith("#")
}

function loadSynonyms() {
  synonymMap = new Map()
  synonymPhrases = []
  ;(kb.synonyms || []).forEach((group, g) => {
    const single = group.filter(entry => !entry.includes(" "))
    for (const entry of group) {
      if (entry.includes(" ")) synonymPhrases.push({ words: entry.split(" "), term: groupTerm(g) })
      else synonymMap.set(entry, { others: single.filter(other => other !== entry), term: groupTerm(g) })
    }
  })
}

function synonymsOf(form) {
  if (!synonymMap) loadSynonyms()
  const found = synonymMap.get(form)
  return found ? [...found.others, found.term] : []
}

/** Give each word of a query phrase that is a synonym entry its group's term. */
function addPhraseTerms(result) {
  for (const { words, term } of synonymPhrases) {
    for (let i = 0; i + words.length <= result.length; i++) {
      if (!words.every((word, k) => result[i + k].forms.slice(0, 2).some(f => f.form === word))) continue
      for (let k = 0; k < words.length; k++) {
        if (!result[i + k].forms.some(f => f.form === term)) result[i + k].forms.push({ form: term, weight: SYNONYM })
      }
    }
  }
}

/** The words of a query, each with the forms to look up: [{ raw, forms: [{ form, weight }] }]. */
function analyseQuery(query) {
  const seen = new Set(), result = []
  for (const raw of (normalise(query).match(WORD) || [])) {
    if (seen.has(raw)) continue
    seen.add(raw)
    const forms = [{ form: raw, weight: 1 }]
    if (HANGUL.test(raw)) {
      const stripped = stripEnding(raw)
      forms.push({ form: stripped, weight: 0.9 })
      if (stripped.endsWith("들") && stripped.length > 2) forms.push({ form: stripped.slice(0, -1), weight: 0.85 })
    } else {
      forms.push({ form: englishStem(raw), weight: 0.9 })
    }
    for (const form of forms.slice()) {
      for (const other of synonymsOf(form.form)) forms.push({ form: other, weight: SYNONYM * form.weight })
    }
    // The index cuts terms to kb.max_term characters (code points), so a longer form is cut the same way.
    for (const f of forms) f.form = Array.from(f.form).slice(0, kb.max_term).join("")
    const unique = forms.filter((f, i) => f.form.length && forms.findIndex(g => g.form === f.form) === i)
    result.push({ raw, forms: unique })
  }
  if (!synonymMap) loadSynonyms()
  addPhraseTerms(result)
  return result
}

/* --- matching and ranking ------------------------------------------------------------------ */

function lowerBound(sorted, value) {
  let low = 0, high = sorted.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (sorted[mid] < value) low = mid + 1; else high = mid
  }
  return low
}

/** The shard whose terms include `form`'s place in the sorted term list. */
function shardFor(form) {
  let low = 0, high = kb.shards.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (kb.shards[mid] <= form) low = mid; else high = mid - 1
  }
  return low
}

/** The shards that hold the terms starting with `form`: its own, and the next ones while they start with it. */
function shardRange(form) {
  const numbers = [shardFor(form)]
  for (let n = numbers[0] + 1; n < kb.shards.length && kb.shards[n].startsWith(form); n++) numbers.push(n)
  return numbers
}

/**
 * Docs that match one query word. By doc: `score` (before idf; 0 where the word is not found),
 * `form` (index of the word's form that matched), `title` and `quality`; `docs` lists the docs found.
 * The best hit in a title is kept apart too (`titleScore`, `titleForm`, `titleQuality`): in a page's
 * first doc it earns the page-title bonus, and may then beat a hit that scored higher without it.
 */
async function matchWord(word) {
  const ranges = word.forms.map(({ form }) => shardRange(form))
  const loaded = new Map(await Promise.all([...new Set(ranges.flat())].map(async n => [n, await loadShard(n)])))
  const match = {
    docs: [], score: new Float64Array(kb.docs), form: new Uint8Array(kb.docs),
    title: new Uint8Array(kb.docs), quality: new Float64Array(kb.docs),
    titleScore: new Float64Array(kb.docs), titleForm: new Uint8Array(kb.docs), titleQuality: new Float64Array(kb.docs),
  }
  word.forms.forEach(({ form, weight }, f) => {
    for (const shard of ranges[f].map(n => loaded.get(n))) {
      for (let i = lowerBound(shard.terms, form); i < shard.terms.length && shard.terms[i].startsWith(form); i++) {
        const term = shard.terms[i]
        const quality = weight * (term === form ? 1 : 0.5 + 0.4 * form.length / term.length)
        let value = 0
        for (const delta of shard.map[term]) {
          value += delta
          const doc = value >> 5, level = value & 3, frequency = (((value >> 2) & 7) + 1) / 8 * TEXT
          const title = level === 2 ? 1 : 0
          const score = quality * (frequency + (title ? SECTION_TITLE : level === 1 ? FIELD : 0))
          if (match.score[doc] === 0) match.docs.push(doc)
          if (title && match.titleScore[doc] < score) {
            match.titleScore[doc] = score
            match.titleForm[doc] = f
            match.titleQuality[doc] = quality
          }
          if (match.score[doc] < score) {
            match.score[doc] = score
            match.form[doc] = f
            match.title[doc] = title
            match.quality[doc] = quality
          }
        }
      }
    }
  })
  return match
}

/** One word's hit in one doc as the result items use it ({ form, score }), or undefined. */
function hitAt(word, match, doc) {
  if (doc < 0 || match.score[doc] === 0) return undefined
  return { form: word.forms[match.form[doc]].form, score: match.score[doc] }
}

function letters(text) {
  return Math.max(1, (normalise(text).match(/[\p{L}\p{N}]/gu) || []).length)
}

/**
 * Pages ranked for the query: [{ page, covered, score, best }], where `best` holds, per word, the
 * page's doc with that word's best hit (-1: none). Scores get the word's idf and, in a page's
 * first doc (its title), the page-title bonus.
 */
function rankPages({ list, docPage }, words, matches) {
  const count = words.length
  const found = new Uint16Array(kb.docs)                // words found in each doc
  const best = new Int32Array(list.length * count).fill(-1)
  const spread = new Uint8Array(list.length)            // docs of the page with a hit, up to 5
  const together = new Uint8Array(list.length)         // 1 when a doc of the page has every word
  const cover = new Float64Array(list.length)           // letters of the page title the words matched
  const touched = []
  matches.forEach((match, w) => {
    const idf = Math.log(1 + kb.docs / match.docs.length)
    for (const doc of match.docs) {
      const page = docPage[doc]
      if (doc === list[page][2] && match.titleQuality[doc] > 0) {
        const inTitle = match.titleScore[doc] + match.titleQuality[doc] * (PAGE_TITLE - SECTION_TITLE)
        if (inTitle >= match.score[doc]) {
          match.score[doc] = inTitle
          match.form[doc] = match.titleForm[doc]
          match.title[doc] = 1
          match.quality[doc] = match.titleQuality[doc]
        }
        const titleForm = words[w].forms[match.titleForm[doc]].form
        cover[page] += Array.from(isGroupTerm(titleForm) ? words[w].raw : titleForm).length
      }
      match.score[doc] *= idf
      if (found[doc]++ === 0) {
        if (spread[page] === 0) touched.push(page)
        if (spread[page] < 5) spread[page]++
      }
      if (found[doc] === count) together[page] = 1
      const at = page * count + w
      if (best[at] < 0 || match.score[best[at]] < match.score[doc]) best[at] = doc
    }
  })
  const ranked = touched.map(page => {
    const own = best.subarray(page * count, (page + 1) * count)
    let sum = 0, covered = 0
    own.forEach((doc, w) => {
      if (doc >= 0) { sum += matches[w].score[doc]; covered++ }
    })
    // Of two titles that match alike, the shorter one is more about the query (the list page, not its items).
    const titleShare = cover[page] ? Math.min(1, cover[page] / letters(list[page][1])) : 0
    const score = sum * (together[page] ? 1.2 : 1) * (1 + spread[page] * 0.05) * (1 + TITLE_COVER * titleShare) * list[page][4]
    return { page, covered, score, best: own }
  })
  const all = ranked.filter(r => r.covered === count)
  return (all.length ? all : ranked).sort((a, b) => b.covered - a.covered || b.score - a.score || a.page - b.page)
}

/* --- result items -------------------------------------------------------------------------- */

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

function escapeHTML(text) {
  return /[&<>"']/.test(text) ? text.replace(/[&<>"']/g, c => ENTITIES[c]) : text
}

const patterns = new Map()  // forms -> their RegExp, for the query being answered

function markForms(text, forms) {
  if (!forms.length || !text) return escapeHTML(text)
  const key = forms.join("\n")
  if (!patterns.has(key)) {
    const parts = [...forms].sort((a, b) => b.length - a.length).map(form => {
      const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      return HANGUL.test(form) ? escaped : `(?<![\\p{L}\\p{N}])${escaped}`
    })
    patterns.set(key, new RegExp(parts.join("|"), "giu"))
  }
  const pattern = patterns.get(key)
  let out = "", last = 0
  for (const match of text.matchAll(pattern)) {
    out += escapeHTML(text.slice(last, match.index)) + `<mark>${escapeHTML(match[0])}</mark>`
    last = match.index + match[0].length
  }
  return out + escapeHTML(text.slice(last))
}

function snippet(text, forms) {
  const lower = text.toLowerCase()
  const first = Math.min(...forms.map(f => lower.indexOf(f)).filter(i => i >= 0), text.length)
  // From the start when the text fits (a record's summary) or has no form (matched in a record's fields).
  let start = 0
  if (text.length > SNIPPET && first > SNIPPET / 3 && first < text.length) {
    start = text.lastIndexOf(" ", first - SNIPPET / 5) + 1
    if (start < 0 || first - start > SNIPPET / 2) start = Math.max(0, first - SNIPPET / 5)
  }
  const end = start + SNIPPET
  return (start ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "")
}

/** The tags of a page's result: its kind's label in the page's language (none if the stub has no labels). */
function kindTags(kind) {
  const label = kb.kinds && kb.kinds[kind]
  return label ? [escapeHTML(label)] : undefined  // Material inserts a tag as HTML
}

function makeItem(location, title, text, score, words, hitsOfDoc) {
  const terms = {}, forms = []
  words.forEach((word, w) => {
    const hit = hitsOfDoc && hitsOfDoc[w]
    const form = hit && !isGroupTerm(hit.form) ? hit.form : word.raw  // a group's term is in no text
    terms[hit ? form : word.raw] = !!hit
    if (hit) forms.push(form, ...word.forms.map(f => f.form).filter(f => f !== form && !isGroupTerm(f)))
  })
  const shown = text ? markForms(snippet(text, forms), forms) : ""
  return { location, title: markForms(title, forms), text: shown, score, terms }
}

/** Per word, its hit in the page's doc `best[w]` that has its best hit (or undefined). */
function bestHits(words, matches, best) {
  return [...best].map((doc, w) => hitAt(words[w], matches[w], doc))
}

/** Per word, its hit in `doc` (or undefined); undefined when no word is found there. */
function hitsOf(words, matches, doc) {
  const hits = matches.map((match, w) => hitAt(words[w], match, doc))
  return hits.some(Boolean) ? hits : undefined
}

/** True when a query word is found in `names` (normalised words): as typed or without its ending, not
 * as a synonym; a Korean form anywhere in a word (compounds), any other at a word's start. */
function wordIn(word, names) {
  return word.forms.some(({ form, weight }) => weight > SYNONYM && !isGroupTerm(form) &&
    names.some(name => (HANGUL.test(form) ? name.includes(form) : name.startsWith(form))))
}

/**
 * True when the query names a success story, whose first doc carries [company words, outcome words]:
 * a query word is in the company's name, or the query has two words or more and every one is in its
 * name or what came of it (what it makes, its outcomes' measures, places left out). "참케어" and
 * "납품 계약" name the story; "수출" alone and "수출 멘토링" do not (docs/dev/search.md, "The kind rule").
 */
function namedStory(words, [company, outcomes]) {
  if (words.some(word => wordIn(word, company))) return true
  const named = company.concat(outcomes)
  return words.length > 1 && words.every(word => wordIn(word, named))
}

/** The article and its matching sections, each scored on its own (as Material's renderer expects). */
async function detailedGroup(list, words, matches, { page, best, score }) {
  const first = list[page][2]
  const entries = await loadPageDocs(page)
  // A story weighs less than a programme (its boost) unless the query names it: then as a programme.
  if (entries[0].length > 3 && namedStory(words, entries[0].slice(3))) score /= list[page][4]
  const fallback = bestHits(words, matches, best)
  const phrase = words.length > 1 ? ` ${words.map(word => word.raw).join(" ")}` : null
  let adjacent = false
  const items = []
  entries.forEach(([location, title, text], i) => {
    const hits = hitsOf(words, matches, first + i)
    if (!hits && i) return
    if (phrase && hits) adjacent ||= ` ${(normalise(`${title} ${text}`).match(WORD) || []).join(" ")} `.includes(phrase)
    const own = hits ? hits.reduce((sum, hit) => sum + (hit ? hit.score : 0), 0) : 0
    items.push(makeItem(location, title, text, own, words, hits || fallback))
  })
  const tags = kindTags(list[page][5])
  if (tags) items[0].tags = tags  // the article (its first doc), which Material shows as the group's head
  // Item scores are scaled to the page's, so that Enter (which opens the best-scored link) opens
  // a link of the first group, as the list shows it.
  const final = adjacent ? score * PHRASE : score
  const top = Math.max(...items.map(item => item.score))
  for (const item of items) item.score = top > 0 ? final * item.score / top : final
  return { items: items.sort((a, b) => b.score - a.score), score: final }
}

/** How the best result's title completes the last query word (a compound's part for Korean). */
function suggestion(words, groups) {
  const last = words.length ? words[words.length - 1].raw : ""
  if (!options.suggest || !last || !groups.length) return undefined
  const plain = groups[0][0].title.replace(/<[^>]*>/g, "")
  for (const word of normalise(plain).match(WORD) || []) {
    const at = HANGUL.test(last) ? word.indexOf(last) : word.startsWith(last) ? 0 : -1
    if (at >= 0 && word.length > at + last.length) return [word.slice(at)]
  }
  return []
}

async function search(query) {
  patterns.clear()
  const words = analyseQuery(query)
  if (!words.length) return { items: [] }
  const [index, ...matches] = await Promise.all([loadPages(), ...words.map(matchWord)])
  const { list } = index
  const ranked = rankPages(index, words, matches)
  const detailed = (await Promise.all(ranked.slice(0, DETAILED_PAGES).map(r => detailedGroup(list, words, matches, r))))
    .sort((a, b) => b.score - a.score).map(group => group.items)
  const rest = ranked.slice(DETAILED_PAGES).map(({ page, score, best }) => {
    const item = makeItem(list[page][0], list[page][1], "", score, words, bestHits(words, matches, best))
    const tags = kindTags(list[page][5])
    return [tags ? { ...item, tags } : item]
  })
  const items = [...detailed, ...rest]
  const suggest = suggestion(words, items)
  return suggest ? { items, suggest } : { items }
}

/* --- protocol ------------------------------------------------------------------------------ */

let latest = null, queue = Promise.resolve()

addEventListener("message", ({ data: message }) => {
  if (message.type === SETUP) {
    options = message.data.options || {}
    kb = message.data.config && message.data.config.kb
    synonymMap = synonymPhrases = null
    if (kb) {
      kb = { ...kb, base: new URL("../../search/kb/", self.location.href) }
    } else {
      console.warn("search: the index has no 'kb' entry; was generator/search/index.py run after the build?")
    }
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const query = latest = message.data
    queue = queue.then(async () => {
      if (query !== latest) return  // a newer query is waiting: skip this one
      let data = { items: [] }
      try {
        if (kb) data = await search(query)
      } catch (err) {
        console.warn(`search: ${err}`)
      }
      if (query === latest) postMessage({ type: RESULT, data })
    })
  }
})
