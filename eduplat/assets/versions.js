/* eduplat versions: the outdated banner links to the same page in the default version
 * when that page exists there (checked with one HEAD request), else to its home page. */
(function () {
  "use strict";

  function update() {
    var link = document.querySelector(".eduplat-outdated-link");
    if (!link || link.dataset.checked) return;
    link.dataset.checked = "true";
    var config = JSON.parse(document.getElementById("__config").textContent);
    var base = new URL(config.base + "/", location.href); // this version's root
    var path = location.href.slice(base.href.length).split("#")[0];
    var target = new URL("../" + link.dataset.defaultVersion + "/" + path, base);
    fetch(target.href, { method: "HEAD" })
      .then(function (response) {
        if (response.ok) link.href = target.href;
      })
      .catch(function () {});
  }

  window.eduplat.onEveryPage(update); // eduplat.js, loaded first
})();
