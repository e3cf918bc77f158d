// The review page: row selection, and a side panel for comment threads and the
// split tool. Without JavaScript the panel links open as pages of their own and
// every form still works. Text is only ever inserted as server-escaped HTML
// (the panel fragments) or through textContent.
(function () {
  "use strict";

  const panel = document.getElementById("wb-panel");
  const panelBody = panel && panel.querySelector(".wb-panel-body");

  // --- selection ------------------------------------------------------------
  const selectAll = document.getElementById("wb-select-all");
  const counter = document.getElementById("wb-selected-count");
  const rowBoxes = () => document.querySelectorAll('input[type=checkbox][form="wb-bulk"][name="segment"]');

  function updateCount() {
    if (counter) counter.textContent = String([...rowBoxes()].filter((box) => box.checked).length);
  }
  if (selectAll) {
    selectAll.addEventListener("change", () => {
      rowBoxes().forEach((box) => { box.checked = selectAll.checked; });
      updateCount();
    });
  }
  document.addEventListener("change", (event) => {
    if (event.target.matches('input[form="wb-bulk"][name="segment"]')) updateCount();
  });
  updateCount();

  // --- next doubtful alignment ---------------------------------------------------
  // Jumps to the next row below the current one holding a doubtful bead
  // (cells marked .wb-doubtful by the server), wrapping to the first.
  const nextDoubtful = document.querySelector(".wb-next-doubtful");
  if (nextDoubtful) {
    let current = null;
    nextDoubtful.addEventListener("click", () => {
      const rows = [...document.querySelectorAll("tr.wb-row")].filter((row) => row.querySelector(".wb-doubtful"));
      if (!rows.length) {
        nextDoubtful.textContent = gettext("No doubtful row on this page");
        return;
      }
      const at = current ? rows.indexOf(current) : -1;
      if (current) current.classList.remove("wb-current");
      current = rows[(at + 1) % rows.length];
      current.classList.add("wb-current");
      current.scrollIntoView({ block: "center" });
      window.history.replaceState(null, "", "#" + current.id);
    });
  }

  // --- side panel -------------------------------------------------------------
  let panelUrl = null;
  let opener = null;

  function fragmentUrl(url) {
    const address = new URL(url, window.location.href);
    address.searchParams.set("fragment", "1");
    return address.toString();
  }

  async function openPanel(url, link) {
    const response = await fetch(fragmentUrl(url), { credentials: "same-origin" });
    if (!response.ok) {
      panelBody.textContent = `${response.status} ${response.statusText}`;
    } else {
      panelBody.innerHTML = await response.text(); // rendered and escaped by the server
    }
    panelUrl = url;
    if (link) opener = link;
    panel.hidden = false;
    setupSplitTool(panelBody);
    syncCount();
    const field = panelBody.querySelector("textarea:not([readonly]), textarea");
    if (field) field.focus();
  }

  function closePanel() {
    panel.hidden = true;
    panelUrl = null;
    if (opener) opener.focus();
  }

  // The comment count on the page follows the thread shown in the panel.
  function syncCount() {
    const thread = panelBody.querySelector(".wb-thread");
    if (!thread || !opener) return;
    const count = opener.querySelector(".wb-count");
    if (count) count.textContent = thread.dataset.count;
    opener.classList.toggle("wb-open", thread.dataset.open !== "0");
  }

  if (panel) {
    document.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-panel]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      openPanel(link.href, link);
    });
    panel.querySelector(".wb-panel-close").addEventListener("click", closePanel);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !panel.hidden) closePanel();
    });
    // Comment forms post in the background and reload the thread; the split
    // form reloads the page, since the segmentation changed.
    panel.addEventListener("submit", async (event) => {
      const form = event.target;
      if (!form.hasAttribute("data-panel-submit")) return;
      event.preventDefault();
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      });
      if (!response.ok) {
        panelBody.textContent = `${response.status} ${response.statusText}`;
        return;
      }
      await openPanel(panelUrl);
    });
  }

  // --- split tool: the cursor position in the source text is the offset -----
  function setupSplitTool(root) {
    const text = root.querySelector(".wb-split-text");
    const offset = root.querySelector(".wb-offset");
    if (!text || !offset) return;
    const left = root.querySelector(".wb-split-preview .wb-left");
    const right = root.querySelector(".wb-split-preview .wb-right");
    const show = (position) => {
      left.textContent = text.value.slice(Math.max(0, position - 40), position);
      right.textContent = text.value.slice(position, position + 40);
    };
    const fromCursor = () => {
      const position = text.selectionStart;
      if (position > 0 && position < text.value.length) offset.value = String(position);
      show(Number(offset.value) || 0);
    };
    ["click", "keyup", "select"].forEach((name) => text.addEventListener(name, fromCursor));
    offset.addEventListener("input", () => show(Number(offset.value) || 0));
    // Start after the first sentence end inside the text, a likely place to cut.
    const match = /[.!?…。！？]\s+/.exec(text.value);
    if (!offset.value && match && match.index + match[0].length < text.value.length) {
      offset.value = String(match.index + match[0].length);
    }
    show(Number(offset.value) || 0);
  }
  // The split tool on a page of its own (followed without JavaScript's panel).
  document.querySelectorAll(".wb-split-tool").forEach(setupSplitTool);
})();
