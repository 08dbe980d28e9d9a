// Copy buttons: each carries its text in data-copy, and rich text (HTML) in data-copy-html.
// The clipboard API writes both flavours, so a word processor pastes the italics and a plain
// editor the words; without it (plain HTTP off localhost) the browser's copy command does.
"use strict";
function copyByCommand(text, html) {
  var holder;
  if (html) {
    holder = document.createElement("div");
    holder.contentEditable = "true";
    holder.innerHTML = html;
  } else {
    holder = document.createElement("textarea");
    holder.value = text;
  }
  document.body.appendChild(holder);
  if (html) {
    var range = document.createRange();
    range.selectNodeContents(holder);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  } else {
    holder.select();
  }
  var ok = document.execCommand("copy");
  document.body.removeChild(holder);
  return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
}
function copyText(text, html) {
  if (navigator.clipboard && window.isSecureContext) {
    if (!html) return navigator.clipboard.writeText(text);
    if (window.ClipboardItem && navigator.clipboard.write) {
      return navigator.clipboard.write([new ClipboardItem({
        "text/html": new Blob([html], {type: "text/html"}),
        "text/plain": new Blob([text], {type: "text/plain"})
      })]);
    }
  }
  return copyByCommand(text, html);
}
document.addEventListener("click", function (event) {
  var button = event.target.closest("button.copy");
  if (!button) return;
  var status = document.getElementById("copied");
  copyText(button.dataset.copy, button.dataset.copyHtml).then(function () {
    button.dataset.copied = "yes";
    if (status) status.textContent = "Copied.";
  }, function () {
    if (status) status.textContent = "Could not copy: select the text instead.";
  });
});
