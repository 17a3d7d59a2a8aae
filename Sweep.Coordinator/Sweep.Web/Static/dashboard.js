// Sweep's dashboard: the server pushes each changed section of this page as a Server-Sent Event
// ("section": {"id", "html"}); this replaces that element's content. Nothing else runs here.
"use strict";
(() => {
  const url = document.body.dataset.events;
  const connection = document.getElementById("connection");
  const show = (text, kind) => { connection.textContent = text; connection.className = "connection " + kind; };
  if (!url) { show("static page", "off"); return; }
  const source = new EventSource(url);
  source.addEventListener("open", () => show("live", "on"));
  source.addEventListener("error", () => show("reconnecting…", "off"));
  source.addEventListener("section", (event) => {
    const section = JSON.parse(event.data);
    const element = document.getElementById(section.id);
    if (element) element.innerHTML = section.html;
  });
})();
