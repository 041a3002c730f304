/* Helpers shared by compare.js and find.js (ES modules: MkDocs loads them with type="module").
 *
 * Record text is only ever set with textContent (through `element`'s props), never as HTML.
 */

/* The finder data of this language's site (assets/data/finder.json), read by both pages. */
export const DATA_URL = new URL("../data/finder.json", import.meta.url);

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

/* Load the finder data and hand it to `use`; a failure is logged under `name`, the page stays as built. */
export function withData(name, use) {
  fetch(DATA_URL)
    .then((response) => {
      if (!response.ok) throw new Error(`${DATA_URL}: HTTP ${response.status}`);
      return response.json();
    })
    .then(use)
    .catch((error) => console.error(`${name}:`, error));
}
