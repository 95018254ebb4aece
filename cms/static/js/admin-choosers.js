// Wagtail's date/time widgets start their pickers with an inline <script>, which our
// Content-Security-Policy forbids. Our widget templates leave a marker instead; this file
// starts the same pickers for markers on the page and for those added later (dialogs, choosers).
(function () {
  "use strict";
  function start(marker) {
    if (marker.dataset.pctStarted) {
      return;
    }
    var init = window[marker.dataset.pctChooser];
    if (typeof init !== "function") {
      return;
    }
    marker.dataset.pctStarted = "1";
    init(marker.dataset.pctTarget, JSON.parse(marker.dataset.pctConfig || "{}"));
  }
  function scan(root) {
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-pct-chooser]").forEach(start);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    scan(document);
    new MutationObserver(function (mutations) {
      mutations.forEach(function (mutation) {
        mutation.addedNodes.forEach(scan);
      });
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
