// Condition form: show only the parameter fields the chosen kind reads (each field lists its kinds in
// data-kinds). Without this script every field stays visible and the unused ones are ignored by the server.
(function () {
  "use strict";
  var root = document.querySelector("[data-condition-form]");
  if (!root) { return; }
  var kind = root.querySelector("select[name=kind]");
  if (!kind) { return; }
  var fields = root.querySelectorAll("[data-kinds]");

  function wrapper(field) {
    return field.closest(".mb-3") || field.parentElement;
  }

  function update() {
    fields.forEach(function (field) {
      var shown = field.getAttribute("data-kinds").split(" ").indexOf(kind.value) !== -1;
      wrapper(field).hidden = !shown;
    });
  }

  kind.addEventListener("change", update);
  update();
})();
