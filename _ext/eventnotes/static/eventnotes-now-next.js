/* eventnotes: during a conference, mark in its grid what is on now and what comes next.
 *
 * Each talk's cell carries data-start and data-end, ISO 8601 moments with the offset of the
 * conference's time zone (eventnotes/listings.py), so the browser compares them with its own
 * clock whatever its time zone; the corner cell of each grid carries the conference's window
 * (data-from, data-until) and the labels.  Outside that window nothing is marked.  No network:
 * everything is in the page.  Checked again every minute.
 */
(function () {
  "use strict";
  var MARKS = ["eventnotes-now", "eventnotes-next"];

  function clear(cell) {
    MARKS.forEach(function (mark) { cell.classList.remove(mark); });
    cell.removeAttribute("aria-current");
    var label = cell.querySelector(".eventnotes-now-label");
    if (label) label.remove();
  }

  function mark(cell, kind, text) {
    cell.classList.add("eventnotes-" + kind);
    if (kind === "now") cell.setAttribute("aria-current", "time");
    var label = document.createElement("span");
    label.className = "eventnotes-now-label";
    label.textContent = text;
    var first = cell.firstElementChild || cell;
    first.insertBefore(label, first.firstChild);
  }

  function update() {
    var corner = document.querySelector("table.eventnotes-grid th[data-from]");
    if (!corner) return;
    var cells = Array.prototype.slice.call(document.querySelectorAll("table.eventnotes-grid td[data-start]"));
    cells.forEach(clear);
    var now = Date.now();
    if (now < Date.parse(corner.dataset.from) || now >= Date.parse(corner.dataset.until)) return;
    var next = Infinity;
    cells.forEach(function (cell) {
      var start = Date.parse(cell.dataset.start);
      var end = Date.parse(cell.dataset.end);
      if (start <= now && now < end) mark(cell, "now", corner.dataset.labelNow);
      else if (start > now && start < next) next = start;
    });
    cells.forEach(function (cell) {
      if (Date.parse(cell.dataset.start) === next) mark(cell, "next", corner.dataset.labelNext);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
  setInterval(update, 60 * 1000);
})();
