// The review editor's page: shows a set's beads (grid.js), sends each action to the server, applies the
// patch it returns. Every text from the data goes into the page through textContent or a form value, never
// as markup.
import { Grid, el } from "./grid.js";

(() => {
  const $ = (id) => document.getElementById(id);
  const token = document.querySelector('meta[name="align-token"]').content;
  const setName = document.querySelector('meta[name="align-set"]').content;
  const FILTERS = ["all", "flagged", "unreviewed", "edited"];

  const state = {
    langs: [],
    languageNames: {}, // tag → its name in English ("German"), from the server's language table
    beads: [],
    visible: [], // indices into beads that the filter and search let through
    sticky: new Set(), // beads an action just produced: they stay in view until the filter changes
    version: "",
    counts: {},
    undo: null,
    redo: null,
    cursor: { v: 0, lang: 0, seg: 0 },
    locked: false,
    queue: Promise.resolve(),
    editing: null,
  };
  const grid = $("grid");
  const rows = new Grid(state, () => current(), { scroller: grid, rows: $("rows"), padTop: $("pad-top"), padBottom: $("pad-bottom") });

  const languageName = (lang) => state.languageNames[lang] || lang;

  function message(text, error = false) {
    const box = $("message");
    box.textContent = text || "";
    box.classList.toggle("error", error);
  }

  // --- talking to the server ---------------------------------------------------------

  async function api(path, body) {
    const init = { credentials: "same-origin", headers: {} };
    if (body !== undefined) {
      init.method = "POST";
      init.headers = { "Content-Type": "application/json", "X-Align-Token": token };
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    let data = {};
    try {
      data = await response.json();
    } catch (ignored) {
      data = { message: response.statusText };
    }
    if (!response.ok) {
      const error = new Error(data.message || `${response.status} ${response.statusText}`);
      error.conflict = Boolean(data.conflict);
      throw error;
    }
    return data;
  }

  const setApi = (suffix) => `/api/sets/${encodeURIComponent(setName)}${suffix}`;

  // Requests go one at a time; BUILD makes the request when its turn comes, from the cursor then.
  function send(suffix, build, placeCursor) {
    state.queue = state.queue.then(async () => {
      if (state.locked) return;
      const body = build();
      if (!body) return;
      pending(1);
      try {
        applyReply(await api(setApi(suffix), { ...body, version: state.version }), placeCursor);
      } catch (error) {
        if (error.conflict) lock(error.message);
        else message(error.message, true);
      } finally {
        pending(-1);
        document.body.dataset.replies = String(Number(document.body.dataset.replies) + 1);
      }
    });
    return state.queue;
  }

  function pending(delta) {
    document.body.dataset.pending = String(Number(document.body.dataset.pending) + delta);
  }

  function lock(text) {
    state.locked = true;
    $("conflict-text").textContent = text;
    $("conflict").hidden = false;
    document.querySelectorAll("#toolbar button, #undo, #redo, #tmx").forEach((b) => { b.disabled = true; });
  }

  function applyReply(data, placeCursor) {
    state.version = data.version;
    state.counts = data.counts;
    state.undo = data.undo;
    state.redo = data.redo;
    if (data.patch) {
      const { start, remove, insert } = data.patch;
      state.beads.splice(start, remove, ...insert);
      insert.forEach((bead) => state.sticky.add(bead));
      relabel();
      refilter();
      const place = placeCursor ? placeCursor(start, insert.length) : { bead: start };
      moveToBead(place.bead, place.lang, place.seg);
    }
    message(data.label || "No change");
    showCounts();
    rows.render();
    rows.reveal();
  }

  // --- the model on the page -----------------------------------------------------------

  function relabel() {
    let lastRow = 0;
    let pieces = 0;
    for (const bead of state.beads) {
      if (bead.rows.length) {
        lastRow = bead.rows[bead.rows.length - 1];
        pieces = 0;
        const first = bead.rows[0];
        bead.label = bead.rows.length === 1 ? String(first) : bead.rows.length === 2 ? `${first}+${bead.rows[1]}` : `${first}…${lastRow}`;
      } else {
        pieces += 1;
        bead.label = `${lastRow}.${pieces}`;
      }
    }
  }

  function matches(bead, filter, query) {
    if (filter === "flagged" && !bead.flags.length) return false;
    if (filter === "unreviewed" && bead.review) return false;
    if (filter === "edited" && bead.status !== "edited") return false;
    if (!query) return true;
    if (bead.label === query || bead.note.toLowerCase().includes(query)) return true;
    return state.langs.some((lang) => bead.segments[lang].some((s) => s.text.toLowerCase().includes(query)));
  }

  function refilter() {
    const filter = $("filter").value;
    const query = $("search").value.trim().toLowerCase();
    const current = currentBead();
    state.visible = [];
    state.beads.forEach((bead, index) => {
      if (state.sticky.has(bead) || matches(bead, filter, query)) state.visible.push(index);
    });
    rows.invalidate();
    if (current) moveToBead(state.beads.indexOf(current));
  }

  function resetFilter() {
    state.sticky.clear();
    refilter();
    showCounts();
    rows.render();
    rows.reveal();
  }

  function showCounts() {
    const c = state.counts;
    let text = `${c.beads} beads · ${c.flagged} flagged · ${c.reviewed} reviewed`;
    if (state.visible.length !== state.beads.length) text += ` · showing ${state.visible.length}`;
    $("counts").textContent = text;
    $("undo").disabled = state.locked || !state.undo;
    $("redo").disabled = state.locked || !state.redo;
    $("undo").title = state.undo ? `Undo: ${state.undo} (z)` : "Nothing to undo";
    $("redo").title = state.redo ? `Redo: ${state.redo} (y)` : "Nothing to redo";
  }

  // --- the cursor ------------------------------------------------------------------------

  function currentIndex() {
    return state.visible.length ? state.visible[Math.min(state.cursor.v, state.visible.length - 1)] : -1;
  }

  function currentBead() {
    const index = currentIndex();
    return index >= 0 ? state.beads[index] : null;
  }

  function current() {
    const bead = currentBead();
    if (!bead) return null;
    const lang = state.langs[state.cursor.lang];
    const segs = bead.segments[lang];
    return { index: currentIndex(), bead, lang, seg: Math.min(state.cursor.seg, Math.max(segs.length - 1, 0)), count: segs.length };
  }

  // The visible bead nearest to INDEX (a bead of the full list), in LANG at SEG when given.
  function moveToBead(index, lang, seg) {
    let v = state.visible.findIndex((i) => i >= index);
    if (v < 0) v = state.visible.length - 1;
    state.cursor.v = Math.max(v, 0);
    if (lang !== undefined) state.cursor.lang = state.langs.indexOf(lang);
    if (seg !== undefined) state.cursor.seg = seg;
    remember();
  }

  function moveBy(delta) {
    if (!state.visible.length) return;
    state.cursor.v = Math.max(0, Math.min(state.visible.length - 1, state.cursor.v + delta));
    const here = current();
    state.cursor.seg = here.seg;
    afterMove();
  }

  // Sentence by sentence through the bead: the first edition's sentences, then the next edition's.
  function stepSentence(delta) {
    const here = current();
    if (!here) return;
    const stops = [];
    state.langs.forEach((lang, li) => {
      const count = Math.max(here.bead.segments[lang].length, 1);
      for (let s = 0; s < count; s += 1) stops.push([li, s]);
    });
    const at = stops.findIndex(([li, s]) => li === state.cursor.lang && s === here.seg);
    const next = stops[Math.max(0, Math.min(stops.length - 1, at + delta))];
    [state.cursor.lang, state.cursor.seg] = next;
    afterMove();
  }

  function nextFlagged(delta) {
    for (let v = state.cursor.v + delta; v >= 0 && v < state.visible.length; v += delta) {
      if (state.beads[state.visible[v]].flags.length) {
        state.cursor.v = v;
        afterMove();
        return;
      }
    }
    message(delta > 0 ? "No flagged bead below" : "No flagged bead above");
  }

  function afterMove() {
    remember();
    rows.render();
    rows.reveal();
  }

  function remember() {
    const bead = currentBead();
    try {
      sessionStorage.setItem(`align-review:${setName}`, JSON.stringify({
        bead: bead ? state.beads.indexOf(bead) : 0, lang: state.cursor.lang, seg: state.cursor.seg, top: grid.scrollTop,
      }));
    } catch (ignored) { /* private mode: the cursor is simply not kept */ }
  }

  function recall() {
    try {
      return JSON.parse(sessionStorage.getItem(`align-review:${setName}`) || "null");
    } catch (ignored) {
      return null;
    }
  }

  // --- actions ---------------------------------------------------------------------------------

  function act(action, placeCursor) {
    return send("/action", () => {
      const here = current();
      if (!here) return null;
      const body = action(here);
      return body ? { action: body } : null;
    }, placeCursor);
  }

  const ACTIONS = {
    "merge-next": () => act((h) => ({ type: "merge", bead: h.index, direction: "next" })),
    "merge-previous": () => act((h) => ({ type: "merge", bead: h.index, direction: "previous" })),
    split: () => {
      const here = current();
      act((h) => ({ type: "split", bead: h.index, lang: h.lang, at: h.seg }), (start) => ({ bead: start + 1, lang: here.lang, seg: 0 }));
    },
    "shift-up": () => {
      const here = current();
      act((h) => ({ type: "shift", bead: h.index, lang: h.lang, at: h.seg, direction: "up" }), (start) => {
        const bead = state.beads[start];
        return { bead: start, lang: here.lang, seg: Math.max(bead.segments[here.lang].length - 1, 0) };
      });
    },
    "shift-down": () => {
      const here = current();
      act((h) => ({ type: "shift", bead: h.index, lang: h.lang, at: h.seg, direction: "down" }), (start, count) => ({
        bead: count === 2 ? start + 1 : start, lang: here.lang, seg: 0,
      }));
    },
    ok: () => act((h) => ({ type: "status", bead: h.index, status: h.bead.status === "ok" ? "" : "ok" }), keepCursor()),
    reject: () => act((h) => ({ type: "status", bead: h.index, status: h.bead.status === "rejected" ? "" : "rejected" }), keepCursor()),
    edit: () => startEditing("edit"),
    note: () => startEditing("note"),
    undo: () => send("/undo", () => (state.undo ? {} : null)),
    redo: () => send("/redo", () => (state.redo ? {} : null)),
    tmx: () => send("/tmx", () => ({}), null).then(() => {}),
  };

  function keepCursor() {
    const { lang, seg } = current() || {};
    return (start) => ({ bead: start, lang, seg });
  }

  function startEditing(kind) {
    if (state.editing) {
      if (state.editing.kind === kind) finishEditing(true); // the button reads Save while editing
      return;
    }
    if (state.locked) return;
    const here = current();
    if (!here) return;
    if (kind === "edit" && !here.count) {
      message(`This bead has no ${languageName(here.lang)} sentence to edit`, true);
      return;
    }
    rows.reveal();
    rows.render();
    const row = rows.rowOf.get(here.bead);
    const box = el("textarea", kind === "edit" ? "editbox" : "notebox");
    if (kind === "edit") {
      const seg = rows.segmentElement(here.bead, state.cursor.lang, here.seg);
      box.value = here.bead.segments[here.lang][here.seg].text;
      box.setAttribute("aria-label", `Edit the ${here.lang} sentence`);
      seg.replaceWith(box);
    } else {
      box.value = here.bead.note;
      box.placeholder = "Note for the TMX (Enter saves, Esc cancels)";
      box.setAttribute("aria-label", "Note");
      const note = row.querySelector(".note");
      if (note) note.replaceWith(box);
      else row.append(box);
    }
    box.rows = Math.min(8, Math.max(2, Math.ceil(box.value.length / 60)));
    state.editing = { kind, box, bead: here.bead, lang: here.lang, seg: here.seg };
    toolbarButton(kind).textContent = "Save";
    box.addEventListener("keydown", (event) => {
      event.stopPropagation();
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        finishEditing(true);
      } else if (event.key === "Escape") {
        event.preventDefault();
        finishEditing(false);
      }
    });
    // Moving rows in the page (scrolling) blurs the box for a moment; only a real blur ends the edit.
    box.addEventListener("blur", () => setTimeout(() => {
      if (state.editing && state.editing.box === box && document.activeElement !== box) finishEditing(true);
    }, 0));
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  function toolbarButton(kind) {
    return document.querySelector(`#toolbar button[data-act="${kind}"]`);
  }

  function finishEditing(save) {
    const editing = state.editing;
    if (!editing) return;
    state.editing = null;
    toolbarButton(editing.kind).textContent = editing.kind === "edit" ? "Edit" : "Note";
    rows.rowOf.delete(editing.bead); // rebuilt from the data, with or without the change
    const index = state.beads.indexOf(editing.bead);
    if (save && index >= 0) {
      const text = editing.box.value;
      const action = editing.kind === "edit"
        ? { type: "edit", bead: index, lang: editing.lang, at: editing.seg, text }
        : { type: "note", bead: index, text };
      send("/action", () => ({ action: { ...action, bead: state.beads.indexOf(editing.bead) } }), (start) => ({ bead: start, lang: editing.lang, seg: editing.seg }));
    }
    rows.render();
    grid.focus({ preventScroll: true });
  }

  // --- keys and clicks -----------------------------------------------------------------------

  const KEYS = {
    ArrowDown: () => moveBy(1), j: () => moveBy(1), ArrowUp: () => moveBy(-1), k: () => moveBy(-1),
    ArrowRight: () => stepSentence(1), ArrowLeft: () => stepSentence(-1),
    PageDown: () => moveBy(Math.max(1, Math.floor(grid.clientHeight / 70))),
    PageUp: () => moveBy(-Math.max(1, Math.floor(grid.clientHeight / 70))),
    Home: () => moveBy(-Infinity), End: () => moveBy(Infinity),
    f: () => nextFlagged(1), F: () => nextFlagged(-1),
    m: ACTIONS["merge-next"], M: ACTIONS["merge-previous"],
    s: ACTIONS.split, "]": ACTIONS["shift-down"], "[": ACTIONS["shift-up"],
    e: ACTIONS.edit, Enter: ACTIONS.edit, F2: ACTIONS.edit,
    o: ACTIONS.ok, x: ACTIONS.reject, n: ACTIONS.note,
    z: ACTIONS.undo, y: ACTIONS.redo, Z: ACTIONS.redo, t: ACTIONS.tmx,
    v: () => {
      const filter = $("filter");
      filter.value = FILTERS[(FILTERS.indexOf(filter.value) + 1) % FILTERS.length];
      resetFilter();
    },
    "/": () => $("search").focus(),
    "?": () => toggleHelp(true),
  };

  function onKey(event) {
    if (state.editing) return;
    const help = !$("help").hidden;
    if (event.key === "Escape") {
      if (help) toggleHelp(false);
      return;
    }
    if (help) return;
    const target = event.target;
    if (target.matches && target.matches("input, select, textarea")) return;
    let key = event.key;
    if (event.altKey && key === "ArrowUp") key = "[";
    else if (event.altKey && key === "ArrowDown") key = "]";
    else if ((event.ctrlKey || event.metaKey) && key.toLowerCase() === "z") key = event.shiftKey ? "y" : "z";
    else if ((event.ctrlKey || event.metaKey) && key === "y") key = "y";
    else if (event.ctrlKey || event.metaKey || event.altKey) return;
    const handler = KEYS[key];
    if (!handler) return;
    event.preventDefault();
    if (state.locked && !/^(Arrow|Page|Home|End|[jkfF?/])/.test(key)) return;
    handler();
  }

  function onClick(event) {
    const seg = event.target.closest(".seg");
    const row = event.target.closest(".row");
    if (!row || state.editing) return;
    state.cursor.v = Number(row.dataset.v);
    if (seg) {
      state.cursor.lang = Number(seg.closest(".cell").dataset.lang);
      state.cursor.seg = Number(seg.dataset.seg);
    }
    afterMove();
    grid.focus({ preventScroll: true });
  }

  function toggleHelp(show) {
    $("help").hidden = !show;
    if (show) $("help-close").focus();
    else grid.focus({ preventScroll: true });
  }

  function wire() {
    document.addEventListener("keydown", onKey);
    grid.addEventListener("click", onClick);
    grid.addEventListener("dblclick", (event) => {
      if (event.target.closest(".seg")) ACTIONS.edit();
    });
    let frame = 0;
    grid.addEventListener("scroll", () => {
      if (!frame) frame = requestAnimationFrame(() => { frame = 0; rows.render(); });
    });
    let width = grid.clientWidth;
    new ResizeObserver(() => {
      if (grid.clientWidth === width) return rows.render();
      width = grid.clientWidth;
      rows.forgetSizes();
      rows.render();
    }).observe(grid);
    document.querySelectorAll("#toolbar button[data-act]").forEach((button) => {
      button.addEventListener("mousedown", (event) => event.preventDefault()); // keep the editing box and the grid focused
      button.addEventListener("click", () => {
        const act = button.dataset.act;
        if (state.editing && state.editing.kind !== act) finishEditing(true); // saved first, then the action
        if (!state.locked) ACTIONS[act]();
      });
    });
    $("undo").addEventListener("click", ACTIONS.undo);
    $("redo").addEventListener("click", ACTIONS.redo);
    $("tmx").addEventListener("click", ACTIONS.tmx);
    $("help-button").addEventListener("click", () => toggleHelp(true));
    $("help-close").addEventListener("click", () => toggleHelp(false));
    $("reload").addEventListener("click", () => window.location.reload());
    $("filter").addEventListener("change", () => { resetFilter(); grid.focus({ preventScroll: true }); });
    $("search").addEventListener("input", resetFilter);
    $("search").addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === "Escape") {
        if (event.key === "Escape") $("search").value = "";
        resetFilter();
        grid.focus({ preventScroll: true });
      }
    });
  }

  // --- start -------------------------------------------------------------------------------------

  async function showSetList() {
    document.querySelectorAll("#toolbar, #columns, #grid, #filter, #search, #undo, #redo, #tmx").forEach((node) => { node.hidden = true; });
    $("sets").hidden = false;
    const data = await api("/api/sets");
    $("counts").textContent = `${data.sets.length} sets`;
    const list = $("set-list");
    for (const set of data.sets) {
      const item = el("li");
      const link = el("a", "", set.name);
      link.href = `/set/${encodeURIComponent(set.name)}`;
      item.append(link, el("span", "field", ` (${set.table})`));
      list.append(item);
    }
  }

  async function start() {
    wire();
    if (!setName) {
      await showSetList();
      return;
    }
    pending(1);
    let data;
    try {
      data = await api(setApi(""));
    } catch (error) {
      message(error.message, true);
      return;
    } finally {
      pending(-1);
    }
    state.langs = data.langs;
    state.languageNames = data.language_names || {};
    state.beads = data.beads;
    state.version = data.version;
    state.counts = data.counts;
    state.undo = data.undo;
    state.redo = data.redo;
    const title = data.name || setName;
    document.title = `${title} · align review`;
    $("title").textContent = title;
    $("tmx").title = `Write ${data.tmx} (t)`;
    grid.style.setProperty("--langs", String(state.langs.length));
    $("columns").style.setProperty("--langs", String(state.langs.length));
    $("columns").replaceChildren(el("div", "", "bead"), ...state.langs.map((lang) => el("div", "", languageName(lang))));
    relabel();
    refilter();
    const kept = recall();
    if (kept) {
      moveToBead(kept.bead);
      state.cursor.lang = Math.min(kept.lang || 0, state.langs.length - 1);
      state.cursor.seg = kept.seg || 0;
      rows.layout();
      grid.scrollTop = kept.top || 0;
    }
    showCounts();
    rows.render();
    message(data.notice || `Every action is saved into ${data.table.split(/[\\/]/).pop()}`);
    $("message").title = data.table;
    grid.focus({ preventScroll: true });
  }

  start();
})();
