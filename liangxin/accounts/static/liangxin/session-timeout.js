// Warns a minute before an idle session ends and offers to stay (liangxin/accounts/middleware.py
// ends it on the server). The count is the server's: the page says how many seconds were left
// when it was served, and every htmx answer says it again (X-Session-Remaining). Tabs of one
// browser share the latest end they know of through localStorage, since a request made in any
// of them renews the same session.
(function () {
  "use strict";
  var body = document.body;
  var banner = document.getElementById("session-timeout-warning");
  var remaining = parseInt(body.dataset.sessionRemaining, 10);
  if (!banner || isNaN(remaining)) return;

  var WARN_SECONDS = 60;
  // The server ends the session at its own deadline; arriving a little after it makes sure the
  // next request finds it ended rather than renewing it.
  var MARGIN_MS = 2000;
  var KEY = "liangxin.sessionDeadline";
  var countdown = banner.querySelector("[data-countdown]");
  var deadline = 0;

  function shared() {
    try { return parseInt(window.localStorage.getItem(KEY), 10) || 0; } catch (e) { return 0; }
  }
  function renewedFor(seconds) {
    deadline = Date.now() + seconds * 1000;
    try { if (deadline > shared()) window.localStorage.setItem(KEY, String(deadline)); } catch (e) { /* private mode */ }
  }
  function csrfToken() {
    try { return JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }

  function tick() {
    var left = Math.max(deadline, shared()) - Date.now();
    if (left <= -MARGIN_MS) {
      window.location.assign(body.dataset.loginUrl + "?next=" + encodeURIComponent(location.pathname + location.search));
      return;
    }
    if (left <= WARN_SECONDS * 1000) {
      countdown.textContent = String(Math.max(0, Math.ceil(left / 1000)));
      banner.hidden = false;
    } else {
      banner.hidden = true;
    }
    window.setTimeout(tick, 1000);
  }

  banner.querySelector("button").addEventListener("click", function () {
    fetch(body.dataset.keepaliveUrl, {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"},
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      renewedFor(data.remaining);
      banner.hidden = true;
    }).catch(function () {
      window.location.reload();  // the session has already ended: the server shows the login page
    });
  });

  body.addEventListener("htmx:afterRequest", function (event) {
    var header = event.detail.xhr && event.detail.xhr.getResponseHeader("X-Session-Remaining");
    if (header) renewedFor(parseInt(header, 10));
  });

  renewedFor(remaining);
  tick();
})();
