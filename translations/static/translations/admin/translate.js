/* The translate view: save a row without reloading, Ctrl+Enter to save and
   move on, copy source, conflicts shown in the row.

   Protocol (views/translate.py): POST segment, text, state, version to the
   save URL. 200 returns the stored row (text, state, version, changed_by,
   changed_at, progress); 409 returns {error, conflict: the stored row};
   403/400 return {error}. Nothing is overwritten on 409: the translator
   either takes the other text or keeps theirs and saves on the new version. */
(function () {
  "use strict";

  const root = document.querySelector(".wb-translate");
  if (!root) return;
  const saveUrl = root.dataset.saveUrl;
  const canReview = root.dataset.canReview === "true";
  const csrfToken = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  const gettext = window.gettext || ((text) => text);

  const editorOf = (row) => row.querySelector(".wb-editor");
  const selectOf = (row) => row.querySelector(".wb-state-select");
  const rows = Array.from(root.querySelectorAll(".wb-row"));
  const saved = new Map(); // row -> {text, state} as stored on the server

  rows.forEach((row) => saved.set(row, { text: editorOf(row).value, state: selectOf(row).value }));

  function isDirty(row) {
    const stored = saved.get(row);
    return editorOf(row).value.trim() !== stored.text || selectOf(row).value !== stored.state;
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
    lockIfApproved(row, stored.state);
  }

  function updateProgress(progress) {
    if (!progress) return;
    root.querySelector(".wb-progress-summary .wb-bar-translated").style.width = progress.translated_percent + "%";
    root.querySelector(".wb-progress-summary .wb-bar-approved").style.width = progress.approved_percent + "%";
    root.querySelector("[data-progress=translated]").textContent = progress.translated_percent;
    root.querySelector("[data-progress=approved]").textContent = progress.approved_percent;
  }

  function showConflict(row, data) {
    const box = row.querySelector(".wb-conflict");
    const theirs = data.conflict;
    box.querySelector(".wb-conflict-message").textContent =
      data.error + (theirs.changed_at ? " (" + theirs.changed_at + ", " + theirs.state_label + ")" : "");
    box.querySelector(".wb-conflict-text").textContent = theirs.text || gettext("(empty)");
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

  async function save(row) {
    if (!isDirty(row)) return true;
    if (row._saving) return false;
    row._saving = true;
    setStatus(row, gettext("Saving…"), false);
    const sentText = editorOf(row).value;
    const body = new FormData();
    body.append("segment", row.dataset.segment);
    body.append("text", sentText);
    body.append("state", selectOf(row).value);
    body.append("version", row.dataset.version);
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
      applyStored(row, data);
      // The server trims; show its text unless the translator typed on meanwhile.
      if (editorOf(row).value === sentText) editorOf(row).value = data.text;
      markDirty(row);
      updateProgress(data.progress);
      setStatus(row, data.unchanged ? "" : gettext("Saved"), false);
      return true;
    }
    if (response.status === 409 && data.conflict) {
      showConflict(row, data);
      return false;
    }
    setStatus(row, data.error || gettext("Not saved") + " (HTTP " + response.status + ")", true);
    return false;
  }

  function focusRow(row) {
    const editor = editorOf(row);
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
    row.scrollIntoView({ block: "center" });
  }

  root.addEventListener("input", (event) => {
    if (!event.target.classList.contains("wb-editor")) return;
    const row = event.target.closest(".wb-row");
    const select = selectOf(row);
    // Typing into an untranslated or outdated row translates it; clearing it untranslates it.
    if (event.target.value.trim() === "") select.value = "untranslated";
    else if (select.value === "untranslated" || select.value === "needs_update") select.value = "translated";
    markDirty(row);
  });

  root.addEventListener("change", (event) => {
    if (event.target.classList.contains("wb-state-select")) markDirty(event.target.closest(".wb-row"));
  });

  root.addEventListener("keydown", (event) => {
    if (!event.target.classList.contains("wb-editor")) return;
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    event.preventDefault();
    const row = event.target.closest(".wb-row");
    save(row).then((ok) => {
      const next = rows[rows.indexOf(row) + 1];
      if (ok && next) focusRow(next);
    });
  });

  root.addEventListener("click", (event) => {
    const row = event.target.closest(".wb-row");
    if (!row) return;
    if (event.target.classList.contains("wb-save")) {
      save(row);
    } else if (event.target.classList.contains("wb-copy")) {
      const editor = editorOf(row);
      editor.value = row.querySelector(".wb-source-text").textContent;
      editor.dispatchEvent(new Event("input", { bubbles: true }));
      editor.focus();
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
      const mine = { text: editorOf(row).value, state: selectOf(row).value };
      applyStored(row, theirs);
      editorOf(row).value = mine.text;
      if (!selectOf(row).disabled) selectOf(row).value = mine.state;
      markDirty(row);
      save(row);
    }
  });

  document.querySelectorAll(".wb-filters [data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });

  window.addEventListener("beforeunload", (event) => {
    if (rows.some(isDirty)) event.preventDefault();
  });
})();
