// The medicine form: choosing a kind proposes its usual schedule (every 6 months for denosumab,
// yearly for zoledronate...), which the person can change. A schedule the person chose is never
// overwritten. Without this script the server does the same when the schedule is left on "usual".
(function () {
  "use strict";
  var kind = document.getElementById("id_kind");
  var schedule = document.getElementById("id_schedule");
  if (!kind || !schedule || !schedule.dataset.usual) return;
  var usual = {};
  schedule.dataset.usual.split(",").forEach(function (pair) {
    var parts = pair.split(":");
    usual[parts[0]] = parts[1];
  });
  var proposed = "";
  kind.addEventListener("change", function () {
    if (schedule.value === "" || schedule.value === proposed) {
      proposed = usual[kind.value] || "";
      schedule.value = proposed;
    }
  });
})();
