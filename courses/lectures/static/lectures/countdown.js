// Counts down to the moment the join button opens, then reloads so the server shows the button.
// The page says the opening time in words, so nothing is lost without JavaScript.
(function () {
  "use strict";
  var node = document.querySelector(".lecture-countdown[data-seconds]");
  if (!node) return;
  var deadline = Date.now() + parseInt(node.getAttribute("data-seconds"), 10) * 1000;
  var template = node.getAttribute("data-template-minutes") || "{minutes}";
  // Only count down the last 24 hours; further out the date is enough.
  if (deadline - Date.now() > 24 * 3600 * 1000) return;
  node.hidden = false;
  function tick() {
    var left = deadline - Date.now();
    if (left <= 0) {
      window.location.reload();
      return;
    }
    node.textContent = template.replace("{minutes}", String(Math.ceil(left / 60000)));
    window.setTimeout(tick, Math.min(left, 15000));
  }
  tick();
})();
