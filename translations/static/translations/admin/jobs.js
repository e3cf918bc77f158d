// Keeps every job's progress bar (.wb-job) current while the job runs: polls its
// JSON status every second, moves the bar, and when the job has finished reloads
// the job's own page (to show its file or its error) or updates the list row.
(function () {
  "use strict";
  const INTERVAL = 1000;

  function show(element, job) {
    element.dataset.status = job.status;
    element.dataset.finished = job.finished ? "true" : "false";
    element.querySelector(".wb-job-status").textContent = job.status_label;
    const bar = element.querySelector(".wb-job-bar");
    bar.classList.toggle("wb-job-bar-unknown", job.percent === null && !job.finished);
    bar.querySelector(".wb-job-done").style.width = (job.percent || 0) + "%";
    element.querySelector(".wb-job-text").textContent = job.text;
  }

  function follow(element, onDetailPage) {
    const poll = function () {
      fetch(element.dataset.statusUrl, {headers: {Accept: "application/json"}, credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (job) {
          show(element, job);
          if (!job.finished) {
            window.setTimeout(poll, INTERVAL);
          } else if (onDetailPage) {
            window.location.reload();  // the file, the error and the buttons come with the page
          }
        })
        .catch(function () { window.setTimeout(poll, 5 * INTERVAL); });
    };
    window.setTimeout(poll, INTERVAL);
  }

  document.addEventListener("DOMContentLoaded", function () {
    const onDetailPage = document.body.classList.contains("change-form");
    document.querySelectorAll(".wb-job[data-finished=false]").forEach(function (element) {
      follow(element, onDetailPage);
    });
  });
})();
