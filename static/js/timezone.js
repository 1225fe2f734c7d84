// The browser's time zone (an IANA name such as "Pacific/Auckland") for the server: fills every
// empty <input data-browser-zone> (sign-up's hidden `timezone`), and shows a zone notice
// (<form data-zone-notice>) when the browser's zone differs from the journal's and the person
// has not chosen to keep theirs. The server accepts only a zone Python's zoneinfo knows; without
// this script sign-up keeps the default zone and no notice shows.
(function () {
  "use strict";
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (e) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
    if (!input.value) input.value = zone;
  });
  document.querySelectorAll("[data-zone-notice]").forEach(function (notice) {
    var current = notice.getAttribute("data-zone-current");
    var kept = notice.getAttribute("data-zone-kept");
    if (zone === current || zone === kept) return;
    notice.querySelectorAll("[data-zone-name]").forEach(function (slot) {
      slot.textContent = zone.replace(/_/g, " ");
    });
    notice.hidden = false;
  });
})();
