// Turning push messages on or off for this device (notifications/settings.html). The browser
// subscribes with the server's public VAPID key; the server keeps the subscription per person.
(function () {
  "use strict";
  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function csrf() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }
  function post(url, subscription) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(subscription),
    }).then(function (response) { return response.json(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("push-device");
    if (!box || !box.getAttribute("data-key")) return;
    var on = box.querySelector(".push-on"), off = box.querySelector(".push-off");
    var status = box.querySelector(".push-status");
    if (!("serviceWorker" in navigator) || !("PushManager" in window)) {
      box.querySelector(".push-unsupported").hidden = false;
      return;
    }
    navigator.serviceWorker.ready.then(function (registration) {
      function show() {
        return registration.pushManager.getSubscription().then(function (subscription) {
          on.hidden = !!subscription;
          off.hidden = !subscription;
          return subscription;
        });
      }
      on.addEventListener("click", function () {
        Notification.requestPermission().then(function (permission) {
          if (permission !== "granted") throw new Error(permission);
          return registration.pushManager.subscribe({
            userVisibleOnly: true, applicationServerKey: keyBytes(box.getAttribute("data-key")),
          });
        }).then(function (subscription) {
          return post(box.getAttribute("data-add"), subscription.toJSON());
        }).then(function (answer) { status.textContent = answer.message; return show(); })
          .catch(function (error) { status.textContent = String(error.message || error); });
      });
      off.addEventListener("click", function () {
        registration.pushManager.getSubscription().then(function (subscription) {
          if (!subscription) return null;
          var data = subscription.toJSON();
          return subscription.unsubscribe().then(function () { return post(box.getAttribute("data-remove"), data); });
        }).then(function (answer) { if (answer) status.textContent = answer.message; return show(); });
      });
      show();
    });
  });
})();
