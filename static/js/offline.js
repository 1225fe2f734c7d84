// Never a silent loss without a connection. An htmx save (the dashboard's quick entry, "took
// it", a panel's form) that cannot reach the server fires htmx:sendError and would otherwise do
// nothing at all: say that nothing was saved, and leave what was entered where it is. A whole
// page (a plain form's save, a link) is answered by the service worker (/sw.js) with the
// offline page, which says the same.
(function () {
  "use strict";
  var script = document.currentScript;
  var worker = script && script.getAttribute("data-service-worker");
  if (worker && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
  }
  function say(text) {
    var box = document.getElementById("offline-alert");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }
  document.addEventListener("htmx:sendError", function (event) {
    var post = event.detail && event.detail.requestConfig && event.detail.requestConfig.verb !== "get";
    say(post
      ? "Not saved: the journal could not be reached (no connection?). What you entered is still here: try again once you are connected."
      : "The journal could not be reached (no connection?). Try again once you are connected.");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var box = document.getElementById("offline-alert");
    if (box && event.detail && event.detail.successful) box.hidden = true;
  });
})();
