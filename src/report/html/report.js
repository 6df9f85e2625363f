// report.html's filters: failed only, operation, tag. Without this script (or with the CSP
// refusing it) the form stays hidden and every case shows; with it, rows and failure articles
// whose data-* attributes do not match are hidden. A link can preset them:
// report.html?failed=1&operation=cardStatusChange&tag=smoke. It also records, for the browser test, that
// it ran, that the stylesheet applied, and how many resources the page loaded (none).
(function () {
  var root = document.documentElement;
  root.setAttribute("data-js", "on");
  root.setAttribute("data-styled", getComputedStyle(root).getPropertyValue("--styled").trim());
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var preset = new URLSearchParams(location.search);
  form.elements["failed-only"].checked = preset.get("failed") === "1";
  ["operation", "tag"].forEach(function (name) {
    var want = preset.get(name);
    var select = form.elements[name];
    if (want !== null && Array.prototype.some.call(select.options, function (o) { return o.value === want; })) {
      select.value = want;
    }
  });
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-status]"));
  var count = document.getElementById("filter-count");
  function apply() {
    var failedOnly = form.elements["failed-only"].checked;
    var op = form.elements["operation"].value;
    var tag = form.elements["tag"].value;
    var shown = 0;
    items.forEach(function (el) {
      var ok = (!failedOnly || el.getAttribute("data-failing") === "yes") &&
        (op === "" || el.getAttribute("data-operation") === op) &&
        (tag === "" || (" " + el.getAttribute("data-tags") + " ").indexOf(" " + tag + " ") >= 0);
      el.hidden = !ok;
      if (ok) { el.removeAttribute("data-filtered"); } else { el.setAttribute("data-filtered", ""); }
      if (ok && el.tagName === "TR") { shown += 1; }
    });
    if (count) { count.textContent = shown + " case(s) shown"; }
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (d) { d.open = true; });
  });
  apply();
  root.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
})();
