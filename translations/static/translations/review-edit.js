/* The review page: correct a cell's text in place.

   "✎ edit" (shown only with JavaScript, and only where the server allows the
   user to change the cell) opens an editor in the cell; Save (or Ctrl+Enter)
   posts segment, language, text and the version the page showed to the
   page's edit URL (views.review.edit → views.editing.row_save, the translate
   view's save). 200: the cell shows the stored text and state, and the
   cell's version fields (its approve/send-back form, the bulk form) take the
   new version, so approving right after the correction approves what was
   just saved. 409: the stored text with the differences marked word by word
   (server HTML, escaped there); nothing was overwritten. 403/400: the reason.
   Escape closes the editor. Text goes in through textContent only. */
(function () {
  "use strict";

  const root = document.querySelector(".wb-review[data-edit-url]");
  if (!root) return;
  const editUrl = root.dataset.editUrl;
  const gettext = window.gettext || ((text) => text);
  const csrfToken = () => {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  };

  root.querySelectorAll(".wb-edit").forEach((button) => { button.hidden = false; });

  function cellText(cell) {
    const text = cell.querySelector(".wb-text");
    return text.querySelector(".wb-placeholder") ? "" : text.textContent;
  }

  // The cell's segment, language and version sit on its head (.wb-cellhead).
  const info = (cell) => cell.querySelector(".wb-cellhead").dataset;

  function setVersion(cell, version) {
    info(cell).version = version;
    cell.querySelectorAll("input[name=version]").forEach((field) => { field.value = version; });
    const bulk = document.querySelector(
      'input[form="wb-bulk"][name="v-' + info(cell).segment + "-" + info(cell).language + '"]'
    );
    if (bulk) bulk.value = version;
  }

  function open(cell) {
    if (cell.querySelector(".wb-inline-editor")) return;
    const box = document.createElement("div");
    box.className = "wb-inline-editor";
    box.dir = "ltr";
    const area = document.createElement("textarea");
    area.rows = 3;
    area.value = cellText(cell);
    area.lang = cell.lang;
    area.dir = cell.dir;
    area.setAttribute("aria-label", gettext("Correct the translation"));
    const save = document.createElement("button");
    save.type = "button";
    save.className = "button default wb-inline-save";
    save.textContent = gettext("Save");
    const cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button wb-inline-cancel";
    cancel.textContent = gettext("Cancel");
    const status = document.createElement("span");
    status.className = "wb-inline-status";
    status.setAttribute("role", "status");
    const conflict = document.createElement("div");
    conflict.className = "wb-inline-conflict";
    conflict.hidden = true;
    box.append(area, save, cancel, status, conflict);
    cell.querySelector(".wb-text").after(box);
    area.focus();
    save.addEventListener("click", () => submit(cell, box));
    cancel.addEventListener("click", () => box.remove());
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit(cell, box);
      } else if (event.key === "Escape") {
        event.stopPropagation();
        box.remove();
      }
    });
  }

  async function submit(cell, box) {
    const status = box.querySelector(".wb-inline-status");
    const body = new FormData();
    body.append("segment", info(cell).segment);
    body.append("language", info(cell).language);
    body.append("text", box.querySelector("textarea").value);
    body.append("version", info(cell).version);
    status.textContent = gettext("Saving…");
    let response;
    let data = {};
    try {
      response = await fetch(editUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      });
      data = await response.json().catch(() => ({}));
    } catch (error) {
      status.textContent = gettext("Not saved: the server cannot be reached.");
      return;
    }
    if (response.ok) {
      const text = cell.querySelector(".wb-text");
      text.textContent = data.text;
      cell.querySelector(".wb-badge").textContent = data.state_label;
      cell.className = cell.className.replace(/\bwb-state-\S+/, "wb-state-" + data.state);
      setVersion(cell, data.version);
      box.remove();
      const note = document.createElement("div");
      note.className = "wb-inline-saved";
      note.setAttribute("role", "status");
      note.textContent = gettext("Saved") + (data.repeats ? " — " + data.repeats : "");
      text.after(note);
      return;
    }
    if (response.status === 409 && data.conflict) {
      const conflict = box.querySelector(".wb-inline-conflict");
      conflict.replaceChildren();
      const message = document.createElement("p");
      message.textContent = data.error;
      const diff = document.createElement("blockquote");
      diff.className = "wb-diff";
      diff.innerHTML = data.conflict.diff_html; // rendered and escaped by the server
      conflict.append(message, diff);
      conflict.hidden = false;
      status.textContent = gettext("Not saved: conflict. Save again to keep your text over theirs.");
      // Their text is what the next save must start from.
      setVersion(cell, data.conflict.version);
      return;
    }
    status.textContent = data.error || gettext("Not saved") + " (HTTP " + response.status + ")";
  }

  root.addEventListener("click", (event) => {
    const button = event.target.closest(".wb-edit");
    if (!button) return;
    event.preventDefault();
    open(button.closest(".wb-target"));
  });
})();
