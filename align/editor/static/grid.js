// The table of beads with virtual scrolling: only the rows on screen (and a few around) are in the document;
// two spacers stand for the others, at their measured height or, before a row was ever shown, an estimate.
// Every text goes in through textContent, never as markup.

const OVERSCAN = 6; // rows rendered beyond each edge of the screen

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Grid {
  // STATE: the page's state (beads, visible, langs, cursor); HERE(): the selected bead and sentence, or null.
  constructor(state, here, { scroller, rows, padTop, padBottom }) {
    Object.assign(this, { state, here, scroller, rows, padTop, padBottom });
    this.heights = new WeakMap(); // bead -> measured row height
    this.rowOf = new WeakMap(); // bead -> its row element, while the bead is unchanged
    this.offsets = new Float64Array(1);
    this.dirty = true;
    this.shown = false;
  }

  invalidate() {
    this.dirty = true;
  }

  forgetSizes() {
    this.state.beads.forEach((bead) => { this.heights.delete(bead); this.rowOf.delete(bead); });
    this.dirty = true;
  }

  layout() {
    const { beads, visible } = this.state;
    this.offsets = new Float64Array(visible.length + 1);
    for (let v = 0; v < visible.length; v += 1) this.offsets[v + 1] = this.offsets[v] + this.heightOf(beads[visible[v]]);
    this.dirty = false;
  }

  heightOf(bead) {
    return this.heights.get(bead) || this.estimate(bead);
  }

  estimate(bead) {
    const langs = this.state.langs;
    const perLine = Math.max((Math.max(this.scroller.clientWidth - 136, 200) / langs.length) / 7.6, 10);
    let tallest = 0;
    for (const lang of langs) {
      const wide = /^zh/.test(lang) ? 1.9 : 1; // a Chinese character is about two Latin letters wide
      let lines = 0;
      for (const s of bead.segments[lang]) lines += Math.max(1, Math.ceil((s.text.length * wide) / perLine)) + 0.35;
      tallest = Math.max(tallest, lines);
    }
    return Math.max(58, tallest * 20.3 + 14) + (bead.note ? 22 : 0);
  }

  indexAt(y) {
    let low = 0;
    let high = this.state.visible.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.offsets[middle] <= y) low = middle;
      else high = middle - 1;
    }
    return Math.max(low, 0);
  }

  render() {
    if (this.dirty) this.layout();
    const { beads, visible } = this.state;
    const n = visible.length;
    if (!n) {
      this.rows.replaceChildren(el("div", "seg empty", beads.length ? "No bead matches the filter." : "No beads."));
      this.padTop.style.height = "0px";
      this.padBottom.style.height = "0px";
      return;
    }
    const top = this.scroller.scrollTop;
    const anchor = this.indexAt(top);
    const anchorShift = top - this.offsets[anchor];
    const first = Math.max(0, anchor - OVERSCAN);
    const last = Math.min(n - 1, this.indexAt(top + this.scroller.clientHeight) + OVERSCAN);
    const rendered = [];
    for (let v = first; v <= last; v += 1) rendered.push(this.rowElement(v));
    const focused = this.rows.contains(document.activeElement) ? document.activeElement : null;
    this.rows.replaceChildren(...rendered);
    if (focused && focused.isConnected) focused.focus({ preventScroll: true }); // an open editing box stays open
    this.markCursor();
    let changed = false;
    rendered.forEach((row, i) => {
      const bead = beads[visible[first + i]];
      if (this.heights.get(bead) !== row.offsetHeight) {
        this.heights.set(bead, row.offsetHeight);
        changed = true;
      }
    });
    if (changed) {
      this.layout();
      // Rows above the anchor may have turned out taller or shorter than estimated: keep the anchor still.
      if (anchor > 0 || anchorShift > 0) this.scroller.scrollTop = this.offsets[anchor] + anchorShift;
    }
    this.padTop.style.height = `${this.offsets[first]}px`;
    this.padBottom.style.height = `${this.offsets[n] - this.offsets[last + 1]}px`;
    if (!this.shown) {
      this.shown = true;
      document.body.dataset.firstRowsMs = String(Math.round(performance.now()));
    }
  }

  rowElement(v) {
    const bead = this.state.beads[this.state.visible[v]];
    let row = this.rowOf.get(bead);
    if (!row) {
      row = this.buildRow(bead);
      this.rowOf.set(bead, row);
    }
    row.dataset.v = String(v);
    return row;
  }

  buildRow(bead) {
    const row = el("div", "row");
    row.dataset.label = bead.label;
    row.dataset.review = bead.review || "none";
    if (bead.status === "rejected") row.classList.add("rejected");
    if (bead.flags.length) row.classList.add("flagged");
    const gutter = el("div", "gutter");
    gutter.append(el("div", "label", bead.label));
    const score = el("span", "score", bead.score.toFixed(2));
    score.style.setProperty("--hue", String(Math.round(bead.score * 120))); // red 0 … green 1
    score.title = `confidence ${bead.score.toFixed(4)} · ${bead.kind}`;
    gutter.append(score);
    bead.flags.forEach((flag) => gutter.append(el("span", "flag", flag)));
    if (bead.review) gutter.append(el("span", `review review-${bead.review}`, bead.review));
    row.append(gutter);
    this.state.langs.forEach((lang, li) => {
      const cell = el("div", "cell");
      cell.lang = lang;
      cell.dataset.lang = String(li);
      const segs = bead.segments[lang];
      if (!segs.length) {
        const empty = el("span", "seg empty", "—");
        empty.dataset.seg = "0";
        cell.append(empty);
      }
      segs.forEach((segment, si) => {
        const span = el("span", "seg", segment.text);
        span.dataset.seg = String(si);
        span.title = segment.ids.length ? `${lang} sentence ${segment.ids.join(", ")}` : `${lang} text added in a spreadsheet`;
        cell.append(span);
      });
      row.append(cell);
    });
    if (bead.note) row.append(el("div", "note", bead.note));
    return row;
  }

  segmentElement(bead, langIndex, seg) {
    const row = this.rowOf.get(bead);
    return row && row.querySelector(`.cell[data-lang="${langIndex}"] .seg[data-seg="${seg}"]`);
  }

  markCursor() {
    this.rows.querySelectorAll(".row.current").forEach((r) => r.classList.remove("current"));
    this.rows.querySelectorAll(".seg.cursor").forEach((s) => s.classList.remove("cursor"));
    const here = this.here();
    const row = here && this.rowOf.get(here.bead);
    if (!row || !row.isConnected) return;
    row.classList.add("current");
    const seg = this.segmentElement(here.bead, this.state.cursor.lang, here.seg);
    if (seg) seg.classList.add("cursor");
  }

  // Scrolls the selected bead into view.
  reveal() {
    const { visible, cursor } = this.state;
    if (!visible.length) return;
    if (this.dirty) this.layout();
    const v = Math.min(cursor.v, visible.length - 1);
    const top = this.offsets[v];
    const bottom = this.offsets[v + 1];
    const scroller = this.scroller;
    if (top < scroller.scrollTop) scroller.scrollTop = Math.max(0, top - 8);
    else if (bottom > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = Math.min(top - 8, bottom - scroller.clientHeight + 8);
    else return;
    this.render();
  }
}
