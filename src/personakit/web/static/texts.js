// personakit: coding a text (issue 11). Selecting a passage of the text fills the coding
// form's start and end (character offsets in the redacted text as shown); without this
// file the form still works with the sentence picker or typed offsets.
"use strict";
(function () {
  const body = document.getElementById("text-body");
  const form = document.getElementById("code-form");
  if (!body || !form) return;
  const start = form.querySelector("[name=start]");
  const end = form.querySelector("[name=end]");
  const sentence = form.querySelector("[name=sentence]");
  const preview = document.getElementById("code-preview");

  // Offset of (node, offset) from the start of the text: the length of the text before it.
  function offsetOf(node, offset) {
    const range = document.createRange();
    range.setStart(body, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function show(from, to) {
    start.value = String(from);
    end.value = String(to);
    if (preview) preview.textContent = body.textContent.slice(from, to);
    form.classList.add("has-selection");
  }

  function capture() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!body.contains(range.startContainer) || !body.contains(range.endContainer)) return;
    const a = offsetOf(range.startContainer, range.startOffset);
    const b = offsetOf(range.endContainer, range.endOffset);
    if (a === b) return;
    if (sentence) sentence.value = "";
    show(Math.min(a, b), Math.max(a, b));
  }

  body.addEventListener("mouseup", capture);
  body.addEventListener("keyup", capture);
  body.addEventListener("touchend", capture);
  if (sentence) {
    sentence.addEventListener("change", () => {
      const parts = sentence.value.split("-");
      if (parts.length === 2) show(Number(parts[0]), Number(parts[1]));
    });
  }
})();
