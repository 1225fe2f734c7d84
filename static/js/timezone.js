// The browser's time zone (an IANA name such as "Pacific/Auckland") for the server: fills every
// empty <input data-browser-zone> (sign-up's hidden `timezone`), puts it first in the profile's
// zone list (<select data-zone-select>), and shows the dashboard's zone notice
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
  // The profile's zone list: the device's zone joins "Your zone", the first group.
  document.querySelectorAll("select[data-zone-select]").forEach(function (select) {
    var group = select.querySelector("optgroup");
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === zone;
    });
    if (!group || !option || option.parentNode === group) return;
    option.textContent += " (this device)";
    group.appendChild(option);
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
