// Counts down to the attempt's deadline and sends the answers when it passes. Without this
// script the deadline is still shown as a clock time and enforced on the server.
(function () {
  "use strict";
  var box = document.querySelector(".quiz-timer[data-deadline]");
  if (!box) { return; }
  var deadline = Date.parse(box.getAttribute("data-deadline"));
  var shown = box.querySelector(".quiz-timer__left");
  var spoken = box.querySelector(".quiz-timer__announce");
  var form = document.querySelector(".quiz-form");
  var lastMinute = null;
  if (isNaN(deadline) || !shown || !spoken || !form) { return; }

  function tick() {
    var left = Math.round((deadline - Date.now()) / 1000);
    if (left <= 0) {
      spoken.textContent = box.getAttribute("data-label-over");
      var confirm = document.createElement("input");
      confirm.type = "hidden"; confirm.name = "confirm_incomplete"; confirm.value = "1";
      form.appendChild(confirm);
      var send = form.querySelector('button[name="action"][value="submit"]');
      if (send) { send.click(); }
      return;
    }
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    var text = box.getAttribute("data-label-left") + " " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    shown.textContent = text;
    // Screen readers hear the time once a minute, not every second.
    if (minutes !== lastMinute) { spoken.textContent = text; lastMinute = minutes; }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
