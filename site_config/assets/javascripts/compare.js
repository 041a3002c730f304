/* The comparison (compare.md): pick 2 to 4 programmes and see them side by side.
 *
 * Without JavaScript the page is one table, a row per programme and a column per dimension. Here
 * we add a picker (checkboxes, from assets/data/finder.json) and a second table with the chosen
 * programmes as columns and the dimensions as rows, its cells cloned from the first table, so
 * the page carries every value once and this script never parses record text. Rows whose
 * values differ on an SME's question are marked with a visible "differs" label (read out with the
 * row's name) as well as a colour. A cell's key (`data-cmp`, written by the template from ids and
 * figures) is what counts, so wording and citations make no difference; rows of prose carry no key
 * and are never marked. A part of a cell that carries `data-same` (a value the sources do not give,
 * however it is worded) counts as that normalised value: "not stated" against "not known" is no
 * difference.
 *
 * The choice lives in the URL (?p=id1,id2: shareable, reload keeps it, back and forward walk
 * through it; the links to this page in the other languages carry it) and in localStorage, so
 * that a programme page's "add to comparison" link (?add=ID) adds to what the visitor had chosen
 * before.
 *
 * Once two or more are chosen, the full table folds away behind a button (it stays in the page,
 * and without JavaScript it is all there is), and printing gives only the side-by-side table
 * (site.css: @media print).
 */
import { carryState, element, fill, flat, followingElement, idFromHref, withData } from "./kb-common.js";

/* What a cell says, for telling rows that differ: its key (the ids and figures behind the question,
   written by the template as [data-cmp]) where it has one; else its text, with each [data-same] part
   as its normalised value. */
function cellValue(cell) {
  const key = cell.querySelector("[data-cmp]");
  if (key) return key.dataset.cmp;
  if (!cell.querySelector("[data-same]")) return flat(cell);
  const copy = cell.cloneNode(true);
  for (const part of copy.querySelectorAll("[data-same]")) part.replaceWith(`\u0000${part.dataset.same}\u0000`);
  return flat(copy);
}

const MIN = 2;
const MAX = 4;
const STORE = "kb-compare"; // shared by both languages: the ids are the same

function stored() {
  try {
    return (localStorage.getItem(STORE) || "").split(",").filter(Boolean);
  } catch (error) {
    return []; // storage may be switched off; the URL still works
  }
}

function store(ids) {
  try {
    localStorage.setItem(STORE, ids.join(","));
  } catch (error) { /* as above */ }
}

// --- the comparison -----------------------------------------------------------------------

class Comparison {
  constructor(mount, data, table) {
    this.text = data.text;
    this.mount = mount;
    this.rows = new Map(); // programme id -> its row in the full table
    for (const tr of table.tBodies[0].rows) {
      const link = tr.cells[0].querySelector("a[href]");
      if (link) this.rows.set(idFromHref(link.getAttribute("href")), tr);
    }
    this.programs = data.programs.filter((program) => this.rows.has(program.id));
    this.names = new Map(this.programs.map((program) => [program.id, program.short]));
    this.dimensions = [...table.tHead.rows[0].cells].slice(1).map(flat);
    this.build(mount);
    this.foldable(table);
    this.start();
    window.addEventListener("popstate", () => { this.show(this.fromURL() || [], ""); carryState(); });
    mount.hidden = false;
  }

  known(ids) {
    return [...new Set(ids)].filter((id) => this.rows.has(id)).slice(0, MAX);
  }

  fromURL() {
    const p = new URLSearchParams(location.search).get("p");
    return p === null ? null : this.known(p.split(","));
  }

  /* First view: the URL's choice, else the remembered one; ?add=ID joins it (the oldest goes past four). */
  start() {
    const params = new URLSearchParams(location.search);
    let ids = this.fromURL() || this.known(stored());
    let note = "";
    const add = params.get("add");
    if (add && this.rows.has(add) && !ids.includes(add)) {
      ids = [...ids, add];
      if (ids.length > MAX) {
        const dropped = ids.shift();
        note = fill(this.text.js_dropped, { names: this.names.get(dropped) });
      }
    }
    if (params.has("add") || params.get("p") !== this.param(ids)) history.replaceState(null, "", this.url(ids));
    this.show(ids, note);
    carryState();
  }

  param(ids) {
    return ids.length ? ids.map(encodeURIComponent).join(",") : null;
  }

  url(ids) {
    const p = this.param(ids);
    return location.pathname + (p ? `?p=${p}` : "") + location.hash;
  }

  /* A change made here: a new history entry, then the view. */
  choose(ids, note) {
    history.pushState(null, "", this.url(ids));
    this.show(ids, note);
    carryState();
  }

  /* The full table and its heading, which fold away behind a button once two are chosen. */
  foldable(table) {
    const heading = followingElement(this.mount, "h2");
    const wrap = table.closest(".md-typeset__scrollwrap") || table;
    this.full = [heading, wrap].filter(Boolean);
    for (const part of this.full) part.classList.add("kb-compare__all");
    this.unfold = element("button", { type: "button", className: "md-button kb-compare__unfold" });
    this.unfold.setAttribute("aria-expanded", "false");
    this.unfold.addEventListener("click", () => this.fold(this.unfold.getAttribute("aria-expanded") === "true"));
    this.full[0].before(this.unfold);
  }

  fold(folded) {
    for (const part of this.full) part.hidden = folded;
    this.unfold.setAttribute("aria-expanded", String(!folded));
    this.unfold.textContent = folded ? this.text.js_all_show : this.text.js_all_hide;
  }

  build(mount) {
    const t = this.text;
    this.boxes = new Map();
    const options = this.programs.map((program) => {
      const input = element("input", { type: "checkbox", value: program.id });
      input.addEventListener("change", () => this.toggle(program.id, input.checked));
      const label = element("label", { className: "kb-option" }, [input, element("span", { textContent: program.short })]);
      label.dataset.search = `${program.short} ${program.name}`.toLowerCase();
      this.boxes.set(program.id, { input, label });
      return label;
    });
    const parts = [element("legend", { textContent: t.js_pick })];
    if (this.programs.length > 12) parts.push(this.narrowing()); // a long list needs a way to find one
    this.status = element("p", { className: "kb-pick__status" });
    this.status.setAttribute("role", "status");
    parts.push(element("div", { className: "kb-pick__list" }, options), this.status);
    this.hint = element("p", { className: "kb-compare__hint", textContent: t.js_need_two });
    this.onlyDiff = element("input", { type: "checkbox" });
    this.onlyDiff.addEventListener("change", () => this.result.classList.toggle("kb-only-diff", this.onlyDiff.checked));
    // The table's name stands above its scroll box (a caption would be as wide as the table).
    this.title = element("p", { className: "kb-compare__title", id: "kb-compare-title" });
    this.scroller = element("div", { className: "kb-compare__scroll", tabIndex: 0 });
    this.scroller.setAttribute("role", "region"); // focusable, so a keyboard can scroll it sideways
    this.scroller.setAttribute("aria-labelledby", this.title.id);
    const print = element("button", { type: "button", className: "md-button kb-compare__print", textContent: t.js_print });
    print.addEventListener("click", () => window.print());
    this.result = element("div", { className: "kb-compare__result" }, [
      element("div", { className: "kb-compare__tools" }, [
        element("label", { className: "kb-compare__only" }, [this.onlyDiff, element("span", { textContent: t.js_only_diff })]),
        print,
      ]),
      this.title, this.scroller, this.printed = element("p", { className: "kb-compare__printed" }),
    ]);
    mount.append(element("fieldset", { className: "kb-pick" }, parts), this.hint, this.result);
  }

  narrowing() {
    const input = element("input", { type: "search", id: "kb-pick-narrow", className: "kb-pick__narrow" });
    input.addEventListener("input", () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      for (const { input: box, label } of this.boxes.values()) {
        label.hidden = !box.checked && !words.every((word) => label.dataset.search.includes(word));
      }
    });
    return element("p", { className: "kb-pick__find" }, [
      element("label", { htmlFor: "kb-pick-narrow", textContent: this.text.js_narrow }), input,
    ]);
  }

  toggle(id, on) {
    const ids = this.ids.filter((other) => other !== id);
    if (on && ids.length < MAX) ids.push(id);
    this.choose(ids, "");
  }

  show(ids, note) {
    this.ids = ids;
    store(ids);
    const full = ids.length >= MAX;
    for (const [id, { input, label }] of this.boxes) {
      input.checked = ids.includes(id);
      input.disabled = full && !input.checked; // a fifth cannot be chosen; the status says why
      label.classList.toggle("kb-option--on", input.checked);
    }
    const chosen = fill(this.text.js_chosen, { n: ids.length });
    this.status.textContent = [note, full ? this.text.js_full : chosen].filter(Boolean).join(" ");
    this.hint.hidden = ids.length >= MIN;
    this.result.hidden = ids.length < MIN;
    const enough = ids.length >= MIN;
    this.mount.classList.toggle("kb-compare--chosen", enough); // print only the chosen ones
    this.unfold.hidden = !enough;
    if (enough !== this.wasEnough) this.fold(enough); // fold once two are chosen; unfold below two
    this.wasEnough = enough;
    this.scroller.replaceChildren(...(ids.length >= MIN ? [this.sideBySide(ids)] : []));
    // On paper: where it came from (the address keeps the choice) and the date it is true for.
    this.printed.textContent = fill(this.mount.dataset.printed || "", { url: location.href });
  }

  sideBySide(ids) {
    const t = this.text;
    this.title.textContent = fill(t.js_caption, { names: ids.map((id) => this.names.get(id)).join(", ") });
    const head = element("tr", {}, [element("th", { scope: "col", textContent: t.js_dimension })]);
    for (const id of ids) head.append(this.columnHead(id));
    const body = this.dimensions.map((dimension, d) => {
      const cells = ids.map((id) => this.rows.get(id).cells[d + 1].cloneNode(true));
      const name = element("th", { scope: "row" }, [element("span", { textContent: dimension })]);
      if (!cells.some((cell) => cell.querySelector("[data-cmp]"))) {
        return element("tr", { className: "kb-prose" }, [name, ...cells]); // prose: compared by reading
      }
      const differs = new Set(cells.map(cellValue)).size > 1;
      // Said in words as well as in colour; "same" only for screen readers, to keep the table calm.
      name.append(" ", element("span", {
        className: differs ? "kb-badge" : "kb-visually-hidden", textContent: differs ? t.js_differs : t.js_same,
      }));
      return element("tr", { className: differs ? "kb-differs" : "kb-same" }, [name, ...cells]);
    });
    const table = element("table", { className: "kb-compare__table" }, [
      element("thead", {}, [head]), element("tbody", {}, body),
    ]);
    table.setAttribute("aria-labelledby", this.title.id);
    table.style.setProperty("--kb-columns", ids.length); // equal programme columns (site.css)
    return table;
  }

  columnHead(id) {
    const th = element("th", { scope: "col" });
    th.append(...[...this.rows.get(id).cells[0].childNodes].map((node) => node.cloneNode(true)));
    const remove = element("button", {
      type: "button", className: "kb-compare__remove", textContent: "×",
      title: fill(this.text.js_remove, { names: this.names.get(id) }),
    });
    remove.setAttribute("aria-label", remove.title);
    remove.addEventListener("click", () => {
      this.choose(this.ids.filter((other) => other !== id), "");
      this.boxes.get(id).input.focus(); // the button is gone; its programme's checkbox is where it was chosen
    });
    th.append(" ", remove);
    return th;
  }
}

function start() {
  const mount = document.getElementById("kb-compare");
  if (!mount) return;
  // The full comparison table is the first table after the mount point.
  const table = followingElement(mount, "table");
  if (!table || !table.tHead || !table.tBodies.length) return;
  withData("comparison", (data) => new Comparison(mount, data, table));
}

start(); // a module runs once the page is parsed
