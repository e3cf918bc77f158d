/* The translate view: save a row without reloading, Ctrl+Enter to save and
   move on, copy source, conflicts shown in the row.

   Protocol (views/translate.py): POST segment, text, state, version to the
   save URL. 200 returns the stored row (text, state, version, changed_by,
   changed_at, previous_state: the progress figures follow from the change); 409 returns {error, conflict: the stored row};
   403/400 return {error}. Nothing is overwritten on 409: the translator
   either takes the other text or keeps theirs and saves on the new version.

   Quality: a 200 also carries "findings", the open findings of the saved
   segment's block as server-rendered HTML per segment id, which replace the
   rows' finding lists. Dismiss forms in those lists post with
   Accept: application/json and update the finding in place. When an editable
   row gets focus, its translation-memory suggestions are fetched once
   (quality:memory-suggestions); "Use" puts a suggestion into the editor and
   the next save records provenance "memory". Server HTML is inserted as
   rendered (and escaped) by Django; anything else goes in through textContent.

   States: a save posts a state only when the translator chose one (the
   row's selector, "Save as draft", approve); otherwise the server decides
   (a text saved is translated; see services.translations.state_after_edit).
   Saving a clean draft "confirms" it (it becomes translated). A 200 may carry
   "filled": repetitions of the sentence the save pre-filled, whose rows on
   this page are updated too. A 409's conflict carries diff_html, the words
   that differ, shown in the conflict box.


   Paging: the page holds a few dozen rows of a possibly huge document
   (root data-page, data-page-count, data-filters: the filters' query
   string). Each row carries data-segment, data-key, data-number (its number
   in the document, unfiltered views only), data-block and data-state.
   Moving on past the page's last row asks the server for the page holding
   the next row (?next_after=<segment>[&want=untranslated], a redirect to
   ?page=N#seg-<key>). The URL follows the row being edited (replaceState),
   so reload, back and a shared link land on it. No handler does work
   proportional to more than one row per keystroke.

   Other scripts (translate-keys.js, translate-comments.js) use
   window.wbTranslate: rows, currentRow(), focusRow(row),
   save(row, {state, confirm}), nextRow(row), nextUntranslated(),
   goNext(row, want), copySource(row), loadMemory(row), useMemory(row, n). */
(function () {
  "use strict";

  const root = document.querySelector(".wb-translate");
  if (!root) return;
  const saveUrl = root.dataset.saveUrl;
  const language = root.dataset.language;
  const memoryUrlPrefix = root.dataset.memoryUrlPrefix;
  const canReview = root.dataset.canReview === "true";
  const filterQuery = root.dataset.filters || "";
  const pageNumber = Number(root.dataset.page || "1");
  const csrfToken = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const gettext = window.gettext || ((text) => text);

  const editorOf = (row) => row.querySelector(".wb-editor");
  const selectOf = (row) => row.querySelector(".wb-state-select");
  const rows = Array.from(root.querySelectorAll(".wb-row"));
  const saved = new Map(); // row -> {text, state} as stored on the server
  let current = null; // the row last focused

  rows.forEach((row) => saved.set(row, { text: editorOf(row).value, state: selectOf(row).value }));

  function isDirty(row) {
    const stored = saved.get(row);
    return editorOf(row).value.trim() !== stored.text || selectOf(row).value !== stored.state;
  }

  // The state the server will give a save without a chosen state (state_after_edit).
  const KEPT_WHILE_UNCHANGED = ["needs_review", "needs_update", "approved"];
  function impliedState(row) {
    const stored = saved.get(row);
    const text = editorOf(row).value.trim();
    if (!text) return "untranslated";
    if (text === stored.text && KEPT_WHILE_UNCHANGED.includes(stored.state)) return stored.state;
    return "translated";
  }

  const UNSAVED = gettext("Unsaved");

  function markDirty(row) {
    const dirty = isDirty(row);
    row.classList.toggle("wb-dirty", dirty);
    const status = row.querySelector(".wb-status");
    if (dirty && !status.textContent) setStatus(row, UNSAVED, false);
    else if (!dirty && status.textContent === UNSAVED) setStatus(row, "", false);
  }

  function setStatus(row, message, isError) {
    const status = row.querySelector(".wb-status");
    status.textContent = message;
    status.classList.toggle("wb-error", Boolean(isError));
    status.classList.toggle("wb-ok", !isError && Boolean(message));
  }

  function setState(row, state) {
    row.className = row.className.replace(/\bwb-state-\S+/, "wb-state-" + state);
    row.dataset.state = state;
    selectOf(row).value = state;
  }

  function lockIfApproved(row, state) {
    // An approved translation is locked for translators (the server says so too).
    if (canReview || state !== "approved") return;
    editorOf(row).readOnly = true;
    selectOf(row).disabled = true;
    row.querySelectorAll(".wb-save, .wb-copy").forEach((button) => button.remove());
  }

  function applyStored(row, stored) {
    row.dataset.version = stored.version;
    saved.set(row, { text: stored.text, state: stored.state });
    setState(row, stored.state);
    row.querySelector(".wb-changed-by").textContent = stored.changed_by || "";
    row.querySelector(".wb-changed-at").textContent = stored.changed_at || "";
    if (stored.provenance_label !== undefined) {
      row.querySelector(".wb-provenance").textContent = stored.provenance_label;
    }
    lockIfApproved(row, stored.state);
  }

  // --- progress: counted on the page from each save's old and new state -------

  const progressData = JSON.parse(document.getElementById("wb-progress-data").textContent);

  function percent(part) {
    return progressData.total ? Math.round((100 * part) / progressData.total) : 0;
  }

  function updateProgress(previous, next) {
    if (!previous || !next || previous === next) return;
    const states = progressData.states;
    states[previous] = (states[previous] || 0) - 1;
    states[next] = (states[next] || 0) + 1;
    const translated = percent(progressData.done.reduce((sum, state) => sum + (states[state] || 0), 0));
    const approved = percent(states.approved || 0);
    root.querySelector(".wb-progress-summary .wb-bar-translated").style.width = translated + "%";
    root.querySelector(".wb-progress-summary .wb-bar-approved").style.width = approved + "%";
    root.querySelector("[data-progress=translated]").textContent = translated;
    root.querySelector("[data-progress=approved]").textContent = approved;
    [previous, next].forEach((state) => {
      const option = root.querySelector('.wb-filters select[name=state] option[value="' + state + '"]');
      if (option) option.textContent = option.dataset.label + " (" + states[state] + ")";
    });
  }

  function showConflict(row, data) {
    const box = row.querySelector(".wb-conflict");
    const theirs = data.conflict;
    box.querySelector(".wb-conflict-message").textContent =
      data.error + (theirs.changed_at ? " (" + theirs.changed_at + ", " + theirs.state_label + ")" : "");
    box.querySelector(".wb-conflict-text").textContent = theirs.text || gettext("(empty)");
    const diff = box.querySelector(".wb-conflict-diff");
    // Their text with your words marked: struck through only theirs, underlined only yours.
    if (diff) diff.innerHTML = theirs.diff_html || ""; // rendered and escaped by the server
    box.hidden = false;
    row._conflict = theirs;
    row.classList.add("wb-has-conflict");
    setStatus(row, gettext("Not saved: conflict"), true);
  }

  function hideConflict(row) {
    row.querySelector(".wb-conflict").hidden = true;
    row.classList.remove("wb-has-conflict");
    row._conflict = null;
  }

  async function save(row, options) {
    const opts = options || {};
    const stored = saved.get(row);
    // A chosen state: "draft" (Save as draft), "approved" (a reviewer), or the selector's.
    const chosen = opts.state || (row._chosenState ? selectOf(row).value : "");
    const confirmsDraft = opts.confirm && stored.state === "draft" && editorOf(row).value.trim() !== "";
    if (!isDirty(row) && !confirmsDraft && (!chosen || chosen === stored.state)) return true;
    if (editorOf(row).readOnly) return false;
    if (row._saving) return false;
    row._saving = true;
    setStatus(row, gettext("Saving…"), false);
    const sentText = editorOf(row).value;
    const body = new FormData();
    body.append("segment", row.dataset.segment);
    body.append("text", sentText);
    body.append("state", chosen);
    body.append("version", row.dataset.version);
    if (row.dataset.provenance && sentText.trim()) body.append("provenance", row.dataset.provenance);
    let response;
    let data = {};
    try {
      response = await fetch(saveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      });
      data = await response.json().catch(() => ({}));
    } catch (error) {
      row._saving = false;
      setStatus(row, gettext("Not saved: the server cannot be reached."), true);
      return false;
    }
    row._saving = false;
    if (response.ok) {
      hideConflict(row);
      row._chosenState = false;
      applyStored(row, data);
      // The server trims; show its text unless the translator typed on meanwhile.
      if (editorOf(row).value === sentText) editorOf(row).value = data.text;
      markDirty(row);
      updateProgress(data.previous_state, data.state);
      refreshFindings(data.findings);
      if (!data.unchanged) delete row.dataset.provenance;
      setStatus(row, data.unchanged ? "" : gettext("Saved") + (data.repeats ? " — " + data.repeats : ""), false);
      fillRepeats(data.filled);
      return true;
    }
    if (response.status === 409 && data.conflict) {
      showConflict(row, data);
      return false;
    }
    setStatus(row, data.error || gettext("Not saved") + " (HTTP " + response.status + ")", true);
    return false;
  }

  // Rows of this page that the save pre-filled (repetitions of the sentence).
  function fillRepeats(filled) {
    (filled || []).forEach((twin) => {
      // A pre-filled repetition was untranslated: the progress follows it, on this page or not.
      updateProgress("untranslated", twin.state);
      const other = root.querySelector('.wb-row[data-segment="' + twin.segment + '"]');
      if (!other || isDirty(other)) return;
      editorOf(other).value = twin.text;
      applyStored(other, { ...twin, changed_by: "", changed_at: "" });
      setStatus(other, gettext("Pre-filled: the same sentence"), false);
    });
  }

  // --- quality: findings ------------------------------------------------------

  function refreshFindings(findings) {
    if (!findings) return;
    Object.entries(findings).forEach(([segmentId, html]) => {
      const row = root.querySelector('.wb-row[data-segment="' + segmentId + '"]');
      if (row) row.querySelector(".wb-row-findings").innerHTML = html; // rendered and escaped by the server
    });
  }

  async function dismiss(form) {
    const item = form.closest(".wb-finding");
    const reason = form.querySelector("input[name=reason]").value.trim();
    let response;
    let data = {};
    try {
      response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
      });
      data = await response.json().catch(() => ({}));
    } catch (error) {
      response = null;
    }
    let note = item.querySelector(".wb-dismiss-error");
    if (!note) {
      note = document.createElement("span");
      note.className = "wb-dismiss-error wb-error";
      form.after(note);
    }
    if (!response || !response.ok) {
      note.textContent = data.error || gettext("Not dismissed") + (response ? " (HTTP " + response.status + ")" : "");
      return;
    }
    note.remove();
    item.classList.add("wb-finding--dismissed");
    const done = document.createElement("div");
    done.className = "wb-dismissal";
    done.textContent = gettext("Dismissed:") + " " + reason;
    form.replaceWith(done);
  }

  root.addEventListener("submit", (event) => {
    const form = event.target.closest(".wb-dismiss");
    if (!form) return;
    event.preventDefault();
    dismiss(form);
  });

  // --- quality: translation memory ---------------------------------------------

  async function loadMemory(row) {
    const box = row.querySelector(".wb-memory-box");
    if (!box || !memoryUrlPrefix) return;
    if (row._memory) return row._memoryLoad;
    row._memory = "loading";
    row._memoryLoad = fetchMemory(row, box);
    return row._memoryLoad;
  }

  async function fetchMemory(row, box) {
    let data;
    try {
      const response = await fetch(memoryUrlPrefix + row.dataset.segment + "/" + language + "/", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch (error) {
      row._memory = null; // try again on the next focus
      return;
    }
    row._memory = "loaded";
    if (!data.suggestions || !data.suggestions.length) return;
    box.querySelector(".wb-memory-list").innerHTML = data.html; // rendered and escaped by the server
    box.querySelectorAll(".wb-suggestion").forEach((item) => {
      const use = document.createElement("button");
      use.type = "button";
      use.className = "button wb-use";
      use.textContent = gettext("Use");
      use.title = gettext("Put this translation into the editor");
      item.prepend(use);
    });
    box.hidden = false;
  }

  function useSuggestion(row, item) {
    const editor = editorOf(row);
    if (editor.readOnly) return;
    editor.value = item.querySelector(".wb-tm-target").textContent;
    row.dataset.provenance = "memory";
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
  }

  root.addEventListener("focusin", (event) => {
    const row = event.target.closest(".wb-row");
    if (row) remember(row);
    if (!event.target.classList.contains("wb-editor")) return;
    loadMemory(row);
  });

  // --- position: focus, the URL, moving on across pages ----------------------

  function focusRow(row) {
    const editor = editorOf(row);
    editor.focus({ preventScroll: true });
    editor.setSelectionRange(editor.value.length, editor.value.length);
    // "nearest" + the rows' scroll-margin-top: never under the sticky header.
    row.scrollIntoView({ block: "nearest" });
  }

  function copySource(row) {
    const editor = editorOf(row);
    if (editor.readOnly) return;
    delete row.dataset.provenance;
    editor.value = row.querySelector(".wb-source-text").textContent;
    editor.dispatchEvent(new Event("input", { bubbles: true }));
    editor.focus();
  }

  async function useMemory(row, number) {
    await loadMemory(row);
    const item = row.querySelectorAll(".wb-memory-box .wb-suggestion")[number - 1];
    if (item) useSuggestion(row, item);
    else setStatus(row, gettext("No such memory match"), true);
  }

  function viewUrl(params) {
    const query = new URLSearchParams(filterQuery);
    Object.entries(params).forEach(([name, value]) => query.set(name, value));
    return window.location.pathname + "?" + query.toString();
  }

  function remember(row) {
    // The URL names the page and the row, so reload, back and a shared link land here.
    if (current === row) return;
    current = row;
    const url = viewUrl(pageNumber > 1 ? { page: pageNumber } : {}) + "#seg-" + row.dataset.key;
    window.history.replaceState(window.history.state, "", url);
  }

  function currentRow() {
    return current;
  }

  function nextRow(row) {
    return rows[rows.indexOf(row) + 1] || null;
  }

  function goNext(row, want) {
    // The server finds the next row of the view (in state ``want``) and redirects to its page.
    const params = { next_after: row.dataset.segment };
    if (want) params.want = want;
    window.location.assign(viewUrl(params));
  }

  function nextUntranslated() {
    const from = current ? rows.indexOf(current) + 1 : 0;
    const here = rows.slice(from).find((row) => row.dataset.state === "untranslated");
    if (here) focusRow(here);
    else if (rows.length) goNext(rows[rows.length - 1], "untranslated");
  }

  function landOnRow() {
    // After a jump (?seg=) or with #seg-<key>: focus that row and keep it in the URL.
    const query = new URLSearchParams(window.location.search);
    const wanted = window.location.hash.startsWith("#seg-") ? window.location.hash.slice(5) : query.get("seg");
    if (!wanted) return;
    const key = decodeURIComponent(wanted).trim().replace(/^#/, "");
    const row = rows.find((candidate) => candidate.dataset.key === key || candidate.dataset.number === key);
    if (row) {
      focusRow(row);
      remember(row);
      // Chromium's scroll to the #seg- fragment (after this script) drops the focus: take it back.
      window.addEventListener("load", () => {
        if (document.activeElement === document.body) focusRow(row);
      }, { once: true });
    } else if (window.location.hash.startsWith("#seg-") && !query.get("seg")) {
      // The rows moved (a reload after others changed the text): find the row's page again.
      window.location.replace(viewUrl({ seg: key }));
    }
  }

  root.addEventListener("input", (event) => {
    if (!event.target.classList.contains("wb-editor")) return;
    const row = event.target.closest(".wb-row");
    const select = selectOf(row);
    // Until the translator picks a state, the selector shows the one the save will give.
    if (event.target.value.trim() === "") select.value = "untranslated";
    else if (!row._chosenState) select.value = impliedState(row);
    markDirty(row);
  });

  root.addEventListener("change", (event) => {
    if (!event.target.classList.contains("wb-state-select")) return;
    const row = event.target.closest(".wb-row");
    row._chosenState = true;
    markDirty(row);
  });

  root.addEventListener("click", (event) => {
    const row = event.target.closest(".wb-row");
    if (!row) return;
    if (event.target.classList.contains("wb-save")) {
      save(row, { confirm: true });
    } else if (event.target.classList.contains("wb-save-draft")) {
      save(row, { state: "draft" });
    } else if (event.target.classList.contains("wb-use")) {
      useSuggestion(row, event.target.closest(".wb-suggestion"));
    } else if (event.target.classList.contains("wb-copy")) {
      copySource(row);
    } else if (event.target.classList.contains("wb-take-theirs")) {
      const theirs = row._conflict;
      hideConflict(row);
      applyStored(row, theirs);
      editorOf(row).value = theirs.text;
      markDirty(row);
      setStatus(row, gettext("Took their text"), false);
    } else if (event.target.classList.contains("wb-keep-mine")) {
      const theirs = row._conflict;
      hideConflict(row);
      const mine = { text: editorOf(row).value, state: selectOf(row).value, chosen: row._chosenState };
      applyStored(row, theirs);
      editorOf(row).value = mine.text;
      if (!selectOf(row).disabled) selectOf(row).value = mine.state;
      row._chosenState = mine.chosen;
      markDirty(row);
      save(row);
    }
  });

  const nextButton = root.querySelector(".wb-next-untranslated");
  if (nextButton) nextButton.addEventListener("click", nextUntranslated);

  document.querySelectorAll(".wb-filters [data-autosubmit]").forEach((field) => {
    field.addEventListener("change", () => field.form.submit());
  });

  function warnUnsaved(event) {
    if (rows.some(isDirty)) event.preventDefault();
  }
  window.addEventListener("beforeunload", warnUnsaved);

  // After "load": focus given while the page is still loading does not stick.
  if (document.readyState === "complete") landOnRow();
  else window.addEventListener("load", landOnRow);

  window.wbTranslate = {
    root, rows, currentRow, focusRow, save, nextRow, nextUntranslated, goNext, editorOf, selectOf,
    copySource, loadMemory, useMemory,
  };
})();
