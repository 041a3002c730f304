/*
 * Korean-aware search worker for Material for MkDocs (plain JS, no build step).
 *
 * It speaks Material's search worker protocol, so Material's search UI (result list, highlighting,
 * suggestions, keyboard) works unchanged: SETUP (0) carries the search_index.json that Material
 * fetched, answered by READY (1); QUERY (2) carries the typed text, answered by RESULT (3) with
 * { items: [[article, ...sections]], suggest }. The search_index.json written at build time by
 * generator/search_index.py is a stub: its config.kb says where the real index lives, in shards
 * under search/kb/ that are fetched only when a query needs them.
 *
 * Query words are tried as typed and without Korean particles or endings (config.kb.endings) or,
 * for English, without plural and -ing/-ed endings; each form prefix-matches index terms. A page
 * matches when all words match somewhere in it (else, any word); title hits outrank text hits.
 */
"use strict"

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3
const WORD = /[\p{L}\p{N}]+(?:[&.,][\p{L}\p{N}]+)*/gu  // as words() in search_index.py
const HANGUL = /[\uac00-\ud7a3]/
const EN_SUFFIXES = [["ies", "y"], ["sses", "ss"], ["ing", ""], ["ed", ""], ["es", ""], ["s", ""]]
// a title hit adds PAGE_TITLE or SECTION_TITLE to a text weight of at most TEXT (BM25's tf factor)
const PAGE_TITLE = 10, SECTION_TITLE = 5, TEXT = 2.2
const PHRASE = 2            // bonus for a shown page that has the query's words side by side
const DETAILED_PAGES = 10   // pages shown with their matching sections; the rest by title only
const SNIPPET = 280         // characters of section text shown under a result

let kb = null               // config.kb of the stub index, plus the base URL of the shards
let options = {}
let pages = null            // promise of [[location, title, first doc, number of docs, boost]]
const shards = new Map()    // shard number -> promise of { terms: sorted keys, map: term -> postings }
const pageDocs = new Map()  // page number -> promise of [[location, title, text]]

function fetchJSON(path) {
  return fetch(new URL(`${path}?v=${kb.version}`, kb.base)).then(response => {
    if (!response.ok) throw new Error(`${response.status} ${response.url}`)
    return response.json()
  })
}

/** The page list, fetched with the first query (a visitor who never searches never loads it). */
function loadPages() {
  if (pages) return pages
  pages = fetchJSON("pages.json").then(list => {
    let first = 0
    return list.map(([location, title, count, boost]) => {
      const page = [location, title, first, count, boost]
      first += count
      return page
    })
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
  for (const [suffix, replacement] of EN_SUFFIXES)
    if (word.endsWith(suffix) && word.length - suffix.length >= 3 && !/(ss|us|is)$/.test(word))
      return word.slice(0, -suffix.length) + replacement
  return word
}

function stripEnding(word) {
  for (const ending of kb.endings)  // longest first
    if (word.endsWith(ending) && word.length - ending.length >= (ending.length > 1 ? 1 : 2))
      return word.slice(0, -ending.length)
  return word
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
    const unique = forms.filter((f, i) => f.form.length && forms.findIndex(g => g.form === f.form) === i)
    result.push({ raw, forms: unique })
  }
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

/** Docs that match one query word: Map doc -> { score, form, title, quality } (score before idf). */
async function matchWord(word) {
  const hits = new Map()
  for (const { form, weight } of word.forms) {
    for (let number = shardFor(form); number < kb.shards.length; number++) {
      const shard = await loadShard(number)
      let i = lowerBound(shard.terms, form)
      for (; i < shard.terms.length && shard.terms[i].startsWith(form); i++) {
        const term = shard.terms[i]
        const quality = weight * (term === form ? 1 : 0.5 + 0.4 * form.length / term.length)
        let value = 0
        for (const delta of shard.map[term]) {
          value += delta
          const doc = value >> 4, title = value & 1, frequency = (((value >> 1) & 7) + 1) / 8 * TEXT
          const score = quality * (frequency + (title ? SECTION_TITLE : 0))
          const best = hits.get(doc)
          if (!best || best.score < score) hits.set(doc, { score, form, title, quality })
        }
      }
      // terms with this prefix may go on in the next shard only if this one ran out
      if (i < shard.terms.length || !(kb.shards[number + 1] || "").startsWith(form)) break
    }
  }
  return hits
}

function pageOf(list, doc) {
  let low = 0, high = list.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if (list[mid][2] <= doc) low = mid; else high = mid - 1
  }
  return low
}

/** Pages ranked for the query: [{ page, score, docs: Map doc -> [hit per word or undefined] }]. */
function rankPages(list, words, hits) {
  const byPage = new Map()
  hits.forEach((wordHits, w) => {
    const idf = Math.log(1 + kb.docs / wordHits.size)
    for (const [doc, hit] of wordHits) {
      const page = pageOf(list, doc)
      if (doc === list[page][2] && hit.title) hit.score += hit.quality * (PAGE_TITLE - SECTION_TITLE)
      hit.score *= idf
      if (!byPage.has(page)) byPage.set(page, new Map())
      const docs = byPage.get(page)
      if (!docs.has(doc)) docs.set(doc, new Array(words.length))
      docs.get(doc)[w] = hit
    }
  })
  const ranked = []
  for (const [page, docs] of byPage) {
    const bestHits = words.map((_, w) => [...docs.values()].map(h => h[w]).filter(Boolean)
      .reduce((a, b) => (a && a.score >= b.score ? a : b), undefined))
    const best = bestHits.map(hit => (hit ? hit.score : 0))
    const covered = bestHits.filter(Boolean).length
    const together = [...docs.values()].some(h => words.every((_, w) => h[w]))
    const spread = Math.min(docs.size, 5) * 0.05
    const score = best.reduce((a, b) => a + b, 0) * (together ? 1.2 : 1) * (1 + spread) * list[page][4]
    ranked.push({ page, docs, bestHits, covered, score })
  }
  const all = ranked.filter(r => r.covered === words.length)
  return (all.length ? all : ranked).sort((a, b) => b.covered - a.covered || b.score - a.score || a.page - b.page)
}

/* --- result items -------------------------------------------------------------------------- */

function escapeHTML(text) {
  return text.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c])
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
  let start = first > SNIPPET / 3 ? text.lastIndexOf(" ", first - SNIPPET / 5) + 1 : 0
  if (start < 0 || first - start > SNIPPET / 2) start = Math.max(0, first - SNIPPET / 5)
  const end = start + SNIPPET
  return (start ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "")
}

function makeItem(location, title, text, score, words, hitsOfDoc) {
  const terms = {}, forms = []
  words.forEach((word, w) => {
    const hit = hitsOfDoc && hitsOfDoc[w]
    terms[hit ? hit.form : word.raw] = !!hit
    if (hit) forms.push(hit.form)
  })
  return { location, title: markForms(title, forms), text: markForms(snippet(text, forms), forms), score, terms }
}

/** The article and its matching sections, each scored on its own (as Material's renderer expects). */
async function detailedGroup(list, words, { page, docs, bestHits, score }) {
  const first = list[page][2]
  const entries = await loadPageDocs(page)
  const phrase = words.length > 1 ? ` ${words.map(word => word.raw).join(" ")}` : null
  let adjacent = false
  const items = []
  entries.forEach(([location, title, text], i) => {
    const hits = docs.get(first + i)
    if (!hits && i) return
    if (phrase && hits) adjacent ||= ` ${(normalise(`${title} ${text}`).match(WORD) || []).join(" ")} `.includes(phrase)
    const own = hits ? hits.reduce((sum, hit) => sum + (hit ? hit.score : 0), 0) : 0
    items.push(makeItem(location, title, text, own, words, hits || bestHits))
  })
  // Item scores are scaled to the page's, so that Enter (which opens the best-scored link) opens
  // a link of the first group, as the list shows it.
  const final = adjacent ? score * PHRASE : score
  const best = Math.max(...items.map(item => item.score))
  for (const item of items) item.score = best > 0 ? final * item.score / best : final
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
  const [list, ...hits] = await Promise.all([loadPages(), ...words.map(matchWord)])
  const ranked = rankPages(list, words, hits)
  const detailed = (await Promise.all(ranked.slice(0, DETAILED_PAGES).map(r => detailedGroup(list, words, r))))
    .sort((a, b) => b.score - a.score).map(group => group.items)
  const rest = ranked.slice(DETAILED_PAGES).map(({ page, score, bestHits }) =>
    [makeItem(list[page][0], list[page][1], "", score, words, bestHits)])
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
    if (kb) {
      kb = { ...kb, base: new URL("../../search/kb/", self.location.href) }
    } else {
      console.warn("search: the index has no 'kb' entry; was generator/search_index.py run after the build?")
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
