// The dashboard's panels reload themselves when the journal changes (the journal-changed event).
// A quick save's answer already brings every panel it changed, so the reloads its own event sets
// off are dropped while the quick form's request is still on its way (htmx marks it with the
// htmx-request class until its answer is in). Each panel keeps its own request queue: sharing the
// quick form's (hx-sync) let the first panel's reload drop every other panel's.
(function () {
  "use strict";
  document.addEventListener("htmx:confirm", function (event) {
    var panel = event.target;
    if (panel.hasAttribute("data-reloads") && document.querySelector("#quick-form.htmx-request")) {
      event.preventDefault(); // never issued: the quick save's answer brings this panel
    }
  });
})();
