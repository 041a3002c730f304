/* Helpers shared by compare.js and find.js (ES modules: MkDocs loads them with type="module").
 *
 * Record text is only ever set with textContent (through `element`'s props), never as HTML.
 */

/* The finder data of this language's site (assets/data/finder.json), read by both pages; the
   case finder reads assets/data/case-finder.json. */
export const DATA_URL = new URL("../data/finder.json", import.meta.url);
const dataURL = (file) => new URL(`../data/${file}.json`, import.meta.url);

/* This language's site root (the scripts live in its assets/javascripts/). */
const ROOT = new URL("../../", import.meta.url);

/* Make the links to this page in the other languages (the header's language menu and any other
 * `a[hreflang]` to the same page) carry this page's query and fragment, so that switching language
 * keeps the finder's filters and the comparison's choice (the ids are the same in every language).
 * Call it after each change of the address. */
export function carryState() {
  if (!location.pathname.startsWith(ROOT.pathname)) return;
  const page = location.pathname.slice(ROOT.pathname.length); // "find/" for .../en/find/
  for (const link of document.querySelectorAll("a[hreflang]")) {
    const target = new URL(link.getAttribute("href"), location.href);
    if (target.origin !== location.origin || !target.pathname.endsWith(`/${page}`)) continue;
    target.search = location.search;
    target.hash = location.hash;
    link.setAttribute("href", target.href);
  }
}

/* The record id a link points to: programs/ID/, programs/ID.html or programs/ID/index.html. */
export function idFromHref(href) {
  const path = new URL(href, location.href).pathname
    .replace(/index\.html$/, "").replace(/\.html$/, "").replace(/\/$/, "");
  return decodeURIComponent(path.slice(path.lastIndexOf("/") + 1));
}

/* A new element with properties (textContent, className, ...) and children. */
export function element(tag, props, children) {
  const node = Object.assign(document.createElement(tag), props || {});
  for (const child of children || []) node.append(child);
  return node;
}

/* An interface string with its {placeholders} filled in. */
export const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));

/* A node's text with its white space collapsed. */
export const flat = (node) => node.textContent.replace(/\s+/g, " ").trim();

/* The first element matching `selector` that follows the mount point in its article. */
export function followingElement(mount, selector) {
  const article = mount.closest("article") || document.body;
  return [...article.querySelectorAll(selector)]
    .find((node) => mount.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/* Load the finder data (or `file`.json) and hand it to `use`; a failure is logged under `name`, the page stays as built. */
export function withData(name, use, file = "finder") {
  const url = dataURL(file);
  fetch(url)
    .then((response) => {
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    })
    .then(use)
    .catch((error) => console.error(`${name}:`, error));
}
