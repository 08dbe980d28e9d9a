// Copy buttons: each carries its text in data-copy; the clipboard API, or a fallback.
"use strict";
function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  var area = document.createElement("textarea");
  area.value = text;
  document.body.appendChild(area);
  area.select();
  var ok = document.execCommand("copy");
  document.body.removeChild(area);
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var status = document.getElementById("copied");
  copyText(button.dataset.copy).then(function () {
    button.dataset.copied = "yes";
    if (status) status.textContent = "Copied.";
  }, function () {
    if (status) status.textContent = "Could not copy: select the text instead.";
  });
});
