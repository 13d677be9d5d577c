// Small behaviours kept out of the templates so the Content-Security-Policy can forbid inline script.
document.addEventListener("change", function (event) {
  if (event.target.classList.contains("js-autosubmit")) {
    event.target.form.submit();
  }
});
