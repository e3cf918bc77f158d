/* The translate view: a row's comment thread, opened in place.

   Each row has a count badge (.wb-comments-toggle, data-thread-url: the review
   page's thread view, views.review.thread) and an empty .wb-row-thread. The
   badge (or Ctrl+U, translate-keys.js) fetches the thread as a fragment
   (?fragment=1, translations/review/thread_panel.html, rendered and escaped by
   the server) into the row; its forms (reply, resolve, reopen) post in the
   background with the page's CSRF token and the thread is fetched again, so
   the badge follows it (data-count, data-open on .wb-thread). The server
   checks who may comment and resolve; a refusal shows its status here.
   window.wbComments = {open(row, focusReply), close(row), toggle(row)}. */
(function () {
  "use strict";

  const root = document.querySelector(".wb-translate");
  if (!root) return;
  const gettext = window.gettext || ((text) => text);

  function fragmentUrl(url) {
    const address = new URL(url, window.location.href);
    address.searchParams.set("fragment", "1");
    return address.toString();
  }

  function parts(row) {
    return { badge: row.querySelector(".wb-comments-toggle"), box: row.querySelector(".wb-row-thread") };
  }

  function syncBadge(row) {
    const { badge, box } = parts(row);
    const thread = box.querySelector(".wb-thread");
    if (!badge || !thread) return;
    badge.querySelector(".wb-comment-count").textContent = thread.dataset.count;
    badge.classList.toggle("wb-open", thread.dataset.open !== "0");
    row.dataset.openComments = thread.dataset.open;
  }

  async function load(row) {
    const { badge, box } = parts(row);
    let response;
    try {
      response = await fetch(fragmentUrl(badge.dataset.threadUrl), {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
    } catch (error) {
      box.textContent = gettext("The server cannot be reached.");
      return;
    }
    if (!response.ok) {
      box.textContent = response.status + " " + response.statusText;
      return;
    }
    box.innerHTML = await response.text(); // rendered and escaped by the server
    syncBadge(row);
  }

  async function open(row, focusReply) {
    const { badge, box } = parts(row);
    if (!badge) return;
    if (box.hidden || !box.querySelector(".wb-thread")) await load(row);
    box.hidden = false;
    badge.setAttribute("aria-expanded", "true");
    if (focusReply) {
      const reply = box.querySelector("textarea");
      if (reply) reply.focus();
    }
  }

  function close(row) {
    const { badge, box } = parts(row);
    if (!badge) return;
    box.hidden = true;
    badge.setAttribute("aria-expanded", "false");
  }

  function toggle(row) {
    const { box } = parts(row);
    if (box.hidden) open(row, true);
    else close(row);
  }

  root.addEventListener("click", (event) => {
    const badge = event.target.closest(".wb-comments-toggle");
    if (!badge) return;
    event.preventDefault();
    toggle(badge.closest(".wb-row"));
  });

  root.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.closest(".wb-row-thread") || !form.hasAttribute("data-panel-submit")) return;
    event.preventDefault();
    const row = form.closest(".wb-row");
    let response;
    try {
      response = await fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" });
    } catch (error) {
      response = null;
    }
    if (!response || !response.ok) {
      const note = document.createElement("p");
      note.className = "wb-error";
      note.textContent = gettext("Not saved") + (response ? " (HTTP " + response.status + ")" : "");
      form.after(note);
      return;
    }
    await load(row);
    const reply = parts(row).box.querySelector("textarea");
    if (reply && form.classList.contains("wb-comment-form")) reply.focus();
  });

  // Escape in the reply field closes the thread and goes back to the editor.
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !event.target.closest(".wb-row-thread")) return;
    const row = event.target.closest(".wb-row");
    close(row);
    const editor = row.querySelector(".wb-editor");
    if (editor) editor.focus();
  });

  window.wbComments = { open: open, close: close, toggle: toggle };
})();
