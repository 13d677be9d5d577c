// The minutes page's print button (kept out of the template for the Content-Security-Policy).
document.querySelectorAll(".js-print").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
