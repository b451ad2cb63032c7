/* The interview's live preview: scroll to the section this page changes, and mark
   the sentences that changed since the last preview. A static file, because the
   content security policy forbids inline scripts; without it the link above the
   preview goes to the same section. */
(function () {
  "use strict";
  // A sentence ends at . ! or ? and a space, so that a time like "08.30" stays whole.
  var BOUNDARY = /(?<=[.!?]["”’)]?)\s+/;
  var previous = null;

  function preview() { return document.getElementById("policy-preview"); }

  function blocks(root) {
    return root.querySelectorAll(".gs-doc p, .gs-doc li, .gs-doc td, .gs-doc th");
  }

  function sentences(text) {
    return text.trim().split(BOUNDARY).filter(Boolean);
  }

  function remember(root) {
    var seen = new Set();
    blocks(root).forEach(function (el) {
      sentences(el.textContent).forEach(function (s) { seen.add(s); });
    });
    return seen;
  }

  function markChanges(root, seen) {
    var first = null;
    blocks(root).forEach(function (el) {
      var parts = sentences(el.textContent);
      if (!parts.some(function (s) { return !seen.has(s); })) { return; }
      if (el.children.length === 0) {
        // Plain text: mark only the new sentences.
        el.textContent = "";
        parts.forEach(function (s, i) {
          if (i > 0) { el.appendChild(document.createTextNode(" ")); }
          if (seen.has(s)) {
            el.appendChild(document.createTextNode(s));
          } else {
            var mark = document.createElement("mark");
            mark.className = "gs-changed";
            mark.textContent = s;
            el.appendChild(mark);
            first = first || mark;
          }
        });
      } else {
        el.classList.add("gs-changed");
        first = first || el;
      }
    });
    return first;
  }

  function scrollTo(box, target) {
    if (!box || !target) { return; }
    var top = target.getBoundingClientRect().top - box.getBoundingClientRect().top;
    box.scrollTop += top - 8;
  }

  function focusSection(box) {
    var id = box && box.getAttribute("data-focus");
    return id ? box.querySelector("[id='" + id.replace(/'/g, "") + "']") : null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = preview();
    if (!box) { return; }
    scrollTo(box, focusSection(box));
    previous = remember(box);
  });

  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = preview();
    if (box && event.detail.target === box) { previous = remember(box); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = preview();
    if (!box || event.detail.target !== box) { return; }
    var changed = previous ? markChanges(box, previous) : null;
    scrollTo(box, changed || focusSection(box));
  });
})();
