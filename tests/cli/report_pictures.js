// Measures report.html's pictures as the browser rendered them, for
// tests/cli/report_html_browser.rs: each `svg.picture` with its size, its text alternative,
// how many of its shapes and labels have a non-zero box, and the colour its cells were given.
// The result goes, as JSON, into a `pre` element with the id "measured", read back from the
// dumped DOM.
(function () {
  var pictures = [];
  document.querySelectorAll("svg.picture").forEach(function (svg) {
    var box = svg.getBoundingClientRect();
    var own = function (name) {
      var e = svg.querySelector(":scope > " + name);
      return e ? e.textContent : "";
    };
    var labelled = (svg.getAttribute("aria-labelledby") || "").split(" ").map(function (id) {
      var e = document.getElementById(id);
      return e ? e.textContent : "";
    });
    var sized = function (selector) {
      var all = svg.querySelectorAll(selector), n = 0;
      all.forEach(function (e) {
        var b = e.getBBox();
        if (b.width > 0 && b.height > 0) n++;
      });
      return [n, all.length];
    };
    var cell = svg.querySelector("rect.cell.pass, circle.dot");
    pictures.push({
      id: svg.id,
      role: svg.getAttribute("role"),
      width: box.width,
      height: box.height,
      title: own("title"),
      desc: own("desc"),
      labelled: labelled,
      shapes: sized("rect, circle"),
      texts: sized("text"),
      fill: cell ? getComputedStyle(cell).fill : ""
    });
  });
  var pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify({
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    pictures: pictures
  });
  document.body.appendChild(pre);
})();
