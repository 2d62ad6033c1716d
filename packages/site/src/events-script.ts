/**
 * The count-only events a page sends when the site is built with `eventsUrl` (the issuing service's
 * `POST /events`): a view when it opens, a download or "Add to LinkedIn" when one is followed, a
 * verification when the live check says verified. The body is the event's type, the achievement and, on
 * a public credential page, the credential: nothing about the visitor. `navigator.sendBeacon` with
 * text/plain (no preflight, survives leaving the page), else `fetch` with keepalive and no credentials.
 * A classic script (not a module), so that it finds its own `data-` attributes through
 * `document.currentScript`; loaded from the site itself, so the page's CSP adds only `script-src 'self'`
 * and the service's origin in `connect-src`.
 */
export const EVENTS_SCRIPT_PATH = 'events.js'

export const EVENTS_SCRIPT = `"use strict";
(function () {
  var me = document.currentScript;
  if (!me) return;
  var url = me.getAttribute("data-events");
  var achievement = me.getAttribute("data-achievement");
  var credential = me.getAttribute("data-credential");
  if (!url || !achievement) return;
  function send(type) {
    var event = { type: type, achievement: achievement };
    if (credential) event.credential = credential;
    var body = JSON.stringify(event);
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }))) return;
      fetch(url, { method: "POST", body: body, keepalive: true, credentials: "omit", mode: "cors",
        headers: { "content-type": "text/plain" } }).catch(function () {});
    } catch (e) {}
  }
  send("view");
  document.addEventListener("click", function (event) {
    var target = event.target;
    var link = target && target.closest ? target.closest("a") : null;
    if (!link) return;
    if (link.hasAttribute("download")) send("download");
    else if (link.href.indexOf("https://www.linkedin.com/profile/add") === 0) send("linkedin");
  });
  var live = document.getElementById("live");
  if (live && window.MutationObserver) {
    var observer = new MutationObserver(function () {
      if (live.getAttribute("data-state") === "verified") {
        observer.disconnect();
        send("verify");
      }
    });
    observer.observe(live, { attributes: true, attributeFilter: ["data-state"] });
  }
})();
`
