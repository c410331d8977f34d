// gradkg's query page: YASGUI against the page's endpoint, preloaded with the question library.
// A file of its own (not inline) so the pages run under a Content-Security-Policy of script-src 'self'.
(function () {
  const examples = JSON.parse(document.getElementById("gradkg-examples").textContent);
  const script = document.getElementById("gradkg-query-page");
  const endpoint = new URL(script.dataset.endpoint, window.location.href).href;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" }, copyEndpointOnNewTab: false, persistenceId: null,
    endpointCatalogueOptions: { getData: () => [] }
  });
  document.querySelectorAll("#examples button").forEach(button => button.addEventListener("click", () => {
    const tab = yasgui.getTab();
    tab.setQuery(examples[button.dataset.name]);
    tab.query();
  }));
  window.gradkgYasgui = yasgui;
})();
