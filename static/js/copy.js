// The profile page's "Copy the address" button: shown only when this script runs (without it
// the address stays selectable in its read-only field), copies the field and says so.
(function () {
  "use strict";
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector("[role=status]");
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var said = function (text) { if (status) status.textContent = text; };
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(
          function () { said("Copied."); },
          function () { said("Selected: copy it with your device's copy command."); }
        );
      } else {
        said("Selected: copy it with your device's copy command.");
      }
    });
  });
})();
