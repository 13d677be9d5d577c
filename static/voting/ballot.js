// The ballot: at most data-choices-allowed ticks. Unticked boxes are disabled once the limit is reached
// (the server checks the limit again); a live counter says how many are ticked.
(function () {
  "use strict";

  function update(form) {
    var limit = parseInt(form.dataset.choicesAllowed, 10);
    var boxes = form.querySelectorAll('input[type="checkbox"][name="choices"]');
    var ticked = 0;
    boxes.forEach(function (box) { if (box.checked) { ticked += 1; } });
    boxes.forEach(function (box) { box.disabled = !box.checked && ticked >= limit; });
    var counter = form.querySelector("[data-testid='ballot-counter']");
    if (counter) {
      counter.textContent = counter.dataset.template.replace("%(k)s", ticked).replace("%(n)s", limit);
    }
  }

  document.querySelectorAll("form[data-choices-allowed]").forEach(function (form) {
    update(form);
    form.addEventListener("change", function () { update(form); });
  });
})();
