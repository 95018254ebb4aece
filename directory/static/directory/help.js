/* Help pages: the offline worker and "near me" sorting.
   The position is read only after the visitor presses the button and the browser asks them;
   distances are computed here and the list is reordered in place. Nothing is sent anywhere. */
(function () {
  "use strict";
  var root = document.querySelector("[data-sw]");
  if (root && "serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.getAttribute("data-sw")).catch(function () {});
  }

  var wrap = document.querySelector("[data-near-me-wrap]");
  var button = document.querySelector("[data-near-me]");
  var list = document.querySelector("[data-service-list]");
  var status = document.querySelector("[data-near-me-status]");
  if (!wrap || !button || !list || !("geolocation" in navigator)) return;
  if (!list.querySelector("li[data-lat]")) return;
  wrap.hidden = false;

  function distance(lat1, lng1, lat2, lng2) {
    var rad = Math.PI / 180;
    var dLat = (lat2 - lat1) * rad;
    var dLng = (lng2 - lng1) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) * Math.sin(dLng / 2);
    return 12742 * Math.asin(Math.sqrt(a));
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    navigator.geolocation.getCurrentPosition(function (position) {
      var lat = position.coords.latitude;
      var lng = position.coords.longitude;
      var items = Array.prototype.slice.call(list.children);
      items.forEach(function (item, index) {
        var itemLat = parseFloat(item.getAttribute("data-lat"));
        var itemLng = parseFloat(item.getAttribute("data-lng"));
        item._distance = isNaN(itemLat) || isNaN(itemLng) ? Infinity : distance(lat, lng, itemLat, itemLng);
        item._index = index;
      });
      items.sort(function (a, b) { return a._distance - b._distance || a._index - b._index; });
      items.forEach(function (item) { list.appendChild(item); });
      status.textContent = button.getAttribute("data-done") || "";
      button.disabled = false;
    }, function () {
      status.textContent = button.getAttribute("data-denied") || "";
      button.disabled = false;
    }, { maximumAge: 600000, timeout: 15000 });
  });
})();
