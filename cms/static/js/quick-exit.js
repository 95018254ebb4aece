// Quick exit: the button, or Shift pressed three times within two seconds, replaces this page in
// the history with a neutral site, so "Back" does not return here. Without JavaScript the button
// is still an ordinary link to the same neutral site.
(function () {
  "use strict";
  var link = document.querySelector("[data-quick-exit]");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.documentElement.classList.add("is-leaving");
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) {
      return;
    }
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      presses = 0;
    }, 2000);
    if (presses >= 3) {
      leave();
    }
  });
})();
