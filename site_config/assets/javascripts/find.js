/* The programme finder (find.md) and the success-story finder (cases/find.md): facet filters
 * over the list the page already shows.
 *
 * Without JavaScript the page is a plain list of every record. Here we add the filters, built
 * from the data file the mount point names (data-finder: assets/data/finder.json or
 * case-finder.json, generated at build time from the same records), and hide the list items that
 * do not match. Within a facet the chosen options are alternatives (OR); across facets they all
 * apply (AND). Each option shows how many records it would leave, given the choices in the other
 * facets. The choice lives in the URL (?country=KR&support=mentoring,...), and the links to this
 * page in the other languages carry it (carryState).
 *
 * A bar with the count, a "Filters" button (with how many options are chosen) and "clear" stays
 * at the top of the window while the list scrolls (sticky). On a phone the facets fold into a
 * drawer under that bar, opened by the button (site.css decides the width; the script only says
 * whether the drawer is open).
 *
 * Speed: one bitset per option, built once; a click costs a few word operations per option
 * (1,000 programmes are 32 words). What costs is the browser restyling and laying out the list,
 * so at most PAGE matches are shown at a time ("show more" adds the next PAGE), and an item or a
 * checkbox is touched only when it changes. The URL is written just after the frame that shows
 * the new list: inside the click handler, history.pushState took several times as long as the
 * filtering (it made the browser restyle at once). Record text is only ever set with textContent.
 */
import { carryState, element, fill, followingElement, idFromHref, withData } from "./kb-common.js";

const PAGE = 50; // matches shown at once

// --- bitsets over programme indexes -------------------------------------------------------

const popcount = (x) => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

function countAnd(a, b) {
  let n = 0;
  for (let w = 0; w < a.length; w++) n += popcount(a[w] & b[w]);
  return n;
}

/* Run `task` once the next frame is on screen (a task queued from requestAnimationFrame runs after it). */
const afterNextFrame = (task) => requestAnimationFrame(() => setTimeout(task, 0));

// --- the finder ---------------------------------------------------------------------------

class Finder {
  constructor(mount, data, list) {
    this.data = data;
    this.records = data.programs || data.cases;
    this.text = data.text;
    this.total = this.records.length;
    this.words = Math.ceil(this.total / 32) || 1;
    this.all = this.bits();
    for (let i = 0; i < this.total; i++) this.all[i >>> 5] |= 1 << (i & 31);
    this.optionBits = data.facets.map((facet) => facet.options.map(() => this.bits()));
    this.records.forEach((record, i) => record.f.forEach((options, f) => {
      for (const o of options) this.optionBits[f][o][i >>> 5] |= 1 << (i & 31);
    }));
    this.chosen = data.facets.map(() => new Set());
    this.items = this.listItems(list);
    this.limit = PAGE;
    this.mount = mount;
    this.build(mount, list);
    this.readURL();
    this.render();
    carryState();
    window.addEventListener("popstate", () => { this.readURL(); this.limit = PAGE; this.render(); carryState(); });
    mount.hidden = false;
  }

  bits() { return new Uint32Array(this.words); }

  /* The page's list items in page order, each with its programme's index (unknown ones are left alone). */
  listItems(list) {
    const index = new Map(this.records.map((record, i) => [record.id, i]));
    const items = [];
    for (const li of list.children) {
      const link = li.querySelector("a[href]");
      const i = link ? index.get(idFromHref(link.getAttribute("href"))) : undefined;
      if (i !== undefined) items.push({ li, i });
    }
    return items;
  }

  build(mount, list) {
    const t = this.text;
    this.status = element("p", { className: "kb-find__status", tabIndex: -1 });
    this.status.setAttribute("role", "status");
    this.clear = element("button", { type: "button", className: "md-button kb-find__clear", textContent: t.js_clear });
    this.clear.addEventListener("click", () => this.clearAll(false));
    const filters = this.facetsPanel(mount);
    // The bar stands in the article itself (not in the mount point), so that it can stay in view
    // (sticky) all along the list; the count comes first, read out while one picks options.
    this.bar = element("div", { className: "kb-find__bar" }, [this.status, this.drawerButton(filters), this.clear]);
    mount.before(this.bar);
    mount.append(filters);
    // The empty state stands where the results would be, with its own way out.
    const again = element("button", { type: "button", className: "md-button md-button--primary", textContent: t.js_clear });
    again.addEventListener("click", () => this.clearAll(true));
    // Next steps when nothing matches: the filters whose removal finds something (filled in by render).
    this.nearest = element("ul", { className: "kb-find__nearest" });
    this.empty = element("div", { className: "kb-find__empty", hidden: true }, [
      element("p", { textContent: t.js_empty }), this.nearest, again,
    ]);
    this.more = element("button", { type: "button", className: "md-button kb-find__more", hidden: true });
    this.more.addEventListener("click", () => this.showMore());
    this.portals = this.portalsBox();
    this.list = list;
    list.after(this.more, this.empty, this.portals.box);
  }

  /* The official portals (site_config/portals.yaml) for calls this catalogue does not hold: shown for
     the places chosen, and all of them when nothing matches and no place is chosen. */
  portalsBox() {
    const t = this.text;
    const items = (this.data.portals || []).map((portal) => {
      const link = element("a", { href: portal.url, textContent: portal.name });
      const source = element("span", { className: "kb-meta", textContent: fill(t.js_portal_source || "", portal) });
      const li = element("li", {}, [link, " — ", portal.about, " ", source]);
      return { li, options: new Set(portal.o) };
    });
    const heading = element("p", { className: "kb-find__portals-title" });
    const box = element("div", { className: "kb-find__portals", hidden: true }, [
      heading, element("ul", {}, items.map((item) => item.li)),
    ]);
    return { box, heading, items };
  }

  /* The chosen options of the place facets (where it runs, markets, applicants), as option ids. */
  chosenPlaces() {
    const ids = new Set();
    this.data.facets.forEach((facet, f) => {
      if (!facet.places) return;
      for (const o of this.chosen[f]) ids.add(facet.options[o][0]);
    });
    return ids;
  }

  renderPortals(n) {
    const places = this.chosenPlaces();
    let shown = 0;
    for (const item of this.portals.items) {
      const wanted = places.size ? [...places].some((id) => item.options.has(id)) : n === 0;
      item.li.hidden = !wanted;
      shown += wanted ? 1 : 0;
    }
    this.portals.heading.textContent = places.size ? this.text.js_portals_for : this.text.js_portals_all;
    this.portals.box.hidden = shown === 0;
  }

  /* For an empty result: each chosen option whose removal finds something, best first (at most 3). */
  renderNearest(masks) {
    const found = [];
    this.chosen.forEach((set, f) => {
      for (const o of set) {
        const without = new Set(set);
        without.delete(o);
        const saved = this.chosen[f];
        this.chosen[f] = without;
        const n = countAnd(this.combined(masks.map((mask, g) => (g === f ? this.facetMask(f) : mask)), -1), this.all);
        this.chosen[f] = saved;
        if (n > 0) found.push({ f, o, n });
      }
    });
    found.sort((a, b) => b.n - a.n || a.f - b.f || a.o - b.o);
    this.nearest.replaceChildren(...found.slice(0, 3).map(({ f, o, n }) => {
      const label = this.data.facets[f].options[o][1];
      const button = element("button", {
        type: "button", className: "md-button", textContent: fill(this.text.js_without, { name: label, n }),
      });
      button.addEventListener("click", () => this.toggle(f, o, false));
      return element("li", {}, [button]);
    }));
  }

  /* The facets, a fieldset each, then (for phones) the drawer's "show N results". */
  facetsPanel(mount) {
    this.boxes = this.data.facets.map((facet, f) => facet.options.map(([id, label, depth], o) => {
      const input = element("input", { type: "checkbox", value: id });
      input.addEventListener("change", () => this.toggle(f, o, input.checked));
      const count = element("span", { className: "kb-option__count" });
      const name = element("span", { className: "kb-option__label", textContent: label });
      // The space is not drawn (flex layout) but keeps the accessible name "South Korea (4)".
      const box = element("label", { className: "kb-option" }, [input, name, " ", count]);
      if (depth) box.style.setProperty("--kb-depth", depth); // a place inside the one above it
      return { input, count, label: box };
    }));
    // A facet no record has a value in (nothing open at the build date, say) is there but hidden,
    // so facets keep their places in the data's order.
    const fieldsets = this.data.facets.map((facet, f) => element("fieldset", {
      className: facet.options.some((option) => option[2]) ? "kb-facet kb-facet--tree" : "kb-facet",
      hidden: facet.options.length === 0,
    }, [
      element("legend", { textContent: facet.label }),
      element("div", { className: "kb-facet__options" }, this.boxes[f].map((box) => box.label)),
    ]));
    this.done = element("button", { type: "button", className: "md-button md-button--primary kb-find__done" });
    this.done.addEventListener("click", () => this.closeDrawer());
    const filters = element("div", { className: "kb-find__facets", id: `${mount.id}-facets` }, [...fieldsets, this.done]);
    filters.setAttribute("role", "group");
    filters.setAttribute("aria-label", this.text.js_filters);
    return filters;
  }

  /* "Filters (n)": opens and folds the facets on a phone (site.css shows it below 45em only). */
  drawerButton(filters) {
    this.badge = element("span", { className: "kb-find__badge" });
    this.badge.setAttribute("aria-hidden", "true");
    this.chosenText = element("span", { className: "kb-visually-hidden" });
    this.toggleButton = element("button", { type: "button", className: "md-button kb-find__toggle" }, [
      element("span", { textContent: this.text.js_drawer }), " ", this.badge, this.chosenText,
    ]);
    this.toggleButton.setAttribute("aria-expanded", "false");
    this.toggleButton.setAttribute("aria-controls", filters.id);
    this.toggleButton.addEventListener("click", () => this.setDrawer(!this.mount.classList.contains("kb-find--open")));
    return this.toggleButton;
  }

  setDrawer(open) {
    this.mount.classList.toggle("kb-find--open", open);
    this.toggleButton.setAttribute("aria-expanded", String(open));
  }

  /* "Show N results": fold the drawer and go to the list, with the count still in view. */
  closeDrawer() {
    this.setDrawer(false);
    this.toggleButton.focus({ preventScroll: true });
    // The list's heading just under the bar, which sticks below the header once scrolled.
    const heading = this.list.previousElementSibling || this.list;
    const covered = (parseFloat(getComputedStyle(this.bar).top) || 0) + this.bar.offsetHeight;
    window.scrollTo({ top: heading.getBoundingClientRect().top + window.scrollY - covered });
  }

  showMore() {
    const before = this.limit;
    this.limit += PAGE;
    this.render();
    // Focus goes to the first item just shown, where the keyboard user's reading goes on.
    const next = this.items.filter(({ li }) => !li.hidden)[before];
    if (next) next.li.querySelector("a").focus();
  }

  toggle(f, o, on) {
    if (on) this.chosen[f].add(o); else this.chosen[f].delete(o);
    this.limit = PAGE;
    this.render();
    afterNextFrame(() => this.writeURL());
  }

  clearAll(moveFocus) {
    this.chosen.forEach((set) => set.clear());
    this.limit = PAGE;
    this.render();
    afterNextFrame(() => this.writeURL());
    if (moveFocus) this.status.focus(); // the button that had focus is gone with the empty state
  }

  /* OR of the chosen options of facet f, or null when nothing is chosen there (no constraint). */
  facetMask(f) {
    if (this.chosen[f].size === 0) return null;
    const mask = this.bits();
    for (const o of this.chosen[f]) {
      const option = this.optionBits[f][o];
      for (let w = 0; w < this.words; w++) mask[w] |= option[w];
    }
    return mask;
  }

  /* AND of every facet's mask but `skip`'s (-1: all of them). */
  combined(masks, skip) {
    const result = this.all.slice();
    masks.forEach((mask, f) => {
      if (mask && f !== skip) for (let w = 0; w < this.words; w++) result[w] &= mask[w];
    });
    return result;
  }

  render() {
    const masks = this.data.facets.map((_, f) => this.facetMask(f));
    this.boxes.forEach((boxes, f) => {
      const others = this.combined(masks, f);
      boxes.forEach((box, o) => {
        const n = countAnd(others, this.optionBits[f][o]);
        const on = this.chosen[f].has(o);
        if (box.input.checked !== on) box.input.checked = on;
        // An option that would leave nothing cannot be chosen (but a chosen one can be undone).
        const off = n === 0 && !on;
        if (box.input.disabled !== off) box.input.disabled = off;
        box.label.classList.toggle("kb-option--on", on);
        box.label.classList.toggle("kb-option--none", n === 0);
        const text = `(${n})`;
        if (box.count.textContent !== text) box.count.textContent = text;
      });
    });
    const matches = this.combined(masks, -1);
    let listed = 0; // matching items so far, in page order
    for (const { li, i } of this.items) {
      const match = (matches[i >>> 5] >>> (i & 31)) & 1;
      listed += match;
      const visible = match === 1 && listed <= this.limit;
      if (li.hidden === visible) li.hidden = !visible;
    }
    const n = countAnd(matches, this.all);
    this.status.textContent = fill(this.text.js_shown, { n, total: this.total });
    const chosen = this.chosen.reduce((sum, set) => sum + set.size, 0);
    this.badge.textContent = chosen ? String(chosen) : "";
    this.badge.hidden = chosen === 0;
    this.chosenText.textContent = chosen ? ` (${fill(this.text.js_drawer_count, { n: chosen })})` : "";
    this.done.textContent = fill(this.text.js_drawer_done, { n });
    const rest = listed - this.limit;
    this.more.hidden = rest <= 0;
    if (rest > 0) this.more.textContent = fill(this.text.js_more, { n: Math.min(PAGE, rest), rest });
    this.empty.hidden = n > 0;
    if (n === 0) this.renderNearest(masks);
    this.renderPortals(n);
    this.clear.disabled = this.chosen.every((set) => set.size === 0);
  }

  readURL() {
    const params = new URLSearchParams(location.search);
    this.data.facets.forEach((facet, f) => {
      const wanted = (params.get(facet.key) || "").split(",");
      this.chosen[f] = new Set(facet.options.map(([id], o) => (wanted.includes(id) ? o : -1)).filter((o) => o >= 0));
    });
  }

  writeURL() {
    const parts = [];
    this.data.facets.forEach((facet, f) => {
      const ids = facet.options.filter((_, o) => this.chosen[f].has(o)).map(([id]) => encodeURIComponent(id));
      if (ids.length) parts.push(`${facet.key}=${ids.join(",")}`);
    });
    const search = parts.length ? `?${parts.join("&")}` : "";
    if (search !== location.search) history.pushState(null, "", location.pathname + search + location.hash);
    carryState();
  }
}

function start() {
  const mount = document.getElementById("kb-find");
  if (!mount) return;
  // The page's list of programmes is the first list after the mount point.
  const list = followingElement(mount, "ul");
  if (!list) return;
  const file = mount.dataset.finder || "finder";
  withData(file, (data) => new Finder(mount, data, list), file);
}

start(); // a module runs once the page is parsed
