// gradkg's own (not vendored): draws every chart of a dashboard page from the Vega-Lite spec in its
// JSON block, with Vega's expression interpreter (no eval, so script-src 'self' is enough), and makes
// the indicator selector of the comparison page navigate. window.gradkgCharts says what was drawn.
(function () {
  "use strict";
  const state = { rendered: 0, failed: [] };
  window.gradkgCharts = state;
  const options = { ast: true, expr: vega.expressionInterpreter, actions: false, renderer: "svg" };
  const jobs = Array.from(document.querySelectorAll("div.vega[data-spec]")).map(function (box) {
    const spec = JSON.parse(document.getElementById(box.dataset.spec).textContent);
    return vegaEmbed(box, spec, options).then(
      function () { state.rendered += 1; },
      function (error) { state.failed.push(box.dataset.spec + ": " + error); }
    );
  });
  Promise.all(jobs).then(function () { state.done = true; });
  const select = document.getElementById("indicator-select");
  if (select) {
    select.addEventListener("change", function () { window.location.href = select.value; });
  }
})();
