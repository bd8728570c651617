// The installable app (issue 19): registers the service worker, and keeps an outbox in the
// browser (IndexedDB) for forms sent without a connection: hours a student logs, hours a
// supervisor confirms. Each queued form carries its own idempotency key (the hours form's
// submission_key), so sending it again after a lost answer never counts twice: the server's
// unique constraint on that key decides. The outbox is shown on every page until it is empty;
// what the server refused stays there with the server's message.
(function () {
  "use strict";
  var DB_NAME = "stageplein";
  var STORE = "outbox";
  var flushing = false;

  function strings() {
    var node = document.getElementById("pwa-strings");
    return node ? JSON.parse(node.textContent) : {};
  }

  function currentUser() {
    return document.body ? document.body.getAttribute("data-user") || "" : "";
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, action) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = action(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function allItems() {
    return withStore("readonly", function (store) { return store.getAll(); }).then(function (items) {
      var user = currentUser();
      return (items || []).filter(function (item) { return item.user === user; })
        .sort(function (a, b) { return a.queuedAt - b.queuedAt; });
    });
  }

  function putItem(item) { return withStore("readwrite", function (store) { return store.put(item); }); }
  function deleteItem(key) { return withStore("readwrite", function (store) { return store.delete(key); }); }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0;
      return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- the outbox on the page ---------------------------------------------------------------
  var sentNow = [];

  function render() {
    var box = document.getElementById("outbox");
    if (!box) return Promise.resolve();
    var text = strings();
    return allItems().then(function (items) {
      var list = box.querySelector("ul");
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "outbox-item " + item.state;
        li.setAttribute("data-key", item.key);
        var label = document.createElement("span");
        label.textContent = item.label;
        li.appendChild(label);
        var state = document.createElement("span");
        state.className = "outbox-state";
        if (item.state === "refused") {
          state.textContent = " " + text.refused + " " + item.message;
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "link-button";
          remove.textContent = text.remove;
          remove.addEventListener("click", function () { deleteItem(item.key).then(render); });
          li.appendChild(state);
          li.appendChild(document.createTextNode(" "));
          li.appendChild(remove);
        } else {
          state.textContent = " " + (item.message || text.waiting);
          li.appendChild(state);
        }
        list.appendChild(li);
      });
      sentNow.forEach(function (label) {
        var li = document.createElement("li");
        li.className = "outbox-item sent";
        li.textContent = label + " " + text.sent;
        list.appendChild(li);
      });
      var waiting = items.filter(function (item) { return item.state !== "refused"; }).length;
      box.querySelector(".outbox-count").textContent = waiting === 1 ? text.one_waiting : text.n_waiting.replace("%(n)s", waiting);
      box.hidden = items.length === 0 && sentNow.length === 0;
    });
  }

  function showOffline() {
    var banner = document.getElementById("offline-banner");
    if (banner) banner.hidden = navigator.onLine;
  }

  // --- sending --------------------------------------------------------------------------------
  function send(item) {
    var body = new FormData();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    body.set("csrfmiddlewaretoken", csrfToken() || item.csrf);
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Offline-Queue": "1", "Accept": "application/json" },
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || response.status === 403 || type.indexOf("application/json") < 0) {
        // Signed out meanwhile, or an old page's token: keep it until the person signs in.
        item.message = strings().sign_in;
        return putItem(item).then(function () { return false; });
      }
      return response.json().then(function (answer) {
        if (response.ok) {
          sentNow.push(item.label);
          return deleteItem(item.key).then(function () { return true; });
        }
        item.state = "refused";
        item.message = answer.message || "";
        return putItem(item).then(function () { return false; });
      });
    });
  }

  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    var run = function () {
      return allItems().then(function (items) {
        var waiting = items.filter(function (item) { return item.state === "waiting"; });
        return waiting.reduce(function (chain, item) {
          return chain.then(function () { return send(item); });
        }, Promise.resolve());
      });
    };
    // One tab at a time sends; a second would only hear "already saved", but need not try.
    var locked = navigator.locks ? navigator.locks.request("stageplein-outbox", run) : run();
    return locked.catch(function () { /* the connection dropped again: try at the next chance */ })
      .then(function () { flushing = false; return render(); });
  }

  // --- queueing a form ------------------------------------------------------------------------
  function parseHours(value) {
    value = (value || "").replace(/\s/g, "");
    if ((value.match(/,/g) || []).length === 1 && value.indexOf(".") < 0) value = value.replace(",", ".");
    if (!/^\d+(\.\d{1,2})?$/.test(value)) return NaN;
    return parseFloat(value);
  }

  function localToday() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  // The checks the server makes that can be made without it: a form the server would refuse
  // is not queued.
  function checkHours(form) {
    var text = strings();
    var errors = [];
    var date = form.elements.date ? form.elements.date.value : "";
    var earliest = form.getAttribute("data-earliest");
    var latest = form.getAttribute("data-latest");
    if (!date) errors.push(text.date_required);
    else if (date > localToday()) errors.push(text.date_future);
    else if ((earliest && date < earliest) || (latest && date > latest)) errors.push(form.getAttribute("data-window"));
    var hours = parseHours(form.elements.hours ? form.elements.hours.value : "");
    if (isNaN(hours) || hours < 0.25 || hours > 12) errors.push(text.hours_range);
    var description = form.elements.description ? form.elements.description.value.trim() : "";
    if (form.elements.description && !description) errors.push(text.description_required);
    var file = form.elements.paper_log;
    if (file && file.files && file.files.length) errors.push(text.no_files);
    return errors;
  }

  function showErrors(form, errors) {
    var box = form.querySelector(".offline-errors");
    if (!box) {
      box = document.createElement("div");
      box.className = "offline-errors message error";
      box.setAttribute("role", "alert");
      box.tabIndex = -1;
      form.insertBefore(box, form.firstChild);
    }
    box.textContent = "";
    box.hidden = errors.length === 0;
    errors.forEach(function (message) {
      var p = document.createElement("p");
      p.textContent = message;
      box.appendChild(p);
    });
    if (errors.length) box.focus();
  }

  function label(form) {
    if (form.getAttribute("data-offline-label")) return form.getAttribute("data-offline-label");
    var parts = [];
    if (form.elements.date) parts.push(form.elements.date.value);
    if (form.elements.hours) parts.push(form.elements.hours.value + " " + strings().hours_unit);
    if (form.elements.description) parts.push(form.elements.description.value.trim().slice(0, 40));
    return parts.join(" · ");
  }

  function queue(form) {
    var errors = form.hasAttribute("data-check-hours") ? checkHours(form) : [];
    showErrors(form, errors);
    if (errors.length) return;
    var keyField = form.elements.submission_key;
    var key = keyField ? keyField.value : newKey();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string" && name !== "csrfmiddlewaretoken") fields.push([name, value]);
    });
    var item = {
      key: key, user: currentUser(), url: form.action || location.pathname, fields: fields,
      label: label(form), state: "waiting", message: "", csrf: csrfToken(), queuedAt: Date.now(),
    };
    putItem(item).then(function () {
      if (keyField) {
        // The next session logged on this form is another entry: it gets its own key.
        keyField.value = newKey();
        if (form.elements.description) form.elements.description.value = "";
        if (form.elements.hours) form.elements.hours.value = "";
      }
      var done = form.getAttribute("data-offline-done");
      if (done) {
        var note = document.createElement("p");
        note.setAttribute("role", "status");
        note.textContent = done;
        form.replaceWith(note);
      }
      return render();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-offline-queue") || navigator.onLine) return;
    // Before htmx or the browser: there is no connection to send it over.
    event.preventDefault();
    event.stopImmediatePropagation();
    queue(form);
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    showOffline();
    if (!currentUser()) {
      // Nobody is signed in here (perhaps someone just signed out on a shared computer): the
      // saved pages hold that person's data.
      if (window.caches) caches.delete("stageplein-pages-v1");
      if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage("forget-pages");
      }
    } else if (window.indexedDB) {
      render().then(flush);
    }
  });
  window.addEventListener("online", function () { showOffline(); flush(); });
  window.addEventListener("offline", showOffline);

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* the site works without */ });
    });
  }

  window.stageplein = window.stageplein || {};
  window.stageplein.outbox = { flush: flush, render: render, items: allItems };
})();
