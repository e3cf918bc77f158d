/* The translate view's keyboard: every action of a row without the mouse.

   Keys follow Weblate (Ctrl+Enter, Alt+PageUp/PageDown, Ctrl+O, Ctrl+Y,
   Ctrl+U, Ctrl+M <number>) and Pontoon (Alt+Up/Down, Ctrl+Shift+C, Esc) where
   they have one; the list is the help overlay (#wb-keys-help, opened with
   "?" outside a text field, or its button) and docs/translating.md:

   Ctrl+Enter, Alt+Enter    save and go to the next row
   Ctrl+Y                   save as draft (stay)
   Ctrl+Shift+Enter         approve and go to the next row (reviewers)
   Alt+Down, Alt+PageDown   next row          Alt+Up, Alt+PageUp   previous row
   Alt+Shift+Down           next row needing attention (untranslated, draft,
                            needs review, needs update); past the page's last
                            row, the next untranslated row on a later page
   Alt+Shift+Up             previous row needing attention on this page
   Ctrl+Shift+C, Ctrl+O     copy the source into the editor
   Ctrl+M then 1, 2 or 3    insert memory match 1–3
   Ctrl+U                   open the row's comments (Esc closes them)
   ?                        this list

   The row actions themselves live in translate.js (window.wbTranslate) and
   translate-comments.js (window.wbComments); this module only maps keys. */
(function () {
  "use strict";

  const root = document.querySelector(".wb-translate");
  if (!root) return;
  const help = document.getElementById("wb-keys-help");
  const ATTENTION = ["untranslated", "draft", "needs_review", "needs_update"];
  let memoryChord = null; // a timer while Ctrl+M waits for its number

  const api = () => window.wbTranslate;
  const rows = () => Array.from(root.querySelectorAll(".wb-row"));
  const rowOf = (element) => element && element.closest && element.closest(".wb-row");

  function step(row, offset) {
    const all = rows();
    return all[all.indexOf(row) + offset] || null;
  }

  function attention(row, direction) {
    const all = rows();
    const start = all.indexOf(row);
    for (let index = start + direction; index >= 0 && index < all.length; index += direction) {
      if (ATTENTION.includes(all[index].dataset.state)) return all[index];
    }
    return null;
  }

  function go(row) {
    if (row) api().focusRow(row);
  }

  function nextOrLater(row) {
    const next = step(row, 1);
    if (next) go(next);
    else api().goNext(row, "");
  }

  function saveThen(row, state) {
    api().save(row, { state: state, confirm: true }).then((ok) => {
      if (ok) nextOrLater(row);
    });
  }

  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  }

  function inTextField(target) {
    return target.matches && target.matches("input, textarea, select, [contenteditable]");
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "?" && !inTextField(event.target) && !event.ctrlKey && !event.altKey) {
      event.preventDefault();
      toggleHelp();
      return;
    }
    if (!event.target.classList || !event.target.classList.contains("wb-editor")) return;
    const row = rowOf(event.target);
    const key = event.key;
    const ctrl = event.ctrlKey || event.metaKey;

    if (memoryChord !== null && /^[1-3]$/.test(key) && !event.altKey) {
      event.preventDefault();
      clearTimeout(memoryChord);
      memoryChord = null;
      api().useMemory(row, Number(key));
      return;
    }
    let handled = true;
    if (key === "Enter" && ctrl && event.shiftKey) {
      if (root.dataset.canReview === "true") saveThen(row, "approved");
    } else if (key === "Enter" && (ctrl || event.altKey)) {
      saveThen(row, "");
    } else if (ctrl && !event.shiftKey && key.toLowerCase() === "y") {
      api().save(row, { state: "draft" });
    } else if (event.altKey && event.shiftKey && key === "ArrowDown") {
      const next = attention(row, 1);
      if (next) go(next);
      else api().goNext(row, "untranslated");
    } else if (event.altKey && event.shiftKey && key === "ArrowUp") {
      go(attention(row, -1));
    } else if (event.altKey && (key === "ArrowDown" || key === "PageDown")) {
      nextOrLater(row);
    } else if (event.altKey && (key === "ArrowUp" || key === "PageUp")) {
      go(step(row, -1));
    } else if (ctrl && ((event.shiftKey && key.toLowerCase() === "c") || (!event.shiftKey && key.toLowerCase() === "o"))) {
      api().copySource(row);
    } else if (ctrl && !event.shiftKey && key.toLowerCase() === "m") {
      clearTimeout(memoryChord);
      api().loadMemory(row);
      memoryChord = setTimeout(() => { memoryChord = null; }, 2000);
    } else if (ctrl && !event.shiftKey && key.toLowerCase() === "u") {
      if (window.wbComments) window.wbComments.open(row, true);
    } else {
      handled = false;
    }
    if (handled) event.preventDefault();
  });

  root.querySelectorAll(".wb-keys-button").forEach((button) => button.addEventListener("click", toggleHelp));
})();
